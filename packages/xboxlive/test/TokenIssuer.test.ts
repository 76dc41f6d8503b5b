import {
  constants,
  createDecipheriv,
  createHmac,
  generateKeyPairSync,
  privateDecrypt,
  timingSafeEqual,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Account,
  Device,
  RelyingParty,
  Title,
  TokenIssuer,
  XSTS_ISSUER,
  XSTS_JWKS_URL,
  xstsTimestamp,
} from '@gdkts/xboxlive';
import { expectIssued } from './helpers/issued.js';

const NOW = Date.UTC(2030, 5, 15, 12, 30, 45, 678);

/**
 * Decrypts an issued token with plain node:crypto, following token-signature.md §1.3 step by step,
 * without any code from src/: the independent check of the JWE construction.
 */
function independentDecrypt(token: string, rpKey: KeyObject): { header: string; jws: string } {
  const [h = '', k = '', i = '', c = '', t = ''] = token.split('.');
  const cek = privateDecrypt(
    { key: rpKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    Buffer.from(k, 'base64url'),
  );
  expect(cek.byteLength).toBe(32);
  const iv = Buffer.from(i, 'base64url');
  const ciphertext = Buffer.from(c, 'base64url');
  const aad = Buffer.from(h, 'ascii');
  const al = Buffer.alloc(8);
  al.writeBigUInt64BE(BigInt(aad.byteLength * 8));
  const mac = createHmac('sha256', cek.subarray(0, 16))
    .update(Buffer.concat([aad, iv, ciphertext, al]))
    .digest()
    .subarray(0, 16);
  expect(timingSafeEqual(mac, Buffer.from(t, 'base64url'))).toBe(true);
  const decipher = createDecipheriv('aes-128-cbc', cek.subarray(16, 32), iv);
  const deflated = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  return { header: Buffer.from(h, 'base64url').toString('utf8'), jws: inflateRawSync(deflated).toString('ascii') };
}

describe('TokenIssuer', () => {
  let issuer: TokenIssuer;
  let rp: RelyingParty;
  let samePublisherRp: RelyingParty;
  let otherPublisherRp: RelyingParty;
  let bareRp: RelyingParty;
  const device = new Device({ type: 'Scarlett', version: '10.0.25398.4909' });
  const title = new Title({ titleId: 0x5f3a_8b21, version: '1.2.3.4' });
  const alice = new Account({
    xuid: '2535405290989773',
    gamertag: 'Alice',
    modernGamertag: 'Alice',
    modernGamertagSuffix: '4821',
    ageGroup: 'Teen',
    privileges: [254, 185, 252],
  });
  const bob = new Account({ xuid: '18446744073709551557', gamertag: 'Bob The Builder' });

  beforeAll(async () => {
    const rpKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    [issuer, rp, otherPublisherRp, bareRp] = await Promise.all([
      TokenIssuer.create({ now: () => NOW }),
      RelyingParty.create({
        audience: 'rp://contoso.com/',
        publisherId: 'contoso',
        userClaims: ['xid', 'ptx', 'gtg', 'umg', 'agg', 'prv'],
        deviceClaims: ['dty', 'dvr'],
        titleClaims: ['tid', 'tvr'],
      }),
      RelyingParty.create({ audience: 'rp://fabrikam.com/', publisherId: 'fabrikam', userClaims: ['ptx'] }),
      RelyingParty.create({
        audience: 'rp://bare.example/',
        publisherId: 'contoso',
        userClaims: [],
        deviceClaims: [],
        titleClaims: [],
        tokenLifetimeHours: 1,
      }),
    ]);
    samePublisherRp = new RelyingParty({
      audience: 'rp://api.contoso.com/',
      publisherId: 'contoso',
      userClaims: ['ptx'],
      privateKey: rpKey,
    });
  });

  it('builds the outer JWE header exactly like real XSTS tokens, member order included', () => {
    const issued = expectIssued(issuer.issue({ users: [alice], device, title, relyingParty: rp }));
    const { header } = independentDecrypt(issued.token, rp.privateKey);
    expect(header).toBe(`{"enc":"A128CBC+HS256","alg":"RSA-OAEP","cty":"JWT","zip":"DEF","x5t":"${rp.x5t}"}`);
    const segments = issued.token.split('.');
    expect(segments).toHaveLength(5);
    expect(Buffer.from(segments[1] ?? '', 'base64url').byteLength).toBe(256);
    expect(Buffer.from(segments[2] ?? '', 'base64url').byteLength).toBe(16);
    expect(Buffer.from(segments[4] ?? '', 'base64url').byteLength).toBe(16);
  });

  it('signs the inner JWS with RS256, kid and jku; jose verifies it against the published JWKS', async () => {
    const issued = expectIssued(issuer.issue({ users: [alice], device, title, relyingParty: rp }));
    const { jws } = independentDecrypt(issued.token, rp.privateKey);
    expect(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString()).toBe(
      `{"alg":"RS256","typ":"JWT","kid":"${issuer.kid}","jku":"${XSTS_JWKS_URL}"}`,
    );
    const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(issuer.jwks() as never), {
      algorithms: ['RS256'],
    });
    expect(protectedHeader.kid).toBe(issuer.kid);
    expect(JSON.parse(Buffer.from(payload).toString())).toEqual(issued.claims);
  });

  it('puts aud, iss, nbf, exp, sbx, cnf, xdi, xti and the configured xui claims into the token', () => {
    const issued = expectIssued(issuer.issue({ users: [alice], device, title, relyingParty: rp }));
    const claims = JSON.parse(
      Buffer.from(independentDecrypt(issued.token, rp.privateKey).jws.split('.')[1] ?? '', 'base64url').toString(),
    );
    const nbf = Math.floor(NOW / 1000);
    expect(claims).toEqual({
      aud: 'rp://contoso.com/',
      iss: XSTS_ISSUER,
      nbf,
      exp: nbf + 4 * 3600,
      sbx: 'RETAIL',
      cnf: {
        jwk: { alg: 'ES256', kty: 'EC', use: 'sig', crv: 'P-256', x: device.proofKey.jwk.x, y: device.proofKey.jwk.y },
      },
      xdi: { dty: 'Scarlett', dvr: '10.0.25398.4909' },
      xti: { tid: String(0x5f3a_8b21), tvr: '1.2.3.4' },
      xui: [
        {
          uhs: issued.userHash,
          xid: '2535405290989773',
          ptx: issuer.partnerXuid('contoso', alice.xuid),
          gtg: 'Alice',
          umg: 'Alice#4821',
          agg: 'Teen',
          prv: '185 252 254',
        },
      ],
    });
    expect(Object.keys(claims.xui[0])).toEqual(['uhs', 'xid', 'ptx', 'gtg', 'umg', 'agg', 'prv']);
  });

  it('includes only configured claims: nothing but uhs, and no xdi or xti when none are configured', () => {
    const issued = expectIssued(issuer.issue({ users: [alice, bob], device, title, relyingParty: bareRp }));
    expect(issued.claims.xui?.map((u) => Object.keys(u))).toEqual([['uhs'], ['uhs']]);
    expect(issued.claims).not.toHaveProperty('xdi');
    expect(issued.claims).not.toHaveProperty('xti');
    expect(issued.claims.exp - issued.claims.nbf).toBe(3600);
  });

  it('gives the Authorization header value and a fresh uhs in every token', () => {
    const first = expectIssued(issuer.issue({ users: [alice], device, title, relyingParty: rp }));
    const second = expectIssued(issuer.issue({ users: [alice], device, title, relyingParty: rp }));
    expect(first.authorization).toBe(`XBL3.0 x=${first.userHash};${first.token}`);
    expect(first.userHash).toMatch(/^[0-9]{1,20}$/);
    expect(first.claims.xui?.[0]?.uhs).toBe(first.userHash);
    expect(second.userHash).not.toBe(first.userHash);
    expect(second.claims.xui?.[0]?.ptx).toBe(first.claims.xui?.[0]?.ptx);
  });

  it('writes x=* for all users and x=- for a token without users', () => {
    const all = expectIssued(issuer.issue({ users: [alice, bob], device, title, relyingParty: rp, allUsers: true }));
    expect(all.authorization.startsWith('XBL3.0 x=*;')).toBe(true);
    const hashes = all.claims.xui?.map((u) => u.uhs) ?? [];
    expect(new Set(hashes).size).toBe(2);
    expect(all.claims.xui?.map((u) => u.xid)).toEqual([alice.xuid, '18446744073709551557']);
    const none = expectIssued(issuer.issue({ users: [], device, title, relyingParty: rp }));
    expect(none.authorization.startsWith('XBL3.0 x=-;')).toBe(true);
    expect(none.claims).not.toHaveProperty('xui');
    expect(none.displayClaims).toEqual({ xui: [] });
    const first = expectIssued(issuer.issue({ users: [bob, alice], device, title, relyingParty: rp }));
    expect(first.userHash).toBe(first.claims.xui?.[0]?.uhs);
  });

  it('keeps ptx stable per publisher and different across publishers', async () => {
    const ptx = (relyingParty: RelyingParty, user: Account, by = issuer): string | undefined =>
      expectIssued(by.issue({ users: [user], device, title, relyingParty })).claims.xui?.[0]?.ptx;
    expect(ptx(samePublisherRp, alice)).toBe(ptx(rp, alice));
    expect(ptx(otherPublisherRp, alice)).not.toBe(ptx(rp, alice));
    expect(ptx(rp, bob)).not.toBe(ptx(rp, alice));
    expect(ptx(rp, alice)).toMatch(/^[0-9A-F]{40}$/);
    const secret = Buffer.alloc(32, 7);
    const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const [a, b] = await Promise.all([
      TokenIssuer.create({ partnerIdSecret: secret, signingKey }),
      TokenIssuer.create({ partnerIdSecret: secret, signingKey }),
    ]);
    expect(ptx(rp, alice, a)).toBe(ptx(rp, alice, b));
  });

  it('returns DisplayClaims without partner-only claims, and ISO timestamps with 7 fractional digits', () => {
    const issued = expectIssued(issuer.issue({ users: [alice], device, title, relyingParty: rp }));
    expect(issued.displayClaims).toEqual({
      xui: [
        { uhs: issued.userHash, xid: alice.xuid, gtg: 'Alice', umg: 'Alice#4821', agg: 'Teen', prv: '185 252 254' },
      ],
    });
    expect(issued.issueInstant).toBe('2030-06-15T12:30:45.6780000Z');
    expect(issued.notAfter).toBe(xstsTimestamp(issued.claims.exp * 1000));
    expect(issued.notAfter).toBe('2030-06-15T16:30:45.0000000Z');
  });

  it('refuses users whose account needs action, or who may not use the sandbox', () => {
    const troubled = new Account({ gamertag: 'Troubled', issues: ['TermsNotAccepted'] });
    expect(issuer.issue({ users: [alice, troubled], device, title, relyingParty: rp })).toEqual({
      ok: false,
      reason: 'user-action-required',
      xerr: 0x8015dc0a,
      xuid: troubled.xuid,
      issue: 'TermsNotAccepted',
    });
    const newcomer = new Account({ gamertag: 'Newcomer', issues: ['NoXboxProfile'] });
    expect(issuer.issue({ users: [newcomer], device, title, relyingParty: rp })).toMatchObject({
      redirect: 'https://start.ui.xboxlive.com/CreateAccount',
    });
    troubled.resolveUserIssues();
    expect(issuer.issue({ users: [troubled], device, title, relyingParty: rp }).ok).toBe(true);

    const devTitle = new Title({ titleId: 1, sandbox: 'XDKS.1' });
    expect(issuer.issue({ users: [alice], device, title: devTitle, relyingParty: rp })).toEqual({
      ok: false,
      reason: 'sandbox-not-allowed',
      xerr: 0x8015dc12,
      xuid: alice.xuid,
    });
    const tester = new Account({ gamertag: 'Tester', sandboxes: ['XDKS.1'] });
    expect(expectIssued(issuer.issue({ users: [tester], device, title: devTitle, relyingParty: rp })).claims.sbx).toBe(
      'XDKS.1',
    );
  });

  it('rejects a request that lists the same account twice', () => {
    expect(() => issuer.issue({ users: [alice, alice], device, title, relyingParty: rp })).toThrow(RangeError);
  });

  it('rotates its signing key, keeping or dropping the old one in the JWKS', async () => {
    const rotating = await TokenIssuer.create({ now: () => NOW });
    const oldKid = rotating.kid;
    const before = expectIssued(rotating.issue({ users: [alice], device, title, relyingParty: rp }));
    const newKid = await rotating.rotateSigningKey();
    expect(newKid).not.toBe(oldKid);
    expect(rotating.kid).toBe(newKid);
    expect(rotating.jwks().keys.map((k) => k.kid)).toEqual([newKid, oldKid]);
    const after = expectIssued(rotating.issue({ users: [alice], device, title, relyingParty: rp }));
    expect(decodeProtectedHeader(independentDecrypt(after.token, rp.privateKey).jws).kid).toBe(newKid);
    const jwks = createLocalJWKSet(rotating.jwks() as never);
    await expect(compactVerify(independentDecrypt(before.token, rp.privateKey).jws, jwks)).resolves.toBeDefined();
    await rotating.rotateSigningKey({ retainPrevious: false });
    expect(rotating.jwks().keys).toHaveLength(1);
  });

  it('publishes keys as RSA RS256 JWKs with kid first and validity times', () => {
    const [key] = issuer.jwks().keys;
    expect(Object.keys(key ?? {})).toEqual(['kid', 'kty', 'use', 'alg', 'n', 'e', 'nbf', 'exp', 'iat']);
    expect(key).toMatchObject({
      kid: issuer.kid,
      kty: 'RSA',
      use: 'sig',
      alg: 'RS256',
      e: 'AQAB',
      iat: Math.floor(NOW / 1000),
    });
  });
});
