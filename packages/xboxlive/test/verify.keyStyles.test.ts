// token-signature.md §1.3 and §3.1 step 5: the inner JWS names its key by kid + jku, or (relying
// parties without JKU support) by x5t + x5u; the verifier resolves both under the host allowlist,
// caches both, and refetches once for an unknown id.
import { createHash, X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RelyingParty, XSTS_SIGNING_CERTIFICATES_URL } from '@gdkts/xboxlive';
import { VerificationErrorCode, createRequestVerifier } from '@gdkts/xboxlive/verify';
import { AUDIENCE, createVerifyFixture, type VerifyFixture } from './helpers/verifyFixture.js';

let fx: VerifyFixture;
let legacy: RelyingParty;
let server: Server;
let host: string;
/** What the x5u URL serves; tests replace it. */
let document: () => unknown;

beforeAll(async () => {
  fx = await createVerifyFixture();
  legacy = await RelyingParty.create({
    audience: AUDIENCE,
    publisherId: 'contoso',
    jkuSupport: false,
    userClaims: ['xid'],
    now: fx.now,
  });
  server = createServer((_req, res) =>
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(document())),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  fx.issuer.setX5u(`http://${host}/xsts/signingkeys`);
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fx.close();
});

function outerHeader(relyingParty: RelyingParty): Record<string, unknown> {
  const token = fx.issue({ relyingParty });
  return JSON.parse(Buffer.from(token.authorization.split(';')[1]!.split('.')[0]!, 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

/** A verifier for the legacy relying party, counting the fetches of key documents. */
function legacyVerifier(allowed: readonly string[] = [host, fx.jwks.host]): {
  verifier: ReturnType<typeof createRequestVerifier>;
  fetches: string[];
} {
  const fetches: string[] = [];
  const verifier = createRequestVerifier({
    audience: AUDIENCE,
    decryptionKeys: [legacy.decryptionKey],
    jwksAllowedHosts: allowed,
    now: fx.now,
    jwksRefetchCooldownMs: 60_000,
    signatureMode: 'off',
    fetch: async (input, init) => {
      fetches.push(String(input));
      return fetch(input, init);
    },
  });
  return { verifier, fetches };
}

describe('the issuer', () => {
  it('names its key by kid + jku for a relying party with JKU support (the default), by x5t + x5u without', async () => {
    expect(fx.relyingParty.jkuSupport).toBe(true);
    expect(legacy.jkuSupport).toBe(false);
    // The outer JWE header is the same in both styles; the inner one is checked through the verifier below.
    expect(outerHeader(legacy)).toMatchObject({ alg: 'RSA-OAEP', x5t: legacy.x5t });
    const certificates = fx.issuer.signingCertificates();
    const [[x5t, pem]] = Object.entries(certificates) as [[string, string]];
    const certificate = new X509Certificate(pem);
    expect(createHash('sha1').update(certificate.raw).digest('base64url')).toBe(x5t);
    expect(certificate.publicKey.export({ format: 'jwk' }).n).toBe(fx.issuer.jwks().keys[0]?.n);
    expect((await RelyingParty.create({ audience: 'rp://x.test/', publisherId: 'x' })).jkuSupport).toBe(true);
    await expect(
      RelyingParty.create({ audience: 'rp://x.test/', publisherId: 'x', jkuSupport: 'no' as never }),
    ).rejects.toThrow(TypeError);
  });

  it('points x5u at the real certificate document unless told otherwise', async () => {
    const { TokenIssuer } = await import('@gdkts/xboxlive');
    const issuer = await TokenIssuer.create({ signingKey: fx.issuerKey });
    expect(issuer.x5u).toBe(XSTS_SIGNING_CERTIFICATES_URL);
    expect(() => issuer.setX5u('ftp://x')).toThrow(TypeError);
  });
});

describe('the verifier resolves x5t + x5u', () => {
  it('verifies an x5u-style token, fetching the certificate document once for many tokens', async () => {
    document = () => fx.issuer.signingCertificates();
    const { verifier, fetches } = legacyVerifier();
    for (let i = 0; i < 3; i++) {
      const result = await verifier.verify({
        method: 'GET',
        target: '/',
        headers: { authorization: fx.issue({ relyingParty: legacy }).authorization },
      });
      expect(result.ok).toBe(true);
    }
    expect(fetches).toEqual([`http://${host}/xsts/signingkeys`]);
  });

  it('refuses an x5u outside the host allowlist without fetching it', async () => {
    document = () => fx.issuer.signingCertificates();
    const { verifier, fetches } = legacyVerifier([fx.jwks.host]);
    const result = await verifier.verify({
      method: 'GET',
      target: '/',
      headers: { authorization: fx.issue({ relyingParty: legacy }).authorization },
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: VerificationErrorCode.InvalidToken, tokenError: 'jku-not-allowed' },
    });
    expect(fetches).toEqual([]);
  });

  it('refetches once for an unknown x5t (a rotated key), then not again within the cooldown', async () => {
    document = () => fx.issuer.signingCertificates();
    const { verifier, fetches } = legacyVerifier();
    expect(
      (
        await verifier.verify({
          method: 'GET',
          target: '/',
          headers: { authorization: fx.issue({ relyingParty: legacy }).authorization },
        })
      ).ok,
    ).toBe(true);
    await fx.issuer.rotateSigningKey();
    const rotated = fx.issue({ relyingParty: legacy }).authorization;
    expect((await verifier.verify({ method: 'GET', target: '/', headers: { authorization: rotated } })).ok).toBe(true);
    expect(fetches).toHaveLength(2);
    // A document that no longer lists the key: no refetch within the cooldown, one after it.
    document = () => ({});
    await fx.issuer.rotateSigningKey();
    const unknown = fx.issue({ relyingParty: legacy }).authorization;
    const refused = { ok: false, error: { tokenError: 'unknown-kid' } };
    expect(await verifier.verify({ method: 'GET', target: '/', headers: { authorization: unknown } })).toMatchObject(
      refused,
    );
    expect(fetches).toHaveLength(2);
    fx.clock.now += 61_000;
    expect(await verifier.verify({ method: 'GET', target: '/', headers: { authorization: unknown } })).toMatchObject(
      refused,
    );
    expect(await verifier.verify({ method: 'GET', target: '/', headers: { authorization: unknown } })).toMatchObject(
      refused,
    );
    expect(fetches).toHaveLength(3);
  });

  it('skips a certificate listed under another thumbprint', async () => {
    const [[x5t, pem]] = Object.entries(fx.issuer.signingCertificates()) as [[string, string]];
    document = () => ({ [`${x5t.slice(0, -2)}AA`]: pem });
    const { verifier } = legacyVerifier();
    const result = await verifier.verify({
      method: 'GET',
      target: '/',
      headers: { authorization: fx.issue({ relyingParty: legacy }).authorization },
    });
    expect(result).toMatchObject({ ok: false, error: { tokenError: 'unknown-kid' } });
  });

  it('still verifies kid + jku tokens beside x5u ones, each from its own document', async () => {
    document = () => fx.issuer.signingCertificates();
    const verifier = createRequestVerifier({
      ...fx.options({ signatureMode: 'off' }),
      decryptionKeys: [fx.relyingParty.decryptionKey, legacy.decryptionKey],
      jwksAllowedHosts: [host, fx.jwks.host],
    });
    expect(
      (await verifier.verify({ method: 'GET', target: '/', headers: { authorization: fx.issue().authorization } })).ok,
    ).toBe(true);
    expect(
      (
        await verifier.verify({
          method: 'GET',
          target: '/',
          headers: { authorization: fx.issue({ relyingParty: legacy }).authorization },
        })
      ).ok,
    ).toBe(true);
  });
});
