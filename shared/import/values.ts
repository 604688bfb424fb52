/**
 * Value parsers for 台账 cells: star marks, levels, quarters, years, unit kinds, yes/no
 * flags and numbers. Each returns a discriminated result and never throws; the caller
 * decides whether a failure rejects the row or only warns.
 *
 * All patterns are compiled once at module load; parsers are pure, so callers may memoise
 * them per column (interpret.ts does).
 */
import type { UnitKind } from '../stars.ts';
import { MAX_LEVEL } from '../stars.ts';
import { normalizeKey } from './normalize.ts';
import type { RawCell } from './types.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: 'unrecognised' | 'out_of_range' };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const UNRECOGNISED = { ok: false, reason: 'unrecognised' } as const;
const OUT_OF_RANGE = { ok: false, reason: 'out_of_range' } as const;

/** Key form of a cell for keyword lookup: '' for empty, numbers as decimal text. */
function key(cell: RawCell): string {
  if (cell == null) return '';
  if (typeof cell === 'string') return normalizeKey(cell);
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return '';
}

function lookup(words: string): Set<string> {
  return new Set(words.split(' ').filter((w) => w.length > 0).map((w) => normalizeKey(w)));
}

// ───────────────────────── star marks ─────────────────────────

/** A star mark: true = earned, false = not earned, null = not applicable (/). */
export type Mark = boolean | null;

const MARK_EARNED = lookup('√ ✓ ✔ ☑ ✅ ★ ⭐ 是 有 已创成 创成 达标 已达标 获得 已获得 通过 1 y yes true t');
// ☆ is an empty star: not earned. ○ is deliberately absent: some files use it for "earned",
// others for "not yet", so it is reported as unrecognised rather than guessed.
const MARK_NOT = lookup('否 × ✗ ✘ ✕ ☓ x 0 ☆ 未创成 未达标 不达标 未获得 未 n no false f 无');
const MARK_NA = lookup('/ \\ — —— - -- – ― ─ 不适用 不涉及 n/a na');

export function parseMark(cell: RawCell): Parsed<Mark> {
  if (cell == null) return ok(false);
  if (typeof cell === 'boolean') return ok(cell);
  if (typeof cell === 'number') return cell === 1 ? ok(true) : cell === 0 ? ok(false) : UNRECOGNISED;
  if (cell instanceof Date) return UNRECOGNISED;
  const k = key(cell);
  if (k === '') return ok(false);
  if (MARK_EARNED.has(k)) return ok(true);
  if (MARK_NOT.has(k)) return ok(false);
  if (MARK_NA.has(k)) return ok(null);
  return UNRECOGNISED;
}

// ───────────────────────── levels ─────────────────────────

const CN_DIGIT: Record<string, number> = {
  零: 0, 〇: 0, 无: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10,
};
const LEVEL_SUFFIX = /(?:级|支部|党支部|村|社区|单位)+$/;
const TRAILING_PAREN = /\([^()]*\)$/;
const INT = /^\d+$/;
const INT_DOT_ZERO = /^(\d+)\.0+$/;
const DIGIT_STAR = /^(\d+)星$/;
const CN_STAR = /^([零〇无一二两三四五六七八九十])星$/;
const STAR_GLYPHS = /^[★☆⭐✩✰]+$/;
const FILLED_STAR = /[★⭐]/g;

function levelInRange(n: number): Parsed<number> {
  return Number.isInteger(n) && n >= 0 && n <= MAX_LEVEL ? ok(n) : OUT_OF_RANGE;
}

/**
 * A star level 0–5: 无星 / 零星 / 0星 / 0, 一星…五星, 1星…5星, ★★★, 3, 三星级, 3星级,
 * 三星支部, full-width digits. Empty → ok(null). Outside 0–5 → out_of_range.
 */
