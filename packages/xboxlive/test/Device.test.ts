import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Device, DeviceType, proofKeyJwk } from '@gdkts/xboxlive';

describe('Device', () => {
  it('holds a P-256 proof key whose JWK has the ProofKey shape', () => {
    const device = new Device({ type: DeviceType.Scarlett });
    const { jwk, privateKey, publicKey } = device.proofKey;
    expect(Object.keys(jwk)).toEqual(['kty', 'crv', 'alg', 'use', 'x', 'y']);
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwk.x).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(jwk.y).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const signature = sign('sha256', Buffer.from('payload'), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    expect(signature.byteLength).toBe(64);
    expect(
      verify(
        'sha256',
        Buffer.from('payload'),
        { key: createPublicKey({ key: { ...jwk } as JsonWebKey, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
        signature,
      ),
    ).toBe(true);
    expect(publicKey.equals(createPublicKey(privateKey))).toBe(true);
    expect(device.type).toBe('Scarlett');
    expect(device.id).toMatch(/^[0-9A-F]{32}$/);
  });

  it('gives every device its own key, or uses the one given', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(new Device().proofKey.jwk.x).not.toBe(new Device().proofKey.jwk.x);
    expect(new Device({ proofKey: privateKey }).proofKey.jwk).toEqual(proofKeyJwk(privateKey));
  });

  it('rejects keys that are not P-256 private keys', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    expect(() => new Device({ proofKey: p384.privateKey })).toThrow(TypeError);
    expect(() => new Device({ proofKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey })).toThrow(
      TypeError,
    );
  });
});
