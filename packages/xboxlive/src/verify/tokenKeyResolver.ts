/**
 * Resolves the RS256 key of an inner token signature from its header, in either style of
 * token-signature.md §1.3 / §3.1 step 5: `kid` + `jku` (a JWKS), or `x5t` + `x5u` (a document
 * mapping certificate thumbprints to PEM certificates). Both get the same rules: allow-listed hosts
 * only, a per-URL key cache, and a refetch when an unknown id shows up (at most one per URL per
 * cooldown). No emulator code is imported here.
 *
 * @module
 */
import { X509Certificate, createHash } from 'node:crypto';
import { importJWK, importX509 } from 'jose';
import type { CryptoKey } from 'jose';

/**
 * How the inner header names its key: `jku` (keys by `kid` in a JWKS) or `x5u` (certificates by
 * `x5t`, the base64url SHA-1 thumbprint, in `{"<x5t>": "<PEM>", …}`).
 */
export type KeyDocumentStyle = 'jku' | 'x5u';

/** Options of {@link JwksKeyResolver}. */
export interface JwksKeyResolverOptions {
  /** Hosts (`host` or `host:port`, as in `URL.host`) a `jku` may point at. Compared case-insensitively. */
  readonly allowedHosts: readonly string[];
  /** The fetch implementation. */
  readonly fetch: typeof fetch;
  /** Clock for the refetch cooldown, in milliseconds. */
  readonly now: () => number;
  /** Minimum time between two unknown-`kid` refetches of one URL. */
  readonly refetchCooldownMs: number;
  /** Abort a JWKS request after this long. */
  readonly timeoutMs: number;
  /** Largest JWKS response body accepted, in bytes. */
  readonly maxResponseBytes: number;
  /** How many JWKS URLs to keep cached (least recently used are dropped). */
  readonly maxCachedUrls: number;
}

/** Why a key could not be resolved. */
export type KeyResolutionFailure = 'jku-not-allowed' | 'unknown-kid' | 'jwks-unavailable';

/** Outcome of {@link JwksKeyResolver.resolve}. */
export type KeyResolution =
  | { readonly ok: true; readonly key: CryptoKey }
  | { readonly ok: false; readonly code: KeyResolutionFailure; readonly cause?: unknown };

/** A fetched key set, or why fetching failed. */
type FetchedKeys =
  | { readonly ok: true; readonly keys: ReadonlyMap<string, CryptoKey> }
  | { readonly ok: false; readonly code: 'jwks-unavailable'; readonly cause?: unknown };

interface CacheEntry {
  /** Keys by `kid`, from the last successful fetch. */
  keys: ReadonlyMap<string, CryptoKey>;
  /** When the last unknown-`kid` refetch started; undefined until the first one. */
  lastRefetchAt: number | undefined;
}

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MIN_RSA_BITS = 2048;

/** Fetches, caches and looks up JWKS keys by (`jku`, `kid`). Never throws from {@link JwksKeyResolver.resolve}. */
export class JwksKeyResolver {
  readonly #options: JwksKeyResolverOptions;
  /** Lower-cased allow-listed hosts. */
  readonly #allowed: ReadonlySet<string>;
  /** Cache by normalised URL; Map order doubles as LRU order (oldest first). */
  readonly #cache = new Map<string, CacheEntry>();
  /** Fetches in flight by URL, so concurrent reads share one request. */
  readonly #inFlight = new Map<string, Promise<FetchedKeys>>();

  /** Creates a resolver; nothing is fetched until a key is needed. */
  constructor(options: JwksKeyResolverOptions) {
    this.#options = options;
    this.#allowed = new Set(options.allowedHosts.map((h) => h.toLowerCase()));
  }

