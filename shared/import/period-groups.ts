/**
 * Period groups in a header: wide 台账 put the quarters side by side, a group cell
 * (一季度 / 第一季度 / 1季度 / Q1 / 3月 / 2024年) above each quarter's star columns, or the
 * period in front of each column's name (一季度星级, Q1支部过硬). This module says whether a
 * header text is such a group and which period it names; header.ts and sheet-plan.ts decide
 * what the sheet then is.
 */
import { normalizeKey } from './normalize.ts';
import { periodFromText } from './period-infer.ts';

export type GroupPeriod =
  | { kind: 'quarter'; year: number | null; quarter: number }
  | { kind: 'annual'; year: number | null }
  | { kind: 'month'; year: number | null; month: number }
  /** 上季度 / 上期 / 上年: an earlier period, kept as extra columns, never read as ratings. */
  | { kind: 'previous' }
  /** 本季度 / 本期: the sheet's own period. */
  | { kind: 'current' }
  /** Looks like a period (上半年, 第一期 …) but names none a rating can have. */
  | { kind: 'unknown' };

const PERIOD_LIKE =
  /季度|^第?[一二三四1-4]季$|(?<![a-z])q[1-4](?!\d)|(?<!\d)\d{1,2}月|[一二三四五六七八九十]月|半年|全年|年度|(?<!\d)\d{4}年|本期|上期|当期|本季|上季|本年|上年|去年|前期|本月|上月/;
/** Titles are long; a period group is a short label. */
const MAX_GROUP_LENGTH = 20;

/** Whether a header text above other header cells is a period group. */
export function isPeriodGroup(text: string): boolean {
  const k = normalizeKey(text);
  return k.length > 0 && k.length <= MAX_GROUP_LENGTH && PERIOD_LIKE.test(k);
}

const PREVIOUS = /上季|上期|上年|去年|上一|前期|上月/;
const CURRENT = /本季|本期|当期|本年|当前|本月/;
const MONTH_DIGIT = /(?<!\d)(\d{1,2})月/;
const MONTH_CN = /(?:^|[^\d一二三四五六七八九十])(十[一二]?|[一二三四五六七八九])月/;
const SHORT_QUARTER = /^(?:\d{4}年度?)?第?([一二三四1-4])季$/;
const CN_NUMBER: Record<string, number> = {
  一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12, '1': 1, '2': 2, '3': 3, '4': 4,
};

/** The period a group text names. */
export function groupPeriod(text: string): GroupPeriod {
  const k = normalizeKey(text);
  if (PREVIOUS.test(k)) return { kind: 'previous' };
  if (CURRENT.test(k)) return { kind: 'current' };
  const p = periodFromText(k);
  if (typeof p.quarter === 'number') return { kind: 'quarter', year: p.year, quarter: p.quarter };
  const short = SHORT_QUARTER.exec(k);
  if (short) return { kind: 'quarter', year: p.year, quarter: CN_NUMBER[short[1]] };
  if (!k.includes('季')) {
    const m = MONTH_DIGIT.exec(k.replace(/^\d{4}年度?/, ''));
    const month = m ? Number(m[1]) : (() => {
      const c = MONTH_CN.exec(k);
      return c ? CN_NUMBER[c[1]] : null;
    })();
    if (month != null && month >= 1 && month <= 12 && !k.includes('半年')) return { kind: 'month', year: p.year, month };
  }
  if (k.includes('半年')) return { kind: 'unknown' };
  if (p.quarter === 'annual' || p.year != null) return { kind: 'annual', year: p.year };
  return { kind: 'unknown' };
}

const PERIOD_PREFIX =
  /^((?:\d{4}年度?)?(?:第?[一二三四1-4]季度?|q[1-4](?!\d)|(?:\d{1,2}|十[一二]?|[一二三四五六七八九])月份?|上半年|下半年|全年)|\d{4}年度?|本季度|本期|上季度|上期|上年|本年)(.+)$/;
const PERIOD_SUFFIX =
  /^(.+)\(((?:\d{4}年度?)?(?:第?[一二三四1-4]季度?|q[1-4]|(?:\d{1,2}|十[一二]?|[一二三四五六七八九])月份?|上半年|下半年|全年)|\d{4}年度?|本季度|本期|上季度|上期)\)$/;

/**
 * A one-cell header with the period in front ("一季度星级", "Q1支部过硬") or behind in brackets
 * ("星级（一季度）"): the period and the rest, as normalised keys; null when there is none.
 */
export function splitPeriodLabel(label: string): { group: string; leaf: string } | null {
  const k = normalizeKey(label);
  let m = PERIOD_PREFIX.exec(k);
  if (m && m[2] !== '') return { group: m[1], leaf: m[2] };
  m = PERIOD_SUFFIX.exec(k);
  if (m) return { group: m[2], leaf: m[1] };
  return null;
}
