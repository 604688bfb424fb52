/**
 * Running a query on a Database: rows or columns, through the cancellable path when the
 * caller passes a signal and the database can cancel; and the one runner of an analysis
 * query (its SQL plus a reader), used by the coordinator, the CLI, the bench and the tests.
 */
import { columnsOfRows, type Columns, type Database, type Row } from '../db.ts';
import type { AnalysisQuery } from '../analysis/common.ts';
import { type CancellableDatabase, isCancellable } from './connection.ts';

/** What a query runs on: a Database, or anything that answers the same way (the coordinator's cache). */
export type QuerySource = Pick<Database, 'query' | 'queryColumns'>
  & Partial<Pick<CancellableDatabase, 'queryCancellable' | 'queryColumnsCancellable'>>;

/** A query's SQL and its readers: an AnalysisQuery, or shared/engine.ts's EngineQuery. */
export type RunnableQuery<T> = Pick<AnalysisQuery<T>, 'sql' | 'read' | 'readColumns'>;

/** Rows of `sql`; with a signal, cancellable where the database can cancel. */
export function queryRows<T extends Row = Row>(db: QuerySource, sql: string, signal?: AbortSignal): Promise<T[]> {
  return signal && isCancellable(db) ? db.queryCancellable<T>(sql, signal) : db.query<T>(sql);
}

/** The result of `sql` as columns (gathered from rows where the database has no columnar path). */
export function queryColumns(db: QuerySource, sql: string, signal?: AbortSignal): Promise<Columns> {
  if (signal && isCancellable(db)) return db.queryColumnsCancellable(sql, signal);
  return db.queryColumns ? db.queryColumns(sql) : db.query(sql).then(columnsOfRows);
}

/**
 * An analysis query's answer and the number of rows the engine returned for it: read from
 * columns where the query has a column reader and the database gives columns, else from rows.
 */
export async function runAnalysisWithRows<T>(db: QuerySource, q: RunnableQuery<T>, signal?: AbortSignal): Promise<{ value: T; rows: number }> {
  if (q.readColumns && db.queryColumns) {
    const columns = await queryColumns(db, q.sql, signal);
    return { value: q.readColumns(columns), rows: columns.length };
  }
  const rows = await queryRows(db, q.sql, signal);
  return { value: q.read(rows), rows: rows.length };
}

/** An analysis query's answer (see runAnalysisWithRows). With a signal, it may reject with an AbortError. */
export async function runAnalysis<T>(db: QuerySource, q: RunnableQuery<T>, signal?: AbortSignal): Promise<T> {
  return (await runAnalysisWithRows(db, q, signal)).value;
}
