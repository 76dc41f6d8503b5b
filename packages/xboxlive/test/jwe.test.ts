import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from '../src/wire/base64url.js';
import {
  a128cbcHs256Decrypt,
  a128cbcHs256Encrypt,
  a128cbcHs256Tag,
  encryptCompactJwe,
  parseCompactJwe,
  parseJsonObject,
} from '../src/wire/jwe.js';
import { hex } from './helpers/tokenFixtures.js';

// RFC 7518 Appendix B.1, "Test Cases for AES_128_CBC_HMAC_SHA_256".
const B1 = {
  k: hex('000102030405060708090a0b0c0d0e0f 101112131415161718191a1b1c1d1e1f'),
  p: Buffer.from(
    'A cipher system must not be required to be secret, and it must be able to fall into the hands of the enemy without inconvenience',
  ),
  iv: hex('1af38c2dc2b96ffdd866940923 41bc04'),
  a: Buffer.from('The second principle of Auguste Kerckhoffs'),
  e: hex(`c80edfa32ddf39d5ef00c0b468834279a2e46a1b8049f792f76bfe54b903a9c9
          a94ac9b47ad2655c5f10f9aef71427e2fc6f9b3f399a221489f16362c7032336
          09d45ac69864e3321cf82935ac4096c86e133314c54019e8ca7980dfa4b9cf1b
          384c486f3a54c51078158ee5d79de59fbd34d848b3d69550a67646344427ade5
          4b8851ffb598f7f80074b9473c82e2db`),
  t: hex('652c3fa36b0a7c5b3219fab3a30bc1c4'),
};

describe('a128cbcHs256Encrypt()', () => {
  it('matches the RFC 7518 Appendix B.1 known answer', () => {
    const { ciphertext, tag } = a128cbcHs256Encrypt(B1.k, B1.iv, B1.p, B1.a);
    expect(ciphertext.toString('hex')).toBe(B1.e.toString('hex'));
    expect(tag.toString('hex')).toBe(B1.t.toString('hex'));
  });

  it('uses the first 16 CEK bytes as the MAC key and an AL of the AAD length in bits', () => {
    expect(a128cbcHs256Tag(B1.k.subarray(0, 16), B1.a, B1.iv, B1.e).equals(B1.t)).toBe(true);
  });

  it('rejects a CEK or IV of the wrong size', () => {
    expect(() => a128cbcHs256Encrypt(randomBytes(16), B1.iv, B1.p, B1.a)).toThrow(RangeError);
    expect(() => a128cbcHs256Encrypt(B1.k, randomBytes(12), B1.p, B1.a)).toThrow(RangeError);
  });
});

describe('a128cbcHs256Decrypt()', () => {
  it('decrypts the RFC 7518 Appendix B.1 vector', () => {
    expect(a128cbcHs256Decrypt(B1.k, B1.iv, B1.e, B1.t, B1.a)?.toString()).toBe(B1.p.toString());
  });

  it('returns undefined when any input byte changes', () => {
    const flip = (b: Buffer, i = 0): Buffer => {
      const c = Buffer.from(b);
      c[i] = (c[i] ?? 0) ^ 0x80;
      return c;
    };
    expect(a128cbcHs256Decrypt(flip(B1.k), B1.iv, B1.e, B1.t, B1.a)).toBeUndefined();
    // A wrong ENC key passes the tag check but cannot give back the plaintext.
    expect(a128cbcHs256Decrypt(flip(B1.k, 20), B1.iv, B1.e, B1.t, B1.a)?.equals(B1.p) ?? false).toBe(false);
    expect(a128cbcHs256Decrypt(B1.k, flip(B1.iv), B1.e, B1.t, B1.a)).toBeUndefined();
    expect(a128cbcHs256Decrypt(B1.k, B1.iv, flip(B1.e, 100), B1.t, B1.a)).toBeUndefined();
    expect(a128cbcHs256Decrypt(B1.k, B1.iv, B1.e, flip(B1.t, 15), B1.a)).toBeUndefined();
    expect(a128cbcHs256Decrypt(B1.k, B1.iv, B1.e, B1.t, flip(B1.a, 5))).toBeUndefined();
  });

  it('returns undefined for bad sizes instead of throwing', () => {
    expect(a128cbcHs256Decrypt(B1.k.subarray(0, 31), B1.iv, B1.e, B1.t, B1.a)).toBeUndefined();
    expect(a128cbcHs256Decrypt(B1.k, B1.iv, B1.e.subarray(0, 17), B1.t, B1.a)).toBeUndefined();
    expect(a128cbcHs256Decrypt(B1.k, B1.iv, Buffer.alloc(0), B1.t, B1.a)).toBeUndefined();
    expect(a128cbcHs256Decrypt(B1.k, B1.iv, B1.e, B1.t.subarray(0, 8), B1.a)).toBeUndefined();
  });

  it('round-trips any plaintext and AAD', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 100 }), (plaintext, aad) => {
        const cek = randomBytes(32);
        const iv = randomBytes(16);
        const { ciphertext, tag } = a128cbcHs256Encrypt(cek, iv, plaintext, aad);
        expect(a128cbcHs256Decrypt(cek, iv, ciphertext, tag, aad)?.equals(plaintext)).toBe(true);
      }),
    );
  });
});

