/**
 * Payload writers for result buffers: struct codecs with the 64-bit native layout, NUL-terminated
 * UTF-8 and UTF-16LE strings, and the two-step ResultSize / Result retrieval built on
 * `XAsyncGetResultSize` / `XAsyncGetResult` (xasync-semantics.md, XAsyncGetResult steps c–g).
 * @module
 */
import { E_INVALIDARG, E_NOT_SUFFICIENT_BUFFER, E_POINTER, FAILED, S_OK, type HRESULT } from '../HRESULT.js';
import type { Out } from '../Out.js';
import { XAsyncGetResult, XAsyncGetResultSize } from '../XAsync.js';
import type { XAsyncBlock } from '../types.js';
import { isBuffer, isOptionalOut, writeOut } from './arguments.js';

// ---- struct codecs ----

/**
 * A native field type, laid out as a 64-bit little-endian build does: `u8`/`bool` 1 byte, `u16` 2,
 * `u32`/`i32` 4, `u64`/`size_t`/`ptr` 8, each aligned to its own size.
 */
export type FieldType = 'u8' | 'u16' | 'u32' | 'i32' | 'u64' | 'size_t' | 'ptr' | 'bool';

/** The JS value of a field: `bigint` for `u64`, `boolean` for `bool`, `number` otherwise (`ptr` is a byte offset in the buffer, 0 for null). */
export type FieldValue<F extends FieldType> = F extends 'u64' ? bigint : F extends 'bool' ? boolean : number;

/** A struct's fields by name, in declaration order. */
export type StructFields = Readonly<Record<string, FieldType>>;

/** The JS values of a struct with fields `S`. */
export type StructValues<S extends StructFields> = { -readonly [K in keyof S]: FieldValue<S[K]> };

const SIZES: Readonly<Record<FieldType, number>> = {
  u8: 1,
  bool: 1,
  u16: 2,
  u32: 4,
  i32: 4,
  u64: 8,
  size_t: 8,
  ptr: 8,
};

/** A struct layout and its codec, made by {@link defineStruct}. */
export interface StructCodec<S extends StructFields> {
  /** `sizeof` in a 64-bit build: the last field's end, rounded up to the struct's alignment. */
  readonly sizeof: number;
  /** `alignof`: the largest field alignment. */
  readonly alignof: number;
  /** `offsetof` each field. */
  readonly offsets: { readonly [K in keyof S]: number };
  /**
   * Writes the struct at `offset` (padding is zeroed).
   * @param target - [out] the buffer.
   * @param offset - [in] where the struct starts (the caller keeps it aligned).
   * @param values - [in] every field's value.
   * @returns the offset just past the struct (`offset + sizeof`).
   */
  encode(target: Uint8Array, offset: number, values: StructValues<S>): number;
  /**
   * Reads the struct at `offset`.
   * @param source - [in] the buffer.
   * @param offset - [in] where the struct starts.
   * @returns every field's value.
   */
  decode(source: Uint8Array, offset: number): StructValues<S>;
}

