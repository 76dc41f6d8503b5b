import { constants, generateKeyPairSync, privateDecrypt, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateRawSync, deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account, Device, RelyingParty, Title, TokenIssuer, type IssuedToken, type JwksServer } from '@gdkts/xboxlive';
import { base64urlEncode } from '../src/wire/base64url.js';
import { a128cbcHs256Decrypt, encryptCompactJwe, parseCompactJwe } from '../src/wire/jwe.js';
import { createTokenReader } from '../src/verify/tokenReader.js';
import type { TokenErrorCode, TokenReadResult, TokenReader } from '../src/verify/tokenReader.js';
import { expectIssued } from './helpers/issued.js';
import { flipSegmentByte, sealToken, signJws } from './helpers/tokenFixtures.js';

const ERROR_CODES: readonly TokenErrorCode[] = [
  'malformed',
  'unsupported-algorithm',
  'unknown-x5t',
  'decrypt-failed',
  'too-large',
  'jku-not-allowed',
  'unknown-kid',
  'bad-signature',
  'jwks-unavailable',
];

const rsaKey = (): KeyObject => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

function code(result: TokenReadResult): TokenErrorCode | 'ok' {
  return result.ok ? 'ok' : result.code;
}

/** The inner JWS of a token, recovered with the jwe primitives. */
function innerJws(token: string, rpKey: KeyObject): string {
  const parts = parseCompactJwe(token);
  if (parts === undefined) throw new Error('unparsable');
  const cek = privateDecrypt(
    { key: rpKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    parts.encryptedKey,
  );
  const plaintext = a128cbcHs256Decrypt(
    cek,
    parts.iv,
    parts.ciphertext,
    parts.tag,
    Buffer.from(parts.protectedHeaderB64, 'ascii'),
  );
  if (plaintext === undefined) throw new Error('undecryptable');
  return inflateRawSync(plaintext).toString('ascii');
}

/** A real HTTP server with a fixed answer, for JWKS failure cases. */
async function fixedServer(
  status: number,
  body: string | Buffer,
): Promise<{ host: string; close: () => Promise<void> }> {
  const server: Server = createServer((_request, response) =>
    response.writeHead(status, { 'content-type': 'application/json' }).end(body),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('createTokenReader()', () => {
  let signingKey: KeyObject;
  let issuer: TokenIssuer;
  let server: JwksServer;
  let rp: RelyingParty;
  let otherRp: RelyingParty;
  let reader: TokenReader;
  let token: IssuedToken;
  const device = new Device({ type: 'XboxOne' });
  const title = new Title({ titleId: 0x1234_5678 });
  const account = new Account({ gamertag: 'Reader', xuid: '2535405290989773' });

  /** A token whose inner JWS is hand-made and signed with the issuer's key. */
  const handMade = (
    header: Record<string, unknown>,
    payload: Record<string, unknown> | string,
    key: KeyObject = signingKey,
  ): string =>
    sealToken(signJws({ alg: 'RS256', kid: issuer.kid, jku: issuer.jku, ...header }, payload, key), {
      recipientKey: rp.publicKey,
      x5t: rp.x5t,
    });

  beforeAll(async () => {
    signingKey = rsaKey();
    [issuer, rp, otherRp] = await Promise.all([
      TokenIssuer.create({ signingKey }),
      RelyingParty.create({
        audience: 'rp://reader.example/',
        publisherId: 'p',
        userClaims: ['xid', 'ptx', 'gtg', 'agg', 'prv'],
      }),
      RelyingParty.create({ audience: 'rp://other.example/', publisherId: 'p' }),
    ]);
    server = await issuer.serveJwks();
    reader = createTokenReader({
      decryptionKeys: [otherRp.decryptionKey, rp.decryptionKey],
      jwksAllowedHosts: ['xsts-keys.auth.xboxlive.com', server.host],
    });
    token = expectIssued(issuer.issue({ users: [account], device, title, relyingParty: rp }));
  });
  afterAll(() => server.close());

  it('decrypts, inflates and verifies an issued token, returning its claims', async () => {
    const result = await reader.read(token.token);
    expect(result).toEqual({ ok: true, claims: token.claims, kid: issuer.kid, x5t: rp.x5t });
  });

  it('accepts both enc spellings and tokens without zip', async () => {
    const jws = innerJws(token.token, rp.privateKey);
    for (const enc of ['A128CBC+HS256', 'A128CBC-HS256']) {
      for (const zip of ['DEF', null]) {
        const result = await reader.read(sealToken(jws, { recipientKey: rp.publicKey, x5t: rp.x5t, enc, zip }));
        expect(result.ok, `${enc} ${String(zip)}`).toBe(true);
      }
    }
  });

  it('rejects one flipped byte in each segment', async () => {
    expect(code(await reader.read(flipSegmentByte(token.token, 0, 200)))).toBe('malformed'); // breaks the header JSON
    expect(code(await reader.read(flipSegmentByte(token.token, 1, 0)))).toBe('decrypt-failed');
    expect(code(await reader.read(flipSegmentByte(token.token, 1, 255)))).toBe('decrypt-failed');
    expect(code(await reader.read(flipSegmentByte(token.token, 2, 7)))).toBe('decrypt-failed');
    expect(code(await reader.read(flipSegmentByte(token.token, 3, 0)))).toBe('decrypt-failed');
    expect(code(await reader.read(flipSegmentByte(token.token, 3, 10_000)))).toBe('decrypt-failed');
    expect(code(await reader.read(flipSegmentByte(token.token, 4, 15)))).toBe('decrypt-failed');
  });

  it('rejects a header changed but still valid JSON, because it is the AAD', async () => {
    const [h = '', ...rest] = token.token.split('.');
    const respaced = base64urlEncode(Buffer.from(h, 'base64url').toString().replace('"cty":', '"cty": '));
    expect(code(await reader.read([respaced, ...rest].join('.')))).toBe('decrypt-failed');
  });

  it('rejects an unknown x5t and unsupported algorithms', async () => {
    const stranger = createTokenReader({ decryptionKeys: [otherRp.decryptionKey], jwksAllowedHosts: [server.host] });
    expect(code(await stranger.read(token.token))).toBe('unknown-x5t');
    const jws = innerJws(token.token, rp.privateKey);
    const seal = (options: {
      enc?: string;
      alg?: string;
      zip?: string | null;
      extraHeader?: Record<string, unknown>;
    }): string => sealToken(jws, { recipientKey: rp.publicKey, x5t: rp.x5t, ...options });
    expect(code(await reader.read(seal({ alg: 'RSA1_5' })))).toBe('unsupported-algorithm');
    expect(code(await reader.read(seal({ alg: 'dir' })))).toBe('unsupported-algorithm');
    expect(code(await reader.read(seal({ enc: 'A256GCM' })))).toBe('unsupported-algorithm');
    expect(code(await reader.read(seal({ zip: 'GZIP' })))).toBe('unsupported-algorithm');
    expect(code(await reader.read(seal({ extraHeader: { crit: ['exp'] } })))).toBe('unsupported-algorithm');
    expect(code(await reader.read(seal({ extraHeader: { x5t: 42 } })))).toBe('malformed');
  });

  it('rejects a deflate bomb without inflating it past the cap', async () => {
    const bomb = Buffer.alloc(64 * 1024 * 1024); // 64 MiB of zeros deflates to ~64 KiB
    const deflated = deflateRawSync(bomb);
    const header = { enc: 'A128CBC+HS256', alg: 'RSA-OAEP', cty: 'JWT', zip: 'DEF', x5t: rp.x5t };
    const sealed = encryptCompactJwe({ header, recipientKey: rp.publicKey, plaintext: deflated });
    const result = await reader.read(sealed);
    expect(code(result)).toBe('too-large');
  });

  it('rejects plaintext or tokens over the cap, and garbage where DEFLATE data should be', async () => {
    const small = createTokenReader({
      decryptionKeys: [rp.decryptionKey],
      jwksAllowedHosts: [server.host],
      maxInflatedBytes: 1000,
    });
    const jws = innerJws(token.token, rp.privateKey);
    expect(code(await small.read(sealToken(jws, { recipientKey: rp.publicKey, x5t: rp.x5t, zip: null })))).toBe(
      'too-large',
    );
    expect(code(await small.read(token.token))).toBe('too-large');
    expect(code(await small.read('a'.repeat(100_000)))).toBe('too-large');
    const header = { enc: 'A128CBC+HS256', alg: 'RSA-OAEP', cty: 'JWT', zip: 'DEF', x5t: rp.x5t };
    expect(
      code(
        await reader.read(
          encryptCompactJwe({ header, recipientKey: rp.publicKey, plaintext: Buffer.from([0xff, 0xff, 0xff]) }),
        ),
      ),
    ).toBe('malformed');
  });

  it('rejects inner tokens that are not RS256 JWSs with kid and jku', async () => {
    const seal = (inner: string): string => sealToken(inner, { recipientKey: rp.publicKey, x5t: rp.x5t });
    expect(code(await reader.read(seal('not a jws')))).toBe('malformed');
    expect(code(await reader.read(seal(`${base64urlEncode('{"alg":"none"}')}.${base64urlEncode('{}')}.`)))).toBe(
      'malformed',
    );
    expect(code(await reader.read(seal(`${base64urlEncode('{"alg":"none"}')}.${base64urlEncode('{}')}.AA`)))).toBe(
      'unsupported-algorithm',
    );
    expect(code(await reader.read(handMade({ alg: 'HS256' }, token.claims as never)))).toBe('unsupported-algorithm');
    expect(code(await reader.read(handMade({ alg: 'PS256' }, token.claims as never)))).toBe('unsupported-algorithm');
    expect(code(await reader.read(handMade({ kid: undefined }, token.claims as never)))).toBe('malformed');
    expect(code(await reader.read(handMade({ jku: 7 }, token.claims as never)))).toBe('malformed');
    expect(code(await reader.read(handMade({ crit: ['b64'] }, token.claims as never)))).toBe('unsupported-algorithm');
  });

  it('rejects a jku outside the allowlist, http to a non-loopback host, and credentials in the URL', async () => {
    for (const jku of [
      'https://evil.example/keys',
      'http://xsts-keys.auth.xboxlive.com/keys',
      `http://user:pw@${server.host}/keys`,
      `https://127.0.0.2:${server.host.split(':')[1]}/keys`,
      `http://127.0.0.1:1/keys`,
      'not a url',
    ]) {
      expect(code(await reader.read(handMade({ jku }, token.claims as never))), jku).toBe('jku-not-allowed');
    }
  });

  it('rejects a bad inner signature', async () => {
    expect(code(await reader.read(handMade({}, token.claims as never, rsaKey())))).toBe('bad-signature');
    const [h, p, s] = innerJws(token.token, rp.privateKey).split('.');
    const forged = base64urlEncode(
      Buffer.from(p ?? '', 'base64url')
        .toString()
        .replace('"RETAIL"', '"XDKS.1"'),
    );
    expect(code(await reader.read(sealToken(`${h}.${forged}.${s}`, { recipientKey: rp.publicKey, x5t: rp.x5t })))).toBe(
      'bad-signature',
    );
  });

  it('checks the shape of the claims, dropping null claims', async () => {
    const nbf = 1_900_000_000;
    const base = { aud: 'rp://reader.example/', iss: 'xsts.auth.xboxlive.com', nbf, exp: nbf + 60, sbx: 'RETAIL' };
    const read = async (payload: Record<string, unknown> | string): Promise<TokenReadResult> =>
      reader.read(handMade({}, payload));
    expect(await read(base)).toMatchObject({ ok: true, claims: base });
    const nulls = await read({ ...base, cnf: null, xui: [{ uhs: '1', gtg: null }], xdi: { dty: 'Win32', dvr: null } });
    expect(nulls).toMatchObject({ ok: true, claims: { ...base, xui: [{ uhs: '1' }], xdi: { dty: 'Win32' } } });
    expect(nulls.ok && Object.keys(nulls.claims.xui?.[0] ?? {})).toEqual(['uhs']);
    for (const bad of [
      { ...base, aud: undefined },
      { ...base, nbf: '1' },
      { ...base, exp: null },
      { ...base, sbx: 1 },
      { ...base, xui: {} },
      { ...base, xui: [{ gtg: 'no uhs' }] },
      { ...base, xui: [{ uhs: 1 }] },
      { ...base, xui: ['x'] },
      { ...base, xdi: [] },
      { ...base, xti: { tid: 5 } },
      { ...base, cnf: { jwk: { kty: 'RSA' } } },
      { ...base, cnf: { jwk: { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' } } },
      { ...base, cnf: 'x' },
    ]) {
      expect(code(await read(bad)), JSON.stringify(bad)).toBe('malformed');
    }
    expect(code(await read('[1,2]'))).toBe('malformed');
    expect(code(await read('not json'))).toBe('malformed');
  });

  it('answers malformed for non-string input instead of throwing', async () => {
    expect(code(await reader.read(undefined as never))).toBe('malformed');
    expect(code(await reader.read(42 as never))).toBe('malformed');
    expect(code(await reader.read(''))).toBe('malformed');
    expect(code(await reader.read('a.b.c.d.e'))).toBe('malformed');
  });

  it('rejects invalid options with a TypeError', () => {
    expect(() => createTokenReader({ decryptionKeys: [], jwksAllowedHosts: [], maxInflatedBytes: 0 })).toThrow(
      TypeError,
    );
    expect(() =>
      createTokenReader({ decryptionKeys: [{ x5t: 'a', privateKey: rp.publicKey }], jwksAllowedHosts: [] }),
    ).toThrow(TypeError);
  });
});

describe('createTokenReader() key resolution over HTTP', () => {
  const device = new Device();
  const title = new Title({ titleId: 77 });
  const account = new Account({ gamertag: 'Rotator' });
  let rp: RelyingParty;
  beforeAll(async () => {
    rp = await RelyingParty.create({ audience: 'rp://rotation.example/', publisherId: 'p' });
  });

  it('caches keys, then refetches once for an unknown kid after key rotation', async () => {
    const issuer = await TokenIssuer.create({ signingKey: rsaKey() });
    const server = await issuer.serveJwks();
    let now = 1_000_000;
    try {
      const reader = createTokenReader({
        decryptionKeys: [rp.decryptionKey],
        jwksAllowedHosts: [server.host],
        now: () => now,
      });
      const first = expectIssued(issuer.issue({ users: [account], device, title, relyingParty: rp }));
      expect(code(await reader.read(first.token))).toBe('ok');
      expect(code(await reader.read(first.token))).toBe('ok');
      expect(server.requestCount).toBe(1);

      await issuer.rotateSigningKey({ retainPrevious: false, signingKey: rsaKey() });
      const rotated = expectIssued(issuer.issue({ users: [account], device, title, relyingParty: rp }));
      expect(await reader.read(rotated.token)).toMatchObject({ ok: true, kid: issuer.kid });
      expect(server.requestCount).toBe(2);
      expect(code(await reader.read(first.token))).toBe('unknown-kid'); // its key was withdrawn; within the cooldown, no fetch
      expect(server.requestCount).toBe(2);

      now += 30_000;
      expect(code(await reader.read(first.token))).toBe('unknown-kid'); // the cooldown has passed: one more fetch
      expect(server.requestCount).toBe(3);
      expect(code(await reader.read(rotated.token))).toBe('ok');
      expect(server.requestCount).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('shares one fetch between concurrent reads', async () => {
    const issuer = await TokenIssuer.create({ signingKey: rsaKey() });
    const server = await issuer.serveJwks();
    try {
      const reader = createTokenReader({ decryptionKeys: [rp.decryptionKey], jwksAllowedHosts: [server.host] });
      const tokens = Array.from(
        { length: 5 },
        () => expectIssued(issuer.issue({ users: [account], device, title, relyingParty: rp })).token,
      );
      const results = await Promise.all(tokens.map((t) => reader.read(t)));
      expect(results.map(code)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
      expect(server.requestCount).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('reports jwks-unavailable for a closed server, an HTTP error, bad JSON or an oversized key set', async () => {
    const signingKey = rsaKey();
    const check = async (host: string, expected: TokenErrorCode): Promise<void> => {
      const reader = createTokenReader({ decryptionKeys: [rp.decryptionKey], jwksAllowedHosts: [host] });
      const issuer = await TokenIssuer.create({ jku: `http://${host}/keys`, signingKey });
      const t = expectIssued(issuer.issue({ users: [account], device, title, relyingParty: rp })).token;
      expect(code(await reader.read(t)), host).toBe(expected);
    };
    const closed = await fixedServer(200, '{}');
    await closed.close();
    await check(closed.host, 'jwks-unavailable');
    for (const [status, body] of [
      [500, '{"keys":[]}'],
      [200, 'not json'],
      [200, '{"nokeys":true}'],
      [200, Buffer.alloc(2 * 1024 * 1024, 0x20)],
    ] as const) {
      const fixed = await fixedServer(status, body);
      try {
        await check(fixed.host, 'jwks-unavailable');
      } finally {
        await fixed.close();
      }
    }
    const empty = await fixedServer(200, '{"keys":[{"kty":"RSA","kid":"x","n":"AQAB","e":"AQAB"},{"kty":"EC"},7]}');
    try {
      await check(empty.host, 'unknown-kid');
    } finally {
      await empty.close();
    }
  });
});

describe('TokenReader.read() fuzzing', () => {
  let issuer: TokenIssuer;
  let server: JwksServer;
  let rp: RelyingParty;
  let reader: TokenReader;
  let valid: string;
  beforeAll(async () => {
    [issuer, rp] = await Promise.all([
      TokenIssuer.create({ signingKey: rsaKey() }),
      RelyingParty.create({ audience: 'rp://fuzz.example/', publisherId: 'p' }),
    ]);
    server = await issuer.serveJwks();
    reader = createTokenReader({ decryptionKeys: [rp.decryptionKey], jwksAllowedHosts: [server.host] });
    valid = expectIssued(
      issuer.issue({
        users: [new Account({ gamertag: 'Fuzz' })],
        device: new Device(),
        title: new Title({ titleId: 9 }),
        relyingParty: rp,
      }),
    ).token;
  });
  afterAll(() => server.close());

  const expectTyped = (result: TokenReadResult): void => {
    expect(typeof result.ok).toBe('boolean');
    if (!result.ok) expect(ERROR_CODES).toContain(result.code);
  };

  it('never throws and always answers a typed error for arbitrary strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 400 }), async (text) => expectTyped(await reader.read(text))),
    );
  });

  it('never accepts a mutated token', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.constantFrom(...alphabet),
        fc.constantFrom('replace', 'insert', 'delete', 'truncate'),
        async (position, char, kind) => {
          const at = position % valid.length;
          const mutated =
            kind === 'replace'
              ? valid.slice(0, at) + char + valid.slice(at + 1)
              : kind === 'insert'
                ? valid.slice(0, at) + char + valid.slice(at)
                : kind === 'delete'
                  ? valid.slice(0, at) + valid.slice(at + 1)
                  : valid.slice(0, at);
          const result = await reader.read(mutated);
          expectTyped(result);
          if (result.ok) expect(mutated).toBe(valid);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('answers a typed error for random five-segment tokens with plausible headers', async () => {
    const header = fc.record(
      {
        enc: fc.constantFrom('A128CBC+HS256', 'A128CBC-HS256', 'A256GCM', 1),
        alg: fc.constantFrom('RSA-OAEP', 'RSA1_5', 'none'),
        zip: fc.constantFrom('DEF', 'X'),
        x5t: fc.oneof(fc.constant(rp.x5t), fc.string()),
      },
      { requiredKeys: [] },
    );
    const bytes = (max: number): fc.Arbitrary<string> =>
      fc.uint8Array({ maxLength: max }).map((b) => base64urlEncode(b));
    await fc.assert(
      fc.asyncProperty(header, bytes(300), bytes(20), bytes(300), bytes(20), async (h, k, i, c, t) => {
        expectTyped(await reader.read([base64urlEncode(JSON.stringify(h)), k, i, c, t].join('.')));
      }),
      { numRuns: 60 },
    );
  });

  it('answers a typed error for valid encryption around random inner content', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 })),
        fc.boolean(),
        async (inner, zip) => {
          const bytes = typeof inner === 'string' ? Buffer.from(inner) : Buffer.from(inner);
          expectTyped(
            await reader.read(sealToken(bytes, { recipientKey: rp.publicKey, x5t: rp.x5t, zip: zip ? 'DEF' : null })),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('is not fooled by a random CEK in place of the wrapped key', async () => {
    const [h, , i, c, t] = valid.split('.');
    const k = base64urlEncode(randomBytes(256));
    expect(code(await reader.read([h, k, i, c, t].join('.')))).toBe('decrypt-failed');
  });
});

describe('tokenReader module graph', () => {
  it('loads no emulator module, so the verifier can ship without the emulator', () => {
    const seen = new Set<string>();
    const visit = (url: URL): void => {
      if (seen.has(url.pathname)) return;
      seen.add(url.pathname);
      const source = readFileSync(url, 'utf8');
      for (const [, specifier] of source.matchAll(/^(?:import|export)\s(?!type\b)[^'"]*?from\s+'(\.[^']+)'/gm)) {
        visit(new URL((specifier ?? '').replace(/\.js$/, '.ts'), url));
      }
    };
    visit(new URL('../src/verify/tokenReader.ts', import.meta.url));
    const files = [...seen].map((path) => path.replace(/^.*\/src\//, ''));
    expect(files.sort()).toEqual([
      'internal/keys.ts',
      'verify/tokenKeyResolver.ts',
      'verify/tokenReader.ts',
      'wire/base64url.ts',
      'wire/jwe.ts',
    ]);
  });
});
