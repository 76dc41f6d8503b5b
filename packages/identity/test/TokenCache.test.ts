import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TOKEN_REFRESH_WINDOW_MS, TokenCache } from '@gdkts/identity';
import type { TokenFetchResult } from '@gdkts/identity';

const key = (user: string, relyingParty = 'rp://a/', subRelyingParty = '', tokenType = 'JWT') => ({ user, relyingParty, subRelyingParty, tokenType });

function fetcher(clock: { now: number }) {
  let n = 0;
  const fetch = (): Promise<TokenFetchResult<string>> => {
    const id = ++n;
    return Promise.resolve({ ok: true, token: { authorization: `token-${id}`, expiresAt: clock.now + 4 * 3600_000 } });
  };
  return { fetch, get count() { return n; } };
}

describe('TokenCache', () => {
  it('concurrent requests for one key share one refresh, whatever mix of ForceRefresh they carry', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 20 }), async (forces) => {
        const clock = { now: 0 };
        const cache = new TokenCache<string>(() => clock.now);
        const source = fetcher(clock);
        const results = forces.map((force) => cache.get(key('1'), force, source.fetch));
        const settled = await Promise.all(results);
        expect(source.count).toBe(1);
        expect(cache.fetchCount).toBe(1);
        for (const r of settled) expect('ok' in r ? r.ok && r.token.authorization : r.authorization).toBe('token-1');
      }),
    );
  });

  it('one entry per (user, relying party, sub relying party, token type)', async () => {
    const clock = { now: 0 };
    const cache = new TokenCache<string>(() => clock.now);
    const source = fetcher(clock);
    const keys = [key('1'), key('2'), key('1', 'rp://b/'), key('1', 'rp://a/', 'sub'), key('1', 'rp://a/', '', 'SAML')];
    for (const k of keys) await cache.get(k, false, source.fetch);
    expect(source.count).toBe(keys.length);
    for (const k of keys) expect(cache.get(k, false, source.fetch)).not.toBeInstanceOf(Promise);
    expect(source.count).toBe(keys.length);
    expect(cache.size).toBe(keys.length);
  });

  it('reuses a token until 10 minutes before expiry, then refreshes', async () => {
    const clock = { now: 0 };
    const cache = new TokenCache<string>(() => clock.now);
    const source = fetcher(clock);
    await cache.get(key('1'), false, source.fetch);
    const expiresAt = 4 * 3600_000;
    clock.now = expiresAt - TOKEN_REFRESH_WINDOW_MS - 1;
    expect(cache.get(key('1'), false, source.fetch)).toEqual({ authorization: 'token-1', expiresAt });
    clock.now = expiresAt - TOKEN_REFRESH_WINDOW_MS;
    const refreshed = await cache.get(key('1'), false, source.fetch);
    expect(refreshed).toMatchObject({ ok: true, token: { authorization: 'token-2' } });
    expect(cache.get(key('1'), false, source.fetch)).toMatchObject({ authorization: 'token-2' });
  });

  it('ForceRefresh replaces a fresh entry', async () => {
    const clock = { now: 0 };
    const cache = new TokenCache<string>(() => clock.now);
    const source = fetcher(clock);
    await cache.get(key('1'), false, source.fetch);
    await cache.get(key('1'), true, source.fetch);
    expect(source.count).toBe(2);
    expect(cache.get(key('1'), false, source.fetch)).toMatchObject({ authorization: 'token-2' });
  });

  it('never caches a failure: the next request fetches again', async () => {
    const cache = new TokenCache<string>(() => 0);
    let calls = 0;
    const failing = (): Promise<TokenFetchResult<string>> => Promise.resolve({ ok: false, failure: `no-${++calls}` });
    expect(await cache.get(key('1'), false, failing)).toEqual({ ok: false, failure: 'no-1' });
    expect(cache.size).toBe(0);
    expect(await cache.get(key('1'), false, failing)).toEqual({ ok: false, failure: 'no-2' });
  });

  it('a failed refresh keeps the previous token for later requests; a thrown fetch rejects its callers', async () => {
    const clock = { now: 0 };
    const cache = new TokenCache<string>(() => clock.now);
    const source = fetcher(clock);
    await cache.get(key('1'), false, source.fetch);
    await cache.get(key('1'), true, () => Promise.resolve({ ok: false, failure: 'x' }));
    expect(cache.get(key('1'), false, source.fetch)).toMatchObject({ authorization: 'token-1' });
    await expect(cache.get(key('1'), true, () => Promise.reject(new Error('net')))).rejects.toThrow('net');
    expect(cache.get(key('1'), false, source.fetch)).toMatchObject({ authorization: 'token-1' });
  });

  it('deleteUser drops only that user; a refresh in flight answers but is not stored', async () => {
    const clock = { now: 0 };
    const cache = new TokenCache<string>(() => clock.now);
    const source = fetcher(clock);
    await cache.get(key('1'), false, source.fetch);
    await cache.get(key('12'), false, source.fetch);
    const inFlight = cache.get(key('1', 'rp://b/'), false, source.fetch);
    expect(cache.deleteUser('1')).toBe(2);
    expect(await inFlight).toMatchObject({ ok: true });
    expect(cache.size).toBe(1);
    expect(cache.get(key('12'), false, source.fetch)).not.toBeInstanceOf(Promise);
  });
});
