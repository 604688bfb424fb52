import type { Row } from '../../../shared/db.ts';
import type { Period } from '../../../shared/period.ts';
import { PERIODS_SQL } from '../../../shared/sql/lists.ts';

export const PERIOD_ROWS_SQL = PERIODS_SQL;

export function listPeriodsRows(rows: Row[]): Period[] {
  return rows.map((r) => ({ year: Number(r.year), quarter: r.quarter == null ? null : Number(r.quarter) }));
}