describe('base64urlDecode()', () => {
  it('accepts only the canonical unpadded encoding', () => {
    expect(base64urlDecode('AQID')?.toString('hex')).toBe('010203');
    expect(base64urlDecode('')?.byteLength).toBe(0);
    expect(base64urlDecode('AQI=')).toBeUndefined();
    expect(base64urlDecode('AQ+D')).toBeUndefined();
    expect(base64urlDecode('A')).toBeUndefined();
    expect(base64urlDecode('AR')).toBeUndefined(); // non-zero unused bits: 'AQ' is the canonical form
    expect(base64urlDecode('AQ')?.toString('hex')).toBe('01');
  });

  it('inverts base64urlEncode()', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(base64urlDecode(base64urlEncode(bytes))?.equals(bytes)).toBe(true);
      }),
    );
  });
});

describe('parseCompactJwe()', () => {
  it('returns undefined unless there are five base64url segments and a JSON-object header', () => {
    const h = base64urlEncode('{"alg":"RSA-OAEP"}');
    expect(parseCompactJwe(`${h}.AA.AA.AA.AA`)?.header).toEqual({ alg: 'RSA-OAEP' });
    expect(parseCompactJwe(`${h}.AA.AA.AA`)).toBeUndefined();
    expect(parseCompactJwe(`${h}.AA.AA.AA.AA.AA`)).toBeUndefined();
    expect(parseCompactJwe(`${h}.A*.AA.AA.AA`)).toBeUndefined();
    expect(parseCompactJwe(`${base64urlEncode('[1]')}.AA.AA.AA.AA`)).toBeUndefined();
    expect(parseCompactJwe(`${base64urlEncode('null')}.AA.AA.AA.AA`)).toBeUndefined();
    expect(parseCompactJwe(`${base64urlEncode(Buffer.of(0xff, 0xfe))}.AA.AA.AA.AA`)).toBeUndefined();
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string(), (text) => void parseCompactJwe(text)));
  });
});

describe('parseJsonObject()', () => {
  it('keeps a __proto__ member as an own property', () => {
    const parsed = parseJsonObject('{"__proto__":{"polluted":1}}');
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('encryptCompactJwe()', () => {
  let privateKey: KeyObject;
  let publicKey: KeyObject;
  beforeAll(() => {
    ({ privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 }));
  });

  it('writes the header members in the given order and a 256-byte wrapped key', () => {
    const token = encryptCompactJwe({
      header: { enc: 'A128CBC+HS256', alg: 'RSA-OAEP', x5t: 'abc' },
      recipientKey: publicKey,
      plaintext: Buffer.from('hi'),
    });
    const parts = parseCompactJwe(token);
    expect(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()).toBe(
      '{"enc":"A128CBC+HS256","alg":"RSA-OAEP","x5t":"abc"}',
    );
    expect(parts?.encryptedKey.byteLength).toBe(256);
    expect(parts?.iv.byteLength).toBe(16);
    expect(parts?.tag.byteLength).toBe(16);
  });

  it('produces a JWE that jose decrypts when spelled A128CBC-HS256 (independent RSA-OAEP and AEAD check)', async () => {
    const token = encryptCompactJwe({
      header: { alg: 'RSA-OAEP', enc: 'A128CBC-HS256', cty: 'JWT' },
      recipientKey: publicKey,
      plaintext: Buffer.from('payload bytes'),
    });
    const { plaintext, protectedHeader } = await compactDecrypt(token, privateKey);
    expect(Buffer.from(plaintext).toString()).toBe('payload bytes');
    expect(protectedHeader.enc).toBe('A128CBC-HS256');
  });

  it('decrypts what jose encrypts with RSA-OAEP + A128CBC-HS256', async () => {
    const token = await new CompactEncrypt(Buffer.from('from jose'))
      .setProtectedHeader({ alg: 'RSA-OAEP', enc: 'A128CBC-HS256' })
      .encrypt(publicKey);
    const parts = parseCompactJwe(token);
    if (parts === undefined) throw new Error('unparsable');
    const { privateDecrypt, constants } = await import('node:crypto');
    const cek = privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      parts.encryptedKey,
    );
    const plaintext = a128cbcHs256Decrypt(
      cek,
      parts.iv,
      parts.ciphertext,
      parts.tag,
      Buffer.from(parts.protectedHeaderB64, 'ascii'),
    );
    expect(plaintext?.toString()).toBe('from jose');
  });
});
