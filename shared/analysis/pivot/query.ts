/** The pivot for the query coordinator: its SQL and the readers of its result. */
import type { AnalysisQuery } from '../common.ts';
import type { PivotConfig } from './config.ts';
import { readPivot, readPivotColumns, type PivotResult } from './read.ts';
import { buildPivot, type PivotSqlOptions } from './sql.ts';

/** SQL plus reader, for the query coordinator. */
export function pivotQuery(config: PivotConfig, opts: PivotSqlOptions = {}): AnalysisQuery<PivotResult> {
  const built = buildPivot(config, opts);
  return {
    sql: built.sql,
    source: built.plan.source,
    read: (rows) => readPivot(rows, config, built.plan, built.columns),
    readColumns: (cols) => readPivotColumns(cols, config, built.plan, built.columns),
  };
}
