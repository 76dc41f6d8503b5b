import { generateKeyPairSync, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_SIGNATURE_POLICY,
  createRequestSigner,
  signRequest,
  type SignaturePolicy,
} from '@gdkts/xboxlive/client';
import { filetimeFromUnixMs } from '../src/wire/filetime.js';
import { parseSignatureHeader } from '../src/wire/signatureHeader.js';
import { buildSignaturePayload } from '../src/wire/signaturePayload.js';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const vectors = JSON.parse(readFileSync(new URL('./vectors/signature-digests.json', import.meta.url), 'utf8')) as {
  cases: { policy: { version: number; maxBodyBytes: number; extraHeaders: string[] }; payloadHex?: string }[];
};

// The request arbitrary is built once, at load: fast-check's first fc.webPath() builds its
// web-segment character tables, about 1 s on an idle machine (the property's 50 runs take about
// 0.1 s). Built inside the property it counted against the test's 5 s, and ran out under load.
const anyRequest = fc.tuple(
  fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
  fc.webPath(),
  fc.uint8Array({ maxLength: 300 }),
  fc.integer({ min: 0, max: 400 }),
  fc.string(),
);

function verifies(header: string, payload: Uint8Array): boolean {
  const parsed = parseSignatureHeader(header);
  return (
    parsed !== undefined && verify('sha256', payload, { key: publicKey, dsaEncoding: 'ieee-p1363' }, parsed.signature)
  );
}

describe('signRequest', () => {
  it('signs exactly the XSAPI vector payload, version and FILETIME big-endian in front', () => {
    const vector = vectors.cases.find((c) => c.payloadHex !== undefined)!;
    const policy: SignaturePolicy = { Version: 1, MaxBodyBytes: vector.policy.maxBodyBytes, ExtraHeaders: [] };
    const header = signRequest(
      privateKey,
      {
        method: 'POST',
        url: 'https://example.com/path/path?query=value#fragment',
        headers: { header1: 'value1' },
        body: Uint8Array.of(0, 1, 2, 3, 4, 5),
      },
      policy,
      130408746879313831n,
    );
    expect(header).toHaveLength(104);
    expect(header.startsWith('AAAAAQ')).toBe(true);
    const bytes = Buffer.from(header, 'base64');
    expect(bytes).toHaveLength(76);
    expect(bytes.subarray(0, 12).toString('hex')).toBe('0000000101cf4e10795867a7');
    expect(verifies(header, Buffer.from(vector.payloadHex!, 'hex'))).toBe(true);
  });

  it('signs a URL object in its serialised form and a string exactly as written', () => {
    const filetime = 1n;
    const expectPayload = (url: string | URL, pathAndQuery: string): void => {
      const header = signRequest(privateKey, { method: 'get', url }, DEFAULT_SIGNATURE_POLICY, filetime);
      const payload = buildSignaturePayload(
        DEFAULT_SIGNATURE_POLICY,
        filetime,
        { method: 'GET', pathAndQuery, headers: {}, body: undefined },
        'utf8',
      );
      expect(verifies(header, payload)).toBe(true);
    };
    expectPayload('https://api.contoso.com/a%2Fb/./c?x=%41&y', '/a%2Fb/./c?x=%41&y');
    expectPayload(new URL('https://api.contoso.com/a b/./c?x=1'), '/a%20b/c?x=1');
    expectPayload('https://api.contoso.com/items?', '/items');
    expectPayload('https://api.contoso.com', '/');
  });

  it('encodes a string body as UTF-8 bytes', () => {
    const body = 'héllo ✓';
    const header = signRequest(privateKey, { method: 'POST', url: '/x', body }, DEFAULT_SIGNATURE_POLICY, 5n);
    const payload = buildSignaturePayload(
      DEFAULT_SIGNATURE_POLICY,
      5n,
      { method: 'POST', pathAndQuery: '/x', headers: {}, body: Buffer.from(body, 'utf8') },
      'utf8',
    );
    expect(verifies(header, payload)).toBe(true);
  });

  it('produces a verifiable 76-byte header for any request', () => {
    fc.assert(
      fc.property(anyRequest, ([method, path, body, maxBodyBytes, authorization]) => {
        const policy: SignaturePolicy = { Version: 1, MaxBodyBytes: maxBodyBytes };
        const pathAndQuery = path.startsWith('/') ? path : `/${path}`;
        const header = signRequest(
          privateKey,
          { method, url: `https://host.example${pathAndQuery}`, headers: [['Authorization', authorization]], body },
          policy,
          42n,
        );
        const payload = buildSignaturePayload(
          policy,
          42n,
          { method, pathAndQuery, headers: { authorization }, body },
          'utf8',
        );
        expect(Buffer.from(header, 'base64')).toHaveLength(76);
        expect(verifies(header, payload)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});

describe('createRequestSigner', () => {
  it('stamps the time of its clock as a FILETIME', () => {
    const now = Date.UTC(2026, 4, 17, 12, 0, 0, 250);
    const signer = createRequestSigner(privateKey, { now: () => now });
    const parsed = parseSignatureHeader(signer.sign({ method: 'GET', url: 'https://a.example/' }));
    expect(parsed?.filetime).toBe(filetimeFromUnixMs(now));
    expect(parsed?.version).toBe(1);
  });

  it('writes the policy version into the header', () => {
    const signer = createRequestSigner(privateKey);
    expect(
      parseSignatureHeader(signer.sign({ method: 'GET', url: '/' }, { Version: 7, MaxBodyBytes: 0 }))?.version,
    ).toBe(7);
  });

  it('rejects keys that are not P-256 private keys', () => {
    expect(() => createRequestSigner(publicKey)).toThrow(TypeError);
    expect(() => createRequestSigner(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey)).toThrow(TypeError);
    expect(() => createRequestSigner(generateKeyPairSync('ed25519').privateKey)).toThrow(TypeError);
  });
});
