import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseAuthorizationHeader } from '../src/verify/authorizationHeader.js';
import { encodeSignatureHeader, parseSignatureHeader } from '../src/wire/signatureHeader.js';
import {
  VerificationErrorCode,
  createRequestVerifier,
  type RequestVerifier,
  type VerificationResult,
} from '@gdkts/xboxlive/verify';
import { createVerifyFixture, type VerifyFixture } from './helpers/verifyFixture.js';

let fx: VerifyFixture;
let verifier: RequestVerifier;
let valid: { authorization: string; token: string; userHash: string };
beforeAll(async () => {
  fx = await createVerifyFixture();
  verifier = createRequestVerifier(fx.options());
  valid = fx.issue();
});
afterAll(async () => {
  await fx.close();
});

const CODES: ReadonlySet<string> = new Set(Object.values(VerificationErrorCode));
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function expectTypedRefusal(result: VerificationResult): void {
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(CODES.has(result.error.code)).toBe(true);
    expect([401, 403]).toContain(result.error.status);
  }
}

/** A token-shaped string: dot-separated runs of base64url characters (and the odd stray character). */
const tokenish = fc
  .array(fc.string({ unit: fc.constantFrom(...BASE64URL, '.', '=', '+', ';', ' '), maxLength: 60 }), {
    minLength: 1,
    maxLength: 7,
  })
  .map((parts) => parts.join('.'));

/** The valid token with one edit: a segment replaced, characters inserted or removed, or segments reordered. */
const mutatedToken = fc.oneof(
  fc.tuple(fc.nat(4), fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 400 })).map(([i, text]) => () => {
    const parts = valid.token.split('.');
    parts[i] = text;
    return parts.join('.');
  }),
  fc.tuple(fc.nat(), fc.string({ maxLength: 4 })).map(([at, text]) => () => {
    const i = at % (valid.token.length + 1);
    return valid.token.slice(0, i) + text + valid.token.slice(i);
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 50 })).map(([at, n]) => () => {
    const i = at % valid.token.length;
    return valid.token.slice(0, i) + valid.token.slice(i + n);
  }),
  fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 2, maxLength: 5 }).map((order) => () => {
    const parts = valid.token.split('.');
    return order.map((i) => parts[i]).join('.');
  }),
);

describe('parseAuthorizationHeader', () => {
  it('never throws and returns only well-formed selections', () => {
    const header = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc
        .tuple(fc.constantFrom('XBL3.0 x=', 'xbl3.0 x=', 'XBL3.0 x=-;', 'XBL3.0 x=*;', 'XBL3.0 x=12;'), fc.string())
        .map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(header, (value) => {
        const parsed = parseAuthorizationHeader(value);
        if (parsed !== undefined) {
          expect(parsed.userHash).toMatch(/^(?:\*|-|\d{1,20})$/);
          expect(parsed.token.length).toBeGreaterThan(0);
          expect(value.endsWith(`${parsed.userHash};${parsed.token}`)).toBe(true);
        }
      }),
    );
  });
});

describe('parseSignatureHeader', () => {
  it('never throws, and accepts only canonical 76-byte encodings', () => {
    const value = fc.oneof(
      fc.string(),
      fc.uint8Array({ minLength: 70, maxLength: 80 }).map((bytes) => Buffer.from(bytes).toString('base64')),
      fc.uint8Array({ minLength: 76, maxLength: 76 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
    );
    fc.assert(
      fc.property(value, (text) => {
        const parsed = parseSignatureHeader(text);
        if (parsed !== undefined)
          expect(encodeSignatureHeader(parsed.version, parsed.filetime, parsed.signature)).toBe(text);
      }),
    );
  });
});

describe('RequestVerifier.verify', () => {
  it('refuses any Authorization header with a typed error, never a rejection', async () => {
    const authorization = fc.oneof(
      fc.string(),
      tokenish.map((token) => `XBL3.0 x=-;${token}`),
      fc
        .tuple(fc.constantFrom('*', '-', '1', valid.userHash), tokenish)
        .map(([uhs, token]) => `XBL3.0 x=${uhs};${token}`),
    );
    await fc.assert(
      fc.asyncProperty(authorization, async (value) => {
        expectTypedRefusal(await verifier.verify({ method: 'GET', target: '/', headers: { authorization: value } }));
      }),
    );
  });

  it('refuses every edit of a valid token as an invalid token', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedToken, async (mutate) => {
        const token = mutate();
        fc.pre(token !== valid.token);
        const result = await verifier.verify(fx.signed({ authorization: `XBL3.0 x=${valid.userHash};${token}` }));
        expectTypedRefusal(result);
        if (!result.ok && !/[ ;]/.test(token)) expect(result.error.code).toBe(VerificationErrorCode.InvalidToken);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses any forged Signature header with a typed error', async () => {
    const signature = fc.oneof(
      fc.string(),
      fc.uint8Array({ minLength: 76, maxLength: 76 }).map((bytes) => Buffer.from(bytes).toString('base64')),
      fc
        .uint8Array({ minLength: 64, maxLength: 64 })
        .map((sig) => encodeSignatureHeader(1, BigInt(fx.clock.now) * 10_000n + 116_444_736_000_000_000n, sig)),
    );
    await fc.assert(
      fc.asyncProperty(signature, async (value) => {
        expectTypedRefusal(
          await verifier.verify({
            method: 'GET',
            target: '/',
            headers: { authorization: valid.authorization, signature: value },
          }),
        );
      }),
    );
  });
});
