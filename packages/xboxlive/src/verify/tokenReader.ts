/**
 * Reads a relying-party token (the compact JWE after `XBL3.0 x=<uhs>;`): picks the RP key by `x5t`,
 * unwraps the CEK, checks the tag before decrypting, inflates with a size cap, then verifies the
 * inner RS256 JWS with a key resolved through its allow-listed `jku`. Claim checks (iss, aud, time,
 * sandbox, user selection) belong to the verifier. Never throws for bad input: every failure is a
 * typed result. Imports no emulator code, so a production service can load it alone.
 *
 * @module
 */
import { constants, privateDecrypt, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { compactVerify } from 'jose';
import { base64urlDecode } from '../wire/base64url.js';
import { A128CBC_HS256_NAMES, CEK_BYTES, a128cbcHs256Decrypt, parseCompactJwe, parseJsonObject } from '../wire/jwe.js';
import type { DeviceClaims, ProofKeyJwk, RawTokenClaims, TitleClaims, UserClaims } from '../wire/tokenClaims.js';
import { MIN_RSA_BITS, assertRsaPrivateKey } from '../internal/keys.js';
import { JwksKeyResolver } from './tokenKeyResolver.js';

/** A relying-party private key and the `x5t` (base64url SHA-1 certificate thumbprint) that selects it. */
export interface TokenDecryptionKey {
  /** base64url of the SHA-1 thumbprint of the RP certificate, as in the JWE header. */
  readonly x5t: string;
  /** The RSA private key of that certificate. */
  readonly privateKey: KeyObject;
}

/** Options of {@link createTokenReader}. */
export interface TokenReaderOptions {
  /** The relying party's keys. Several may be listed while a certificate is being rotated. */
  readonly decryptionKeys: readonly TokenDecryptionKey[];
  /**
   * Hosts (`host`, or `host:port` for a non-default port) a `jku` or `x5u` may point at, e.g.
   * `xsts-keys.auth.xboxlive.com`. The URL must be https, except for loopback hosts, where http is accepted.
   */
  readonly jwksAllowedHosts: readonly string[];
  /** Cap on the inflated (or unzipped) inner token, in bytes. Default 256 KiB. */
  readonly maxInflatedBytes?: number;
  /** The fetch used for JWKS requests. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** Clock in milliseconds, used only for the JWKS refetch cooldown. Default `Date.now`. */
  readonly now?: () => number;
  /** Minimum time between two refetches of one JWKS URL caused by unknown `kid`s. Default 30 000 ms. */
  readonly jwksRefetchCooldownMs?: number;
  /** Timeout of one JWKS request. Default 5 000 ms. */
  readonly jwksTimeoutMs?: number;
}

/** Why a token could not be read. */
export type TokenErrorCode =
  | 'malformed'
  | 'unsupported-algorithm'
  | 'unknown-x5t'
  | 'decrypt-failed'
  | 'too-large'
  | 'jku-not-allowed'
  | 'unknown-kid'
  | 'bad-signature'
  | 'jwks-unavailable';

/** Outcome of {@link TokenReader.read}. */
export type TokenReadResult =
  | {
      readonly ok: true;
      /** The verified inner payload. */
      readonly claims: RawTokenClaims;
      /** The `kid` of the issuer key that signed it (its `x5t` for a token in the x5t + x5u style). */
      readonly kid: string;
      /** The `x5t` of the relying-party key that decrypted it. */
      readonly x5t: string;
    }
  | { readonly ok: false; readonly code: TokenErrorCode; readonly cause?: unknown };

/** Decrypts and verifies relying-party tokens. */
export interface TokenReader {
  /** Reads one compact JWE. Resolves with a typed failure for any bad input; never rejects. */
  read(compactJwe: string): Promise<TokenReadResult>;
}

const DEFAULT_MAX_INFLATED_BYTES = 256 * 1024;
const JWS_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Creates a token reader for one relying party.
 *
 * @throws TypeError when the options themselves are invalid (a configuration error, not bad input).
 */
export function createTokenReader(options: TokenReaderOptions): TokenReader {
  const maxInflated = options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  if (!Number.isSafeInteger(maxInflated) || maxInflated <= 0) {
    throw new TypeError(`Expected \`maxInflatedBytes\` to be a positive integer, got \`${String(maxInflated)}\``);
  }
  const keys = new Map<string, KeyObject>();
  for (const key of options.decryptionKeys) {
    // The issuer and the relying party refuse RSA keys under 2048 bits; so does the reader.
    assertRsaPrivateKey(`decryptionKeys[${JSON.stringify(key.x5t)}].privateKey`, key.privateKey, MIN_RSA_BITS);
    keys.set(key.x5t, key.privateKey);
  }
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const resolver = new JwksKeyResolver({
    allowedHosts: options.jwksAllowedHosts,
    fetch: fetchImpl,
    now: options.now ?? Date.now,
    refetchCooldownMs: options.jwksRefetchCooldownMs ?? 30_000,
    timeoutMs: options.jwksTimeoutMs ?? 5_000,
    maxResponseBytes: 1024 * 1024,
    maxCachedUrls: 16,
  });
  // Base64url grows data by 4/3; zip only shrinks it, so a longer token cannot be within the cap.
  const maxTokenChars = Math.ceil((maxInflated * 4) / 3) + 8 * 1024;
  const read = async (compactJwe: string): Promise<TokenReadResult> => {
    try {
      return await readToken(compactJwe, keys, resolver, maxInflated, maxTokenChars);
    } catch (cause) {
      return { ok: false, code: 'malformed', cause };
    }
  };
  return { read };
}

function fail(code: TokenErrorCode, cause?: unknown): TokenReadResult {
  return cause === undefined ? { ok: false, code } : { ok: false, code, cause };
}

async function readToken(
  token: unknown,
  keys: ReadonlyMap<string, KeyObject>,
  resolver: JwksKeyResolver,
  maxInflated: number,
  maxTokenChars: number,
): Promise<TokenReadResult> {
  if (typeof token !== 'string') return fail('malformed');
  if (token.length > maxTokenChars) return fail('too-large');
  const jwe = parseCompactJwe(token);
  if (jwe === undefined) return fail('malformed');
  const { alg, enc, zip, x5t, crit } = jwe.header;
  if (alg !== 'RSA-OAEP' || typeof enc !== 'string' || !A128CBC_HS256_NAMES.includes(enc))
    return fail('unsupported-algorithm');
  if ((zip !== undefined && zip !== 'DEF') || crit !== undefined) return fail('unsupported-algorithm');
  if (typeof x5t !== 'string') return fail('malformed');
  const privateKey = keys.get(x5t);
  if (privateKey === undefined) return fail('unknown-x5t');

  // An unwrap failure continues with a random CEK so that it fails at the tag check like any other
  // tampering, with the same code and similar timing (RFC 7516 §11.5).
  let cek: Buffer;
  try {
    cek = privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      jwe.encryptedKey,
    );
    if (cek.byteLength !== CEK_BYTES) cek = randomBytes(CEK_BYTES);
  } catch {
    cek = randomBytes(CEK_BYTES);
  }
  const aad = Buffer.from(jwe.protectedHeaderB64, 'ascii');
  const plaintext = a128cbcHs256Decrypt(cek, jwe.iv, jwe.ciphertext, jwe.tag, aad);
  if (plaintext === undefined) return fail('decrypt-failed');

  let inner: Buffer;
  if (zip === 'DEF') {
    try {
      inner = inflateRawSync(plaintext, { maxOutputLength: maxInflated });
    } catch (cause) {
      return (cause as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE'
        ? fail('too-large', cause)
        : fail('malformed', cause);
    }
  } else {
    if (plaintext.byteLength > maxInflated) return fail('too-large');
    inner = plaintext;
  }
  return verifyInner(inner, resolver, x5t);
}

async function verifyInner(inner: Buffer, resolver: JwksKeyResolver, x5t: string): Promise<TokenReadResult> {
  const jws = inner.toString('latin1');
  if (!JWS_SHAPE.test(jws)) return fail('malformed');
  const headerBytes = base64urlDecode(jws.slice(0, jws.indexOf('.')));
  const header = headerBytes === undefined ? undefined : parseJsonObject(headerBytes);
  if (header === undefined) return fail('malformed');
  const { alg, kid, jku, x5t: keyX5t, x5u, crit } = header;
  if (alg !== 'RS256' || crit !== undefined) return fail('unsupported-algorithm');
  // token-signature.md §3.1 step 5: the key by kid + jku, or by x5t + x5u (the older style).
  let keyId: string;
  let resolved: Awaited<ReturnType<JwksKeyResolver['resolve']>>;
  if (typeof kid === 'string' && kid !== '' && typeof jku === 'string') {
    keyId = kid;
    resolved = await resolver.resolve(jku, kid, 'jku');
  } else if (typeof keyX5t === 'string' && keyX5t !== '' && typeof x5u === 'string') {
    keyId = keyX5t;
    resolved = await resolver.resolve(x5u, keyX5t, 'x5u');
  } else {
    return fail('malformed');
  }
  if (!resolved.ok) return fail(resolved.code, resolved.cause);
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, resolved.key, { algorithms: ['RS256'] }));
  } catch (cause) {
    return (cause as { code?: unknown }).code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
      ? fail('bad-signature', cause)
      : fail('malformed', cause);
  }
  const object = parseJsonObject(payload);
  const claims = object === undefined ? undefined : toRawTokenClaims(object);
  return claims === undefined ? fail('malformed') : { ok: true, claims, kid: keyId, x5t };
}

