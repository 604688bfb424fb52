/**
 * The period of one data row under its sheet's plan: the user's choice, the 期间 column,
 * the 年度/季度 columns (completed from the sheet name, title or file name), or the sheet's.
 */
import { cellToString } from './normalize.ts';
import { lessTrusted } from './period-infer.ts';
import type { SheetPlan } from './sheet-plan.ts';
import { problems } from './validate.ts';
import type { PeriodSource, Problem, RawCell } from './types.ts';

export interface RowPeriod {
  year: number | null;
  /** 1–4, or null for the annual rating. */
  quarter: number | null;
  /** False when the sheet has no period and no column gives one: counted, not reported per row. */
  ok: boolean;
  source: PeriodSource | null;
}

/** The row's period; problems that reject the row are added to `errors`. */
export function rowPeriod(plan: SheetPlan, row: RawCell[], r: number, excelRow: number, errors: Problem[]): RowPeriod {
  const { mode, inferred, userPeriod, place, cell } = plan;
  const { period: periodCol, year: yearCol, quarter: quarterCol } = plan.cols;
  let year: number | null = null;
  let quarter: number | null = null;
  let ok = true;
  let source: PeriodSource | null = mode === 'user' ? 'user' : inferred.source;
  if (mode === 'user') {
    year = userPeriod!.year;
    quarter = userPeriod!.quarter;
  } else if (mode === 'sheet') {
    if (inferred.period) {
      year = inferred.period.year;
      quarter = inferred.period.quarter;
    } else ok = false;
  } else if (mode === 'period') {
    const c = cell(row, r, periodCol);
    const p = plan.parsers.quarter(c);
    if (!p.ok) {
      errors.push(problems.badPeriod(place(excelRow, periodCol!.label, cellToString(c)), p.reason === 'out_of_range'));
    } else if (p.value == null) {
      if (inferred.period) {
        year = inferred.period.year;
        quarter = inferred.period.quarter;
      } else errors.push(problems.missingPeriod(place(excelRow, periodCol!.label, '')));
    } else {
      year = p.value.year ?? inferred.year;
      quarter = p.value.quarter;
      source = p.value.year == null ? inferred.yearSource : 'column';
      if (year == null) errors.push(problems.missingPeriod(place(excelRow, periodCol!.label, cellToString(c))));
    }
  } else {
    const yCell = cell(row, r, yearCol);
    const qCell = cell(row, r, quarterCol);
    const y = yearCol ? plan.parsers.year(yCell) : null;
    const q = quarterCol ? plan.parsers.quarter(qCell) : null;
    let bad = false;
    if (y && !y.ok) {
      bad = true;
      errors.push(problems.badPeriod(place(excelRow, yearCol!.label, cellToString(yCell)), y.reason === 'out_of_range'));
    }
    if (q && !q.ok) {
      bad = true;
      errors.push(problems.badPeriod(place(excelRow, quarterCol!.label, cellToString(qCell)), q.reason === 'out_of_range'));
    }
    if (!bad) {
      const qv = q && q.ok ? q.value : null;
      const colYear = (y && y.ok ? y.value : null) ?? qv?.year ?? null;
      year = colYear ?? inferred.year;
      const yearSource: PeriodSource | null = colYear != null ? 'column' : inferred.yearSource;
      let quarterSource: PeriodSource | null = 'column';
      let found = year != null;
      if (quarterCol) {
        if (qv) quarter = qv.quarter;
        else if (inferred.quarter != null) {
          quarter = inferred.quarter === 'annual' ? null : inferred.quarter;
          quarterSource = inferred.quarterSource;
        } else found = false;
      } else if (inferred.quarter != null) {
        // A year column and no quarter column: the quarter from the sheet/title/file …
        quarter = inferred.quarter === 'annual' ? null : inferred.quarter;
        quarterSource = inferred.quarterSource;
      } else quarter = null; // … else the annual rating.
      if (!found) {
        const c = quarterCol && !qv ? quarterCol : (yearCol ?? quarterCol)!;
        const shown = c === quarterCol ? qCell : yCell;
        errors.push(problems.missingPeriod(place(excelRow, c.label, cellToString(shown))));
      } else source = lessTrusted(yearSource, quarterSource);
    }
  }
  return { year, quarter, ok, source };
}
