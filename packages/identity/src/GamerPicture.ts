/**
 * Gamer pictures as real PNG files: a minimal encoder (signature, IHDR, one IDAT compressed with
 * node:zlib, IEND, each chunk with its CRC-32) drawing a square picture whose colours derive from
 * the XUID and the picture version, so a changed picture has different bytes.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/** The picture edges the native `XUserGamerPictureSize` values name: Small, Medium, Large, ExtraLarge. */
export const GAMER_PICTURE_SIZES: readonly number[] = Object.freeze([64, 208, 424, 1080]);

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

const CRC_TABLE = ((): Uint32Array => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * CRC-32 (ISO 3309, the PNG chunk checksum) of some bytes.
 *
 * @param bytes - [in] the bytes.
 * @returns the unsigned CRC.
 */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * Encodes an 8-bit RGB image as PNG.
 *
 * @param width - [in] pixels per row.
 * @param height - [in] rows.
 * @param rgb - [in] `width * height * 3` bytes, row by row.
 * @returns the PNG file's bytes.
 * @throws RangeError when `rgb` has the wrong length.
 */
export function encodePng(width: number, height: number, rgb: Uint8Array): Uint8Array {
  if (rgb.length !== width * height * 3) throw new RangeError(`Expected ${width * height * 3} RGB bytes, got ${rgb.length}`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  // compression 0, filter method 0, interlace 0
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1); // filter byte 0: None
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}

/**
 * The gamer picture of an account: a disc on a background, colours from SHA-256(XUID, version).
 *
 * @param xuid - [in] the account's XUID.
 * @param version - [in] the picture version (bumped when the picture changes).
 * @param size - [in] the edge in pixels, one of {@link GAMER_PICTURE_SIZES}.
 * @returns PNG bytes of `size`×`size`.
 * @throws RangeError for another size.
 */
export function encodeGamerPicture(xuid: string, version: number, size: number): Uint8Array {
  if (!GAMER_PICTURE_SIZES.includes(size)) throw new RangeError(`Expected a picture size of ${GAMER_PICTURE_SIZES.join(', ')}, got \`${String(size)}\``);
  const seed = createHash('sha256').update(`${xuid}\u0000${version}`).digest();
  const background = seed.subarray(0, 3);
  const disc = seed.subarray(3, 6);
  const rgb = new Uint8Array(size * size * 3);
  const centre = (size - 1) / 2;
  const radius2 = (size * 0.35) ** 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const colour = (x - centre) ** 2 + (y - centre) ** 2 <= radius2 ? disc : background;
      rgb.set(colour, (y * size + x) * 3);
    }
  }
  return encodePng(size, size, rgb);
}
