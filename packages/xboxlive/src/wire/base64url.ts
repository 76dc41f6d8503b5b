/**
 * Strict base64url (RFC 4648 §5, no padding) for JOSE segments.
 *
 * @module
 */

const ALPHABET = /^[A-Za-z0-9_-]*$/;

/** Encodes bytes (or a string's UTF-8 bytes) as unpadded base64url. */
export function base64urlEncode(data: Uint8Array | string): string {
  return (
    typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  ).toString('base64url');
}

/**
 * Decodes unpadded base64url, or returns `undefined` when the text is not the canonical encoding of
 * some bytes: characters outside the alphabet, padding, an impossible length, or non-zero unused
 * trailing bits. Canonical-only decoding means that changing any character changes the bytes.
 */
export function base64urlDecode(text: string): Buffer | undefined {
  if (text.length % 4 === 1 || !ALPHABET.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
