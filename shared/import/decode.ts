/**
 * Bytes → text for CSV/TSV files, with the encodings Chinese offices really produce.
 *
 * Automatic detection, in order:
 *   1. A byte-order mark: UTF-8 (EF BB BF), UTF-16LE (FF FE), UTF-16BE (FE FF).
 *   2. UTF-16 without a BOM: many NUL bytes at odd (LE) or even (BE) positions.
 *   3. UTF-8, strictly (`TextDecoder('utf-8', { fatal: true })`).
 *   4. Otherwise GB18030 (a superset of GBK/GB2312: what Excel and WPS write on a Chinese
 *      Windows when you "save as CSV"). Two exceptions: text that is clearly UTF-8 with a
 *      few broken sequences (≥ 20 good multi-byte characters per bad one) stays UTF-8, and
 *      text whose high bytes mostly stand alone between ASCII bytes (é in "José", not a
 *      two-byte Chinese character) is read as Windows-1252/Latin-1.
 * A manual override (`encoding`) skips detection; the UI offers SUPPORTED_ENCODINGS.
 *
 * NUL bytes: DuckDB keeps a NUL inside a value, but a NUL is invisible on screen and makes
 * "张三\0" a different name from "张三". We STRIP them from otherwise-text files and report
 * how many (`nulsRemoved`) so the caller can warn. A file that is mostly control bytes is not
 * text at all and is refused ('binary_file'); a chosen encoding that yields many undecodable
 * characters is refused ('encoding') so the user can pick another.
 *
 * Pure Web APIs (TextDecoder, Uint8Array): runs in the browser, in a worker and in Node.
 */
import { refuse } from './errors.ts';

/** WHATWG encoding names we decode with. */
export type EncodingId = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be' | 'big5' | 'shift_jis' | 'windows-1252';

/** The encodings offered in the UI picker ('auto' = detect), with Chinese labels. */
export const SUPPORTED_ENCODINGS: ReadonlyArray<{ id: EncodingId | 'auto'; label: string }> = [
  { id: 'auto', label: '自动识别' },
  { id: 'utf-8', label: 'UTF-8（通用，含带 BOM 的 UTF-8）' },
  { id: 'gb18030', label: 'GB18030 / GBK / GB2312（简体中文 Windows、WPS 默认）' },
  { id: 'utf-16le', label: 'UTF-16 LE（Excel 另存为“Unicode 文本”）' },
  { id: 'utf-16be', label: 'UTF-16 BE（大端序）' },
  { id: 'big5', label: 'Big5（繁体中文）' },
  { id: 'shift_jis', label: 'Shift_JIS（日文）' },
  { id: 'windows-1252', label: 'Latin-1 / Windows-1252（西文）' },
];

const ALIASES: Record<string, EncodingId> = {
  'utf-8': 'utf-8', utf8: 'utf-8', 'utf-8-bom': 'utf-8', 'utf-8-sig': 'utf-8',
  gb18030: 'gb18030', gbk: 'gb18030', gb2312: 'gb18030', cp936: 'gb18030', 'x-gbk': 'gb18030',
  'utf-16le': 'utf-16le', 'utf-16': 'utf-16le', utf16le: 'utf-16le', utf16: 'utf-16le', unicode: 'utf-16le',
  'utf-16be': 'utf-16be', utf16be: 'utf-16be',
  big5: 'big5', 'big5-hkscs': 'big5',
  shift_jis: 'shift_jis', 'shift-jis': 'shift_jis', sjis: 'shift_jis', cp932: 'shift_jis', 'windows-31j': 'shift_jis',
  'windows-1252': 'windows-1252', latin1: 'windows-1252', 'latin-1': 'windows-1252', 'iso-8859-1': 'windows-1252', cp1252: 'windows-1252',
};

/** Normalizes a user/CLI encoding name; undefined when unknown. 'auto' and '' mean detect. */
export function normalizeEncoding(name: string): EncodingId | 'auto' | undefined {
  const key = name.trim().toLowerCase().replace(/\s+/g, '');
  if (key === '' || key === 'auto') return 'auto';
  return ALIASES[key] ?? ALIASES[key.replace(/_/g, '-')];
}

/** Chinese label for a detected encoding (as recorded in RawSheet.encoding). */
export function encodingLabel(encoding: string): string {
  if (encoding === 'utf-8-bom') return 'UTF-8（带 BOM）';
  const e = SUPPORTED_ENCODINGS.find((x) => x.id === encoding);
  return e ? e.label : encoding;
}

export interface DecodeOptions {
  /** Manual override: any name normalizeEncoding accepts; 'auto' or absent = detect. */
  encoding?: string;
  /** File name, for error messages. */
  file?: string;
}

export interface DecodedText {
  text: string;
  /** 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be' | 'big5' | 'shift_jis' | 'windows-1252' */
  encoding: string;
  /** True when chosen by detection, false when the caller forced it. */
  detected: boolean;
  /** NUL characters removed from the text. */
  nulsRemoved: number;
  /** Undecodable byte sequences, shown as U+FFFD in the text. */
  replacements: number;
}

const SAMPLE = 64 * 1024;

