import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account, RelyingParty, Title } from '@gdkts/xboxlive';
import { createRequestSigner } from '@gdkts/xboxlive/client';
import { parseSignatureHeader, encodeSignatureHeader } from '../src/wire/signatureHeader.js';
import {
  SignatureMode,
  VerificationErrorCode,
  createMemoryReplayStore,
  createRequestVerifier,
  privilegesOf,
  verificationErrorResponse,
  type ReceivedRequest,
  type RequestVerifierOptions,
  type VerificationResult,
} from '@gdkts/xboxlive/verify';
import { flipSegmentByte, sealToken, signJws } from './helpers/tokenFixtures.js';
import { AUDIENCE, createVerifyFixture, type VerifyFixture } from './helpers/verifyFixture.js';

let fx: VerifyFixture;
beforeAll(async () => {
  fx = await createVerifyFixture();
});
afterAll(async () => {
  await fx.close();
});

/** P-256 group order: s and n − s both verify. */
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

function verify(
  request: ReceivedRequest,
  overrides: Partial<RequestVerifierOptions> = {},
): Promise<VerificationResult> {
  return createRequestVerifier(fx.options(overrides)).verify(request);
}

function expectAccepted(result: VerificationResult): asserts result is Extract<VerificationResult, { ok: true }> {
  if (!result.ok)
    expect.fail(
      `refused: ${result.error.code}${result.error.tokenError === undefined ? '' : ` (${result.error.tokenError})`}`,
    );
}

function expectRefused(result: VerificationResult, code: VerificationErrorCode, status: 401 | 403 = 401): void {
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.error.code).toBe(code);
    expect(result.error.status).toBe(status);
  }
}

function withHighS(signatureHeader: string): string {
  const parsed = parseSignatureHeader(signatureHeader)!;
  const s = BigInt(`0x${parsed.signature.subarray(32).toString('hex')}`);
  const flipped = Buffer.from((P256_N - s).toString(16).padStart(64, '0'), 'hex');
  return encodeSignatureHeader(
    parsed.version,
    parsed.filetime,
    Buffer.concat([parsed.signature.subarray(0, 32), flipped]),
  );
}

