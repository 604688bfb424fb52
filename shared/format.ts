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

/** Change of a count against the previous period. */
export function countDelta(cur: number | null, prev: number | null, unit = '个', against = '上季度'): Delta {
  if (cur == null || prev == null) return { trend: 'none', short: '无上期数据', sentence: `${against}无数据` };
  const d = cur - prev;
  if (d === 0) return { trend: 'flat', short: '持平', sentence: `与${against}持平` };
  return d > 0
    ? { trend: 'up', short: `+${d}`, sentence: `较${against}增加${d}${unit}` }
    : { trend: 'down', short: `${MINUS}${-d}`, sentence: `较${against}减少${-d}${unit}` };
}

/** Change of a share in percentage points (个百分点), rounded to one decimal. */
export function shareDelta(cur: number | null, prev: number | null, against = '上季度'): Delta {
  if (cur == null || prev == null) return { trend: 'none', short: '无上期数据', sentence: `${against}无数据` };
  const pp = Math.round((cur - prev) * 1000) / 10;
  if (pp === 0) return { trend: 'flat', short: '持平', sentence: `与${against}持平` };
  const abs = Math.abs(pp).toFixed(1);
  return pp > 0
    ? { trend: 'up', short: `+${abs}个百分点`, sentence: `较${against}提高${abs}个百分点` }
    : { trend: 'down', short: `${MINUS}${abs}个百分点`, sentence: `较${against}下降${abs}个百分点` };
}
