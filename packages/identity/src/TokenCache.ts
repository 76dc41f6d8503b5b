/**
 * The client-side token cache (xuser-xal.md §0 "Caching", §3.3): one entry per (user, relying
 * party, sub relying party, token type), so two URLs of one relying party share a token; a token is
 * reused until 10 minutes before it expires; concurrent requests for one key share one in-flight
 * refresh; ForceRefresh never reuses a settled token (it joins a refresh already in flight, which
 * yields a fresh token anyway) and its result replaces the entry. Failures are never cached, and
 * neither are signatures (they are per request).
 *
 * @module
 */

/** A cached token is refreshed once it is this close to expiry: 10 minutes (XSAPI `token_manager.cpp`). */
export const TOKEN_REFRESH_WINDOW_MS = 10 * 60 * 1000;

/** What identifies one cache entry. */
export interface TokenCacheKey {
  /** The user the token is for: a local id, or `*` for an AllUsers token. */
  readonly user: string;
  /** The relying party. */
  readonly relyingParty: string;
  /** The sub relying party, or `''`. */
  readonly subRelyingParty: string;
  /** The token type (`JWT`). */
  readonly tokenType: string;
}

/** A token as cached: the whole Authorization value and its expiry. */
export interface CachedToken {
  /** The `XBL3.0 x=…;…` header value. */
  readonly authorization: string;
  /** When the token expires, in the cache clock's milliseconds. */
  readonly expiresAt: number;
}

/** What a fetch yields: a token to cache, or a failure of type `F` to hand back uncached. */
export type TokenFetchResult<F> =
  | {
      /** Discriminant. */
      readonly ok: true;
      /** The token to cache. */
      readonly token: CachedToken;
    }
  | {
      /** Discriminant. */
      readonly ok: false;
      /** Why not (never cached). */
      readonly failure: F;
    };

interface Entry<F> {
  token: CachedToken | undefined;
  pending: Promise<TokenFetchResult<F>> | undefined;
}

/** Serialised keys of key objects callers reuse (the hot path builds no string). */
const keyIds = new WeakMap<TokenCacheKey, string>();

/** The serialised key: the four parts joined by NUL, which none of them contains. */
function keyOf(key: TokenCacheKey): string {
  let id = keyIds.get(key);
  if (id === undefined) {
    id = `${key.user}\u0000${key.relyingParty}\u0000${key.subRelyingParty}\u0000${key.tokenType}`;
    if (Object.isFrozen(key)) keyIds.set(key, id);
  }
  return id;
}

/**
 * A token cache. `F` is the failure type fetches report.
 *
 * @typeParam F - what a failed fetch carries back.
 */
export class TokenCache<F> {
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry<F>>();
  #fetches = 0;

  /**
   * @param now - [in] the clock the tokens' expiry is measured on, in milliseconds. Default `Date.now`.
   */
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Entries that hold a token or a refresh in flight. */
  get size(): number {
    return this.#entries.size;
  }

  /** How many fetches the cache has started (each refresh shared by concurrent requests counts once). */
  get fetchCount(): number {
    return this.#fetches;
  }

  /**
   * The cached token for `key` when it is fresh and no refresh is in flight (what {@link TokenCache.get}
   * would answer synchronously), without starting anything.
   *
   * @param key - [in] user, relying party, sub relying party, token type (a frozen key object is
   *   serialised once).
   * @returns the token, or `undefined`.
   */
  fresh(key: TokenCacheKey): CachedToken | undefined {
    const entry = this.#entries.get(keyOf(key));
    const token = entry?.pending === undefined ? entry?.token : undefined;
    return token !== undefined && this.#now() < token.expiresAt - TOKEN_REFRESH_WINDOW_MS ? token : undefined;
  }

  /**
   * The token for `key`: the cached one when it is fresh (synchronously), otherwise the result of a
   * refresh — the one in flight for this key, or a new `fetch()` whose token then replaces the entry.
   *
   * @param key - [in] user, relying party, sub relying party, token type.
   * @param forceRefresh - [in] never reuse a settled token.
   * @param fetch - [in] gets a new token; called at most once per refresh.
   * @returns the fresh cached token, or a Promise of the refresh's result.
   */
  get(
    key: TokenCacheKey,
    forceRefresh: boolean,
    fetch: () => Promise<TokenFetchResult<F>>,
  ): CachedToken | Promise<TokenFetchResult<F>> {
    const id = keyOf(key);
    let entry = this.#entries.get(id);
    if (entry === undefined) {
      entry = { token: undefined, pending: undefined };
      this.#entries.set(id, entry);
    }
    if (entry.pending !== undefined) return entry.pending;
    const token = entry.token;
    if (!forceRefresh && token !== undefined && this.#now() < token.expiresAt - TOKEN_REFRESH_WINDOW_MS) return token;
    const owner = entry;
    this.#fetches++;
    const pending = fetch().then(
      (result) => {
        this.#settle(id, owner, result.ok ? result.token : undefined);
        return result;
      },
      (error: unknown) => {
        this.#settle(id, owner, undefined);
        throw error;
      },
    );
    owner.pending = pending;
    return pending;
  }

  #settle(id: string, entry: Entry<F>, token: CachedToken | undefined): void {
    entry.pending = undefined;
    if (token !== undefined) entry.token = token;
    // A failed first fetch leaves nothing behind; an entry dropped meanwhile stays dropped.
    if (entry.token === undefined && this.#entries.get(id) === entry) this.#entries.delete(id);
  }

  /**
   * Drops every entry of one user (sign-out, a changed profile). Refreshes in flight still answer
   * their callers but are not stored.
   *
   * @param user - [in] the key's `user` part.
   * @returns how many entries were dropped.
   */
  deleteUser(user: string): number {
    const prefix = `${user}\u0000`;
    let dropped = 0;
    for (const id of [...this.#entries.keys()]) {
      if (id.startsWith(prefix)) {
        this.#entries.delete(id);
        dropped++;
      }
    }
    return dropped;
  }

  /** Drops every entry. */
  clear(): void {
    this.#entries.clear();
  }
}
