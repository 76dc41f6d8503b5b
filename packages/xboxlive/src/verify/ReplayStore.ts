/**
 * Replay protection for signed requests. The request signature carries no nonce, so within the
 * clock-skew window a captured request can be sent again verbatim; a replay store remembers each
 * accepted signature long enough to refuse the second copy.
 */

/**
 * Where the verifier remembers accepted signatures. Use a shared store (`createRedisReplayStore`
 * from `@gdkts/xboxlive/verify/redis`) when several server processes must see each other's requests.
 */
export interface ReplayStore {
  /**
   * Records `key` for `ttlMs` milliseconds, atomically with the check.
   *
   * @param key - identifies one signature (an opaque ASCII string).
   * @param ttlMs - how long to remember it.
   * @param nowMs - the verifier's clock, Unix milliseconds.
   * @returns `true` when the key was not already recorded (the request is new), `false` for a replay.
   * A throw or a rejected promise refuses the request with `replay-store-unavailable` (503, the
   * failure as its `cause`): the verifier fails closed.
   */
  remember(key: string, ttlMs: number, nowMs: number): boolean | Promise<boolean>;
}

/** Options of {@link createMemoryReplayStore}. */
export interface MemoryReplayStoreOptions {
  /**
   * Most keys kept. When full, the oldest key is dropped early, which re-opens a replay window for
   * that one request; size it to (accepted signed requests per second) × the TTL. Default 1 000 000.
   */
  readonly maxEntries?: number;
}

/**
 * Creates a replay store in this process's memory. Expired keys are swept as new ones arrive;
 * nothing runs in the background.
 *
 * @param options - the size cap.
 * @returns the store.
 * @example
 * ```ts no-check
 * const verifier = createRequestVerifier({ audience: 'rp://contoso.com/', decryptionKeys, replayProtection: createMemoryReplayStore() });
 * ```
 */
export function createMemoryReplayStore(options: MemoryReplayStoreOptions = {}): ReplayStore {
  const maxEntries = options.maxEntries ?? 1_000_000;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw new TypeError(`Expected \`maxEntries\` to be a positive integer, got \`${String(maxEntries)}\``);
  }
  // Insertion order is close to expiry order (one TTL per verifier), so the sweep stops at the first live key.
  const expiries = new Map<string, number>();
  return {
    remember(key, ttlMs, nowMs) {
      for (const [oldKey, expiry] of expiries) {
        if (expiry > nowMs) break;
        expiries.delete(oldKey);
      }
      const expiry = expiries.get(key);
      if (expiry !== undefined && expiry > nowMs) return false;
      expiries.delete(key);
      if (expiries.size >= maxEntries) expiries.delete(expiries.keys().next().value as string);
      expiries.set(key, nowMs + ttlMs);
      return true;
    },
  };
}
