// Unit test of the private key helpers (internal/keys.ts), and the rule they carry: the issuer, the
// relying party and the verifier agree on which keys they accept.
import { createSecretKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Device, RelyingParty, TokenIssuer, createRequestSigner } from '@gdkts/xboxlive';
import { createRequestVerifier } from '@gdkts/xboxlive/verify';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIN_RSA_BITS, assertP256PrivateKey, assertRsaPrivateKey, generateRsaKey } from '../src/internal/keys.js';

let rsa2048: KeyObject;
let rsa1024: KeyObject;
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
const ed25519 = generateKeyPairSync('ed25519').privateKey;
const secret = createSecretKey(Buffer.alloc(32, 7));

beforeAll(async () => {
  rsa2048 = await generateRsaKey();
  rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
});

describe('generateRsaKey', () => {
  it('generates an RSA private key of 2048 bits by default, or of the size asked for', async () => {
    expect(MIN_RSA_BITS).toBe(2048);
    expect(rsa2048.type).toBe('private');
    expect(rsa2048.asymmetricKeyType).toBe('rsa');
    expect(rsa2048.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect((await generateRsaKey(3072)).asymmetricKeyDetails?.modulusLength).toBe(3072);
  });
});

describe('assertRsaPrivateKey', () => {
  it('accepts an RSA private key of at least the minimum size', () => {
    expect(() => assertRsaPrivateKey('key', rsa2048, 2048)).not.toThrow();
    expect(() => assertRsaPrivateKey('key', rsa1024, 1024)).not.toThrow();
  });

  it.each([
    ['a smaller RSA key', () => rsa1024, 'a 1024-bit rsa private key'],
    [
      'an RSA public key',
      () => generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey,
      'a 2048-bit rsa public key',
    ],
    ['an EC key', () => p256.privateKey, 'a prime256v1 ec private key'],
    ['a secret key', () => secret, 'a secret key'],
    ['a string', () => 'key', 'string'],
    ['undefined', () => undefined, 'undefined'],
    ['null', () => null, 'null'],
  ])('refuses %s, naming the option and what it got', (_, key, got) => {
    expect(() => assertRsaPrivateKey('signingKey', key(), 2048)).toThrow(
      new TypeError(`Expected \`signingKey\` to be an RSA private key of at least 2048 bits, got ${got}`),
    );
  });
});

describe('assertP256PrivateKey', () => {
  it('accepts an EC P-256 private key', () => {
    expect(() => assertP256PrivateKey('proofKey', p256.privateKey)).not.toThrow();
  });

  it.each([
    ['its public half', () => p256.publicKey, 'a prime256v1 ec public key'],
    ['a P-384 key', () => p384, 'a secp384r1 ec private key'],
    ['an Ed25519 key', () => ed25519, 'an ed25519 private key'],
    ['an RSA key', () => rsa2048, 'a 2048-bit rsa private key'],
    ['a plain object', () => ({}), 'object'],
  ])('refuses %s, naming the option and what it got', (_, key, got) => {
    expect(() => assertP256PrivateKey('proofKey', key())).toThrow(
      new TypeError(`Expected \`proofKey\` to be an EC P-256 private key, got ${got}`),
    );
  });
});

describe('every side agrees on the keys it accepts', () => {
  it('refuses an RSA key under 2048 bits as the issuer signing key, the relying-party key and the verifier decryption key', async () => {
    await expect(TokenIssuer.create({ signingKey: rsa1024 })).rejects.toThrow(TypeError);
    await expect(
      RelyingParty.create({ audience: 'rp://contoso.com/', publisherId: 'contoso', privateKey: rsa1024 }),
    ).rejects.toThrow(TypeError);
    expect(() =>
      createRequestVerifier({ audience: 'rp://contoso.com/', decryptionKeys: [{ x5t: 'a', privateKey: rsa1024 }] }),
    ).toThrow(
      new TypeError(
        'Expected `decryptionKeys["a"].privateKey` to be an RSA private key of at least 2048 bits, got a 1024-bit rsa private key',
      ),
    );
  });

  it('accepts the same 2048-bit key on every side', async () => {
    await expect(TokenIssuer.create({ signingKey: rsa2048 })).resolves.toBeInstanceOf(TokenIssuer);
    const rp = await RelyingParty.create({
      audience: 'rp://contoso.com/',
      publisherId: 'contoso',
      privateKey: rsa2048,
    });
    expect(() => createRequestVerifier({ audience: rp.audience, decryptionKeys: [rp.decryptionKey] })).not.toThrow();
  });

  it('refuses the same non-P-256 proof keys in the device and the request signer', () => {
    for (const key of [p256.publicKey, p384, ed25519, rsa2048]) {
      expect(() => new Device({ proofKey: key })).toThrow(TypeError);
      expect(() => createRequestSigner(key)).toThrow(TypeError);
    }
    expect(() => new Device({ proofKey: p256.privateKey })).not.toThrow();
    expect(() => createRequestSigner(p256.privateKey)).not.toThrow();
  });
});
