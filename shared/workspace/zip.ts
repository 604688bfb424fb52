/**
 * The zip container of a workspace file: plain PKZIP (stored or deflated entries, no
 * zip64), readable by any unzip tool. Compression runs on the platform's native
 * CompressionStream('deflate-raw') where there is one (browsers, Electron, Node ≥ 20):
 * asynchronous and several times faster than deflate in JavaScript, so an autosave of a
 * large workspace does not freeze the window. fflate is the fallback.
 *
 * Reading trusts nothing the file says: an entry is inflated only when asked for, only after
 * its declared size passed the caps (shared/limits.ts), and never past its declared size (a
 * zip bomb that declares 1 KB and inflates to 2 GB stops at 1 KB and is refused as damaged).
 */
import { deflateSync, inflateSync } from 'fflate';
import { MAX_ENTRY_BYTES, MAX_TOTAL_BYTES } from '../limits.ts';

export interface ZipInput {
  name: string;
  data: Uint8Array;
  /** false: store as is (the manifest, so tools read it at once). */
  compress?: boolean;
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

async function pipe(data: Uint8Array, stream: TransformStream<Uint8Array, Uint8Array>): Promise<Uint8Array> {
  const out = new Response(new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

const hasNative = () => typeof CompressionStream !== 'undefined' && typeof DecompressionStream !== 'undefined';

export async function deflateRaw(data: Uint8Array): Promise<Uint8Array> {
  if (hasNative()) {
    try {
      return await pipe(data, new CompressionStream('deflate-raw') as unknown as TransformStream<Uint8Array, Uint8Array>);
    } catch {
      // 'deflate-raw' unknown to an older engine: fall through.
    }
  }
  return deflateSync(data, { level: 6 });
}

/**
 * Inflates a raw deflate stream that must come to exactly `size` bytes. Never allocates or
 * keeps more than `size`: output past it is refused (ZipFormatError) as soon as it appears.
 */
export async function inflateRaw(data: Uint8Array, size: number): Promise<Uint8Array> {
  if (hasNative()) {
    let nativeError: unknown = null;
    try {
      return await inflateNative(data, size);
    } catch (e) {
      if (e instanceof ZipFormatError) throw e;
      nativeError = e;
    }
    // A real format error fails in fflate too; an engine without 'deflate-raw' does not.
    try {
      return inflateExact(data, size);
    } catch {
      throw nativeError;
    }
  }
  return inflateExact(data, size);
}

async function inflateNative(data: Uint8Array, size: number): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new DecompressionStream('deflate-raw') as unknown as TransformStream<Uint8Array, Uint8Array>);
  const reader = stream.getReader();
  const out = new Uint8Array(size);
  let at = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (at + value.length > size) {
      await reader.cancel().catch(() => undefined);
      throw new ZipFormatError(`inflates past its declared ${size} bytes`);
    }
    out.set(value, at);
    at += value.length;
  }
  if (at !== size) throw new ZipFormatError(`inflates to ${at} bytes, declared ${size}`);
  return out;
}

/** fflate into a buffer of exactly `size` bytes (fflate stops there; the CRC catches the rest). */
function inflateExact(data: Uint8Array, size: number): Uint8Array {
  return inflateSync(data, { out: new Uint8Array(size) });
}

/** DOS date and time fields for a Date (local time, as zip tools expect). */
function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((Math.max(1980, d.getFullYear()) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

export async function zip(entries: ZipInput[], when = new Date()): Promise<Uint8Array> {
  const enc = new TextEncoder();
  const { time, date } = dosTime(when);
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const crc = crc32(e.data);
    let body = e.data;
    let method = 0;
    if (e.compress !== false && e.data.length > 0) {
      const deflated = await deflateRaw(e.data);
      if (deflated.length < e.data.length) {
        body = deflated;
        method = 8;
      }
    }
    if (body.length >= 0xffffffff || offset >= 0xffffffff) throw new Error('工作区超过 4 GB，无法保存为单个文件');
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0800, true); // UTF-8 names
    lv.setUint16(8, method, true);
    lv.setUint16(10, time, true);
    lv.setUint16(12, date, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, e.data.length, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, method, true);
    cv.setUint16(12, time, true);
    cv.setUint16(14, date, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, body.length, true);
    cv.setUint32(24, e.data.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    cd.set(name, 46);
    parts.push(local, body);
    central.push(cd);
    offset += local.length + body.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + cdSize + end.length);
  let at = 0;
  for (const p of [...parts, ...central, end]) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export class ZipFormatError extends Error {}

/** A zip entry (or all entries asked for) declares more than a limit allows. */
export class ZipLimitError extends Error {
  constructor(
    /** The entry's name, or '' for the total of the entries asked for. */
    readonly entry: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`${entry || 'entries'} declare ${size} bytes, over the limit of ${limit}`);
    this.name = 'ZipLimitError';
  }
}

/** One entry of the central directory, as the file declares it. */
export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  /** Compressed size. */
  csize: number;
  /** Declared uncompressed size. */
  size: number;
  /** Offset of the local header. */
  local: number;
}

