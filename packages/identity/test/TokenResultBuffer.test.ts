import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TOKEN_RESULT_HEADER_BYTES, encodeTokenResult, tokenResultData, tokenResultUtf16Data, writeTokenResult } from '@gdkts/identity';

describe('token result buffer (xuser-xal.md §0)', () => {
  it('lays out the 32-byte header, then token + NUL, then signature + NUL (UTF-8)', () => {
    const encoded = encodeTokenResult('XBL3.0 x=1;abc', 'SIG', 'utf8');
    expect(encoded.size).toBe(32 + 15 + 4);
    const buffer = new Uint8Array(encoded.size + 5).fill(0xee);
    expect(writeTokenResult(encoded, buffer)).toBe(encoded.size);
    const view = new DataView(buffer.buffer);
    expect(view.getBigUint64(0, true)).toBe(15n);
    expect(view.getBigUint64(8, true)).toBe(4n);
    expect(view.getBigUint64(16, true)).toBe(32n);
    expect(view.getBigUint64(24, true)).toBe(47n);
    expect(Buffer.from(buffer.subarray(32, 47)).toString('latin1')).toBe('XBL3.0 x=1;abc\0');
    expect(Buffer.from(buffer.subarray(47, 51)).toString('latin1')).toBe('SIG\0');
    expect([...buffer.subarray(51)]).toEqual([0xee, 0xee, 0xee, 0xee, 0xee]);
    const data = tokenResultData(buffer);
    expect(data).toMatchObject({ tokenSize: 15, signatureSize: 4, token: 'XBL3.0 x=1;abc', signature: 'SIG' });
  });

  it('no signature: size 0, offset slot 0, signature null', () => {
    const encoded = encodeTokenResult('T', null, 'utf8');
    const buffer = new Uint8Array(encoded.size);
    writeTokenResult(encoded, buffer);
    expect(encoded.size).toBe(TOKEN_RESULT_HEADER_BYTES + 2);
    expect(new DataView(buffer.buffer).getBigUint64(24, true)).toBe(0n);
    expect(tokenResultData(buffer)).toMatchObject({ tokenSize: 2, signatureSize: 0, token: 'T', signature: null });
  });

  it('UTF-16LE: counts in code units including the NUL, slots in bytes', () => {
    const encoded = encodeTokenResult('Tö', 'S', 'utf16le');
    const buffer = new Uint8Array(encoded.size);
    writeTokenResult(encoded, buffer);
    const view = new DataView(buffer.buffer);
    expect(view.getBigUint64(0, true)).toBe(3n);
    expect(view.getBigUint64(8, true)).toBe(2n);
    expect(view.getBigUint64(24, true)).toBe(32n + 6n);
    expect(encoded.size).toBe(32 + 6 + 4);
    expect(tokenResultUtf16Data(buffer)).toMatchObject({ tokenCount: 3, signatureCount: 2, token: 'Tö', signature: 'S' });
  });

  it('the data object reads the strings from the caller buffer on access', () => {
    const encoded = encodeTokenResult('AAAA', 'BB', 'utf8');
    const buffer = new Uint8Array(encoded.size);
    writeTokenResult(encoded, buffer);
    const data = tokenResultData(buffer);
    buffer[32] = 'Z'.charCodeAt(0);
    expect(data.token).toBe('ZAAA');
  });

  it('round-trips any strings in both encodings at any buffer offset', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.option(fc.string({ unit: 'grapheme' })), fc.constantFrom('utf8' as const, 'utf16le' as const), fc.nat(16), (token, signature, encoding, at) => {
        const clean = (s: string) => s.replace(/\0/g, '');
        const t = clean(token);
        const s = signature === null ? null : clean(signature);
        const encoded = encodeTokenResult(t, s, encoding);
        const backing = new Uint8Array(encoded.size + at);
        const buffer = backing.subarray(at);
        writeTokenResult(encoded, buffer);
        const data = encoding === 'utf8' ? tokenResultData(buffer) : tokenResultUtf16Data(buffer);
        expect(data.token).toBe(t);
        expect(data.signature).toBe(s);
      }),
    );
  });

  it('refuses a buffer that is too small', () => {
    const encoded = encodeTokenResult('abc', null, 'utf8');
    expect(() => writeTokenResult(encoded, new Uint8Array(encoded.size - 1))).toThrow(RangeError);
  });
});
