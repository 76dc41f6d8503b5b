/**
 * The native token-and-signature result buffer (xuser-xal.md §0, §1.6): a 32-byte header as a 64-bit
 * build lays out `XUserGetTokenAndSignatureData` / `XalUserGetTokenAndSignatureData` — `tokenSize`
 * (u64), `signatureSize` (u64), then the two pointer slots (u64) holding byte offsets from the start of
 * the caller's buffer (`0` for no signature) — followed by the token and the signature as
 * NUL-terminated strings. UTF-8 for the narrow APIs; UTF-16LE for the Utf16 variant, whose sizes are
 * `wchar_t` counts while the slots still hold byte offsets. Written once here for xuser and xal.
 *
 * @module
 */

/** Bytes of the header: two `size_t` and two pointers on a 64-bit build. */
export const TOKEN_RESULT_HEADER_BYTES = 32;

/** How the strings are encoded: `utf8` (`char`) or `utf16le` (`wchar_t`). */
export type TokenResultEncoding = 'utf8' | 'utf16le';

/**
 * The token and signature a result buffer holds, encoded once for sizing and writing. With its
 * `size` and `write` it is an `@gdkts/xasync/provider` `PayloadWriter`: a token call completes with
 * it as the payload, and `XAsyncGetResult` writes it into the caller's buffer.
 */
export interface EncodedTokenResult {
  /** The encoding of both strings. */
  readonly encoding: TokenResultEncoding;
  /** The whole buffer size the result needs: header + token + NUL (+ signature + NUL). */
  readonly size: number;
  /** The token's encoded bytes, without the NUL. */
  readonly token: Uint8Array;
  /** The signature, or `null` when there is none: written into the caller's buffer directly (it is per request). */
  readonly signature: string | null;
  /** The signature's encoded size in bytes, without the NUL (`0` without a signature). */
  readonly signatureBytes: number;
  /**
   * Writes the result into the caller's buffer, as {@link writeTokenResult}.
   * @param buffer - [out] at least `size` bytes.
   */
  write(buffer: Uint8Array): void;
}

/** An {@link EncodedTokenResult}: the fields, and `write` on the prototype (one object per result). */
class EncodedResult implements EncodedTokenResult {
  readonly encoding: TokenResultEncoding;
  readonly size: number;
  readonly token: Uint8Array;
  readonly signature: string | null;
  readonly signatureBytes: number;

  constructor(
    encoding: TokenResultEncoding,
    size: number,
    token: Uint8Array,
    signature: string | null,
    signatureBytes: number,
  ) {
    this.encoding = encoding;
    this.size = size;
    this.token = token;
    this.signature = signature;
    this.signatureBytes = signatureBytes;
  }

  write(buffer: Uint8Array): void {
    writeTokenResult(this, buffer);
  }
}

/** The view of a UTF-8 result buffer: `XUserGetTokenAndSignatureData` / `XalUserGetTokenAndSignatureData`. */
export interface TokenResultData {
  /** Bytes of the token including its NUL. */
  readonly tokenSize: number;
  /** Bytes of the signature including its NUL; `0` when there is none. */
  readonly signatureSize: number;
  /** The token (the whole `Authorization` value), read from the buffer on access. */
  readonly token: string;
  /** The signature (the `Signature` value), read from the buffer on access; `null` when there is none. */
  readonly signature: string | null;
}

/** The view of a UTF-16 result buffer: `XUserGetTokenAndSignatureUtf16Data`. */
export interface TokenResultUtf16Data {
  /** UTF-16 code units of the token including its NUL. */
  readonly tokenCount: number;
  /** UTF-16 code units of the signature including its NUL; `0` when there is none. */
  readonly signatureCount: number;
  /** The token, read from the buffer on access. */
  readonly token: string;
  /** The signature, read from the buffer on access; `null` when there is none. */
  readonly signature: string | null;
}

/** The last token encoded, per encoding: a cached token is the same string request after request. */
const lastTokens: Record<TokenResultEncoding, { text: string; bytes: Buffer }> = {
  utf8: { text: '', bytes: Buffer.alloc(0) },
  utf16le: { text: '', bytes: Buffer.alloc(0) },
};

function encodedToken(token: string, encoding: TokenResultEncoding): Buffer {
  const last = lastTokens[encoding];
  if (last.text !== token) {
    last.text = token;
    last.bytes = Buffer.from(token, encoding);
  }
  return last.bytes;
}

function unitBytes(encoding: TokenResultEncoding): number {
  return encoding === 'utf8' ? 1 : 2;
}

/**
 * Encodes a token and a signature for a result buffer.
 *
 * @param token - [in] the token (the `Authorization` header value).
 * @param signature - [in] the signature, or `null` when the endpoint has no signature policy.
 * @param encoding - [in] `utf8` or `utf16le`.
 * @returns the encoded strings and the buffer size they need.
 */
export function encodeTokenResult(
  token: string,
  signature: string | null,
  encoding: TokenResultEncoding,
): EncodedTokenResult {
  const nul = unitBytes(encoding);
  const tokenBytes = encodedToken(token, encoding);
  const signatureBytes = signature === null ? 0 : encodedSize(signature, encoding);
  const size = TOKEN_RESULT_HEADER_BYTES + tokenBytes.length + nul + (signature === null ? 0 : signatureBytes + nul);
  return new EncodedResult(encoding, size, tokenBytes, signature, signatureBytes);
}

