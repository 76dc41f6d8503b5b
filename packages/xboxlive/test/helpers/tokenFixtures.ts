// Test-only builders for hand-made relying-party tokens (negative cases the issuer never produces).
import { sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { base64urlDecode, base64urlEncode } from '../../src/wire/base64url.js';
import { encryptCompactJwe } from '../../src/wire/jwe.js';

/** An RS256 compact JWS over arbitrary header and payload objects (or raw payload text). */
export function signJws(
  header: Record<string, unknown>,
  payload: Record<string, unknown> | string,
  key: KeyObject,
): string {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const input = `${base64urlEncode(JSON.stringify(header))}.${base64urlEncode(body)}`;
  return `${input}.${base64urlEncode(sign('sha256', Buffer.from(input), key))}`;
}

/** Options of {@link sealToken}. */
export interface SealOptions {
  readonly recipientKey: KeyObject;
  readonly x5t: string;
  readonly enc?: string;
  readonly alg?: string;
  /** `'DEF'` (default) deflates; `null` omits `zip`; another string is written as is, with deflate. */
  readonly zip?: string | null;
  readonly extraHeader?: Record<string, unknown>;
}

/** Encrypts arbitrary inner bytes into a compact JWE with the real header layout. */
export function sealToken(inner: Uint8Array | string, options: SealOptions): string {
  const bytes = typeof inner === 'string' ? Buffer.from(inner) : inner;
  const zip = options.zip === undefined ? 'DEF' : options.zip;
  const header: Record<string, unknown> = {
    enc: options.enc ?? 'A128CBC+HS256',
    alg: options.alg ?? 'RSA-OAEP',
    cty: 'JWT',
    ...(zip === null ? {} : { zip }),
    x5t: options.x5t,
    ...options.extraHeader,
  };
  return encryptCompactJwe({
    header,
    recipientKey: options.recipientKey,
    plaintext: zip === null ? bytes : deflateRawSync(bytes),
  });
}

/** Flips one bit of the decoded bytes of segment `index` (re-encoded canonically). */
export function flipSegmentByte(token: string, index: number, byteOffset = 0): string {
  const segments = token.split('.');
  const decoded = base64urlDecode(segments[index] ?? '');
  if (decoded === undefined || decoded.byteLength === 0) throw new Error(`segment ${index} is empty or not base64url`);
  const at = Math.min(byteOffset, decoded.byteLength - 1);
  decoded[at] = (decoded[at] ?? 0) ^ 0x01;
  segments[index] = base64urlEncode(decoded);
  return segments.join('.');
}

/** Hex (with optional spaces) to bytes. */
export function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}
