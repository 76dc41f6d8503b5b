import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { SignaturePolicy } from '../src/wire/SignaturePolicy.js';
import { buildSignaturePayload, signaturePayloadDigest } from '../src/wire/signaturePayload.js';
import { encodeSignatureHeader, parseSignatureHeader } from '../src/wire/signatureHeader.js';
import { filetimeFromUnixMs, unixMsFromFiletime } from '../src/wire/filetime.js';
import { wirePathAndQuery } from '../src/wire/requestTarget.js';

interface VectorCase {
  policy: { version: number; maxBodyBytes: number; extraHeaders: string[] };
  authorization: string | null;
  digest: string;
  payloadHex?: string;
}
const vectors = JSON.parse(readFileSync(new URL('./vectors/signature-digests.json', import.meta.url), 'utf8')) as {
  cases: VectorCase[];
};

const FILETIME = 130408746879313831n;
const HEADERS: [string, string][] = [
  ['header1', 'value1'],
  ['header2', 'value2'],
  ['header3', 'value3'],
  ['header4', 'value4'],
];
const BODY = Uint8Array.of(0, 1, 2, 3, 4, 5);

function policyOf(c: VectorCase): SignaturePolicy {
  return { Version: c.policy.version, MaxBodyBytes: c.policy.maxBodyBytes, ExtraHeaders: c.policy.extraHeaders };
}

describe('signaturePayloadDigest', () => {
  it.each(
    vectors.cases.map(
      (c) => [JSON.stringify(c.policy) + (c.authorization === null ? '' : ' with Authorization'), c] as const,
    ),
  )('reproduces the XSAPI digest for %s', (_name, c) => {
    const headers =
      c.authorization === null ? HEADERS : [...HEADERS, ['Authorization', c.authorization] as [string, string]];
    const request = { method: 'POST', pathAndQuery: '/path/path?query=value', headers, body: BODY };
    expect(signaturePayloadDigest(policyOf(c), FILETIME, request).toString('base64')).toBe(c.digest);
    if (c.payloadHex !== undefined)
      expect(buildSignaturePayload(policyOf(c), FILETIME, request, 'utf8').toString('hex')).toBe(c.payloadHex);
  });

  it('gives the same digest for every header shape', () => {
    const c = vectors.cases.find((v) => v.policy.extraHeaders.length > 0)!;
    const shapes = [HEADERS, new Headers(HEADERS), Object.fromEntries(HEADERS.map(([k, v]) => [k.toUpperCase(), v]))];
    for (const headers of shapes) {
      const digest = signaturePayloadDigest(policyOf(c), FILETIME, {
        method: 'post',
        pathAndQuery: '/path/path?query=value',
        headers,
        body: BODY,
      });
      expect(digest.toString('base64')).toBe(c.digest);
    }
  });

  it('ends with a lone NUL for an empty or absent body', () => {
    const policy: SignaturePolicy = { Version: 1, MaxBodyBytes: 8192 };
    const a = buildSignaturePayload(
      policy,
      1n,
      { method: 'GET', pathAndQuery: '/', headers: {}, body: undefined },
      'utf8',
    );
    const b = buildSignaturePayload(
      policy,
      1n,
      { method: 'GET', pathAndQuery: '/', headers: {}, body: new Uint8Array(0) },
      'utf8',
    );
    expect(a.equals(b)).toBe(true);
    expect(a.subarray(-3).toString('hex')).toBe('000000');
  });
});

describe('parseSignatureHeader', () => {
  it('round-trips what encodeSignatureHeader writes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        (version, filetime, signature) => {
          const value = encodeSignatureHeader(version, filetime, signature);
          expect(value).toHaveLength(104);
          const parsed = parseSignatureHeader(value);
          expect(parsed?.version).toBe(version);
          expect(parsed?.filetime).toBe(filetime);
          expect(parsed?.signature.equals(Buffer.from(signature))).toBe(true);
        },
      ),
    );
  });

  it('starts every version 1 header with AAAAAQ', () => {
    expect(encodeSignatureHeader(1, FILETIME, new Uint8Array(64)).startsWith('AAAAAQ')).toBe(true);
  });

  it('refuses non-canonical base64, the URL-safe alphabet and wrong lengths', () => {
    const good = encodeSignatureHeader(1, FILETIME, new Uint8Array(64).fill(0xfb));
    expect(parseSignatureHeader(good)).toBeDefined();
    expect(parseSignatureHeader(good.replace(/\+/g, '-').replace(/\//g, '_'))).toBeUndefined();
    expect(parseSignatureHeader(good.slice(0, 101) + 'B==')).toBeUndefined();
    expect(parseSignatureHeader(good.slice(0, -2))).toBeUndefined();
    expect(parseSignatureHeader(Buffer.alloc(77).toString('base64'))).toBeUndefined();
    expect(parseSignatureHeader(` ${good}`)).toBeUndefined();
  });
});

describe('filetimeFromUnixMs', () => {
  it('maps the Unix epoch to 116444736000000000 and back', () => {
    expect(filetimeFromUnixMs(0)).toBe(116444736000000000n);
    expect(unixMsFromFiletime(116444736000000000n)).toBe(0);
  });

  it('matches the XSAPI vector instant 2014-04-02T01:11:27.9313831Z', () => {
    const ms = Date.parse('2014-04-02T01:11:27.931Z') + 0.3831;
    expect(filetimeFromUnixMs(ms)).toBe(FILETIME);
  });
});

describe('wirePathAndQuery', () => {
  it.each([
    ['https://host.example/path/path?query=value', '/path/path?query=value'],
    ['https://host.example', '/'],
    ['https://host.example?x=1', '/?x=1'],
    ['https://user@host.example:8443/a%2Fb/../c?q=%20#frag', '/a%2Fb/../c?q=%20'],
    ['/path?', '/path'],
    ['/path?#f', '/path'],
    ['/p?a=1&b=2', '/p?a=1&b=2'],
    ['', '/'],
  ])('maps %j to %j', (target, expected) => {
    expect(wirePathAndQuery(target)).toBe(expected);
  });
});
