/**
 * The `Authorization: XBL3.0 x=<uhs>;<token>` header (token-signature.md §1.1).
 */

/** A parsed `XBL3.0` authorization header. */
export interface XblAuthorization {
  /** The user selection: a decimal user hash, `*` (all users) or `-` (no user). */
  readonly userHash: string;
  /** The compact JWE after the first `;`. Its structure is not checked here. */
  readonly token: string;
}

// Scheme matched case-insensitively (some clients send `xbl3.0`); then exactly one space, `x=`,
// the user selection up to the first `;`, and a non-empty token.
const SCHEME = /^xbl3\.0 x=/i;
const USER_HASH = /^(?:\*|-|\d{1,20})$/;

/**
 * Parses the header value, or returns `undefined` when it is not a well-formed `XBL3.0` header.
 * Never throws. Signature checks must still use the exact received value, not a re-serialisation.
 *
 * @param value - the received `Authorization` value.
 */
export function parseAuthorizationHeader(value: string): XblAuthorization | undefined {
  if (!SCHEME.test(value)) return undefined;
  const semicolon = value.indexOf(';', 9);
  if (semicolon === -1 || semicolon === value.length - 1) return undefined;
  const userHash = value.slice(9, semicolon);
  if (!USER_HASH.test(userHash)) return undefined;
  return { userHash, token: value.slice(semicolon + 1) };
}