/** Deflate cannot expand data more than about 1032 : 1; a larger claim is a lie. */
const MAX_DEFLATE_RATIO = 1032;

/**
 * The entries of a zip's central directory, inflating nothing. Throws ZipFormatError when the
 * bytes are not a well-formed zip.
 */
export function listZip(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (what: string): never => {
    throw new ZipFormatError(what);
  };
  // End of central directory: the last 22 bytes plus up to 64 KB of comment.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) fail('no end of central directory');
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const dec = new TextDecoder();
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) fail('bad central directory');
    const nlen = view.getUint16(p + 28, true);
    if (p + 46 + nlen > bytes.length) fail('bad central directory');
    entries.push({
      name: dec.decode(bytes.subarray(p + 46, p + 46 + nlen)),
      method: view.getUint16(p + 10, true),
      crc: view.getUint32(p + 16, true),
      csize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      local: view.getUint32(p + 42, true),
    });
    p += 46 + nlen + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return entries;
}

export interface ZipLimits {
  /** Largest declared size of one entry (default MAX_ENTRY_BYTES). */
  maxEntryBytes?: number;
  /** Largest declared size of all the entries asked for together (default MAX_TOTAL_BYTES). */
  maxTotalBytes?: number;
}

/**
 * Inflates the given entries (checked against their CRC-32), after checking their declared
 * sizes against the limits (ZipLimitError) and against the bytes that hold them (ZipFormatError).
 */
export async function readEntries(bytes: Uint8Array, entries: ZipEntry[], limits: ZipLimits = {}): Promise<Record<string, Uint8Array>> {
  const maxEntry = limits.maxEntryBytes ?? MAX_ENTRY_BYTES;
  const maxTotal = limits.maxTotalBytes ?? MAX_TOTAL_BYTES;
  let total = 0;
  for (const e of entries) {
    if (e.size > maxEntry) throw new ZipLimitError(e.name, e.size, maxEntry);
    total += e.size;
    if (total > maxTotal) throw new ZipLimitError('', total, maxTotal);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (what: string): never => {
    throw new ZipFormatError(what);
  };
  const out: Record<string, Uint8Array> = {};
  for (const { name, method, crc, csize, size, local } of entries) {
    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) fail(`bad local header for ${name}`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + csize > bytes.length) fail(`truncated entry ${name}`);
    const raw = bytes.subarray(start, start + csize);
    let data: Uint8Array;
    if (method === 0) {
      if (csize !== size) fail(`stored entry ${name} declares ${size} bytes but holds ${csize}`);
      data = raw.slice();
    } else if (method === 8) {
      if (size > csize * MAX_DEFLATE_RATIO + 1024) fail(`${name} declares ${size} bytes from ${csize}: impossible`);
      try {
        data = await inflateRaw(raw, size);
      } catch {
        return fail(`cannot inflate ${name}`);
      }
    } else return fail(`unsupported compression ${method} for ${name}`);
    if (data.length !== size || crc32(data) !== crc) fail(`crc mismatch for ${name}`);
    out[name] = data;
  }
  return out;
}

/**
 * Entries of a zip (stored or deflated), checked against their CRC-32 and the size limits.
 * `only` limits which entries are decompressed. Throws ZipFormatError when the bytes are not a
 * well-formed zip, ZipLimitError when what is asked for declares more than the limits.
 */
export async function unzip(bytes: Uint8Array, only?: (name: string) => boolean, limits?: ZipLimits): Promise<Record<string, Uint8Array>> {
  const wanted = listZip(bytes).filter((e) => !e.name.endsWith('/') && (!only || only(e.name)));
  return readEntries(bytes, wanted, limits);
}