function alignUp(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Defines a native struct by its fields, in declaration order, with natural alignment.
 * @param fields - [in] field names and native types.
 * @returns the codec: `sizeof`, `alignof`, `offsets`, `encode`, `decode`.
 * @throws TypeError for an unknown field type (a programming error, at definition time).
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import { defineStruct } from '@gdkts/xasync/provider';
 * // struct XUserGetTokenAndSignatureData { size_t tokenSize; size_t signatureSize; const char* token; const char* signature; };
 * const Data = defineStruct({ tokenSize: 'size_t', signatureSize: 'size_t', token: 'ptr', signature: 'ptr' });
 * assert.equal(Data.sizeof, 32);
 * const buffer = new Uint8Array(Data.sizeof);
 * Data.encode(buffer, 0, { tokenSize: 5, signatureSize: 0, token: 32, signature: 0 });
 * assert.deepEqual(Data.decode(buffer, 0), { tokenSize: 5, signatureSize: 0, token: 32, signature: 0 });
 * ```
 */
export function defineStruct<const S extends StructFields>(fields: S): StructCodec<S> {
  const layout: [name: string, type: FieldType, offset: number][] = [];
  let end = 0;
  let alignof = 1;
  for (const [name, type] of Object.entries(fields)) {
    const size = SIZES[type];
    if (size === undefined)
      throw new TypeError(
        `Expected \`${name}\` to be one of ${Object.keys(SIZES).join(', ')}, got \`${String(type)}\``,
      );
    const offset = alignUp(end, size);
    layout.push([name, type, offset]);
    end = offset + size;
    alignof = Math.max(alignof, size);
  }
  const sizeof = alignUp(end, alignof);
  const offsets = Object.freeze(
    Object.fromEntries(layout.map(([name, , offset]) => [name, offset])),
  ) as StructCodec<S>['offsets'];
  return Object.freeze({
    sizeof,
    alignof,
    offsets,
    encode(target: Uint8Array, offset: number, values: StructValues<S>): number {
      target.fill(0, offset, offset + sizeof);
      const view = viewOf(target);
      const record = values as Record<string, number | bigint | boolean>;
      for (const [name, type, at] of layout) {
        const p = offset + at;
        const v = record[name]!;
        switch (type) {
          case 'u8':
            view.setUint8(p, v as number);
            break;
          case 'bool':
            view.setUint8(p, v === true ? 1 : 0);
            break;
          case 'u16':
            view.setUint16(p, v as number, true);
            break;
          case 'u32':
            view.setUint32(p, v as number, true);
            break;
          case 'i32':
            view.setInt32(p, v as number, true);
            break;
          case 'u64':
            view.setBigUint64(p, v as bigint, true);
            break;
          default: // size_t, ptr
            view.setBigUint64(p, BigInt(v as number), true);
        }
      }
      return offset + sizeof;
    },
    decode(source: Uint8Array, offset: number): StructValues<S> {
      const view = viewOf(source);
      const out: Record<string, number | bigint | boolean> = {};
      for (const [name, type, at] of layout) {
        const p = offset + at;
        switch (type) {
          case 'u8':
            out[name] = view.getUint8(p);
            break;
          case 'bool':
            out[name] = view.getUint8(p) !== 0;
            break;
          case 'u16':
            out[name] = view.getUint16(p, true);
            break;
          case 'u32':
            out[name] = view.getUint32(p, true);
            break;
          case 'i32':
            out[name] = view.getInt32(p, true);
            break;
          case 'u64':
            out[name] = view.getBigUint64(p, true);
            break;
          default:
            out[name] = Number(view.getBigUint64(p, true));
        }
      }
      return out as StructValues<S>;
    },
  });
}

// ---- NUL-terminated strings ----

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');
const utf16Decoder = new TextDecoder('utf-16le');

/**
 * The size of `s` as a NUL-terminated UTF-8 string (`strlen + 1`).
 * @param s - [in] the string.
 * @returns its UTF-8 byte length plus 1.
 */
export function utf8Size(s: string): number {
  return encoder.encode(s).length + 1;
}

/**
 * Writes `s` as NUL-terminated UTF-8.
 * @param target - [out] the buffer; needs {@link utf8Size}(s) bytes from `offset`.
 * @param offset - [in] where the string starts.
 * @param s - [in] the string.
 * @returns the offset just past the NUL.
 * @throws RangeError when the buffer is too small (check the size first).
 */
export function writeUtf8(target: Uint8Array, offset: number, s: string): number {
  const bytes = encoder.encode(s);
  target.set(bytes, offset);
  if (offset + bytes.length >= target.length)
    throw new RangeError(
      `Expected \`target\` to hold ${bytes.length + 1} bytes at ${offset}, got ${target.length - offset}`,
    );
  target[offset + bytes.length] = 0;
  return offset + bytes.length + 1;
}

/**
 * Reads a NUL-terminated UTF-8 string (up to the first NUL, or the buffer's end).
 * @param source - [in] the buffer.
 * @param offset - [in] where the string starts.
 * @returns the string.
 */
export function readUtf8(source: Uint8Array, offset: number): string {
  let end = source.indexOf(0, offset);
  if (end < 0) end = source.length;
  return decoder.decode(source.subarray(offset, end));
}

/**
 * The size in bytes of `s` as a NUL-terminated UTF-16LE string (`(wcslen + 1) * 2`; a `wchar_t`
 * count is half of it).
 * @param s - [in] the string.
 * @returns `2 * (s.length + 1)`.
 */
export function utf16Size(s: string): number {
  return 2 * (s.length + 1);
}

/**
 * Writes `s` as NUL-terminated UTF-16LE (code units as they are).
 * @param target - [out] the buffer; needs {@link utf16Size}(s) bytes from `offset`.
 * @param offset - [in] where the string starts.
 * @param s - [in] the string.
 * @returns the offset just past the NUL.
 * @throws RangeError when the buffer is too small (check the size first).
 */
