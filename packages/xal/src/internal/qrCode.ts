// The image the remote-connect show prompt receives (xuser-xal.md §2.3: the QR code encodes only
// the URL). The emulation draws a 21×21-module pattern derived from the URL's SHA-256 as a real PNG;
// it is not a scannable QR code.
import { createHash } from 'node:crypto';
import { encodePng } from '@gdkts/identity';

const MODULES = 21;
const SCALE = 4;

/**
 * A PNG for a URL.
 * @param url - [in] the URL the prompt shows.
 * @returns PNG bytes (84×84, black and white).
 */
export function qrCodePng(url: string): Uint8Array {
  const digest = createHash('sha256').update(url).digest();
  const size = MODULES * SCALE;
  const rgb = new Uint8Array(size * size * 3).fill(255);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const bit = Math.floor(y / SCALE) * MODULES + Math.floor(x / SCALE);
      const on = ((digest[(bit >> 3) % digest.length] ?? 0) >> (bit & 7)) & 1;
      if (on === 1) rgb.fill(0, (y * size + x) * 3, (y * size + x) * 3 + 3);
    }
  }
  return encodePng(size, size, rgb);
}