/** Marker for a claim whose value has the wrong type. */
const INVALID = Symbol('invalid');

/** Copies an object of string claims, dropping `null`s (a configured claim may be null, token-signature.md §1.4). */
function stringClaims(value: unknown): Record<string, string> | undefined | typeof INVALID {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return INVALID;
  const entries: [string, string][] = [];
  for (const [name, claim] of Object.entries(value)) {
    if (claim === null) continue;
    if (typeof claim !== 'string') return INVALID;
    entries.push([name, claim]);
  }
  return Object.fromEntries(entries);
}

function toProofKeyJwk(value: unknown): ProofKeyJwk | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { kty, crv, alg, use, x, y } = value as Record<string, unknown>;
  if (kty !== 'EC' || crv !== 'P-256' || typeof x !== 'string' || typeof y !== 'string') return undefined;
  if ((alg !== undefined && alg !== 'ES256') || (use !== undefined && use !== 'sig')) return undefined;
  if (base64urlDecode(x)?.byteLength !== 32 || base64urlDecode(y)?.byteLength !== 32) return undefined;
  return { kty, crv, ...(alg === undefined ? {} : { alg }), ...(use === undefined ? {} : { use }), x, y };
}

/** Checks the shape of the decoded payload and copies it into {@link RawTokenClaims}. */
function toRawTokenClaims(payload: Readonly<Record<string, unknown>>): RawTokenClaims | undefined {
  const { aud, iss, nbf, exp, sbx, cnf, xdi, xti, xsi, xui, xai } = payload;
  if (typeof aud !== 'string' || typeof iss !== 'string' || typeof sbx !== 'string') return undefined;
  if (typeof nbf !== 'number' || !Number.isFinite(nbf) || typeof exp !== 'number' || !Number.isFinite(exp))
    return undefined;
  let proof: { readonly jwk: ProofKeyJwk } | undefined;
  if (cnf !== undefined && cnf !== null) {
    const jwk = typeof cnf === 'object' ? toProofKeyJwk((cnf as { jwk?: unknown }).jwk) : undefined;
    if (jwk === undefined) return undefined;
    proof = { jwk };
  }
  const device = stringClaims(xdi);
  const title = stringClaims(xti);
  const service = stringClaims(xsi);
  const aggregate = stringClaims(xai);
  if (device === INVALID || title === INVALID || service === INVALID || aggregate === INVALID) return undefined;
  let users: UserClaims[] | undefined;
  if (xui !== undefined && xui !== null) {
    if (!Array.isArray(xui)) return undefined;
    users = [];
    for (const entry of xui as unknown[]) {
      const user = stringClaims(entry);
      if (user === undefined || user === INVALID || typeof user['uhs'] !== 'string') return undefined;
      users.push(user as typeof user & { readonly uhs: string });
    }
  }
  return {
    aud,
    iss,
    nbf,
    exp,
    sbx,
    ...(proof === undefined ? {} : { cnf: proof }),
    ...(device === undefined ? {} : { xdi: device as DeviceClaims }),
    ...(title === undefined ? {} : { xti: title as TitleClaims }),
    ...(service === undefined ? {} : { xsi: service }),
    ...(users === undefined ? {} : { xui: users }),
    ...(aggregate === undefined ? {} : { xai: aggregate }),
  };
}
