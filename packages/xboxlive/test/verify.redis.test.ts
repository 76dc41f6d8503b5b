import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  VerificationErrorCode,
  createRequestVerifier,
  verificationErrorResponse,
  withXboxLiveAuth,
  type VerificationError,
} from '@gdkts/xboxlive/verify';
import { createRedisReplayStore, type RedisReplayStore } from '@gdkts/xboxlive/verify/redis';
import { freePort, startRedisServer, type RedisServer } from './helpers/redisServer.js';
import { createVerifyFixture, type SignedRequest, type VerifyFixture } from './helpers/verifyFixture.js';

let fx: VerifyFixture;
let redis: RedisServer;
const stores: RedisReplayStore[] = [];
const servers: Server[] = [];

beforeAll(async () => {
  [fx, redis] = await Promise.all([createVerifyFixture(), startRedisServer()]);
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  await Promise.all([fx.close(), redis.stop()]);
});

function store(url = redis.url, options: { readonly keyPrefix?: string } = {}): RedisReplayStore {
  const created = createRedisReplayStore({ url, ...options });
  stores.push(created);
  return created;
}

/** A verifier-protected node:http server that answers 200 with the caller's XUID. */
async function protectedServer(replayProtection: RedisReplayStore, refused: VerificationError[]): Promise<string> {
  const verifier = createRequestVerifier(fx.options({ replayProtection }));
  const server = createServer(
    withXboxLiveAuth(
      verifier,
      (_req, res, { claims }) => {
        res.end(claims.users[0]?.xid ?? '');
      },
      { onRefused: (error) => refused.push(error) },
    ),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Sends a received-request shape verbatim (same target, headers and body bytes). */
function send(
  base: string,
  request: SignedRequest,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${request.target}`, { method: request.method, headers: request.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

describe('createRedisReplayStore', () => {
  it('answers true for a new key and false for the same key again, across two clients of one Redis', async () => {
    const a = store(redis.url, { keyPrefix: 'shared:' });
    const b = store(redis.url, { keyPrefix: 'shared:' });
    expect(await a.remember('sig-1', 600_000, 0)).toBe(true);
    expect(await b.remember('sig-1', 600_000, 0)).toBe(false);
    expect(await a.remember('sig-1', 600_000, 0)).toBe(false);
    expect(await b.remember('sig-2', 600_000, 0)).toBe(true);
  });

  it('sets one key per signature with the TTL it was given, under the prefix', async () => {
    const s = store(redis.url, { keyPrefix: 'ttl:' });
    expect(await s.remember('sig', 600_000, 0)).toBe(true);
    const raw = createClient({ url: redis.url });
    await raw.connect();
    try {
      const ttl = await raw.pTTL('ttl:sig');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(600_000);
      expect(await raw.get('ttl:sig')).toBe('1');
    } finally {
      await raw.close();
    }
  });

  it('keeps keys of different prefixes apart', async () => {
    expect(await store(redis.url, { keyPrefix: 'rp1:' }).remember('same', 1000, 0)).toBe(true);
    expect(await store(redis.url, { keyPrefix: 'rp2:' }).remember('same', 1000, 0)).toBe(true);
  });

  it('rejects when nothing listens at the URL, and after close', async () => {
    const unreachable = store(`redis://127.0.0.1:${await freePort()}`);
    await expect(unreachable.remember('k', 1000, 0)).rejects.toThrow();
    const closed = store();
    await closed.close();
    await expect(closed.remember('k', 1000, 0)).rejects.toThrow(/closed/);
  });

  it('refuses bad options with TypeError', () => {
    expect(() => createRedisReplayStore({ url: 'http://127.0.0.1:6379' })).toThrow(TypeError);
    expect(() => createRedisReplayStore({ url: 'redis://127.0.0.1:6379', commandTimeoutMs: 0 })).toThrow(TypeError);
  });
});

