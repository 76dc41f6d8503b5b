import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JWKS_PATH, TokenIssuer, startJwksServer, type JwksServer } from '@gdkts/xboxlive';

describe('startJwksServer()', () => {
  let issuer: TokenIssuer;
  let server: JwksServer;
  beforeAll(async () => {
    issuer = await TokenIssuer.create({ signingKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey });
    server = await startJwksServer(issuer);
  });
  afterAll(() => server.close());

  it('serves the key set as JSON on 127.0.0.1 at /keys over real HTTP', async () => {
    expect(server.url).toBe(`http://${server.host}${JWKS_PATH}`);
    expect(server.host).toMatch(/^127\.0\.0\.1:[0-9]+$/);
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual(issuer.jwks());
  });

  it('serves the current keys after a rotation', async () => {
    await issuer.rotateSigningKey({ signingKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey });
    const body = (await (await fetch(server.url)).json()) as { keys: { kid: string }[] };
    expect(body.keys.map((k) => k.kid)).toEqual(issuer.jwks().keys.map((k) => k.kid));
  });

  it('answers 404 for other paths, 405 for other methods, and HEAD without a body', async () => {
    const before = server.requestCount;
    expect((await fetch(`http://${server.host}/other`)).status).toBe(404);
    const post = await fetch(server.url, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(server.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(server.requestCount - before).toBe(2); // POST and HEAD on /keys
  });

  it('also accepts a plain function as the key source', async () => {
    const fixed = await startJwksServer(() => ({ keys: [] }));
    try {
      expect(await (await fetch(fixed.url)).json()).toEqual({ keys: [] });
    } finally {
      await fixed.close();
    }
  });
});

describe('TokenIssuer.serveJwks()', () => {
  it('points new tokens at the local server', async () => {
    const issuer = await TokenIssuer.create({
      signingKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
    });
    const server = await issuer.serveJwks();
    try {
      expect(issuer.jku).toBe(server.url);
      expect(((await (await fetch(issuer.jku)).json()) as { keys: unknown[] }).keys).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
