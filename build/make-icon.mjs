// Generates the app icon without any network or image library:
//   build/icon.png  512×512, a red (#C8102E) square with a white five-pointed star
//   build/icon.ico  the same artwork at 16…256 px (PNG-compressed entries, Vista+)
// Usage: node build/make-icon.mjs [--out <dir>]   (default: the folder of this script)
// The pixels are drawn by hand: each pixel's star coverage is estimated with 4×4
// supersampling, so the edges are anti-aliased. PNG is written with node:zlib.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

export const RED = [0xc8, 0x10, 0x2e];
export const WHITE = [0xff, 0xff, 0xff];

/** The 10 vertices of a star with one point up, in a unit square (0..1). */
function starPolygon() {
  const cx = 0.5;
  const cy = 0.53; // optical centre: a star's mass sits below its geometric centre
  const outer = 0.36;
  const inner = outer * 0.382; // regular pentagram
  const points = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    points.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  return points;
}

function inside(poly, x, y) {
  let hit = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** RGBA pixels of the icon at size×size. */
export function drawIcon(size) {
  const poly = starPolygon();
  const pixels = Buffer.alloc(size * size * 4);
  const S = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let covered = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          if (inside(poly, (px + (sx + 0.5) / S) / size, (py + (sy + 0.5) / S) / size)) covered++;
        }
      }
      const t = covered / (S * S);
      const o = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) pixels[o + c] = Math.round(RED[c] * (1 - t) + WHITE[c] * t);
      pixels[o + 3] = 255;
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes RGBA pixels as an 8-bit truecolour+alpha PNG (filter 0 on every row). */
export function encodePng(pixels, size) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A .ico whose entries are PNG images (supported since Windows Vista). */
export function encodeIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    const e = Buffer.alloc(16);
    e[0] = size >= 256 ? 0 : size; // 0 means 256
    e[1] = size >= 256 ? 0 : size;
    e[2] = 0; // no palette
    e[3] = 0;
    e.writeUInt16LE(1, 4); // planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

export function makeIcons(outDir) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'icon.png'), encodePng(drawIcon(512), 512));
  const images = ICO_SIZES.map((size) => ({ size, png: encodePng(drawIcon(size), size) }));
  writeFileSync(path.join(outDir, 'icon.ico'), encodeIco(images));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  const outDir = i > 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]) : path.dirname(fileURLToPath(import.meta.url));
  makeIcons(outDir);
  console.log(`icon.png and icon.ico written to ${outDir}`);
}