describe('a verifier with a Redis replay store', () => {
  it('refuses a request replayed to another instance sharing the Redis (two HTTP servers)', async () => {
    const refusedA: VerificationError[] = [];
    const refusedB: VerificationError[] = [];
    const a = await protectedServer(store(), refusedA);
    const b = await protectedServer(store(), refusedB);
    const request = fx.signed({
      method: 'POST',
      target: '/v1/buy',
      authorization: fx.issue().authorization,
      body: Buffer.from('{"item":1}'),
    });

    const first = await send(a, request);
    expect(first).toMatchObject({ status: 200, body: fx.alice.xuid });
    const replayed = await send(b, request);
    expect(replayed.status).toBe(401);
    expect(refusedB.map((error) => error.code)).toEqual([VerificationErrorCode.ReplayedRequest]);
    expect((await send(a, request)).status).toBe(401);

    // A fresh signature of the same call is a new request on either instance.
    fx.clock.now += 1;
    expect(
      (
        await send(
          b,
          fx.signed({
            method: 'POST',
            target: '/v1/buy',
            authorization: request.headers.authorization as string,
            body: Buffer.from('{"item":1}'),
          }),
        )
      ).status,
    ).toBe(200);
    expect(refusedA.map((error) => error.code)).toEqual([VerificationErrorCode.ReplayedRequest]);
  });

  it('remembers the signature for twice the skew window', async () => {
    const raw = createClient({ url: redis.url });
    await raw.connect();
    try {
      const verifier = createRequestVerifier(
        fx.options({ replayProtection: store(redis.url, { keyPrefix: 'skew:' }), clockSkewSeconds: 120 }),
      );
      fx.clock.now += 1;
      expect((await verifier.verify(fx.signed({ authorization: fx.issue().authorization }))).ok).toBe(true);
      const [key] = await raw.keys('skew:*');
      const ttl = await raw.pTTL(key as string);
      expect(ttl).toBeGreaterThan(120_000);
      expect(ttl).toBeLessThanOrEqual(240_000);
    } finally {
      await raw.close();
    }
  });

  it('fails closed with 503 replay-store-unavailable when Redis is unreachable', async () => {
    const refused: VerificationError[] = [];
    const base = await protectedServer(store(`redis://127.0.0.1:${await freePort()}`), refused);
    fx.clock.now += 1;
    const response = await send(base, fx.signed({ authorization: fx.issue().authorization }));
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.body).toBe('');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ code: VerificationErrorCode.ReplayStoreUnavailable, status: 503 });
    expect(refused[0]?.cause).toBeInstanceOf(Error);
  });

  it('fails closed once the Redis it was using goes away', async () => {
    const own = await startRedisServer();
    const verifier = createRequestVerifier(fx.options({ replayProtection: store(own.url) }));
    fx.clock.now += 1;
    expect((await verifier.verify(fx.signed({ authorization: fx.issue().authorization }))).ok).toBe(true);
    await own.stop();
    fx.clock.now += 1;
    const result = await verifier.verify(fx.signed({ authorization: fx.issue().authorization }));
    expect(result).toMatchObject({
      ok: false,
      error: { code: VerificationErrorCode.ReplayStoreUnavailable, status: 503 },
    });
  });

  it('maps replay-store-unavailable to an empty 503 with Retry-After', () => {
    expect(verificationErrorResponse({ code: VerificationErrorCode.ReplayStoreUnavailable, status: 503 })).toEqual({
      status: 503,
      headers: { 'Retry-After': '1', 'Content-Length': '0' },
    });
  });

  it('fails closed when a custom store throws synchronously', async () => {
    const verifier = createRequestVerifier(
      fx.options({
        replayProtection: {
          remember() {
            throw new Error('store down');
          },
        },
      }),
    );
    fx.clock.now += 1;
    const result = await verifier.verify(fx.signed({ authorization: fx.issue().authorization }));
    expect(result).toMatchObject({
      ok: false,
      error: { code: VerificationErrorCode.ReplayStoreUnavailable, status: 503 },
    });
  });
});

describe('audience', () => {
  // token-signature.md §3.1 step 6: `aud` is an exact match.
  it.each(['rp://Contoso.com/', 'RP://contoso.com/', 'rp://contoso.com', 'rp://contoso.com//'])(
    'refuses a token for rp://contoso.com/ at a verifier for %s with 403',
    async (audience) => {
      const verifier = createRequestVerifier(fx.options({ audience }));
      fx.clock.now += 1;
      const result = await verifier.verify(fx.signed({ authorization: fx.issue().authorization }));
      expect(result).toMatchObject({ ok: false, error: { code: VerificationErrorCode.WrongAudience, status: 403 } });
    },
  );
});