export function writeUtf16(target: Uint8Array, offset: number, s: string): number {
  const end = offset + utf16Size(s);
  if (end > target.length)
    throw new RangeError(
      `Expected \`target\` to hold ${utf16Size(s)} bytes at ${offset}, got ${target.length - offset}`,
    );
  const view = viewOf(target);
  for (let i = 0; i < s.length; i++) view.setUint16(offset + 2 * i, s.charCodeAt(i), true);
  view.setUint16(end - 2, 0, true);
  return end;
}

/**
 * Reads a NUL-terminated UTF-16LE string (up to the first NUL code unit, or the buffer's end).
 * @param source - [in] the buffer.
 * @param offset - [in] where the string starts.
 * @returns the string.
 */
export function readUtf16(source: Uint8Array, offset: number): string {
  const view = viewOf(source);
  let end = offset;
  while (end + 1 < source.length && view.getUint16(end, true) !== 0) end += 2;
  return utf16Decoder.decode(source.subarray(offset, end));
}

// ---- result buffers ----

/** A payload written on demand: its size first, its bytes when the caller's buffer is there. */
export interface PayloadWriter {
  /** The payload size in bytes (what `XAsyncGetResultSize` reports). */
  readonly size: number;
  /**
   * Writes the payload.
   * @param buffer - [out] the caller's buffer: `size` bytes or more.
   * @returns `S_OK` (or nothing), or the failure to answer.
   */
  write(buffer: Uint8Array): HRESULT | void;
}

/**
 * Copies a payload into a caller's buffer: the provider's half of `GetResult`.
 * @param payload - [in] the bytes, or a writer.
 * @param buffer - [out] the caller's buffer (already checked to hold the payload).
 * @returns `S_OK`, or what the writer returned (a thrown error is `E_FAIL` through the provider op).
 */
export function writePayload(payload: Uint8Array | PayloadWriter, buffer: Uint8Array): HRESULT {
  if (payload instanceof Uint8Array) {
    buffer.set(payload);
    return S_OK;
  }
  const hr = payload.write(buffer);
  return typeof hr === 'number' ? hr : S_OK;
}

/**
 * The size of a payload.
 * @param payload - [in] the bytes, or a writer.
 * @returns its size in bytes.
 */
export function payloadSize(payload: Uint8Array | PayloadWriter): number {
  return payload instanceof Uint8Array ? payload.length : payload.size;
}

/**
 * A synchronous sized getter's copy (`XUserGetGamertag(user, component, gamertagSize, gamertag, gamertagUsed)`):
 * writes the payload when it fits.
 * @param payload - [in] the bytes (for a string, with its NUL).
 * @param bufferSize - [in] the caller's buffer size.
 * @param buffer - [out] the caller's buffer.
 * @param bufferUsed - [out, optional] receives the payload size.
 * @returns `S_OK`; `E_INVALIDARG` (a size that is not a byte count, a buffer that is not a
 * `Uint8Array` of at least `bufferSize` bytes); `E_POINTER` (a `bufferUsed` that is not an
 * out-parameter); `E_NOT_SUFFICIENT_BUFFER` (too small: nothing written, `bufferUsed` untouched).
 */
export function copyToBuffer(
  payload: Uint8Array | PayloadWriter,
  bufferSize: number,
  buffer: Uint8Array,
  bufferUsed: Out<number> | null,
): HRESULT {
  if (!isOptionalOut(bufferUsed)) return E_POINTER;
  if (!isBuffer(bufferSize, buffer)) return E_INVALIDARG;
  const size = payloadSize(payload);
  if (bufferSize < size) return E_NOT_SUFFICIENT_BUFFER;
  const hr = writePayload(payload, buffer);
  if (FAILED(hr)) return hr;
  if (bufferUsed !== null && bufferUsed !== undefined) writeOut(bufferUsed, size);
  return hr;
}

