/**
 * Payload writers (`@gdkts/xasync/provider`): struct codecs with the 64-bit native layout,
 * NUL-terminated UTF-8 / UTF-16LE strings, `copyToBuffer` and the two-step `TwoStepResult`.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  E_ILLEGAL_METHOD_CALL,
  E_INVALIDARG,
  E_NOT_SUFFICIENT_BUFFER,
  E_PENDING,
  E_POINTER,
  S_OK,
  out,
  type HRESULT,
  type XAsyncBlock,
} from '@gdkts/xasync';
import {
  beginPromiseCall,
  copyToBuffer,
  defineStruct,
  readUtf16,
  readUtf8,
  TwoStepResult,
  utf16Size,
  utf8Size,
  writeUtf16,
  writeUtf8,
} from '@gdkts/xasync/provider';
import { pump, useRuntimeSandbox } from '@gdkts/xasync/testing';
import { settle } from './helpers/calls.js';

const sandbox = useRuntimeSandbox({ beforeEach, afterEach }, { virtualHost: false });
const { createQueue } = sandbox;

describe('defineStruct', () => {
  it('lays fields out with natural alignment and the sizeof of a 64-bit build', () => {
    // struct XUserGetTokenAndSignatureData { size_t tokenSize; size_t signatureSize; const char* token; const char* signature; }
    const data = defineStruct({ tokenSize: 'size_t', signatureSize: 'size_t', token: 'ptr', signature: 'ptr' });
    expect(data.sizeof).toBe(32);
    expect(data.offsets).toEqual({ tokenSize: 0, signatureSize: 8, token: 16, signature: 24 });
    const mixed = defineStruct({ a: 'u8', b: 'u64', c: 'u16', d: 'bool', e: 'u32' });
    expect(mixed.offsets).toEqual({ a: 0, b: 8, c: 16, d: 18, e: 20 });
    expect(mixed.sizeof).toBe(24);
    expect(mixed.alignof).toBe(8);
    const small = defineStruct({ a: 'u32', b: 'u8' });
    expect(small.sizeof).toBe(8); // padded to alignof 4
    expect(defineStruct({ a: 'u8', b: 'u8', c: 'u8' }).sizeof).toBe(3);
    expect(() => defineStruct({ a: 'float' as never })).toThrow(TypeError);
  });

  it('encodes little-endian with zeroed padding', () => {
    const s = defineStruct({ flag: 'bool', count: 'u32', id: 'u64', size: 'size_t', delta: 'i32' });
    const bytes = new Uint8Array(s.sizeof + 4).fill(0xee);
    expect(s.encode(bytes, 0, { flag: true, count: 0x01020304, id: 0x1122334455667788n, size: 300, delta: -2 })).toBe(
      s.sizeof,
    );
    expect([...bytes.subarray(0, 8)]).toEqual([1, 0, 0, 0, 4, 3, 2, 1]);
    expect([...bytes.subarray(8, 16)]).toEqual([0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11]);
    expect([...bytes.subarray(16, 24)]).toEqual([44, 1, 0, 0, 0, 0, 0, 0]);
    expect([...bytes.subarray(24, 28)]).toEqual([0xfe, 0xff, 0xff, 0xff]);
    expect([...bytes.subarray(28, 32)]).toEqual([0, 0, 0, 0]); // tail padding
    expect([...bytes.subarray(32)]).toEqual([0xee, 0xee, 0xee, 0xee]); // nothing past sizeof
  });

  it('decodes what it encodes, at any offset (property)', () => {
    const s = defineStruct({ a: 'u8', b: 'u16', c: 'u32', d: 'i32', e: 'u64', f: 'size_t', g: 'ptr', h: 'bool' });
    fc.assert(
      fc.property(
        fc.record({
          a: fc.integer({ min: 0, max: 0xff }),
          b: fc.integer({ min: 0, max: 0xffff }),
          c: fc.integer({ min: 0, max: 0xffffffff }),
          d: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
          e: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
          f: fc.maxSafeNat(),
          g: fc.maxSafeNat(),
          h: fc.boolean(),
        }),
        fc.nat(16),
        (values, offset) => {
          const bytes = new Uint8Array(offset + s.sizeof);
          s.encode(bytes, offset, values);
          expect(s.decode(bytes, offset)).toEqual(values);
        },
      ),
    );
  });
});

describe('NUL-terminated strings', () => {
  it('sizes include the NUL; UTF-8 counts bytes, UTF-16 counts two bytes per code unit', () => {
    expect(utf8Size('')).toBe(1);
    expect(utf8Size('Gamer')).toBe(6);
    expect(utf8Size('é')).toBe(3);
    expect(utf16Size('Gamer')).toBe(12);
    expect(utf16Size('😀')).toBe(6);
  });

  it('writes and reads them back, stopping at the first NUL (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\0')),
        fc.nat(8),
        (s, offset) => {
          const b8 = new Uint8Array(offset + utf8Size(s) + 3).fill(0x41);
          expect(writeUtf8(b8, offset, s)).toBe(offset + utf8Size(s));
          expect(b8[offset + utf8Size(s) - 1]).toBe(0);
          expect(readUtf8(b8, offset)).toBe(s);
          const b16 = new Uint8Array(offset + utf16Size(s) + 2).fill(0x41);
          expect(writeUtf16(b16, offset, s)).toBe(offset + utf16Size(s));
          expect(readUtf16(b16, offset)).toBe(s);
        },
      ),
    );
  });

  it('UTF-16 is little-endian; a buffer too small throws RangeError (checked sizes first)', () => {
    const b = new Uint8Array(6);
    writeUtf16(b, 0, 'Ab');
    expect([...b]).toEqual([0x41, 0, 0x62, 0, 0, 0]);
    expect(() => writeUtf16(new Uint8Array(5), 0, 'Ab')).toThrow(RangeError);
    expect(() => writeUtf8(new Uint8Array(2), 0, 'Ab')).toThrow(RangeError);
  });
});

describe('copyToBuffer (a synchronous sized getter)', () => {
  const payload = new Uint8Array([1, 2, 3]);
  it('copies when it fits and writes bufferUsed', () => {
    const buffer = new Uint8Array(4);
    const used = out(0);
    expect(copyToBuffer(payload, 4, buffer, used)).toBe(S_OK);
    expect([...buffer]).toEqual([1, 2, 3, 0]);
    expect(used.value).toBe(3);
  });
  it('answers E_NOT_SUFFICIENT_BUFFER without writing, E_INVALIDARG and E_POINTER for bad pointers', () => {
    const buffer = new Uint8Array(2);
    const used = out(9);
    expect(copyToBuffer(payload, 2, buffer, used)).toBe(E_NOT_SUFFICIENT_BUFFER);
    expect([...buffer]).toEqual([0, 0]);
    expect(used.value).toBe(9);
    expect(copyToBuffer(payload, 8, new Uint8Array(4), null)).toBe(E_INVALIDARG);
    expect(copyToBuffer(payload, -1, new Uint8Array(4), null)).toBe(E_INVALIDARG);
    expect(copyToBuffer(payload, 4, [0, 0, 0, 0] as never, null)).toBe(E_INVALIDARG);
    const fail = (): never => {
      throw new Error('a bad pointer');
    };
    const hostile = new Proxy({}, { get: fail, getPrototypeOf: fail });
    expect(copyToBuffer(payload, 4, hostile as never, null)).toBe(E_INVALIDARG); // answered, never thrown
    expect(copyToBuffer(payload, 4, new Uint8Array(4), 'used' as never)).toBe(E_POINTER);
  });
  it('takes a writer: its size first, its bytes into the buffer', () => {
    const buffer = new Uint8Array(8);
    expect(copyToBuffer({ size: utf8Size('hi'), write: (b) => void writeUtf8(b, 0, 'hi') }, 8, buffer, null)).toBe(
      S_OK,
    );
    expect(readUtf8(buffer, 0)).toBe('hi');
  });
});

// A payload-returning call, as xuser ships XUserGetTokenAndSignatureAsync / ResultSize / Result.
const TokenData = defineStruct({ tokenSize: 'size_t', token: 'ptr' });
function GetTokenAsync(token: string, asyncBlock: XAsyncBlock): HRESULT {
  return beginPromiseCall(asyncBlock, GetTokenAsync, 'GetTokenAsync', () =>
    Promise.resolve({
      payload: {
        size: TokenData.sizeof + utf8Size(token),
        write: (b: Uint8Array): void => {
          TokenData.encode(b, 0, { tokenSize: utf8Size(token), token: TokenData.sizeof });
          writeUtf8(b, TokenData.sizeof, token);
        },
      },
    }),
  );
}
const tokenResult = new TwoStepResult(GetTokenAsync, (b) => {
  const d = TokenData.decode(b, 0);
  return { tokenSize: d.tokenSize, token: readUtf8(b, d.token) };
});

describe('TwoStepResult', () => {
  async function finished(token: string): Promise<XAsyncBlock> {
    const q = createQueue();
    const block: XAsyncBlock = { queue: q };
    expect(GetTokenAsync(token, block)).toBe(S_OK);
    const size = out(-1);
    expect(tokenResult.size(block, size)).toBe(E_PENDING);
    expect(size.value).toBe(0);
    pump(q);
    await settle();
    pump(q);
    return block;
  }

  it('sizes, then hands the payload out once, decoded through ptrToBuffer', async () => {
    const block = await finished('xbl3.0 x=1;t');
    const size = out(0);
    expect(tokenResult.size(block, size)).toBe(S_OK);
    expect(size.value).toBe(16 + 13);
    const buffer = new Uint8Array(size.value);
    const data = out<{ tokenSize: number; token: string } | null>(null);
    const used = out(0);
    expect(tokenResult.result(block, size.value, buffer, data, used)).toBe(S_OK);
    expect(data.value).toEqual({ tokenSize: 13, token: 'xbl3.0 x=1;t' });
    expect(used.value).toBe(29);
    expect(tokenResult.result(block, size.value, buffer, data, used)).toBe(E_ILLEGAL_METHOD_CALL);
  });

  it('a failed Result (buffer too small) consumes the payload', async () => {
    const block = await finished('t');
    const data = out<unknown>('untouched');
    expect(tokenResult.result(block, 4, new Uint8Array(4), data as never, null)).toBe(E_NOT_SUFFICIENT_BUFFER);
    expect(data.value).toBe('untouched');
    const size = out(-1);
    expect(tokenResult.size(block, size)).toBe(S_OK);
    expect(size.value).toBe(0);
    expect(tokenResult.result(block, 64, new Uint8Array(64), null, null)).toBe(E_ILLEGAL_METHOD_CALL);
  });

  it('checks its own out-parameters before touching the call', async () => {
    const block = await finished('t');
    expect(tokenResult.result(block, 64, new Uint8Array(64), 'ptr' as never, null)).toBe(E_POINTER);
    expect(tokenResult.result(block, 64, new Uint8Array(64), null, Object.freeze({ value: 0 }) as never)).toBe(
      E_POINTER,
    );
    const bytes = new TwoStepResult(GetTokenAsync);
    const raw = out<Uint8Array | null>(null);
    expect(bytes.result(block, 64, new Uint8Array(64), raw, null)).toBe(S_OK); // not consumed before
    expect(raw.value).toHaveLength(18);
  });
});
