/**
 * A request-signature policy: one entry of the NSAL `SignaturePolicies` array, in its JSON shape.
 * Mirrors XSAPI `signature_policy` and the ATG sample's `SignaturePolicy.cs`.
 */
export interface SignaturePolicy {
  /** Written big-endian into bytes 0–3 of the `Signature` header and of the signed payload. Always `1` in the wild. */
  readonly Version: number;
  /** Algorithms the endpoint accepts. The Xbox NSAL lists `["ES256"]`; the signer only produces ES256. */
  readonly SupportedAlgorithms?: readonly string[];
  /** How many leading body bytes are signed (`4294967295` means the whole body). */
  readonly MaxBodyBytes: number;
  /** Names of further headers whose **values** are signed after `Authorization`, in this order. */
  readonly ExtraHeaders?: readonly string[];
}

/**
 * The policy recommended for a custom relying party and used by most `*.xboxlive.com` endpoints
 * (Xbox default NSAL policy 0): version 1, ES256, the first 8192 body bytes, no extra headers.
 */
export const DEFAULT_SIGNATURE_POLICY: SignaturePolicy = Object.freeze({
  Version: 1,
  SupportedAlgorithms: Object.freeze(['ES256']),
  MaxBodyBytes: 8192,
  ExtraHeaders: Object.freeze([]),
});

/**
 * Xbox default NSAL policy 1: like {@link DEFAULT_SIGNATURE_POLICY} but signs the whole body
 * (`MaxBodyBytes` 4294967295). Used by privileges, settings, attestation and similar services.
 */
export const WHOLE_BODY_SIGNATURE_POLICY: SignaturePolicy = Object.freeze({
  Version: 1,
  SupportedAlgorithms: Object.freeze(['ES256']),
  MaxBodyBytes: 4_294_967_295,
  ExtraHeaders: Object.freeze([]),
});

/**
 * The policy XSAPI hard-codes for calls to the auth services themselves (device, title, user,
 * service, XSTS, SISU): version 1, `MaxBodyBytes` INT32_MAX, no extra headers.
 */
export const AUTH_SERVICE_SIGNATURE_POLICY: SignaturePolicy = Object.freeze({
  Version: 1,
  SupportedAlgorithms: Object.freeze(['ES256']),
  MaxBodyBytes: 2_147_483_647,
  ExtraHeaders: Object.freeze([]),
});
