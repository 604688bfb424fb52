/**
 * Numbers the way a Chinese report writes them: 27.3%, "提高2.3个百分点", 12个, 万元 with
 * one decimal. Shared by the UI, the CLI and (later) the briefing narrative.
 */

export function formatPercent(x: number | null | undefined, digits = 1): string {
  return x == null || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)}%`;
}

export function formatCount(n: number | null | undefined, unit = '个'): string {
  return n == null ? '—' : `${n.toLocaleString('zh-CN')}${unit}`;
}

export function formatWan(x: number | null | undefined): string {
  return x == null ? '—' : `${x.toFixed(1)}万元`;
}

export type Trend = 'up' | 'down' | 'flat' | 'none';

export interface Delta {
  trend: Trend;
  /** Short form for a badge: "+3", "−1.2个百分点", "持平". */
  short: string;
  /** Sentence form: "较上季度提高2.3个百分点". */
  sentence: string;
}

const MINUS = '−';

/** What a change reads when nothing can be compared: never a zero. */
export const NO_COMPARABLE = '无可比数据';
/** The same when the compared period has no ratings at all (the first period of data). */
export const NO_PREVIOUS_DATA = '无可比数据（无上期数据）';

const NONE: Delta = { trend: 'none', short: NO_COMPARABLE, sentence: NO_PREVIOUS_DATA };

/** Change of a count against the previous period. */
export function countDelta(cur: number | null, prev: number | null, unit = '个', against = '上季度'): Delta {
  if (cur == null || prev == null) return NONE;
  const d = cur - prev;
  if (d === 0) return { trend: 'flat', short: '持平', sentence: `与${against}持平` };
  return d > 0
    ? { trend: 'up', short: `+${d}`, sentence: `较${against}增加${d}${unit}` }
    : { trend: 'down', short: `${MINUS}${-d}`, sentence: `较${against}减少${-d}${unit}` };
}

/** Change of a share in percentage points (个百分点), rounded to one decimal. */
export function shareDelta(cur: number | null, prev: number | null, against = '上季度'): Delta {
  if (cur == null || prev == null) return NONE;
  const pp = Math.round((cur - prev) * 1000) / 10;
  if (pp === 0) return { trend: 'flat', short: '持平', sentence: `与${against}持平` };
  const abs = Math.abs(pp).toFixed(1);
  return pp > 0
    ? { trend: 'up', short: `+${abs}个百分点`, sentence: `较${against}提高${abs}个百分点` }
    : { trend: 'down', short: `${MINUS}${abs}个百分点`, sentence: `较${against}下降${abs}个百分点` };
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
