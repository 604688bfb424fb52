/** The workspace zip container: standard enough for any unzip tool, and strict when reading. */
import { afterEach, describe, expect, it } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { crc32, unzip, zip, ZipFormatError } from '../../shared/workspace/zip.ts';

const big = new Uint8Array(300_000).map((_, i) => (i % 251 < 120 ? i & 0x3f : (i * 31) & 0xff));
const entries = [
  { name: 'manifest.json', data: strToU8('{"名称":"城关镇"}'), compress: false },
  { name: 'tables/ratings.arrow', data: big },
  { name: 'parts/empty.json', data: new Uint8Array(0) },
];
const native = { c: globalThis.CompressionStream, d: globalThis.DecompressionStream };

afterEach(() => {
  globalThis.CompressionStream = native.c;
  globalThis.DecompressionStream = native.d;
});

describe('workspace zip', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(strToU8('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('writes zips other tools read, and reads zips other tools write', async () => {
    const bytes = await zip(entries);
    const theirs = unzipSync(bytes);
    expect(strFromU8(theirs['manifest.json'])).toBe('{"名称":"城关镇"}');
    expect(theirs['tables/ratings.arrow']).toEqual(big);
    expect(bytes.length).toBeLessThan(big.length / 2);
    const ours = await unzip(zipSync({ a: big, 'b/c.json': strToU8('[]') }, { level: 9 }));
    expect(ours.a).toEqual(big);
    expect(strFromU8(ours['b/c.json'])).toBe('[]');
  });

  it('works without native compression streams (fflate fallback), same bytes back', async () => {
    const withNative = await zip(entries);
    // @ts-expect-error simulating an engine without CompressionStream
    globalThis.CompressionStream = undefined;
    // @ts-expect-error likewise
    globalThis.DecompressionStream = undefined;
    const without = await zip(entries);
    for (const bytes of [withNative, without]) {
      const back = await unzip(bytes);
      expect(back['tables/ratings.arrow']).toEqual(big);
      expect(back['parts/empty.json']).toEqual(new Uint8Array(0));
    }
  });

  it('refuses truncated, damaged and foreign bytes', async () => {
    const bytes = await zip(entries);
    await expect(unzip(bytes.subarray(0, bytes.length - 30))).rejects.toBeInstanceOf(ZipFormatError);
    await expect(unzip(new Uint8Array(100))).rejects.toBeInstanceOf(ZipFormatError);
    const flipped = bytes.slice();
    flipped[200] ^= 0x55; // inside the deflated table
    await expect(unzip(flipped)).rejects.toBeInstanceOf(ZipFormatError);
  });
});