export function parseLevel(cell: RawCell): Parsed<number | null> {
  if (cell == null) return ok(null);
  if (typeof cell === 'number') return Number.isFinite(cell) ? levelInRange(cell) : UNRECOGNISED;
  if (typeof cell !== 'string') return UNRECOGNISED;
  let k = key(cell);
  if (k === '') return ok(null);
  if (TRAILING_PAREN.test(k)) k = k.replace(TRAILING_PAREN, '');
  if (k !== '无' && k !== '0') k = k.replace(LEVEL_SUFFIX, '');
  if (INT.test(k)) return levelInRange(Number(k));
  let m = INT_DOT_ZERO.exec(k);
  if (m) return levelInRange(Number(m[1]));
  m = DIGIT_STAR.exec(k);
  if (m) return levelInRange(Number(m[1]));
  m = CN_STAR.exec(k);
  if (m) return levelInRange(CN_DIGIT[m[1]]);
  if (k === '无' || k === '无星' || k === '零星' || k === '未定级' || k === '未评星') return ok(0);
  if (STAR_GLYPHS.test(k)) return levelInRange((k.match(FILLED_STAR) ?? []).length);
  return UNRECOGNISED;
}

const TARGET_VERBS = /^(?:争创|创建|争取|稳定|稳|争|冲|保|创|达到|目标)+/;
const SEGMENT_SPLIT = /[、,，;；/]/;

/** A target level (创建目标): "四星", "4", "争创四星", "稳三星、争四星" (the highest mentioned). */
export function parseTargetLevel(cell: RawCell): Parsed<number | null> {
  const direct = parseLevel(cell);
  if (direct.ok || typeof cell !== 'string') return direct;
  const parts = key(cell).split(SEGMENT_SPLIT).filter((p) => p.length > 0);
  let best: number | null = null;
  for (const part of parts) {
    const r = parseLevel(part.replace(TARGET_VERBS, ''));
    if (!r.ok) return r;
    if (r.value != null && (best == null || r.value > best)) best = r.value;
  }
  return best == null ? UNRECOGNISED : ok(best);
}

// ───────────────────────── periods ─────────────────────────

/** year null = not stated in the cell; quarter null = the annual rating. */
export interface PeriodParts {
  year: number | null;
  quarter: number | null;
}

const YEAR_PREFIX = /^(\d{4})(?:年度|年)?[-_./]?/;
const Q_FORM = /^q(\d)$/;
const CN_QUARTER = /^第?([一二三四五六七八九]|\d)季度?$/;
const BARE_DIGIT = /^(\d)$/;
const ANNUAL = /^(?:年度|全年|年终|年底|年)?$/;

function yearInRange(y: number): boolean {
  return Number.isInteger(y) && y >= 2000 && y <= 2100;
}

function quarterFromDigit(text: string): number {
  return CN_DIGIT[text] ?? Number(text);
}

/**
 * A quarter or a whole period in one cell: 第三季度, 三季度, 3季度, Q3, q3, 3, 2024Q3,
 * 2024年第三季度, 2024-Q3, 2024年三季度, 2024年3季度; 2024年度 / 2024 → annual; a Date →
 * its year and quarter. Empty → ok(null).
 */
export function parseQuarter(cell: RawCell): Parsed<PeriodParts | null> {
  if (cell == null) return ok(null);
  if (cell instanceof Date) {
    const t = cell.getTime();
    if (Number.isNaN(t)) return UNRECOGNISED;
    const year = cell.getUTCFullYear();
    if (!yearInRange(year)) return OUT_OF_RANGE;
    return ok({ year, quarter: Math.floor(cell.getUTCMonth() / 3) + 1 });
  }
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell)) return UNRECOGNISED;
    if (cell >= 1 && cell <= 4) return ok({ year: null, quarter: cell });
    if (yearInRange(cell)) return ok({ year: cell, quarter: null });
    return OUT_OF_RANGE;
  }
  if (typeof cell !== 'string') return UNRECOGNISED;
  let k = key(cell);
  if (k === '') return ok(null);
  let year: number | null = null;
  const y = YEAR_PREFIX.exec(k);
  if (y) {
    year = Number(y[1]);
    if (!yearInRange(year)) return OUT_OF_RANGE;
    k = k.slice(y[0].length);
  }
  if (year != null && ANNUAL.test(k)) return ok({ year, quarter: null });
  if (year == null && (k === '年度' || k === '全年')) return ok({ year: null, quarter: null });
  let q: number | null = null;
  let m = Q_FORM.exec(k);
  if (m) q = Number(m[1]);
  else if ((m = CN_QUARTER.exec(k)) && (k.includes('季') || year == null)) q = quarterFromDigit(m[1]);
  else if (year == null && (m = BARE_DIGIT.exec(k))) q = Number(m[1]);
  if (q == null) return UNRECOGNISED;
  if (q < 1 || q > 4) return OUT_OF_RANGE;
  return ok({ year, quarter: q });
}

