import { X509Certificate, createHash, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_USER_CLAIMS, RelyingParty } from '@gdkts/xboxlive';

describe('RelyingParty', () => {
  let privateKey: KeyObject;
  let rp: RelyingParty;
  beforeAll(async () => {
    rp = await RelyingParty.create({
      audience: 'rp://contoso.com/',
      publisherId: 'contoso',
      now: () => Date.UTC(2030, 0, 1),
    });
    privateKey = rp.privateKey;
  });

  it('generates an RSA-2048 key and a self-signed certificate named after the audience host', () => {
    expect(rp.privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(rp.certificate.subject).toBe('CN=contoso.com');
    expect(rp.certificate.verify(rp.publicKey)).toBe(true);
    expect(new Date(rp.certificate.validFrom).getTime()).toBeLessThan(Date.UTC(2030, 0, 1));
    expect(new Date(rp.certificate.validTo).getTime()).toBeGreaterThan(Date.UTC(2031, 0, 1));
  });

  it('x5t is the base64url SHA-1 thumbprint of the certificate DER', () => {
    expect(rp.x5t).toBe(createHash('sha1').update(rp.certificate.raw).digest('base64url'));
    expect(rp.x5t).toBe(
      Buffer.from(new X509Certificate(rp.certificateDer).fingerprint.replaceAll(':', ''), 'hex').toString('base64url'),
    );
    expect(rp.decryptionKey).toEqual({ x5t: rp.x5t, privateKey: rp.privateKey });
  });

  it('defaults to a 4-hour lifetime and the pre-filled claims', () => {
    expect(rp.tokenLifetimeHours).toBe(4);
    expect(rp.userClaims).toEqual(DEFAULT_USER_CLAIMS);
    expect(rp.deviceClaims).toEqual(['dty']);
    expect(rp.titleClaims).toEqual(['tid']);
  });

  it('accepts an existing key and certificate, and rejects a certificate of another key', () => {
    const same = new RelyingParty({
      audience: 'rp://contoso.com/',
      publisherId: 'contoso',
      privateKey,
      certificate: rp.certificateDer,
    });
    expect(same.x5t).toBe(rp.x5t);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(
      () =>
        new RelyingParty({
          audience: 'rp://contoso.com/',
          publisherId: 'contoso',
          privateKey: other,
          certificate: rp.certificateDer,
        }),
    ).toThrow(TypeError);
  });

  it('validates the configuration', () => {
    const base = { audience: 'rp://contoso.com/', publisherId: 'contoso', privateKey };
    for (const audience of ['contoso.com', 'rp:///', 'ftp://contoso.com/'])
      expect(() => new RelyingParty({ ...base, audience })).toThrow(RangeError);
    for (const tokenLifetimeHours of [0, 721, 1.5])
      expect(() => new RelyingParty({ ...base, tokenLifetimeHours })).toThrow(RangeError);
    expect(() => new RelyingParty({ ...base, publisherId: '' })).toThrow(RangeError);
    expect(() => new RelyingParty({ ...base, userClaims: ['uhs' as never] })).toThrow(RangeError);
    expect(
      () => new RelyingParty({ ...base, privateKey: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey }),
    ).toThrow(TypeError);
    expect(
      new RelyingParty({ ...base, audience: 'http://xboxlive.com', tokenLifetimeHours: 720 }).tokenLifetimeHours,
    ).toBe(720);
  });
});
