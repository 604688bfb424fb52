/**
 * Numbers the way a Chinese report writes them: 27.3%, "提高2.3个百分点", 12个, 万元 with
 * one decimal. The one formatter (formatMeasureValue) and the one change writer (formatChange,
 * formatDelta) of every number in the UI, the 简报 (screen, PDF, Excel) and the CLI.
 */
import { FORMATS, isChange, measureFormat, type MeasureFormat, type MeasureSpec } from './analysis/measures.ts';

export function formatPercent(x: number | null | undefined, digits = 1): string {
  return x == null || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)}%`;
}


/** A measure, or just how its values are written (a pivot column knows only that). */
export type MeasureLike = MeasureSpec | MeasureFormat;

const formatOf = (m: MeasureLike): MeasureFormat => (typeof m === 'string' ? m : measureFormat(m));

// Decimals and units per format come from the measure catalog (analysis/measures.ts FORMATS).
const DIGITS = (f: MeasureFormat) => FORMATS[f].digits;
const CHANGE_UNIT = (f: MeasureFormat) => FORMATS[f].changeUnit;

export interface ValueOptions {
  /** What a missing value reads: '—' (default), '' in a CSV cell. */
  empty?: string;
  /** Append the unit: 12个, 15.0万元, 86.5分 (off in tables, whose header names the unit). */
  unit?: boolean;
}

/**
 * A measure's value as a report writes it: 27.3%, 2.35, 86.5, 15.0, 12 — the same decimals in
 * every view and export. A change measure (升星单位数 …) with no comparable unit reads 无可比数据.
 */
export function formatMeasureValue(m: MeasureLike, v: number | null | undefined, opts: ValueOptions = {}): string {
  if (v == null || !Number.isFinite(v)) return typeof m !== 'string' && isChange(m) ? NO_COMPARABLE : (opts.empty ?? '—');
  const f = formatOf(m);
  if (f === 'percent') return formatPercent(v);
  const text = f === 'count' && !Number.isInteger(v) ? v.toFixed(1) : v.toFixed(DIGITS(f));
  return opts.unit ? `${text}${FORMATS[f].unit}` : text;
}

export type Trend = 'up' | 'down' | 'flat' | 'none';

export interface Delta {
  trend: Trend;
  /** Short form for a badge: "+3", "−1.2个百分点", "持平". */
  short: string;
  /** Sentence form: "较上季度提高2.3个百分点". */
  sentence: string;
  /** The signed number alone, for a column whose header names the unit: "+2.3", "持平", "无可比数据". */
  bare: string;
}

const MINUS = '−';

/** What a change reads when nothing can be compared: never a zero. */
export const NO_COMPARABLE = '无可比数据';
/** The same when the compared period has no ratings at all (the first period of data). */
export const NO_PREVIOUS_DATA = '无可比数据（无上期数据）';

const NONE: Delta = { trend: 'none', short: NO_COMPARABLE, sentence: NO_PREVIOUS_DATA, bare: NO_COMPARABLE };

/**
 * The change of a measure from `previous` to `current` (against 上季度 / 上年度 / 上期): +3 /
 * 较上季度增加3个, +2.3个百分点 / 较上季度提高2.3个百分点, +1.5 / 较上季度增加1.5分, 持平,
 * 无可比数据 when either is missing (never a zero).
 */
export function formatChange(m: MeasureLike, current: number | null | undefined, previous: number | null | undefined, against = '上季度'): Delta {
  if (current == null || previous == null) return NONE;
  return formatDelta(m, current - previous, against);
}

/** The same from the difference alone (a query that returns the change). */
export function formatDelta(m: MeasureLike, delta: number | null | undefined, against = '上季度'): Delta {
  if (delta == null || !Number.isFinite(delta)) return NONE;
  const f = formatOf(m);
  const digits = f === 'count' && !Number.isInteger(delta) ? 1 : DIGITS(f);
  // A share changes in percentage points, rounded half up to one decimal.
  const r = f === 'percent' ? Math.round(delta * 1000) / 10 : Number(delta.toFixed(digits));
  if (r === 0) return { trend: 'flat', short: '持平', sentence: `与${against}持平`, bare: '持平' };
  const abs = Math.abs(r).toFixed(digits);
  const unit = CHANGE_UNIT(f);
  const up = r > 0;
  const verb = f === 'percent' ? (up ? '提高' : '下降') : (up ? '增加' : '减少');
  const bare = `${up ? '+' : MINUS}${abs}`;
  return {
    trend: up ? 'up' : 'down',
    short: f === 'percent' ? `${bare}${unit}` : bare,
    sentence: `较${against}${verb}${abs}${unit}`,
    bare,
  };
}

// ---------------------------------------------------------------------------------------------
// Comparability: a unit with no rating in the compared period has no change, not a zero change.

/** Which units of a period can be compared with an earlier one (shared/analysis/comparable.ts counts them). */
export interface Comparison {
  /** Units rated in the period. */
  units: number;
  /** Of those, units also rated in the compared period: every up / down / gained / lost count is over these. */
  comparable: number;
  /** Units rated in the compared period (0: it has no data at all). */
  prevUnits: number;
  /** Units rated in the compared period but not in this one. */
  gone: number;
}

export type ComparisonState = 'no-previous' | 'none' | 'partial' | 'full';

/** no-previous: the compared period has no ratings; none: no unit rated in both; partial: some are not. */
export function comparisonState(c: Comparison): ComparisonState {
  if (c.prevUnits === 0) return 'no-previous';
  if (c.comparable === 0) return 'none';
  return c.comparable < c.units ? 'partial' : 'full';
}

/** Units of the period without a rating in the compared period. */
export function uncompared(c: Comparison): number {
  return Math.max(0, c.units - c.comparable);
}

/**
 * A count of changes (units up or down, stars gained or lost) as a reader sees it: "3个", or
 * 无可比数据 when no unit can be compared, never "0个".
 */
export function changeCount(n: number | null | undefined, c: Comparison, unit = '个'): string {
  const state = comparisonState(c);
  if (state === 'no-previous') return NO_PREVIOUS_DATA;
  if (state === 'none' || n == null) return NO_COMPARABLE;
  return `${n}${unit}`;
}

/**
 * What a count of changes leaves out: "另有2个单位上季度无评定记录，未参与比较", "" when every
 * unit is compared. When none is, the count itself reads 无可比数据 and this says why.
 */
export function uncomparedNote(c: Comparison, against = '上季度'): string {
  const state = comparisonState(c);
  if (state === 'no-previous') return `${against}无评定数据`;
  if (state === 'none') return `本期${c.units}个单位${against}均无评定记录`;
  if (state === 'partial') return `另有${uncompared(c)}个单位${against}无评定记录，未参与比较`;
  return '';
}

/**
 * For a change of a level count or a share (computed over all the units of each period): a
 * note when the two periods do not rate the same units, "" when they do or there is no
 * previous data (then the change itself reads 无可比数据).
 */
export function unitSetNote(c: Comparison, against = '上季度'): string {
  const state = comparisonState(c);
  if (state === 'no-previous') return '';
  if (state === 'none') return `两期参评单位完全不同，本期${c.units}个单位${against}均无评定记录`;
  const parts = [
    uncompared(c) > 0 ? `本期有${uncompared(c)}个单位${against}无评定记录` : '',
    c.gone > 0 ? `${against}有${c.gone}个单位本期无评定记录` : '',
  ].filter(Boolean);
  return parts.length ? `两期参评单位不完全相同：${parts.join('，')}` : '';
}