const YEAR_TEXT = /^(\d{4})(?:年度|年)?$/;

/** A year 2000–2100: 2024, 2024年, 2024年度, full-width digits, a Date. Empty → ok(null). */
export function parseYear(cell: RawCell): Parsed<number | null> {
  if (cell == null) return ok(null);
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return UNRECOGNISED;
    const year = cell.getUTCFullYear();
    return yearInRange(year) ? ok(year) : OUT_OF_RANGE;
  }
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell)) return UNRECOGNISED;
    return yearInRange(cell) ? ok(cell) : OUT_OF_RANGE;
  }
  if (typeof cell !== 'string') return UNRECOGNISED;
  const k = key(cell);
  if (k === '') return ok(null);
  const m = YEAR_TEXT.exec(k);
  if (!m) return UNRECOGNISED;
  const year = Number(m[1]);
  return yearInRange(year) ? ok(year) : OUT_OF_RANGE;
}

// ───────────────────────── kind ─────────────────────────

const KIND_VILLAGE = lookup('村 农村 行政村 村委会 村民委员会 村党支部 村党组织 village 涉农村');
const KIND_COMMUNITY = lookup('社区 城市社区 居委会 社区居委会 居民委员会 城镇社区 社区党支部 社区党组织 community');

/** 村 / 农村 / 行政村 / 村委会 → village; 社区 / 城市社区 / 居委会 / 社区居委会 → community. */
export function parseKind(cell: RawCell): Parsed<UnitKind | null> {
  if (cell == null) return ok(null);
  if (typeof cell !== 'string') return UNRECOGNISED;
  const k = key(cell);
  if (k === '') return ok(null);
  if (KIND_VILLAGE.has(k)) return ok('village');
  if (KIND_COMMUNITY.has(k)) return ok('community');
  if (k.includes('社区') || k.includes('居委') || k.includes('居民委员会')) return ok('community');
  if (k.endsWith('村')) return ok('village');
  return UNRECOGNISED;
}

const UNIT_SUFFIX = /(?:党总支部|党总支|党支部|党委|支部委员会|支部|党组织)$/;
const COMMUNITY_NAME = /(?:社区|居委会|居民委员会|社区居委会)$/;

/** Kind from a unit's name when the file has no kind column: …社区 / …居委会 → community. */
export function kindFromName(name: string): UnitKind {
  const n = name.trim().replace(UNIT_SUFFIX, '');
  return COMMUNITY_NAME.test(n) ? 'community' : 'village';
}

// ───────────────────────── yes/no, numbers ─────────────────────────

const BOOL_TRUE = lookup('是 √ ✓ ✔ ☑ ★ 1 y yes true t 软弱涣散 是软弱涣散 列入 已列入');
const BOOL_FALSE = lookup('否 × ✗ ✘ ✕ x 0 n no false f 无 不是 非 / — - 未列入');

