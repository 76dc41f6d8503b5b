/**
 * What a verified request carries: the token's identities, narrowed to the users the
 * `XBL3.0 x=<uhs>` header selected. Every id is a string (XUIDs and user hashes exceed 2^53).
 */
import type { DeviceClaims, ProofKeyJwk, RawTokenClaims, TitleClaims, UserClaims } from '../wire/tokenClaims.js';

/** The claims of a verified request. */
export interface XboxLiveClaims {
  /** The header's user selection: a user hash, `*` (all users) or `-` (no user). */
  readonly userHash: string;
  /**
   * The selected users: the one `xui` entry whose `uhs` is the header's, every entry for `*`,
   * none for `-`. Key your data by `ptx` (or `xid`), never by `uhs`.
   */
  readonly users: readonly UserClaims[];
  /** `aud`: the relying party the token was issued for. */
  readonly audience: string;
  /** `iss`: the issuer. */
  readonly issuer: string;
  /** `sbx`: the sandbox. */
  readonly sandbox: string;
  /** `nbf`, seconds since the Unix epoch. */
  readonly notBefore: number;
  /** `exp`, seconds since the Unix epoch. */
  readonly expiresAt: number;
  /** `xdi`: device identity, if the relying party asked for it. */
  readonly device: DeviceClaims | undefined;
  /** `xti`: title identity, if the relying party asked for it. */
  readonly title: TitleClaims | undefined;
  /** `xsi`: service identity (service-to-service tokens). */
  readonly service: Readonly<Record<string, string>> | undefined;
  /** `xai`: aggregate identity across the token's users. */
  readonly aggregate: Readonly<Record<string, string>> | undefined;
  /** `cnf.jwk`: the device proof key the request signature is checked against. */
  readonly proofKey: ProofKeyJwk | undefined;
  /** The `Signature` header's timestamp (Unix ms) when it was verified; `undefined` when no signature was checked. */
  readonly signedAt: number | undefined;
  /** The whole decrypted token payload. */
  readonly token: RawTokenClaims;
}

/**
 * The privilege ids of a user (or of the `xai` aggregate): its `prv` claim, a space-separated list
 * of decimal integers, parsed. Anything that is not a decimal integer is skipped.
 *
 * @param claims - a `xui` entry or the `xai` object.
 * @returns the privilege ids, in claim order.
 * @example
 * ```ts no-check
 * if (privilegesOf(claims.users[0]!).includes(254)) { … } // 254 = multiplayer sessions
 * ```
 */
export function privilegesOf(claims: { readonly prv?: string | undefined }): number[] {
  const ids: number[] = [];
  for (const word of (claims.prv ?? '').split(' ')) {
    if (/^\d{1,10}$/.test(word)) ids.push(Number(word));
  }
  return ids;
}