/** Whether every character is 7-bit (a signature is base64: its UTF-8 bytes are its characters). */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function encodedSize(text: string, encoding: TokenResultEncoding): number {
  if (encoding === 'utf16le') return 2 * text.length;
  return isAscii(text) ? text.length : Buffer.byteLength(text, 'utf8');
}

/** Writes `text` (already sized by {@link encodedSize}) at `offset`, without an intermediate buffer. */
function writeText(buffer: Uint8Array, offset: number, text: string, encoding: TokenResultEncoding): void {
  if (encoding === 'utf16le') {
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      buffer[offset + 2 * i] = unit & 0xff;
      buffer[offset + 2 * i + 1] = unit >>> 8;
    }
  } else if (isAscii(text)) {
    for (let i = 0; i < text.length; i++) buffer[offset + i] = text.charCodeAt(i);
  } else buffer.set(Buffer.from(text, 'utf8'), offset);
}

/**
 * Writes an encoded result into the caller's buffer: header, token + NUL, signature + NUL.
 *
 * @param result - [in] from {@link encodeTokenResult}.
 * @param buffer - [out] at least `result.size` bytes; only the first `result.size` are written.
 * @returns the number of bytes written (`result.size`).
 * @throws RangeError when `buffer` is smaller than `result.size` (callers check first).
 */
export function writeTokenResult(result: EncodedTokenResult, buffer: Uint8Array): number {
  if (buffer.length < result.size)
    throw new RangeError(`Expected a buffer of at least ${result.size} bytes, got ${buffer.length}`);
  const nul = unitBytes(result.encoding);
  const view = new DataView(buffer.buffer, buffer.byteOffset, TOKEN_RESULT_HEADER_BYTES);
  const tokenOffset = TOKEN_RESULT_HEADER_BYTES;
  const signatureOffset = tokenOffset + result.token.length + nul;
  const none = result.signature === null;
  // Four u64 little-endian slots; every value is below 2^32 (the high halves are 0).
  writeU64(view, 0, (result.token.length + nul) / nul);
  writeU64(view, 8, none ? 0 : (result.signatureBytes + nul) / nul);
  writeU64(view, 16, tokenOffset);
  writeU64(view, 24, none ? 0 : signatureOffset);
  buffer.set(result.token, tokenOffset);
  buffer.fill(0, signatureOffset - nul, signatureOffset);
  if (result.signature !== null) {
    writeText(buffer, signatureOffset, result.signature, result.encoding);
    buffer.fill(0, result.size - nul, result.size);
  }
  return result.size;
}

function writeU64(view: DataView, at: number, value: number): void {
  view.setUint32(at, value >>> 0, true);
  view.setUint32(at + 4, Math.floor(value / 0x1_0000_0000), true);
}

function readString(buffer: Uint8Array, offset: bigint, units: bigint, encoding: TokenResultEncoding): string {
  const start = Number(offset);
  const end = start + (Number(units) - 1) * unitBytes(encoding);
  return Buffer.from(buffer.buffer, buffer.byteOffset + start, Math.max(0, end - start)).toString(encoding);
}

function header(buffer: Uint8Array): DataView {
  return new DataView(buffer.buffer, buffer.byteOffset, TOKEN_RESULT_HEADER_BYTES);
}

/** The token, read through the header's offset slot (as a native caller reads through the pointer). */
function tokenOf(buffer: Uint8Array, encoding: TokenResultEncoding): string {
  const h = header(buffer);
  return readString(buffer, h.getBigUint64(16, true), h.getBigUint64(0, true), encoding);
}

/** The signature, or `null` when its slot holds 0. */
function signatureOf(buffer: Uint8Array, encoding: TokenResultEncoding): string | null {
  const h = header(buffer);
  const offset = h.getBigUint64(24, true);
  return offset === 0n ? null : readString(buffer, offset, h.getBigUint64(8, true), encoding);
}

/**
 * The data object over a UTF-8 result buffer. The sizes are read once; `token` and `signature` are
 * read from the buffer (through the offsets in the header slots) on every access, as a native
 * caller reads through the struct's pointers.
 *
 * @param buffer - [in] a buffer written by {@link writeTokenResult} with `utf8`.
 * @returns the view.
 */
export function tokenResultData(buffer: Uint8Array): TokenResultData {
  const h = header(buffer);
  return Object.freeze({
    tokenSize: Number(h.getBigUint64(0, true)),
    signatureSize: Number(h.getBigUint64(8, true)),
    get token(): string {
      return tokenOf(buffer, 'utf8');
    },
    get signature(): string | null {
      return signatureOf(buffer, 'utf8');
    },
  });
}

/**
 * The data object over a UTF-16LE result buffer (`tokenCount` / `signatureCount` in code units).
 *
 * @param buffer - [in] a buffer written by {@link writeTokenResult} with `utf16le`.
 * @returns the view; strings are read from the buffer on access.
 */
export function tokenResultUtf16Data(buffer: Uint8Array): TokenResultUtf16Data {
  const h = header(buffer);
  return Object.freeze({
    tokenCount: Number(h.getBigUint64(0, true)),
    signatureCount: Number(h.getBigUint64(8, true)),
    get token(): string {
      return tokenOf(buffer, 'utf16le');
    },
    get signature(): string | null {
      return signatureOf(buffer, 'utf16le');
    },
  });
}
