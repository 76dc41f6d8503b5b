/**
 * JWE compact serialization with RSA-OAEP (SHA-1) key wrapping and the RFC 7518 §5.2.3
 * AES_128_CBC_HMAC_SHA_256 composite AEAD, implemented on node:crypto. XSTS spells the content
 * encryption `A128CBC+HS256` (the draft name) but computes the final RFC 7518 algorithm
 * (token-signature.md §1.3). No emulator code is imported here: the verifier uses this file.
 *
 * @module
 */
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHmac,
  publicEncrypt,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { base64urlDecode, base64urlEncode } from './base64url.js';

/** Size of the A128CBC-HS256 content encryption key: 16 bytes MAC key then 16 bytes AES key. */
export const CEK_BYTES = 32;
/** Size of the AES-CBC initialisation vector. */
export const IV_BYTES = 16;
/** Size of the truncated HMAC-SHA-256 authentication tag. */
export const TAG_BYTES = 16;

/** The two spellings of the content encryption this module implements. */
export const A128CBC_HS256_NAMES: readonly string[] = ['A128CBC+HS256', 'A128CBC-HS256'];

/** Result of {@link a128cbcHs256Encrypt}. */
export interface SealedContent {
  /** AES-128-CBC ciphertext of the PKCS#7-padded plaintext. */
  readonly ciphertext: Buffer;
  /** First 16 bytes of HMAC-SHA-256(MAC key, AAD ‖ IV ‖ ciphertext ‖ AL). */
  readonly tag: Buffer;
}

function checkLength(name: string, bytes: Uint8Array, expected: number): void {
  if (bytes.byteLength !== expected)
    throw new RangeError(`Expected \`${name}\` to be ${expected} bytes, got ${bytes.byteLength}`);
}

/**
 * Computes the A128CBC-HS256 authentication tag. AL is the AAD length in bits as a 64-bit
 * big-endian integer.
 */
export function a128cbcHs256Tag(macKey: Uint8Array, aad: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Buffer {
  const al = Buffer.alloc(8);
  al.writeBigUInt64BE(BigInt(aad.byteLength) * 8n);
  return createHmac('sha256', macKey)
    .update(aad)
    .update(iv)
    .update(ciphertext)
    .update(al)
    .digest()
    .subarray(0, TAG_BYTES);
}

/** Encrypts and authenticates `plaintext` with a 32-byte CEK (RFC 7518 §5.2.2.1). */
export function a128cbcHs256Encrypt(
  cek: Uint8Array,
  iv: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
): SealedContent {
  checkLength('cek', cek, CEK_BYTES);
  checkLength('iv', iv, IV_BYTES);
  const cipher = createCipheriv('aes-128-cbc', cek.subarray(16), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, tag: a128cbcHs256Tag(cek.subarray(0, 16), aad, iv, ciphertext) };
}

/**
 * Checks the tag in constant time and only then decrypts (RFC 7518 §5.2.2.2). Returns `undefined`
 * when the sizes are wrong, the tag does not match or the padding is invalid. Never throws.
 */
export function a128cbcHs256Decrypt(
  cek: Uint8Array,
  iv: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
  aad: Uint8Array,
): Buffer | undefined {
  if (cek.byteLength !== CEK_BYTES || iv.byteLength !== IV_BYTES || tag.byteLength !== TAG_BYTES) return undefined;
  if (ciphertext.byteLength === 0 || ciphertext.byteLength % 16 !== 0) return undefined;
  const expected = a128cbcHs256Tag(cek.subarray(0, 16), aad, iv, ciphertext);
  if (!timingSafeEqual(expected, tag)) return undefined;
  try {
    const decipher = createDecipheriv('aes-128-cbc', cek.subarray(16), iv);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return undefined;
  }
}

/** The five decoded parts of a compact JWE. */
export interface CompactJwe {
  /** The protected header segment exactly as received (its ASCII bytes are the AAD). */
  readonly protectedHeaderB64: string;
  /** The protected header, parsed. Member values are unchecked. */
  readonly header: Readonly<Record<string, unknown>>;
  /** The wrapped content encryption key. */
  readonly encryptedKey: Buffer;
  /** The initialisation vector. */
  readonly iv: Buffer;
  /** The ciphertext. */
  readonly ciphertext: Buffer;
  /** The authentication tag. */
  readonly tag: Buffer;
}

/**
 * Splits and decodes a compact JWE. Returns `undefined` unless there are exactly five canonical
 * base64url segments and the first decodes to a JSON object. Never throws.
 */
export function parseCompactJwe(token: string): CompactJwe | undefined {
  const segments = token.split('.');
  if (segments.length !== 5) return undefined;
  const [h, k, i, c, t] = segments as [string, string, string, string, string];
  const headerBytes = base64urlDecode(h);
  const encryptedKey = base64urlDecode(k);
  const iv = base64urlDecode(i);
  const ciphertext = base64urlDecode(c);
  const tag = base64urlDecode(t);
  if (
    headerBytes === undefined ||
    encryptedKey === undefined ||
    iv === undefined ||
    ciphertext === undefined ||
    tag === undefined
  )
    return undefined;
  const header = parseJsonObject(headerBytes);
  if (header === undefined) return undefined;
  return { protectedHeaderB64: h, header, encryptedKey, iv, ciphertext, tag };
}

/** Parses UTF-8 JSON and returns it only if it is a plain object (not an array or null). Never throws. */
export function parseJsonObject(bytes: Uint8Array | string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Inputs of {@link encryptCompactJwe}. */
export interface JweEncryptInput {
  /** The protected header; serialised with `JSON.stringify`, so member order is kept. */
  readonly header: Readonly<Record<string, unknown>>;
  /** The recipient's RSA public key; the CEK is wrapped with RSA-OAEP (SHA-1, MGF1-SHA-1). */
  readonly recipientKey: KeyObject;
  /** The bytes to encrypt (already compressed when the header says `zip`). */
  readonly plaintext: Uint8Array;
  /** Fixed CEK for test vectors; random by default. */
  readonly cek?: Uint8Array;
  /** Fixed IV for test vectors; random by default. */
  readonly iv?: Uint8Array;
}

/** Builds a compact JWE: RSA-OAEP key wrap plus A128CBC-HS256 content encryption. */
export function encryptCompactJwe(input: JweEncryptInput): string {
  const cek = input.cek ?? randomBytes(CEK_BYTES);
  const iv = input.iv ?? randomBytes(IV_BYTES);
  const protectedHeaderB64 = base64urlEncode(JSON.stringify(input.header));
  const { ciphertext, tag } = a128cbcHs256Encrypt(cek, iv, input.plaintext, Buffer.from(protectedHeaderB64, 'ascii'));
  const encryptedKey = publicEncrypt(
    { key: input.recipientKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    cek,
  );
  return [
    protectedHeaderB64,
    base64urlEncode(encryptedKey),
    base64urlEncode(iv),
    base64urlEncode(ciphertext),
    base64urlEncode(tag),
  ].join('.');
}