export function decodeText(bytes: Uint8Array, opts: DecodeOptions = {}): DecodedText {
  const file = opts.file ?? '文件';
  const wanted = opts.encoding === undefined ? 'auto' : normalizeEncoding(opts.encoding);
  if (wanted === undefined) throw refuse.unknownEncoding(file, opts.encoding ?? '');

  if (wanted !== 'auto') return forced(bytes, wanted, file);

  // 1. Byte-order marks.
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return finish(file, decodeLossy('utf-8', bytes.subarray(3)), 'utf-8-bom', true, false);
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return finish(file, decodeLossy('utf-16le', bytes.subarray(2)), 'utf-16le', true, false);
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return finish(file, decodeLossy('utf-16be', bytes.subarray(2)), 'utf-16be', true, false);
  }

  // 2. UTF-16 without BOM.
  const u16 = sniffUtf16(bytes);
  if (u16) return finish(file, decodeLossy(u16, bytes), u16, true, false);

  // Not UTF-16: a text file has (almost) no control bytes.
  if (looksBinary(bytes)) throw refuse.binary(file);

  // 3. Strict UTF-8.
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return finish(file, text, 'utf-8', true, false);
  } catch {
    // not UTF-8
  }

  // 4. GB18030, unless this is UTF-8 with a few broken bytes.
  const utf8 = decodeLossy('utf-8', bytes);
  const { bad: bad8, good: good8 } = countNonAscii(utf8);
  if (good8 >= 20 * bad8) return finish(file, utf8, 'utf-8', true, true);
  // Western text (é, ü between ASCII letters) has lone high bytes; Chinese GB text has pairs.
  if (looksLatin1(bytes)) return finish(file, decodeLossy('windows-1252', bytes), 'windows-1252', true, true);
  return finish(file, decodeLossy('gb18030', bytes), 'gb18030', true, true);
}

/** More than half of the high bytes (≥ 0x80) stand alone between ASCII bytes. */
function looksLatin1(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SAMPLE);
  let high = 0;
  let lone = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] < 0x80) continue;
    high++;
    if ((i === 0 || bytes[i - 1] < 0x80) && (i + 1 >= bytes.length || bytes[i + 1] < 0x80)) lone++;
  }
  return high > 0 && lone * 2 > high;
}

function forced(bytes: Uint8Array, enc: EncodingId, file: string): DecodedText {
  let body = bytes;
  let label: string = enc;
  if (enc === 'utf-8' && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    body = bytes.subarray(3);
    label = 'utf-8-bom';
  } else if (enc === 'utf-16le' && bytes[0] === 0xff && bytes[1] === 0xfe) body = bytes.subarray(2);
  else if (enc === 'utf-16be' && bytes[0] === 0xfe && bytes[1] === 0xff) body = bytes.subarray(2);
  let text: string;
  try {
    text = decodeLossy(enc, body);
  } catch {
    throw refuse.unknownEncoding(file, enc);
  }
  return finish(file, text, label, false, true);
}

function decodeLossy(enc: EncodingId, bytes: Uint8Array): string {
  return new TextDecoder(enc, { ignoreBOM: true }).decode(bytes);
}

/**
 * Strips NULs, counts replacement characters and refuses text that is mostly garbage.
 * `checkBad` is off for strict UTF-8 (no replacements possible).
 */
function finish(file: string, raw: string, encoding: string, detected: boolean, checkBad: boolean): DecodedText {
  let text = raw;
  let nulsRemoved = 0;
  if (text.indexOf('\0') >= 0) {
    const before = text.length;
    text = text.replaceAll('\0', '');
    nulsRemoved = before - text.length;
  }
  let replacements = 0;
  if (checkBad || encoding.startsWith('utf-16') || encoding === 'utf-8-bom') {
    replacements = countChar(text, 0xfffd);
    if (replacements > Math.max(16, text.length * 0.05)) {
      if (detected) throw refuse.binary(file);
      throw refuse.badEncoding(file, encodingLabel(encoding), replacements);
    }
  }
  if (nulsRemoved > Math.max(16, raw.length * 0.05)) throw refuse.binary(file);
  if (controlChars(text) > Math.max(8, Math.min(text.length, SAMPLE) * 0.01)) {
    if (detected) throw refuse.binary(file);
    throw refuse.badEncoding(file, encodingLabel(encoding), controlChars(text));
  }
  return { text, encoding, detected, nulsRemoved, replacements };
}

/** 'utf-16le' / 'utf-16be' when the NUL pattern of a BOM-less UTF-16 text shows. */
export function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, SAMPLE) >> 1;
  if (n < 2) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[2 * i] === 0) even++;
    if (bytes[2 * i + 1] === 0) odd++;
  }
  if (odd >= Math.max(2, n * 0.1) && even * 4 < odd) return 'utf-16le';
  if (even >= Math.max(2, n * 0.1) && odd * 4 < even) return 'utf-16be';
  return null;
}

/** Control bytes other than TAB, LF, VT, FF, CR, SUB, ESC in the first 64 KB. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SAMPLE);
  let ctl = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b < 0x20 && !(b >= 0x09 && b <= 0x0d) && b !== 0x1a && b !== 0x1b) ctl++;
  }
  return ctl > Math.max(8, n * 0.01);
}

/** Control characters other than TAB, LF, VT, FF, CR, SUB, ESC in the first 64 K characters. */
function controlChars(text: string): number {
  const n = Math.min(text.length, SAMPLE);
  let ctl = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && !(c >= 0x09 && c <= 0x0d) && c !== 0x1a && c !== 0x1b) ctl++;
  }
  return ctl;
}

function countChar(text: string, code: number): number {
  const ch = String.fromCharCode(code);
  let count = 0;
  for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) count++;
  return count;
}

function countNonAscii(text: string): { good: number; bad: number } {
  let good = 0;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c === 0xfffd) bad++;
    else good++;
  }
  return { good, bad };
}
