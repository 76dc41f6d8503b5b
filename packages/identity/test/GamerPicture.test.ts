import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { GAMER_PICTURE_SIZES, crc32, encodeGamerPicture } from '@gdkts/identity';

describe('gamer pictures', () => {
  it('CRC-32 matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('each size is a PNG of that edge whose chunk CRCs hold; a new version changes the pixels', () => {
    for (const size of GAMER_PICTURE_SIZES) {
      const png = Buffer.from(encodeGamerPicture('2533274800000001', 0, size));
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      let at = 8;
      const types: string[] = [];
      let idat = Buffer.alloc(0);
      while (at < png.length) {
        const length = png.readUInt32BE(at);
        const type = png.subarray(at + 4, at + 8).toString('ascii');
        expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
        if (type === 'IHDR') expect([png.readUInt32BE(at + 8), png.readUInt32BE(at + 12)]).toEqual([size, size]);
        if (type === 'IDAT') idat = png.subarray(at + 8, at + 8 + length);
        types.push(type);
        at += 12 + length;
      }
      expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
      expect(inflateSync(idat).length).toBe((size * 3 + 1) * size);
    }
    expect(Buffer.from(encodeGamerPicture('1', 0, 64)).equals(Buffer.from(encodeGamerPicture('1', 1, 64)))).toBe(false);
    expect(() => encodeGamerPicture('1', 0, 65)).toThrow(RangeError);
  });
});