/** A yes/no flag such as 软弱涣散: 是/√/1 → true, 否/空 → false. */
export function parseBool(cell: RawCell): Parsed<boolean | null> {
  if (cell == null) return ok(false);
  if (typeof cell === 'boolean') return ok(cell);
  if (typeof cell === 'number') return cell === 1 ? ok(true) : cell === 0 ? ok(false) : UNRECOGNISED;
  if (typeof cell !== 'string') return UNRECOGNISED;
  const k = key(cell);
  if (k === '') return ok(false);
  if (BOOL_TRUE.has(k)) return ok(true);
  if (BOOL_FALSE.has(k)) return ok(false);
  return UNRECOGNISED;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const UNIT_SUFFIX_NUM = /(?:万元|万|分)$/;
const NUMBER_NULL = lookup('/ — —— - – 无 n/a na');

/** A number: 12.5, "12.5", "12.5万", "１２.５", "1,234.5". Empty or "/" → ok(null). */
export function parseNumber(cell: RawCell): Parsed<number | null> {
  if (cell == null) return ok(null);
  if (typeof cell === 'number') return Number.isFinite(cell) ? ok(cell) : UNRECOGNISED;
  if (typeof cell !== 'string') return UNRECOGNISED;
  let k = key(cell);
  if (k === '' || NUMBER_NULL.has(k)) return ok(null);
  k = k.replace(UNIT_SUFFIX_NUM, '');
  if (GROUPED.test(k)) k = k.replace(/,/g, '');
  if (!NUMBER.test(k)) return UNRECOGNISED;
  const n = Number(k);
  return Number.isFinite(n) ? ok(n) : UNRECOGNISED;
}

const CODE = /^\d{6,20}$/;

/** 行政区划代码: 6–20 digits (a number cell is written out in full). Empty → ok(null). */
export function parseUnitCode(cell: RawCell): Parsed<string | null> {
  if (cell == null) return ok(null);
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell) || cell < 0) return UNRECOGNISED;
    const s = cell < 1e21 ? String(cell) : BigInt(cell).toString();
    return CODE.test(s) ? ok(s) : UNRECOGNISED;
  }
  if (typeof cell !== 'string') return UNRECOGNISED;
  const k = key(cell);
  if (k === '') return ok(null);
  return CODE.test(k) ? ok(k) : UNRECOGNISED;
}

const SCIENTIFIC = /^\d+(?:\.\d+)?e\+?\d+$/;
/** Excel stores 15 significant digits: a longer number has lost its tail. */
const EXCEL_DIGITS_LIMIT = 1e15;

/**
 * The cells of a 行政区划代码 column that Excel has mangled, so their codes cannot be trusted:
 *  - text in scientific notation ("4.10122E+11": a CSV saved from Excel with the column shown
 *    as a number);
 *  - a number of 16 or more digits (Excel keeps 15 significant digits);
 *  - a code of 12 or more digits ending in 000 (what "4.10122E+11" becomes when the CSV is
 *    opened and saved again) when the column also has codes with other tails, or the same
 *    code stands on several rows. A unit's own 12-digit code never ends in 000: that is a
 *    township's code.
 * Returns the distrusted cell values, how many cells hold one, and the first of them.
 */
export function mangledCodes(cells: readonly RawCell[]): { bad: Set<RawCell>; count: number; example: RawCell } {
  const bad = new Set<RawCell>();
  const zeroTails = new Map<string, { cells: RawCell[]; rows: number }>();
  let otherTails = false;
  for (const cell of cells) {
    if (typeof cell === 'string' && SCIENTIFIC.test(key(cell))) {
      bad.add(cell);
      continue;
    }
    if (typeof cell === 'number' && Number.isInteger(cell) && cell >= EXCEL_DIGITS_LIMIT) {
      bad.add(cell);
      continue;
    }
    const code = parseUnitCode(cell);
    if (!code.ok || code.value == null || code.value.length < 12) continue;
    if (!code.value.endsWith('000')) {
      otherTails = true;
      continue;
    }
    let z = zeroTails.get(code.value);
    if (!z) zeroTails.set(code.value, (z = { cells: [], rows: 0 }));
    z.rows++;
    if (!z.cells.includes(cell)) z.cells.push(cell);
  }
  for (const z of zeroTails.values()) {
    if (otherTails || z.rows > 1) for (const c of z.cells) bad.add(c);
  }
  let count = 0;
  let example: RawCell = null;
  for (const cell of cells) {
    if (cell != null && bad.has(cell)) {
      count++;
      example ??= cell;
    }
  }
  return { bad, count, example };
}
