/**
 * Which period a sheet holds when no column says so: from the sheet name ("2024年三季度",
 * "Q3"), then the title rows ("XX县2024年第三季度'五星'支部创建情况统计表"), then the
 * file name. Year and quarter may come from different places (a workbook
 * "2024年台账.xlsx" with sheets 一季度 … 四季度). Two-digit years ("24Q3") are not read:
 * too easily a township number or a date.
 */
import type { Period } from '../period.ts';
import { normalizeKey } from './normalize.ts';
import type { PeriodSource } from './types.ts';

export interface TextPeriod {
  year: number | null;
  /** 1–4, or 'annual' for 2024年度 / 全年, or null when the text says nothing about it. */
  quarter: number | 'annual' | null;
}

// All on normalised keys: half-width, no spaces, lower case.
const YEAR_QUARTER_CN = /(?<!\d)(\d{4})年度?(?:第)?([一二三四1-4])季/;
const YEAR_QUARTER_Q = /(?<!\d)(\d{4})[-_./]?q([1-4])(?!\d)/;
const QUARTER_CN = /(?:第)?([一二三四1-4])季度/;
const QUARTER_CN_SHORT = /第([一二三四1-4])季/;
const QUARTER_Q = /(?<![a-z\d])q([1-4])(?!\d)/;
const ANNUAL_WORD = /全年|年度(?!目标)|年终|年底/;
const YEAR_ANY = /(?<!\d)(\d{4})(?!\d)/g;
const QUARTER_DIGIT: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

function validYear(y: number): boolean {
  return y >= 2000 && y <= 2100;
}

/** What a free text (sheet name, title, file name) says about the period. */
export function periodFromText(raw: string): TextPeriod {
  const t = normalizeKey(raw);
  let m = YEAR_QUARTER_CN.exec(t) ?? YEAR_QUARTER_Q.exec(t);
  if (m && validYear(Number(m[1]))) return { year: Number(m[1]), quarter: QUARTER_DIGIT[m[2]] };
  let year: number | null = null;
  for (const y of t.matchAll(YEAR_ANY)) {
    const n = Number(y[1]);
    if (validYear(n)) {
      year = n;
      break;
    }
  }
  let quarter: number | 'annual' | null = null;
  m = QUARTER_CN.exec(t) ?? QUARTER_CN_SHORT.exec(t) ?? QUARTER_Q.exec(t);
  if (m) quarter = QUARTER_DIGIT[m[1]];
  else if (ANNUAL_WORD.test(t)) quarter = 'annual';
  return { year, quarter };
}

export interface InferredPeriod {
  /** The full period, or null when year or quarter could not be found. */
  period: Period | null;
  source: PeriodSource | null;
  /** What was found, even when incomplete (for the message asking the user). */
  year: number | null;
  yearSource: PeriodSource | null;
  quarter: number | 'annual' | null;
  quarterSource: PeriodSource | null;
}

const ORDER: PeriodSource[] = ['user', 'column', 'sheet', 'title', 'file'];

/** Of two sources, the less trusted one (the one worth double-checking). */
export function lessTrusted(a: PeriodSource | null, b: PeriodSource | null): PeriodSource | null {
  if (a == null) return b;
  if (b == null) return a;
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}

/**
 * Combine the sheet name, title rows and file name, in that order of trust. The year is
 * taken from the first text that has one, the quarter likewise. The reported source is the
 * less trusted of the two (the one worth double-checking).
 */
export function inferPeriod(texts: Array<{ source: PeriodSource; text: string }>): InferredPeriod {
  let year: number | null = null;
  let yearSource: PeriodSource | null = null;
  let quarter: number | 'annual' | null = null;
  let quarterSource: PeriodSource | null = null;
  for (const { source, text } of texts) {
    if (year != null && quarter != null) break;
    const p = periodFromText(text);
    if (year == null && p.year != null) {
      year = p.year;
      yearSource = source;
    }
    if (quarter == null && p.quarter != null) {
      quarter = p.quarter;
      quarterSource = source;
    }
  }
  let period: Period | null = null;
  let source: PeriodSource | null = null;
  if (year != null && quarter != null) {
    period = { year, quarter: quarter === 'annual' ? null : quarter };
    source = lessTrusted(yearSource, quarterSource);
  }
  return { period, source, year, yearSource, quarter, quarterSource };
}

/** A file name without its directory and extension. */
export function fileStem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}