/**
 * The two public retrieval calls of a payload-returning `…Async` function (`XUserGetTokenAndSignatureResultSize`
 * and `…Result`), built on `XAsyncGetResultSize` / `XAsyncGetResult` bound to the call's identity:
 * one-shot; a failed `result` (too small, null buffer) consumes the payload; then
 * `E_ILLEGAL_METHOD_CALL`. `decode` turns the written buffer into the `…Data*` the native call hands back.
 *
 * @typeParam T - what `result`'s pointer out-parameter receives (e.g. a decoded struct).
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import { S_OK, XAsyncGetStatusAsync, out, type HRESULT, type Out, type XAsyncBlock } from '@gdkts/xasync';
 * import { TwoStepResult, beginPromiseCall, readUtf8, utf8Size, writeUtf8 } from '@gdkts/xasync/provider';
 * function GetGreetingAsync(name: string, asyncBlock: XAsyncBlock): HRESULT {
 *   const text = `hello ${name}`;
 *   return beginPromiseCall(asyncBlock, GetGreetingAsync, 'GetGreetingAsync', async () => ({
 *     payload: { size: utf8Size(text), write: (b: Uint8Array) => void writeUtf8(b, 0, text) },
 *   }));
 * }
 * const greeting = new TwoStepResult(GetGreetingAsync, (buffer) => readUtf8(buffer, 0));
 * const GetGreetingResultSize = (b: XAsyncBlock, size: Out<number>): HRESULT => greeting.size(b, size);
 * const GetGreetingResult = (b: XAsyncBlock, n: number, buffer: Uint8Array, text: Out<string | null>, used: Out<number> | null): HRESULT =>
 *   greeting.result(b, n, buffer, text, used);
 *
 * const block: XAsyncBlock = {};
 * GetGreetingAsync('Ada', block);
 * assert.equal(await XAsyncGetStatusAsync(block), S_OK);
 * const size = out(0);
 * GetGreetingResultSize(block, size);
 * const text = out<string | null>(null);
 * assert.equal(GetGreetingResult(block, size.value, new Uint8Array(size.value), text, null), S_OK);
 * assert.equal(text.value, 'hello Ada');
 * ```
 */
export class TwoStepResult<T = Uint8Array> {
  readonly #identity: unknown;
  readonly #decode: ((buffer: Uint8Array, used: number) => T) | undefined;

  /**
   * @param identity - [in] the identity given to `XAsyncBegin` (typically the `…Async` function).
   * @param decode - [in, optional] reads the written buffer (`used` bytes) into what `result`'s
   * `ptrToBuffer` receives; without it, the written bytes (`buffer.subarray(0, used)`).
   */
  constructor(identity: unknown, decode?: (buffer: Uint8Array, used: number) => T) {
    this.#identity = identity;
    this.#decode = decode;
  }

  /**
   * Mirrors a `…ResultSize` call: `XAsyncGetResultSize`.
   * @param asyncBlock - [in] the caller's block.
   * @param bufferSize - [out] receives the payload size (0 unless a successful payload waits).
   * @returns the call's status; `E_POINTER` without an out-parameter; `E_INVALIDARG` for a block that is not an object.
   */
  size(asyncBlock: XAsyncBlock, bufferSize: Out<number>): HRESULT {
    return XAsyncGetResultSize(asyncBlock, bufferSize);
  }

  /**
   * Mirrors a `…Result` call: `XAsyncGetResult` with this call's identity, then `decode`.
   * @param asyncBlock - [in] the caller's block.
   * @param bufferSize - [in] the buffer's size in bytes.
   * @param buffer - [out] receives the payload.
   * @param ptrToBuffer - [out, optional] receives the decoded payload (the native `…Data*` into `buffer`).
   * @param bufferUsed - [out, optional] receives the payload size.
   * @returns what `XAsyncGetResult` returns (`E_PENDING`, the call's failure, `E_ILLEGAL_METHOD_CALL`,
   * `E_INVALIDARG`, `E_NOT_SUFFICIENT_BUFFER`, the provider's GetResult HRESULT); `E_POINTER` for a
   * `ptrToBuffer` that is not an out-parameter (checked first: nothing is consumed).
   */
  result(
    asyncBlock: XAsyncBlock,
    bufferSize: number,
    buffer: Uint8Array | null,
    ptrToBuffer: Out<T | null> | null,
    bufferUsed: Out<number> | null,
  ): HRESULT {
    if (!isOptionalOut(ptrToBuffer) || !isOptionalOut(bufferUsed)) return E_POINTER;
    let used = 0;
    const usedOut = {
      get value(): number {
        return used;
      },
      set value(n: number) {
        used = n;
        if (bufferUsed !== null && bufferUsed !== undefined) writeOut(bufferUsed, n);
      },
    };
    const hr = XAsyncGetResult(asyncBlock, this.#identity, bufferSize, buffer, usedOut);
    if (!FAILED(hr) && ptrToBuffer !== null && ptrToBuffer !== undefined) {
      const bytes = buffer ?? new Uint8Array(0);
      writeOut(ptrToBuffer, this.#decode !== undefined ? this.#decode(bytes, used) : (bytes.subarray(0, used) as T));
    }
    return hr;
  }
}
