import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenReader, type TokenReader } from '../src/verify/tokenReader.js';
import { createVerifiedTokenCache } from '../src/verify/verifiedTokenCache.js';
import { createVerifyFixture, type VerifyFixture } from './helpers/verifyFixture.js';

let fx: VerifyFixture;
beforeAll(async () => {
  fx = await createVerifyFixture();
});
afterAll(async () => {
  await fx.close();
});

/** The real token reader, counting how often it is asked to read. */
function countingReader(): TokenReader & { reads: number } {
  const reader = createTokenReader({
    decryptionKeys: [fx.relyingParty.decryptionKey],
    jwksAllowedHosts: [fx.jwks.host],
    now: fx.now,
  });
  const counting = {
    reads: 0,
    read(token: string) {
      counting.reads++;
      return reader.read(token);
    },
  };
  return counting;
}

describe('createVerifiedTokenCache', () => {
  it('reads a token once for many requests, including concurrent ones', async () => {
    const reader = countingReader();
    const cache = createVerifiedTokenCache(reader, 100, 60_000);
    const { token } = fx.issue();
    const results = await Promise.all(Array.from({ length: 10 }, () => cache.read(token, fx.clock.now)));
    expect(results.every((r) => r.ok)).toBe(true);
    await cache.read(token, fx.clock.now + 1000);
    expect(reader.reads).toBe(1);
    const [first] = results;
    expect(first?.ok && first.token.proofKey?.asymmetricKeyType).toBe('ec');
  });

  it('reads the token again once it is past exp plus the retention', async () => {
    const reader = countingReader();
    const cache = createVerifiedTokenCache(reader, 100, 60_000);
    const { token, claims } = fx.issue();
    await cache.read(token, fx.clock.now);
    await cache.read(token, claims.exp * 1000 + 60_000);
    expect(reader.reads).toBe(1);
    await cache.read(token, claims.exp * 1000 + 60_001);
    expect(reader.reads).toBe(2);
  });

  it('does not keep failed reads', async () => {
    const reader = countingReader();
    const cache = createVerifiedTokenCache(reader, 100, 0);
    const bad = `${fx.issue().token}x`;
    expect((await cache.read(bad, fx.clock.now)).ok).toBe(false);
    expect((await cache.read(bad, fx.clock.now)).ok).toBe(false);
    expect(reader.reads).toBe(2);
  });

  it('drops the oldest token when full', async () => {
    const reader = countingReader();
    const cache = createVerifiedTokenCache(reader, 2, 0);
    const [a, b, c] = [fx.issue().token, fx.issue().token, fx.issue().token];
    for (const token of [a, b, c]) await cache.read(token, fx.clock.now);
    await cache.read(c, fx.clock.now);
    await cache.read(b, fx.clock.now);
    expect(reader.reads).toBe(3);
    await cache.read(a, fx.clock.now);
    expect(reader.reads).toBe(4);
  });
});
