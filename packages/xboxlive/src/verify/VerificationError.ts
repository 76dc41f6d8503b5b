/**
 * Why the relying-party verifier refused a request, and the HTTP answer each reason maps to:
 * 401 when the client can recover by refreshing its token and re-signing (XSAPI retries once on
 * 401), 403 when the token is authentic but not allowed here, 503 when the verifier could not
 * finish checking (its replay store is unreachable) and so refuses rather than risk a replay.
 */
import type { TokenErrorCode } from './tokenReader.js';

/** Every {@link VerificationError} code. */
export const VerificationErrorCode = {
  /** No `Authorization` header. 401. */
  MissingAuthorization: 'missing-authorization',
  /** `Authorization` is not `XBL3.0 x=<uhs>;<token>`. 401. */
  MalformedAuthorization: 'malformed-authorization',
  /** The token could not be decrypted or its inner signature verified (see {@link VerificationError.tokenError}). 401. */
  InvalidToken: 'invalid-token',
  /** The token's `iss` is not the expected issuer. 401. */
  InvalidIssuer: 'invalid-issuer',
  /** The token's `exp` has passed (beyond the leeway). 401. */
  TokenExpired: 'token-expired',
  /** The token's `nbf` is still ahead (beyond the leeway). 401. */
  TokenNotYetValid: 'token-not-yet-valid',
  /** The header's user hash names no `xui` entry of the token. 401. */
  UnknownUserHash: 'unknown-user-hash',
  /** The policy requires a `Signature` header and there is none. 401. */
  MissingSignature: 'missing-signature',
  /** The `Signature` header is not base64 of 76 bytes. 401. */
  MalformedSignature: 'malformed-signature',
  /** The `Signature` header's version is not the policy's. 401. */
  UnsupportedSignatureVersion: 'unsupported-signature-version',
  /** The signature's timestamp is outside the clock-skew window. 401. */
  SignatureTimestampOutOfRange: 'signature-timestamp-out-of-range',
  /** The signature does not verify against the token's `cnf` key. 401. */
  InvalidSignature: 'invalid-signature',
  /** A signature must be checked but the token has no `cnf` proof key. 401. */
  MissingProofKey: 'missing-proof-key',
  /** The same signature was already accepted within the replay window. 401. */
  ReplayedRequest: 'replayed-request',
  /** The token's `aud` is not this relying party. 403. */
  WrongAudience: 'wrong-audience',
  /** The token's `sbx` is not an allowed sandbox. 403. */
  SandboxNotAllowed: 'sandbox-not-allowed',
  /** A selected user lacks a required privilege. 403. */
  MissingPrivilege: 'missing-privilege',
  /**
   * The replay store could not be asked (e.g. Redis is unreachable or too slow), so the verifier
   * cannot tell a replay from a new request and fails closed. 503 with `Retry-After`; the
   * store's failure is in {@link VerificationError.cause}.
   */
  ReplayStoreUnavailable: 'replay-store-unavailable',
} as const;
/** One of the {@link VerificationErrorCode} values. */
export type VerificationErrorCode = (typeof VerificationErrorCode)[keyof typeof VerificationErrorCode];

const FORBIDDEN: ReadonlySet<VerificationErrorCode> = new Set([
  VerificationErrorCode.WrongAudience,
  VerificationErrorCode.SandboxNotAllowed,
  VerificationErrorCode.MissingPrivilege,
]);

/** A refused request. Log it; never send its details to the client. */
export interface VerificationError {
  /** Why. */
  readonly code: VerificationErrorCode;
  /** The HTTP status to answer with: 401, 403, or 503 for `replay-store-unavailable`. */
  readonly status: 401 | 403 | 503;
  /** For `invalid-token`: what the token reader reported. */
  readonly tokenError?: TokenErrorCode;
  /** The underlying exception, when there was one. */
  readonly cause?: unknown;
}

/**
 * Builds a {@link VerificationError}.
 *
 * @param code - why the request was refused.
 * @param details - the token reader's code and the underlying exception, if any.
 * @returns the error, with its status.
 */
export function verificationError(
  code: VerificationErrorCode,
  details: { readonly tokenError?: TokenErrorCode; readonly cause?: unknown } = {},
): VerificationError {
  return {
    code,
    status: FORBIDDEN.has(code) ? 403 : code === VerificationErrorCode.ReplayStoreUnavailable ? 503 : 401,
    ...(details.tokenError === undefined ? {} : { tokenError: details.tokenError }),
    ...(details.cause === undefined ? {} : { cause: details.cause }),
  };
}

/** The `WWW-Authenticate` value sent with every 401 (RFC 7235 requires the header; XSAPI ignores it). */
export const WWW_AUTHENTICATE_XBL = 'XBL3.0';

/** The HTTP refusal for a {@link VerificationError}: no body, never any failure detail. */
export interface RefusalResponse {
  /**
   * 401 (bad, expired or unverifiable token or signature), 403 (wrong audience, sandbox, missing
   * privilege) or 503 (the replay store is unavailable).
   */
  readonly status: 401 | 403 | 503;
  /** Headers to send: `WWW-Authenticate: XBL3.0` on 401, `Retry-After: 1` on 503, and `Content-Length: 0`. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The status and headers to answer a refused request with. The body stays empty.
 *
 * @param error - the verification error.
 * @returns the status, and `WWW-Authenticate: XBL3.0` for a 401 or `Retry-After: 1` for a 503.
 */
export function verificationErrorResponse(error: VerificationError): RefusalResponse {
  switch (error.status) {
    case 401:
      return { status: 401, headers: { 'WWW-Authenticate': WWW_AUTHENTICATE_XBL, 'Content-Length': '0' } };
    case 503:
      return { status: 503, headers: { 'Retry-After': '1', 'Content-Length': '0' } };
    default:
      return { status: 403, headers: { 'Content-Length': '0' } };
  }
}
