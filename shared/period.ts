/**
 * Periods: a year plus a quarter (1–4), or a whole year (quarter null, the annual rating).
 * Written as "2024Q3" in code and on axes, "2024年第三季度" in titles.
 */

export interface Period {
  year: number;
  quarter: number | null;
}

const QUARTER_CN = ['一', '二', '三', '四'];

export function periodKey(p: Period): string {
  return p.quarter == null ? `${p.year}` : `${p.year}Q${p.quarter}`;
}

/** Parse the code form "2024Q3" (or "2024" for annual). Returns null when it is not one. */
export function parsePeriodKey(text: string): Period | null {
  const m = /^\s*(\d{4})(?:\s*[Qq]\s*([1-4]))?\s*$/.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return null;
  return { year, quarter: m[2] ? Number(m[2]) : null };
}

/**
 * The code form in a table or a list, where a bare "2024" would not read as a period:
 * "2024Q3", "2024年度".
 */
export function periodCode(p: Period): string {
  return p.quarter == null ? `${p.year}年度` : periodKey(p);
}

export function periodLabel(p: Period): string {
  return p.quarter == null ? `${p.year}年度` : `${p.year}年第${QUARTER_CN[p.quarter - 1]}季度`;
}

/** Short axis label, e.g. 24Q3. */
export function periodShort(p: Period): string {
  const yy = String(p.year % 100).padStart(2, '0');
  return p.quarter == null ? `${yy}年` : `${yy}Q${p.quarter}`;
}

/** The quarter before; for an annual period, the year before. */
export function previousPeriod(p: Period): Period {
  if (p.quarter == null) return { year: p.year - 1, quarter: null };
  return p.quarter === 1 ? { year: p.year - 1, quarter: 4 } : { year: p.year, quarter: p.quarter - 1 };
}

export function comparePeriods(a: Period, b: Period): number {
  return a.year - b.year || (a.quarter ?? 5) - (b.quarter ?? 5);
}

// ---------------------------------------------------------------------------------------------
// Periods as integers. Every integer encoding of a period is decoded here, never by hand.

/**
 * Periods as one sortable integer (pk): year * 10 + quarter, the annual rating as 5 so it sorts
 * after Q4 (comparePeriods order). The summaries store it as `pk`.
 */
export function periodPk(p: Period): number {
  return p.year * 10 + (p.quarter ?? 5);
}

/** The period of a pk (year * 10 + quarter, annual = 5). */
export function periodFromPk(n: number): Period {
  const q = n % 10;
  return { year: Math.floor(n / 10), quarter: q >= 1 && q <= 4 ? q : null };
}

/**
 * The period of a facts `pidx` (year * 4 + quarter - 1). Annual ratings sit on the Q4 slot, so
 * a pidx cannot tell Q4 from annual and reads as Q4.
 */
export function periodFromPidx(pidx: number): Period {
  return { year: Math.floor(pidx / 4), quarter: (pidx % 4) + 1 };
}
