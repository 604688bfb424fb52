/**
 * Text normalisation for matching what people type in 台账: full-width letters and digits,
 * ideographic spaces, zero-width characters, a BOM, stray inner spaces.
 *
 * Normalised text is mostly used to *recognise* things (headers, marks, levels, periods).
 * Free text (remarks, extra columns) is data and is kept as typed, except for trimming outer
 * whitespace (see cleanText). The exception is the names a unit is identified by (county,
 * township, unit name): normalizeName gives them one spelling, so that "王庄村", "王庄村\u200b"
 * and "王庄村 " are one unit and get one id.
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

// ───────────────────────── names ─────────────────────────

/**
 * Invisible format characters: soft hyphen, Arabic letter mark, Mongolian vowel separator,
 * zero-width space/joiners, bidi marks, embeddings, overrides and isolates, word joiner and
 * invisible operators, variation selectors, BOM.
 */
const NAME_INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufe00-\ufe0f\ufeff]/g;
/** Outer whitespace (not the BOM, which JS counts as whitespace but is invisible, not blank). */
const OUTER_SPACE = /^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;
/** Ideographs and CJK punctuation (after NFKC, full-width brackets are ASCII again). */
const CJK = '\\u3000-\\u303f\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}])\\s+(?=[${CJK}])`, 'g');
const OPEN_NEAR_CJK = new RegExp(`\\((?=[${CJK}])|(?<=[${CJK}])\\(`, 'g');
const CLOSE_NEAR_CJK = new RegExp(`(?<=[${CJK}])\\)|\\)(?=[${CJK}])`, 'g');
/** Text no step below changes: common ideographs and printable ASCII other than space and ( ). */
const ALREADY_NORMAL = /^[\u4e00-\u9fff!-'*-~]*$/;

/**
 * The one spelling of a county, township or unit name, computed before the unit id:
 *  - NFKC: full-width letters and digits to half-width ("１组" → "1组"), compatibility and
 *    radical forms of ideographs to the unified ones, the ideographic space to a space;
 *  - zero-width and bidi control characters removed anywhere, outer whitespace trimmed;
 *  - whitespace between two Chinese characters removed ("王  庄村", a line break inside the
 *    cell): Chinese place names never contain spaces, while padding two-character names to
 *    the width of three-character ones is common in typed 台账; spaces elsewhere ("A 区")
 *    stay as typed;
 *  - ASCII brackets next to a Chinese character written full-width ("城关镇(街道)" →
 *    "城关镇（街道）"): NFKC would otherwise turn every typed "（" into "(", and the full-width
 *    form is how Chinese names are written.
 */
export function normalizeName(text: string): string {
  if (ALREADY_NORMAL.test(text)) return text;
  let t = text.normalize('NFKC').replace(NAME_INVISIBLE, '').replace(OUTER_SPACE, '');
  t = t.replace(SPACE_BETWEEN_CJK, '');
  if (t.includes('(')) t = t.replace(OPEN_NEAR_CJK, '（');
  if (t.includes(')')) t = t.replace(CLOSE_NEAR_CJK, '）');
  return t;
}

/**
 * True when normalizeName changed more than outer whitespace: trimming was always done
 * silently (nearly every 台账 has trailing spaces), anything else is worth telling.
 */
export function nameChanged(typed: string, normalized: string): boolean {
  return normalized !== typed && normalized !== typed.replace(OUTER_SPACE, '');
}

const SHOW_AS_CODE = /[\u0000-\u001f\u007f-\u00a0\u00ad\u061c\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2066-\u2069\u3000\ufe00-\ufe0f\ufeff]/g;

/** A value with its invisible and unusual space characters written out: "王庄村[U+200B]". */
export function showInvisible(text: string): string {
  return text.replace(SHOW_AS_CODE, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
}