  /**
   * Checks the document URL (`jku` or `x5u`) against the allowlist (https, or http for loopback
   * hosts only), then returns the key for `id` (a `kid`, or an `x5t`), fetching the document when
   * the URL is not cached yet or the id is unknown. Failures keep the `jku` names:
   * `jku-not-allowed`, `unknown-kid`, `jwks-unavailable`, whichever style.
   */
  async resolve(documentUrl: string, id: string, style: KeyDocumentStyle = 'jku'): Promise<KeyResolution> {
    const checked = this.#checkUrl(documentUrl);
    if (checked === undefined) return { ok: false, code: 'jku-not-allowed' };
    // One URL could be asked for in both styles; each style has its own cache entry.
    const url = `${style} ${checked}`;
    const kid = id;
    const entry = this.#cache.get(url);
    if (entry !== undefined) {
      this.#cache.delete(url);
      this.#cache.set(url, entry);
      const key = entry.keys.get(kid);
      if (key !== undefined) return { ok: true, key };
    }
    let pending = this.#inFlight.get(url);
    if (pending === undefined) {
      if (entry !== undefined) {
        const now = this.#options.now();
        if (entry.lastRefetchAt !== undefined && now - entry.lastRefetchAt < this.#options.refetchCooldownMs) {
          return { ok: false, code: 'unknown-kid' };
        }
        entry.lastRefetchAt = now;
      }
      pending = this.#fetchKeys(checked, style).then((fetched) => {
        if (fetched.ok) this.#store(url, fetched.keys);
        return fetched;
      });
      const shared = pending.finally(() => this.#inFlight.delete(url));
      this.#inFlight.set(url, shared);
      pending = shared;
    }
    const fetched = await pending;
    if (!fetched.ok) return fetched;
    const key = fetched.keys.get(kid);
    return key !== undefined ? { ok: true, key } : { ok: false, code: 'unknown-kid' };
  }

  #store(url: string, keys: ReadonlyMap<string, CryptoKey>): void {
    const entry = this.#cache.get(url);
    if (entry !== undefined) {
      entry.keys = keys;
      return;
    }
    this.#cache.set(url, { keys, lastRefetchAt: undefined });
    while (this.#cache.size > this.#options.maxCachedUrls) {
      const oldest = this.#cache.keys().next();
      if (oldest.done === true) break;
      this.#cache.delete(oldest.value);
    }
  }

  #checkUrl(jku: string): string | undefined {
    let url: URL;
    try {
      url = new URL(jku);
    } catch {
      return undefined;
    }
    if (url.username !== '' || url.password !== '') return undefined;
    const host = url.host.toLowerCase();
    if (!this.#allowed.has(host)) return undefined;
    if (url.protocol === 'https:') return url.href;
    if (url.protocol === 'http:' && LOOPBACK_HOSTNAMES.has(url.hostname.toLowerCase())) return url.href;
    return undefined;
  }

  async #fetchKeys(url: string, style: KeyDocumentStyle): Promise<FetchedKeys> {
    let text: string;
    try {
      const response = await this.#options.fetch(url, {
        headers: { accept: 'application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
      if (response.status !== 200) {
        await response.body?.cancel().catch(() => undefined);
        return {
          ok: false,
          code: 'jwks-unavailable',
          cause: new Error(`JWKS request answered HTTP ${response.status}`),
        };
      }
      text = await readCapped(response, this.#options.maxResponseBytes);
    } catch (cause) {
      return { ok: false, code: 'jwks-unavailable', cause };
    }
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (cause) {
      return { ok: false, code: 'jwks-unavailable', cause };
    }
    if (style === 'x5u') return { ok: true, keys: await certificateKeys(document) };
    const list = typeof document === 'object' && document !== null ? (document as { keys?: unknown }).keys : undefined;
    if (!Array.isArray(list))
      return { ok: false, code: 'jwks-unavailable', cause: new Error('JWKS has no keys array') };
    const keys = new Map<string, CryptoKey>();
    for (const jwk of list as unknown[]) {
      const imported = await importRs256Key(jwk);
      if (imported !== undefined) keys.set(imported[0], imported[1]);
    }
    return { ok: true, keys };
  }
}

/** Imports one JWKS entry if it is a usable RS256 verification key with a `kid`. */
async function importRs256Key(jwk: unknown): Promise<[string, CryptoKey] | undefined> {
  if (typeof jwk !== 'object' || jwk === null) return undefined;
  const { kty, kid, alg, use, n, e } = jwk as Record<string, unknown>;
  if (kty !== 'RSA' || typeof kid !== 'string' || kid === '' || typeof n !== 'string' || typeof e !== 'string')
    return undefined;
  if ((alg !== undefined && alg !== 'RS256') || (use !== undefined && use !== 'sig')) return undefined;
  try {
    const key = await importJWK({ kty, n, e }, 'RS256');
    if (key instanceof Uint8Array) return undefined;
    const bits = (key.algorithm as { modulusLength?: number }).modulusLength ?? 0;
    return bits >= MIN_RSA_BITS ? [kid, key] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The RS256 keys of an `x5u` document: each member maps an `x5t` to a certificate (PEM, or base64
 * DER). A certificate whose SHA-1 thumbprint is not its name, or whose key is not RSA ≥ 2048 bits,
 * is skipped.
 */
async function certificateKeys(document: unknown): Promise<ReadonlyMap<string, CryptoKey>> {
  const keys = new Map<string, CryptoKey>();
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return keys;
  for (const [x5t, value] of Object.entries(document as Record<string, unknown>)) {
    if (typeof value !== 'string') continue;
    try {
      const certificate = new X509Certificate(value.includes('-----BEGIN') ? value : Buffer.from(value, 'base64'));
      if (createHash('sha1').update(certificate.raw).digest('base64url') !== x5t) continue;
      const bits = certificate.publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
      if (certificate.publicKey.asymmetricKeyType !== 'rsa' || bits < MIN_RSA_BITS) continue;
      keys.set(x5t, await importX509(certificate.toString(), 'RS256'));
    } catch {
      continue;
    }
  }
  return keys;
}

/** Reads a response body as UTF-8, failing once it grows past `max` bytes. */
async function readCapped(response: Response, max: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > max) {
    await response.body?.cancel().catch(() => undefined);
    throw new RangeError(`JWKS response of ${declared} bytes exceeds ${max}`);
  }
  const body = response.body;
  if (body === null) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw new RangeError(`JWKS response exceeds ${max} bytes`);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
}
