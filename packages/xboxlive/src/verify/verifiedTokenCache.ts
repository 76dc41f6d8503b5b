/**
 * Decrypted, signature-checked tokens by SHA-256 of the compact JWE, kept until they expire, so a
 * stream of requests with one token pays for RSA-OAEP, AES and RS256 once. Concurrent requests
 * with a token not seen before share one read. Failed reads are not kept.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { RawTokenClaims } from '../wire/tokenClaims.js';
import type { TokenErrorCode, TokenReader } from './tokenReader.js';

/** A token that decrypted and verified, with its proof key ready for `crypto.verify`. */
export interface VerifiedToken {
  /** The verified payload. */
  readonly claims: RawTokenClaims;
  /** `cnf.jwk` as a public key, or `undefined` when the token has no `cnf`. */
  readonly proofKey: KeyObject | undefined;
}

/** A cached read. */
export type VerifiedTokenResult =
  | { readonly ok: true; readonly token: VerifiedToken }
  | { readonly ok: false; readonly code: TokenErrorCode; readonly cause?: unknown };

/** See the module comment. */
export interface VerifiedTokenCache {
  /** Returns the cached read of `token`, reading it first when it is not cached or has expired. */
  read(token: string, nowMs: number): Promise<VerifiedTokenResult>;
}

interface Entry {
  readonly result: Promise<VerifiedTokenResult>;
  /** Unix ms after which the entry is dropped; `Infinity` while the read is pending. */
  expiresAtMs: number;
}

/**
 * Creates the cache.
 *
 * @param reader - the token reader.
 * @param maxEntries - most tokens kept; the oldest is dropped first.
 * @param retainAfterExpiryMs - how long past `exp` an entry is kept (the verifier's leeway).
 */
export function createVerifiedTokenCache(
  reader: TokenReader,
  maxEntries: number,
  retainAfterExpiryMs: number,
): VerifiedTokenCache {
  const entries = new Map<string, Entry>();
  return {
    read(token, nowMs) {
      const key = createHash('sha256').update(token).digest('base64');
      const cached = entries.get(key);
      if (cached !== undefined) {
        if (cached.expiresAtMs >= nowMs) return cached.result;
        entries.delete(key);
      }
      const entry: Entry = {
        result: reader.read(token).then((read): VerifiedTokenResult => {
          const result = read.ok ? withProofKey(read.claims) : read;
          if (result.ok) entry.expiresAtMs = result.token.claims.exp * 1000 + retainAfterExpiryMs;
          else if (entries.get(key) === entry) entries.delete(key);
          return result;
        }),
        expiresAtMs: Number.POSITIVE_INFINITY,
      };
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, entry);
      return entry.result;
    },
  };
}

function withProofKey(claims: RawTokenClaims): VerifiedTokenResult {
  if (claims.cnf === undefined) return { ok: true, token: { claims, proofKey: undefined } };
  try {
    return { ok: true, token: { claims, proofKey: createPublicKey({ key: { ...claims.cnf.jwk }, format: 'jwk' }) } };
  } catch (cause) {
    // The reader checked the shape; a point that is not on P-256 still fails here.
    return { ok: false, code: 'malformed', cause };
  }
}
