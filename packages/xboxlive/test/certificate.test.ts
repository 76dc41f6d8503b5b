import { X509Certificate, createHash, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { certificateThumbprint, createSelfSignedCertificate } from '../src/internal/certificate.js';

describe('createSelfSignedCertificate()', () => {
  let privateKey: KeyObject;
  let publicKey: KeyObject;
  beforeAll(() => {
    ({ privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 }));
  });

  const build = (notBefore: string, notAfter: string): Buffer =>
    createSelfSignedCertificate({
      commonName: 'contoso.com',
      privateKey,
      notBefore: new Date(notBefore),
      notAfter: new Date(notAfter),
    });

  it('builds a DER certificate that node:crypto parses, self-signed with RSA-SHA256', () => {
    const cert = new X509Certificate(build('2024-01-01T00:00:00Z', '2026-01-01T00:00:00Z'));
    expect(cert.subject).toBe('CN=contoso.com');
    expect(cert.issuer).toBe('CN=contoso.com');
    expect(cert.ca).toBe(false);
    expect(cert.publicKey.equals(publicKey)).toBe(true);
    expect(cert.verify(publicKey)).toBe(true);
    expect(new Date(cert.validFrom).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(new Date(cert.validTo).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(cert.toString()).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('switches from UTCTime to GeneralizedTime in 2050', () => {
    const der = build('2049-12-31T23:59:59Z', '2050-01-01T00:00:00Z');
    expect(der.includes(Buffer.from('491231235959Z'))).toBe(true);
    expect(der.includes(Buffer.from('20500101000000Z'))).toBe(true);
    const cert = new X509Certificate(der);
    expect(new Date(cert.validTo).toISOString()).toBe('2050-01-01T00:00:00.000Z');
  });

  it('names the subject key by the SHA-1 of the RSAPublicKey (RFC 5280 method 1)', () => {
    const der = build('2024-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
    const ski = createHash('sha1')
      .update(publicKey.export({ type: 'pkcs1', format: 'der' }))
      .digest();
    expect(der.includes(Buffer.concat([Buffer.of(0x04, 0x14), ski]))).toBe(true);
  });

  it('gives each certificate a fresh positive serial number unless one is given', () => {
    const a = new X509Certificate(build('2024-01-01T00:00:00Z', '2026-01-01T00:00:00Z'));
    const b = new X509Certificate(build('2024-01-01T00:00:00Z', '2026-01-01T00:00:00Z'));
    expect(a.serialNumber).not.toBe(b.serialNumber);
    const fixed = createSelfSignedCertificate({
      commonName: 'x',
      privateKey,
      notBefore: new Date(0),
      notAfter: new Date(1e12),
      serialNumber: Buffer.of(0x00, 0x00, 0xff),
    });
    expect(new X509Certificate(fixed).serialNumber).toBe('FF');
    expect(fixed.includes(Buffer.of(0x02, 0x02, 0x00, 0xff))).toBe(true); // minimal, with the sign guard
  });
});

describe('certificateThumbprint()', () => {
  it('is the base64url SHA-1 of the DER, the same as the certificate fingerprint', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const der = createSelfSignedCertificate({
      commonName: 'x',
      privateKey,
      notBefore: new Date(0),
      notAfter: new Date(1e12),
    });
    const fingerprint = new X509Certificate(der).fingerprint.replaceAll(':', '');
    expect(certificateThumbprint(der)).toBe(Buffer.from(fingerprint, 'hex').toString('base64url'));
    expect(certificateThumbprint(der)).toHaveLength(27);
  });
});