describe('createRequestVerifier', () => {
  it('accepts a signed GET and returns the selected user with string ids', async () => {
    const token = fx.issue({ users: [fx.alice, fx.bob] });
    const result = await verify(fx.signed({ authorization: token.authorization }));
    expectAccepted(result);
    const { claims } = result;
    expect(claims.userHash).toBe(token.userHash);
    expect(claims.users).toHaveLength(1);
    expect(claims.users[0]?.xid).toBe('2535428717109723');
    expect(claims.users[0]?.ptx).toMatch(/^[0-9A-F]{40}$/);
    expect(claims.audience).toBe(AUDIENCE);
    expect(claims.sandbox).toBe('RETAIL');
    expect(claims.title?.tid).toBe(String(0x12345678));
    expect(claims.proofKey).toMatchObject({ kty: 'EC', crv: 'P-256', x: fx.device.proofKey.jwk.x });
    expect(claims.signedAt).toBe(fx.clock.now);
    expect(claims.expiresAt - claims.notBefore).toBe(4 * 3600);
  });

  it('accepts a signed POST whose body is covered by the signature', async () => {
    const token = fx.issue();
    const body = Buffer.from(JSON.stringify({ score: 42 }));
    expectAccepted(
      await verify(fx.signed({ method: 'POST', target: '/v1/scores', authorization: token.authorization, body })),
    );
  });

  it('selects every user for x=* and none for x=-, keeping XUIDs above 2^53 exact', async () => {
    const token = fx.issue({ users: [fx.alice, fx.bob], allUsers: true });
    const all = await verify(fx.signed({ authorization: token.authorization }));
    expectAccepted(all);
    expect(all.claims.users.map((u) => u.xid)).toEqual(['2535428717109723', '18446744073709551615']);
    const none = await verify(fx.signed({ authorization: token.authorization.replace('x=*;', 'x=-;') }));
    expectAccepted(none);
    expect(none.claims.users).toEqual([]);
    const second = await verify(
      fx.signed({ authorization: token.authorization.replace('x=*;', `x=${token.claims.xui?.[1]?.uhs};`) }),
    );
    expectAccepted(second);
    expect(second.claims.users[0]?.gtg).toBe('Bob');
  });

  describe('refuses', () => {
    it.each([0, 1, 2, 3, 4])('a token with one byte flipped in segment %i', async (segment) => {
      const token = fx.issue();
      const tampered = `XBL3.0 x=${token.userHash};${flipSegmentByte(token.token, segment, 7)}`;
      const result = await verify(fx.signed({ authorization: tampered }));
      expectRefused(result, VerificationErrorCode.InvalidToken);
    });

    it('a token for another audience with 403', async () => {
      const token = fx.issue();
      expectRefused(
        await verify(fx.signed({ authorization: token.authorization }), { audience: 'rp://fabrikam.com/' }),
        VerificationErrorCode.WrongAudience,
        403,
      );
    });

    it('with 401, not 403, a request for another audience whose signature does not verify', async () => {
      const token = fx.issue();
      const request = fx.signed({ authorization: token.authorization });
      expectRefused(
        await verify({ ...request, method: 'PUT' }, { audience: 'rp://fabrikam.com/' }),
        VerificationErrorCode.InvalidSignature,
      );
    });

    it('an expired token', async () => {
      const token = fx.issue();
      const issuedAt = fx.clock.now;
      try {
        fx.clock.now = token.claims.exp * 1000 + 61_000;
        expectRefused(
          await verify(fx.signed({ authorization: token.authorization })),
          VerificationErrorCode.TokenExpired,
        );
        fx.clock.now = token.claims.exp * 1000 + 59_000;
        expectAccepted(await verify(fx.signed({ authorization: token.authorization })));
      } finally {
        fx.clock.now = issuedAt;
      }
    });

    it('a token that is not valid yet', async () => {
      const token = fx.issue();
      const issuedAt = fx.clock.now;
      try {
        fx.clock.now = issuedAt - 61_000;
        expectRefused(
          await verify(fx.signed({ authorization: token.authorization })),
          VerificationErrorCode.TokenNotYetValid,
        );
      } finally {
        fx.clock.now = issuedAt;
      }
    });

    it('a token encrypted to a certificate the relying party does not hold (unknown x5t)', async () => {
      const other = await RelyingParty.create({ audience: AUDIENCE, publisherId: 'contoso' });
      const token = fx.issue({ relyingParty: other });
      const result = await verify(fx.signed({ authorization: token.authorization }));
      expectRefused(result, VerificationErrorCode.InvalidToken);
      expect(!result.ok && result.error.tokenError).toBe('unknown-x5t');
    });

    it('a user hash that is not in the token', async () => {
      const token = fx.issue();
      const wrongHash = token.userHash === '1' ? '2' : '1';
      expectRefused(
        await verify(fx.signed({ authorization: `XBL3.0 x=${wrongHash};${token.token}` })),
        VerificationErrorCode.UnknownUserHash,
      );
    });

    it('a signature made 301 s ago, or 301 s ahead', async () => {
      const token = fx.issue();
      const request = fx.signed({ authorization: token.authorization });
      expectRefused(
        await verify(request, { now: () => fx.clock.now + 301_000 }),
        VerificationErrorCode.SignatureTimestampOutOfRange,
      );
      expectAccepted(await verify(request, { now: () => fx.clock.now + 300_000 }));
      const issuedAt = fx.clock.now;
      fx.clock.now = issuedAt + 301_000;
      const ahead = fx.signed({ authorization: token.authorization });
      fx.clock.now = issuedAt;
      expectRefused(await verify(ahead), VerificationErrorCode.SignatureTimestampOutOfRange);
    });

    it('a request whose method changed', async () => {
      const token = fx.issue();
      const request = fx.signed({ method: 'GET', authorization: token.authorization });
      expectRefused(await verify({ ...request, method: 'DELETE' }), VerificationErrorCode.InvalidSignature);
    });

    it('a request whose query changed', async () => {
      const token = fx.issue();
      const request = fx.signed({ target: '/v1/items?page=2', authorization: token.authorization });
      expectRefused(await verify({ ...request, target: '/v1/items?page=3' }), VerificationErrorCode.InvalidSignature);
    });

    it('an Authorization header whose whitespace or scheme case changed', async () => {
      const token = fx.issue();
      const request = fx.signed({ authorization: token.authorization });
      const rewrite = (authorization: string): ReceivedRequest => ({
        ...request,
        headers: { ...request.headers, authorization },
      });
      expectRefused(
        await verify(rewrite(token.authorization.replace('XBL3.0 ', 'XBL3.0  '))),
        VerificationErrorCode.MalformedAuthorization,
      );
      expectRefused(await verify(rewrite(`${token.authorization} `)), VerificationErrorCode.InvalidToken);
      expectRefused(
        await verify(rewrite(token.authorization.replace('XBL3.0', 'xbl3.0'))),
        VerificationErrorCode.InvalidSignature,
      );
    });

    it('a request without a signature when one is required', async () => {
      const token = fx.issue();
      expectRefused(
        await verify({ method: 'GET', target: '/', headers: { authorization: token.authorization } }),
        VerificationErrorCode.MissingSignature,
      );
    });

    it('a replayed request when replay protection is on, including the high-S twin of its signature', async () => {
      const token = fx.issue();
      const verifier = createRequestVerifier(fx.options({ replayProtection: createMemoryReplayStore() }));
      const request = fx.signed({ authorization: token.authorization });
      expectAccepted(await verifier.verify(request));
      expectRefused(await verifier.verify(request), VerificationErrorCode.ReplayedRequest);
      const twin = {
        ...request,
        headers: { ...request.headers, signature: withHighS(String(request.headers['signature'])) },
      };
      expectRefused(await verifier.verify(twin), VerificationErrorCode.ReplayedRequest);
      expectAccepted(await verifier.verify(fx.signed({ authorization: token.authorization })));
    });

    it('a token whose jku host is not allow-listed', async () => {
      const token = fx.issue();
      const result = await verify(fx.signed({ authorization: token.authorization }), {
        jwksAllowedHosts: ['xsts-keys.auth.xboxlive.com'],
      });
      expectRefused(result, VerificationErrorCode.InvalidToken);
      expect(!result.ok && result.error.tokenError).toBe('jku-not-allowed');
    });

    it('a deflate bomb', async () => {
      const bomb = sealToken(Buffer.alloc(64 * 1024 * 1024), {
        recipientKey: fx.relyingParty.publicKey,
        x5t: fx.relyingParty.x5t,
      });
      const result = await verify(fx.signed({ authorization: `XBL3.0 x=-;${bomb}` }));
      expectRefused(result, VerificationErrorCode.InvalidToken);
      expect(!result.ok && result.error.tokenError).toBe('too-large');
    });

    it('a token from a sandbox that is not allowed, with 403', async () => {
      const tester = new Account({ gamertag: 'Tester', sandboxes: ['XDKS.1'] });
      const token = fx.issue({ users: [tester], title: new Title({ titleId: 0x12345678, sandbox: 'XDKS.1' }) });
      const request = fx.signed({ authorization: token.authorization });
      expectRefused(await verify(request), VerificationErrorCode.SandboxNotAllowed, 403);
      expectAccepted(await verify(request, { allowedSandboxes: ['XDKS.1'] }));
    });

    it('a user without a required privilege, with 403', async () => {
      const token = fx.issue({ users: [fx.bob] });
      const request = fx.signed({ authorization: token.authorization });
      expectRefused(await verify(request, { requiredPrivileges: [254] }), VerificationErrorCode.MissingPrivilege, 403);
      expectAccepted(await verify(request, { requiredPrivileges: [185] }));
    });

    it('a token with another issuer', async () => {
      const token = fx.issue();
      expectRefused(
        await verify(fx.signed({ authorization: token.authorization }), { issuer: 'sts.example.com' }),
        VerificationErrorCode.InvalidIssuer,
      );
    });

    it('a missing or malformed header', async () => {
      expectRefused(
        await verify({ method: 'GET', target: '/', headers: {} }),
        VerificationErrorCode.MissingAuthorization,
      );
      expectRefused(
        await verify({ method: 'GET', target: '/', headers: { authorization: 'Bearer abc' } }),
        VerificationErrorCode.MalformedAuthorization,
      );
      const token = fx.issue();
      const request = fx.signed({ authorization: token.authorization });
      const bad = { ...request, headers: { ...request.headers, signature: 'AAAA' } };
      expectRefused(await verify(bad), VerificationErrorCode.MalformedSignature);
    });

    it('a signature of another policy version', async () => {
      const token = fx.issue();
      const request = fx.signed({ authorization: token.authorization, policy: { Version: 2, MaxBodyBytes: 8192 } });
      expectRefused(await verify(request), VerificationErrorCode.UnsupportedSignatureVersion);
      expectAccepted(await verify(request, { signaturePolicy: { Version: 2, MaxBodyBytes: 8192 } }));
    });

    it('a signature by a key other than the token proof key', async () => {
      const token = fx.issue();
      const request = fx.signed({ authorization: token.authorization });
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const forged = createRequestSigner(privateKey, { now: fx.now }).sign({
        method: request.method,
        url: request.target,
        headers: request.headers,
      });
      expectRefused(
        await verify({ ...request, headers: { ...request.headers, signature: forged } }),
        VerificationErrorCode.InvalidSignature,
      );
    });
  });

  describe('accepts', () => {
    it('a body whose byte 8193 changed under MaxBodyBytes 8192, but not byte 8192', async () => {
      const token = fx.issue();
      const body = Buffer.alloc(10_000, 0x61);
      const request = fx.signed({ method: 'PUT', target: '/v1/blob', authorization: token.authorization, body });
      const changed = (index: number): ReceivedRequest => {
        const copy = Buffer.from(body);
        copy[index] = 0x62;
        return { ...request, body: copy };
      };
      expectAccepted(await verify(changed(8192)));
      expectRefused(await verify(changed(8191)), VerificationErrorCode.InvalidSignature);
    });

    it('header names in any case, extra headers signed in policy order', async () => {
      const token = fx.issue();
      const policy = { Version: 1, MaxBodyBytes: 8192, ExtraHeaders: ['X-Request-Id', 'Content-Type'] };
      const request = fx.signed({
        authorization: token.authorization,
        headers: { 'x-request-id': 'abc', 'content-type': 'application/json' },
        policy,
      });
      const shouted = {
        AUTHORIZATION: request.headers['authorization'],
        SiGnAtUrE: request.headers['signature'],
        'X-REQUEST-ID': 'abc',
        'Content-Type': 'application/json',
      } as Record<string, string>;
      expectAccepted(await verify({ ...request, headers: shouted }, { signaturePolicy: policy }));
      expectAccepted(await verify({ ...request, headers: new Headers(shouted) }, { signaturePolicy: policy }));
      expectRefused(
        await verify({ ...request, headers: { ...shouted, 'X-REQUEST-ID': 'abd' } }, { signaturePolicy: policy }),
        VerificationErrorCode.InvalidSignature,
      );
    });

    it('the A128CBC-HS256 spelling of the content encryption', async () => {
      const issued = fx.issue();
      const jws = signJws(
        { alg: 'RS256', typ: 'JWT', kid: fx.issuer.kid, jku: fx.issuer.jku },
        { ...issued.claims },
        fx.issuerKey,
      );
      const token = sealToken(jws, {
        recipientKey: fx.relyingParty.publicKey,
        x5t: fx.relyingParty.x5t,
        enc: 'A128CBC-HS256',
      });
      const result = await verify(fx.signed({ authorization: `XBL3.0 x=${issued.userHash};${token}` }));
      expectAccepted(result);
      expect(result.claims.users[0]?.xid).toBe(fx.alice.xuid);
    });

    it('a high-S signature', async () => {
      const token = fx.issue();
      const request = fx.signed({ authorization: token.authorization });
      const twin = {
        ...request,
        headers: { ...request.headers, signature: withHighS(String(request.headers['signature'])) },
      };
      expectAccepted(await verify(twin));
    });

    it('an absolute-form target, and a trailing empty query', async () => {
      const token = fx.issue();
      const request = fx.signed({ target: '/v1/items', authorization: token.authorization });
      expectAccepted(await verify({ ...request, target: 'https://api.contoso.com/v1/items' }));
      expectAccepted(await verify({ ...request, target: '/v1/items?' }));
    });
  });

  describe('signature modes', () => {
    it('ignores the Signature header when off', async () => {
      const token = fx.issue();
      const result = await verify(
        { method: 'GET', target: '/', headers: { authorization: token.authorization, signature: 'garbage' } },
        { signatureMode: SignatureMode.Off },
      );
      expectAccepted(result);
      expect(result.claims.signedAt).toBeUndefined();
    });

    it('accepts an unsigned request but checks a present signature when verify-if-present', async () => {
      const token = fx.issue();
      const options = { signatureMode: SignatureMode.VerifyIfPresent };
      expectAccepted(
        await verify({ method: 'GET', target: '/', headers: { authorization: token.authorization } }, options),
      );
      const request = fx.signed({ authorization: token.authorization });
      expectAccepted(await verify(request, options));
      expectRefused(await verify({ ...request, method: 'POST' }, options), VerificationErrorCode.InvalidSignature);
    });
  });

  it('rejects invalid options with TypeError', () => {
    expect(() => createRequestVerifier(fx.options({ audience: [] }))).toThrow(TypeError);
    expect(() => createRequestVerifier(fx.options({ clockSkewSeconds: -1 }))).toThrow(TypeError);
    expect(() => createRequestVerifier(fx.options({ signatureMode: 'sometimes' as SignatureMode }))).toThrow(TypeError);
    expect(() => createRequestVerifier(fx.options({ tokenCacheSize: 0 }))).toThrow(TypeError);
  });
});

describe('verificationErrorResponse', () => {
  it('answers 401 with WWW-Authenticate: XBL3.0 and 403 without, both empty', () => {
    expect(verificationErrorResponse({ code: 'token-expired', status: 401 })).toEqual({
      status: 401,
      headers: { 'WWW-Authenticate': 'XBL3.0', 'Content-Length': '0' },
    });
    expect(verificationErrorResponse({ code: 'wrong-audience', status: 403 })).toEqual({
      status: 403,
      headers: { 'Content-Length': '0' },
    });
  });
});

describe('privilegesOf', () => {
  it('parses the space-separated prv claim and skips junk', () => {
    expect(privilegesOf({ prv: '185 254  x 4294967295' })).toEqual([185, 254, 4294967295]);
    expect(privilegesOf({})).toEqual([]);
  });
});
