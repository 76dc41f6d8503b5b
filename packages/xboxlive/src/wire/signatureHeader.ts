/**
 * The `Signature` header value (token-signature.md §2.1): standard base64 of exactly 76 bytes,
 * `version (uint32 BE) ‖ FILETIME (uint64 BE) ‖ r (32) ‖ s (32)`. There are no separators.
 */

/** Bytes in a decoded v1 ES256 signature header. */
export const SIGNATURE_HEADER_BYTES = 76;

/** Offset of the 64-byte P1363 `r‖s` signature inside the decoded header. */
export const SIGNATURE_OFFSET = 12;

/** A decoded `Signature` header. */
export interface SignatureHeader {
  /** Policy version from bytes 0–3. */
  readonly version: number;
  /** FILETIME ticks from bytes 4–11. */
  readonly filetime: bigint;
  /** The 64-byte `r‖s` ECDSA signature. */
  readonly signature: Buffer;
  /** All 76 decoded bytes. */
  readonly bytes: Buffer;
}

// 76 bytes = 25 full base64 groups + one byte: 101 free characters, then one whose low four bits
// are zero, then `==`. Anything else (wrong length, URL-safe alphabet, non-canonical tail) is refused.
const CANONICAL = /^[A-Za-z0-9+/]{101}[AQgw]==$/;

/**
 * Encodes the header value.
 *
 * @param version - the policy version.
 * @param filetime - FILETIME ticks.
 * @param signature - the 64-byte IEEE P1363 `r‖s` signature.
 * @returns 104 base64 characters ending in `==`.
 */
export function encodeSignatureHeader(version: number, filetime: bigint, signature: Uint8Array): string {
  const bytes = Buffer.allocUnsafe(SIGNATURE_OFFSET + signature.length);
  bytes.writeUInt32BE(version >>> 0, 0);
  bytes.writeBigUInt64BE(BigInt.asUintN(64, filetime), 4);
  bytes.set(signature, SIGNATURE_OFFSET);
  return bytes.toString('base64');
}

/**
 * Decodes a header value, or returns `undefined` when it is not the canonical base64 of 76 bytes.
 * Never throws.
 *
 * @param value - the received header value.
 */
export function parseSignatureHeader(value: string): SignatureHeader | undefined {
  if (!CANONICAL.test(value)) return undefined;
  const bytes = Buffer.from(value, 'base64');
  return {
    version: bytes.readUInt32BE(0),
    filetime: bytes.readBigUInt64BE(4),
    signature: bytes.subarray(SIGNATURE_OFFSET),
    bytes,
  };
}
