// The issuer's request options a service needs: its own clock per request, a lifetime override, a
// device known only by its public proof key, where the key documents are published, and the
// older x5t + x5u header for relying parties without JKU support (token-signature.md §1.3).
import { constants, privateDecrypt } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { Account, Device, RelyingParty, Title, TokenIssuer, type TokenDevice } from '@gdkts/xboxlive';
import { a128cbcHs256Decrypt, parseCompactJwe } from '../src/wire/jwe.js';
import { expectIssued } from './helpers/issued.js';

const NOW = Date.UTC(2030, 0, 2, 3, 4, 5);

let issuer: TokenIssuer;
let modern: RelyingParty;
let legacy: RelyingParty;
const device = new Device();
const title = new Title({ titleId: 0x1234_5678 });
const alice = new Account({ gamertag: 'Alice' });

beforeAll(async () => {
  issuer = await TokenIssuer.create({ now: () => NOW });
  [modern, legacy] = await Promise.all([
    RelyingParty.create({ audience: 'rp://modern.test/', publisherId: 'p' }),
    RelyingParty.create({ audience: 'rp://legacy.test/', publisherId: 'p', jkuSupport: false }),
  ]);
});

/** The inner JWS header, decrypted with the relying party's key. */
function innerHeader(token: string, rp: RelyingParty): Record<string, unknown> {
  const jwe = parseCompactJwe(token);
  if (jwe === undefined) throw new Error('not a JWE');
  const cek = privateDecrypt(
    { key: rp.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    jwe.encryptedKey,
  );
  const plain = a128cbcHs256Decrypt(cek, jwe.iv, jwe.ciphertext, jwe.tag, Buffer.from(jwe.protectedHeaderB64, 'ascii'));
  if (plain === undefined) throw new Error('tag');
  return decodeProtectedHeader(inflateRawSync(plain).toString('ascii'));
}

describe('TokenIssuer.issue request options', () => {
  it('nowMs replaces the issuer clock for one token; lifetimeSeconds replaces the relying party hours', () => {
    const at = NOW + 3_600_000;
    const token = expectIssued(
      issuer.issue({ users: [alice], device, title, relyingParty: modern, nowMs: at, lifetimeSeconds: 90 }),
    );
    expect(token.claims.nbf).toBe(at / 1000);
    expect(token.claims.exp).toBe(at / 1000 + 90);
    expect(Date.parse(token.notAfter) - Date.parse(token.issueInstant)).toBe(90_000);
    const standard = expectIssued(issuer.issue({ users: [alice], device, title, relyingParty: modern }));
    expect(standard.claims.exp - standard.claims.nbf).toBe(modern.tokenLifetimeHours * 3600);
    expect(() => issuer.issue({ users: [alice], device, title, relyingParty: modern, lifetimeSeconds: 0 })).toThrow(
      RangeError,
    );
  });

  it('takes a device known only by its type, version and public proof key', () => {
    const remote: TokenDevice = { type: 'Android', version: '14', proofKey: { jwk: device.proofKey.jwk } };
    const token = expectIssued(issuer.issue({ users: [], device: remote, title, relyingParty: modern }));
    expect(token.claims.cnf?.jwk).toMatchObject({ x: device.proofKey.jwk.x, y: device.proofKey.jwk.y });
    expect(token.claims.xdi).toEqual({ dty: 'Android' });
  });
});

describe('key styles of the inner header', () => {
  it('kid + jku for a relying party with JKU support, x5t + x5u without; both URLs settable', () => {
    issuer.setJku('http://127.0.0.1:1/keys');
    issuer.setX5u('http://127.0.0.1:1/xsts/signingkeys');
    const jku = innerHeader(
      expectIssued(issuer.issue({ users: [alice], device, title, relyingParty: modern })).token,
      modern,
    );
    expect(jku).toEqual({ alg: 'RS256', typ: 'JWT', kid: issuer.kid, jku: 'http://127.0.0.1:1/keys' });
    const x5u = innerHeader(
      expectIssued(issuer.issue({ users: [alice], device, title, relyingParty: legacy })).token,
      legacy,
    );
    const [x5t] = Object.keys(issuer.signingCertificates());
    expect(x5u).toEqual({ alg: 'RS256', typ: 'JWT', x5t, x5u: 'http://127.0.0.1:1/xsts/signingkeys' });
    expect(() => issuer.setJku('not a url')).toThrow(TypeError);
  });

  it('publishes one certificate per published key, rotation included', async () => {
    await issuer.rotateSigningKey();
    expect(Object.keys(issuer.signingCertificates())).toHaveLength(issuer.jwks().keys.length);
  });
});
