/**
 * Helpers for the analysis tests: run a query from the summaries and from the raw rows and
 * insist both give the same answer.
 */
import { expect } from 'vitest';
import type { Database } from '../../shared/db.ts';
import type { AnalysisQuery } from '../../shared/analysis/common.ts';
import { runAnalysis } from '../../shared/engine/index.ts';
import { orderPivotRows, type PivotConfig, type PivotResult, pivotQuery } from '../../shared/analysis/pivot.ts';

/** Doubles rounded to 9 significant digits (sums of floats differ in the last bits between paths). */
export function plain(v: unknown): unknown {
  if (typeof v === 'number' && !Number.isInteger(v)) return Number(v.toPrecision(9));
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

export async function pivotBoth(db: Database, config: PivotConfig): Promise<PivotResult> {
  const summary = await runAnalysis(db, pivotQuery(config));
  const raw = await runAnalysis(db, pivotQuery(config, { source: 'raw' }));
  expect(raw.plan.source).toBe('raw');
  expect(plain(orderPivotRows(summary))).toEqual(plain(orderPivotRows(raw)));
  // In natural order, so tests can read the rows as a table.
  return { ...summary, rows: orderPivotRows(summary) };
}

/** Runs a query built for both sources; returns the summary answer after checking the raw one equals it. */
export async function both<T>(db: Database, build: (source: 'summary' | 'raw') => AnalysisQuery<T>): Promise<T> {
  const summary = await runAnalysis(db, build('summary'));
  const raw = await runAnalysis(db, build('raw'));
  expect(plain(raw)).toEqual(plain(summary));
  return summary;
}
