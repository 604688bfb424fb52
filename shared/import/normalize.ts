/**
 * Text normalisation for matching what people type in 台账: full-width letters and digits,
 * ideographic spaces, zero-width characters, a BOM, stray inner spaces.
 *
 * Normalised text is only ever used to *recognise* things (headers, marks, levels,
 * periods). Names and other free text are data and are kept as typed, except for trimming
 * outer whitespace (see cleanText).
 */
import type { RawCell } from './types.ts';

// Zero-width space/joiners, word joiner, BOM, soft hyphen, bidi marks, variation selectors.
const INVISIBLE = /[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u202a-\u202e\u2066-\u2069\ufe00-\ufe0f]/g;
const HAS_INVISIBLE = /[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u202a-\u202e\u2066-\u2069\ufe00-\ufe0f]/;
const FULL_WIDTH = /[\uff01-\uff5e\u3000\u00a0]/g;
const HAS_FULL_WIDTH = /[\uff01-\uff5e\u3000\u00a0]/;
const WHITESPACE_RUN = /\s+/g;
const ANY_WHITESPACE = /\s/;
const OPEN_BRACKETS = /[（【〔［\[｛{〈《]/g;
const CLOSE_BRACKETS = /[）】〕］\]｝}〉》]/g;

function fullToHalf(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code === 0x3000 || code === 0xa0) return ' ';
  return String.fromCharCode(code - 0xfee0);
}

/** Full-width ASCII (U+FF01–FF5E) → half-width, ideographic space (U+3000) and NBSP → space. */
export function toHalfWidth(text: string): string {
  return HAS_FULL_WIDTH.test(text) ? text.replace(FULL_WIDTH, fullToHalf) : text;
}

/** Remove zero-width characters, bidi marks and the BOM. */
export function stripInvisible(text: string): string {
  return HAS_INVISIBLE.test(text) ? text.replace(INVISIBLE, '') : text;
}

/** For recognising values: invisible chars out, half-width, trimmed, inner whitespace collapsed. */
export function normalizeText(text: string): string {
  const t = toHalfWidth(stripInvisible(text)).trim();
  return ANY_WHITESPACE.test(t) ? t.replace(WHITESPACE_RUN, ' ') : t;
}

/**
 * For matching headers and keyword values: normalizeText, all whitespace removed,
 * brackets unified to ( ), ASCII letters lower-cased.
 */
export function normalizeKey(text: string): string {
  let t = toHalfWidth(stripInvisible(text));
  if (ANY_WHITESPACE.test(t)) t = t.replace(WHITESPACE_RUN, '');
  return t.replace(OPEN_BRACKETS, '(').replace(CLOSE_BRACKETS, ')').toLowerCase();
}

/** Display form of a number: no exponent, no binary noise such as 12.299999999999999. */
export function numberToString(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) {
    return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  }
  const clean = Number(n.toPrecision(15));
  const s = String(clean);
  if (!s.includes('e')) return s;
  // Very small magnitudes: write out the decimals.
  return clean.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A Date as YYYY-MM-DD (UTC fields, as spreadsheet readers produce dates at UTC midnight). */
export function dateToString(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/**
 * A cell as text, exactly as typed for strings; numbers as plain decimal strings,
 * booleans as TRUE/FALSE, dates as YYYY-MM-DD, empty as ''. Period parsers take Date
 * cells directly rather than going through this.
 */
export function cellToString(cell: RawCell | undefined): string {
  if (cell == null) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return numberToString(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (cell instanceof Date) return dateToString(cell);
  return String(cell);
}

const OUTER_INVISIBLE = /^[\s\u200b-\u200f\u2060-\u2064\ufeff\u00ad]+|[\s\u200b-\u200f\u2060-\u2064\ufeff\u00ad]+$/g;

function trimmable(c: number): boolean {
  return c <= 0x20 || c === 0x85 || c === 0xa0 || c === 0xad || c === 0x1680 || (c >= 0x2000 && c <= 0x206f) || c === 0x3000 || c === 0xfeff;
}

/**
 * Free text as data (names, townships): exactly as typed, only outer whitespace and outer
 * zero-width characters removed. No full-width folding, no inner changes.
 */
export function cleanText(cell: RawCell | undefined): string {
  const s = cellToString(cell);
  if (s.length === 0) return s;
  // Fast path: nothing to trim (the common case for clean files).
  if (!trimmable(s.charCodeAt(0)) && !trimmable(s.charCodeAt(s.length - 1))) return s;
  return s.replace(OUTER_INVISIBLE, '');
}

/** True when the cell holds nothing but whitespace / invisible characters. */
export function isBlank(cell: RawCell | undefined): boolean {
  if (cell == null) return true;
  if (typeof cell === 'string') return cell.length === 0 || cleanText(cell).length === 0;
  if (typeof cell === 'number') return Number.isNaN(cell);
  if (cell instanceof Date) return Number.isNaN(cell.getTime());
  return false;
}

/** Spreadsheet column letters for a 0-based index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
