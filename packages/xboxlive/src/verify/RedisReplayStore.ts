/**
 * A replay store shared by every verifier instance that talks to one Redis (entry point
 * `@gdkts/xboxlive/verify/redis`): a request accepted by one server process is refused as a replay by
 * all the others (token-signature.md §3.3). It is a separate entry so the verifier itself loads no
 * Redis client.
 *
 * @packageDocumentation
 */
import { createClient } from '@redis/client';
import type { ReplayStore } from './ReplayStore.js';

/** Options of {@link createRedisReplayStore}. */
export interface RedisReplayStoreOptions {
  /** The Redis server, e.g. `redis://127.0.0.1:6379` (`rediss://` for TLS; credentials in the URL). */
  readonly url: string;
  /** Prepended to every key, so several relying parties can share one Redis. Default `gdkts:replay:`. */
  readonly keyPrefix?: string;
  /**
   * Longest wait for one `SET`, in ms; a slower answer fails the request closed (503). Default 1 000.
   * Also bounds the connection attempt.
   */
  readonly commandTimeoutMs?: number;
  /** Called with every connection error (for logging); the store keeps reconnecting. */
  readonly onError?: (error: unknown) => void;
}

/** A {@link ReplayStore} kept in Redis. Created by {@link createRedisReplayStore}. */
export interface RedisReplayStore extends ReplayStore {
  /**
   * Records `key` with `SET <prefix><key> 1 NX PX <ttlMs>`: one round trip, atomic across every
   * process sharing the Redis. Redis expires the key itself (its own clock; `nowMs` is not used).
   *
   * @param key - [in] identifies one signature.
   * @param ttlMs - [in] how long to remember it (the verifier passes twice the skew window).
   * @param nowMs - [in] the verifier's clock (unused: Redis keeps the time).
   * @returns `true` for a new key, `false` for a replay. Rejects when Redis is unreachable or slower
   * than `commandTimeoutMs`, and the verifier then refuses the request with
   * `replay-store-unavailable` (503): it fails closed, never accepting a possible replay.
   */
  remember(key: string, ttlMs: number, nowMs: number): Promise<boolean>;
  /** Closes the connection. Later calls to {@link RedisReplayStore.remember} reject. */
  close(): Promise<void>;
}

/**
 * Creates a replay store over a Redis server. It connects at once and reconnects on its own (with
 * back-off up to 2 s). Calls made before the first connection attempt ends wait for it (at most `commandTimeoutMs`);
 * once it has been up, a call made while it is disconnected rejects at once (no offline queue), so
 * the verifier answers 503 instead of accepting requests it cannot check.
 *
 * @param options - [in] the server URL, key prefix and timeout.
 * @returns the store; {@link RedisReplayStore.close} it on shutdown.
 * @throws TypeError when `url` is not a `redis:`/`rediss:` URL or a number option is not positive.
 * @example
 * ```ts no-check
 * import { createRequestVerifier } from '@gdkts/xboxlive/verify';
 * import { createRedisReplayStore } from '@gdkts/xboxlive/verify/redis';
 *
 * const replayProtection = createRedisReplayStore({ url: 'redis://127.0.0.1:6379' });
 * const verifier = createRequestVerifier({ audience: 'rp://contoso.com/', decryptionKeys, replayProtection });
 * ```
 */
export function createRedisReplayStore(options: RedisReplayStoreOptions): RedisReplayStore {
  const { url } = options;
  if (typeof url !== 'string' || !/^rediss?:\/\//i.test(url))
    throw new TypeError(`Expected \`url\` to be a redis:// or rediss:// URL, got \`${String(url)}\``);
  const prefix = options.keyPrefix ?? 'gdkts:replay:';
  if (typeof prefix !== 'string')
    throw new TypeError(`Expected \`keyPrefix\` to be a string, got \`${String(prefix)}\``);
  const timeout = options.commandTimeoutMs ?? 1000;
  if (!Number.isSafeInteger(timeout) || timeout < 1)
    throw new TypeError(`Expected \`commandTimeoutMs\` to be a positive integer, got \`${String(timeout)}\``);

  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: timeout, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000) },
  });
  // The first attempt settles on its first outcome: connected, or an error (e.g. refused).
  let settleFirstAttempt: () => void = () => {};
  const firstAttempt = new Promise<void>((resolve) => (settleFirstAttempt = resolve));
  // Without a listener an 'error' event would crash the process; the rejections carry the failure.
  client.on('error', (error: unknown) => {
    settleFirstAttempt();
    options.onError?.(error);
  });
  client.on('ready', settleFirstAttempt);
  client.connect().catch((error: unknown) => options.onError?.(error));
  const timed = client.withCommandOptions({ timeout });
  let closed = false;
  let attempted = false;

  /** The first requests wait (up to the timeout) for the first connection attempt; later ones never wait. */
  const firstConnection = async (): Promise<void> => {
    if (attempted) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([firstAttempt, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeout)))]);
    clearTimeout(timer);
    attempted = true;
  };

  return {
    async remember(key, ttlMs) {
      if (closed) throw new Error('RedisReplayStore: closed');
      await firstConnection();
      const reply = await timed.set(prefix + key, '1', {
        condition: 'NX',
        expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) },
      });
      return reply === 'OK';
    },
    async close() {
      if (closed) return;
      closed = true;
      if (client.isReady) await client.close();
      else client.destroy();
    },
  };
}
