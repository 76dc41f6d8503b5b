/**
 * Checks one request's `Signature` header against a known proof key (token-signature.md §3.1 step
 * 8): what the relying-party verifier does with the token's `cnf` key, and what the auth services
 * do with the `ProofKey` a device registered (§1.2: every auth call is signed with it).
 */
import { createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import type { SignaturePolicy } from '../wire/SignaturePolicy.js';
import { unixMsFromFiletime } from '../wire/filetime.js';
import { getHeader, type HeaderSource } from '../wire/headers.js';
import { wirePathAndQuery } from '../wire/requestTarget.js';
import { parseSignatureHeader } from '../wire/signatureHeader.js';
import { buildSignaturePayload } from '../wire/signaturePayload.js';
import type { ProofKeyJwk } from '../wire/tokenClaims.js';
import { VerificationErrorCode, verificationError, type VerificationError } from './VerificationError.js';

/** The request parts a signature covers, as received. */
export interface SignedRequestParts {
  /** The HTTP method. */
  readonly method: string;
  /** The raw request target as received (`req.url`). */
  readonly target: string;
  /** The request headers (`Authorization` and the policy's `ExtraHeaders` are read from them). */
  readonly headers: HeaderSource;
  /** The raw body bytes. */
  readonly body?: Uint8Array;
}

/** Options of {@link verifyRequestSignature}. */
export interface RequestSignatureOptions {
  /** The endpoint's signature policy (the auth services use `AUTH_SERVICE_SIGNATURE_POLICY`). */
  readonly policy: SignaturePolicy;
  /** The verifier's clock, Unix ms. */
  readonly nowMs: number;
  /** Largest accepted |now − signature time|, in seconds (token-signature.md §2.6). */
  readonly clockSkewSeconds: number;
}

/** The outcome of {@link verifyRequestSignature}. */
export type RequestSignatureResult =
  | {
      /** The signature verifies. */
      readonly ok: true;
      /** When the client signed, Unix ms (from the FILETIME). */
      readonly signedAt: number;
      /** Identifies this signature for a replay store: version, timestamp and `r` (not `s`, which is malleable). */
      readonly replayKey: string;
    }
  | {
      /** The signature is missing or does not verify. */
      readonly ok: false;
      /** Why (a 401 code). */
      readonly error: VerificationError;
    };

/**
 * Verifies a request's `Signature` header with a proof key.
 *
 * @param request - [in] the received method, raw target, headers and raw body.
 * @param proofKey - [in] the P-256 public key (a `KeyObject` or the `ProofKey` JWK) the client must have
 *   signed with; `undefined` when the token carries none (`missing-proof-key` once the header itself checks out).
 * @param options - [in] the policy, the clock and the skew window.
 * @returns `{ ok: true, signedAt, replayKey }`, or `{ ok: false, error }` with `missing-signature`,
 * `malformed-signature`, `unsupported-signature-version`, `signature-timestamp-out-of-range`,
 * `missing-proof-key` (no key, or a JWK that is not a P-256 key) or `invalid-signature`. Never throws.
 */
export function verifyRequestSignature(
  request: SignedRequestParts,
  proofKey: KeyObject | ProofKeyJwk | undefined,
  options: RequestSignatureOptions,
): RequestSignatureResult {
  const value = getHeader(request.headers, 'Signature');
  if (value === undefined) return refuse(VerificationErrorCode.MissingSignature);
  const header = parseSignatureHeader(value);
  if (header === undefined) return refuse(VerificationErrorCode.MalformedSignature);
  if (header.version !== options.policy.Version) return refuse(VerificationErrorCode.UnsupportedSignatureVersion);
  const signedAt = unixMsFromFiletime(header.filetime);
  if (Math.abs(options.nowMs - signedAt) > options.clockSkewSeconds * 1000)
    return refuse(VerificationErrorCode.SignatureTimestampOutOfRange);
  const key = publicKeyOf(proofKey);
  if (key === undefined) return refuse(VerificationErrorCode.MissingProofKey);
  const payload = buildSignaturePayload(
    options.policy,
    header.filetime,
    {
      method: request.method,
      pathAndQuery: wirePathAndQuery(request.target),
      headers: request.headers,
      body: request.body,
    },
    'latin1',
  );
  // Node does not enforce low-S, as required: BCrypt, OpenSSL and python clients emit high-S signatures.
  if (!cryptoVerify('sha256', payload, { key, dsaEncoding: 'ieee-p1363' }, header.signature))
    return refuse(VerificationErrorCode.InvalidSignature);
  // Version, timestamp and r only: (r, n − s) verifies too, so s must not make a replay look new.
  return { ok: true, signedAt, replayKey: header.bytes.toString('base64', 0, 44) };
}

function publicKeyOf(proofKey: KeyObject | ProofKeyJwk | undefined): KeyObject | undefined {
  if (proofKey === undefined || !isJwk(proofKey)) return proofKey;
  if (
    proofKey.kty !== 'EC' ||
    proofKey.crv !== 'P-256' ||
    typeof proofKey.x !== 'string' ||
    typeof proofKey.y !== 'string'
  )
    return undefined;
  try {
    return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: proofKey.x, y: proofKey.y }, format: 'jwk' });
  } catch {
    return undefined;
  }
}

function isJwk(key: KeyObject | ProofKeyJwk): key is ProofKeyJwk {
  return typeof (key as { kty?: unknown }).kty === 'string';
}

function refuse(code: VerificationErrorCode): { readonly ok: false; readonly error: VerificationError } {
  return { ok: false, error: verificationError(code) };
}
