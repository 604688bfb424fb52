/**
 * The one DuckDB connection as a Database (shared/db.ts), for every front door: the app
 * (booted in a Web Worker by renderer/src/data/duckdb-browser.ts), the CLI, the tests and
 * the bench (booted in a worker thread by cli/node-duckdb.ts). On top of running SQL:
 *
 * - the offline settings first, and BIGINT results as doubles (castBigIntToDouble);
 * - one queue: every statement runs after the previous one, so a view query never
 *   interleaves with an import on the single connection, and a query still waiting in the
 *   queue when its caller no longer wants it is skipped without reaching the engine;
 * - cancellation of a running query: duckdb-wasm's `send` runs a query in slices (its query
 *   polling interval) and `cancelSent` stops it between two slices; the query then fails
 *   with "query was canceled" and the connection stays usable
 *   (tests/unit/analysis-coordinator.test.ts);
 * - results read straight from the Arrow buffers (shared/arrow-rows.ts), as rows or, for
 *   readers of thousands of rows, as columns (no object per row).
 */
import { OFFLINE_SETTINGS, type Columns, type Database, type Row } from '../db.ts';
import { arrowRows, batchColumns, batchRows, tableColumns, type BatchLike, type TableLike } from '../arrow-rows.ts';
import { abortError } from './abort.ts';
import { insertArrowIPCOn, queryArrowIPCOn, type ArrowIPCConnection } from './arrow-ipc.ts';

export interface CancellableDatabase extends Database {
  /**
   * Like query, but gives up when `signal` aborts: skipped if it has not started yet,
   * cancelled in the engine if it is running. Then rejects with an AbortError.
   */
  queryCancellable<T extends Row = Row>(sql: string, signal: AbortSignal): Promise<T[]>;
  /** queryCancellable, the result as columns. */
  queryColumnsCancellable(sql: string, signal: AbortSignal): Promise<Columns>;
  queryColumns(sql: string): Promise<Columns>;
}

export function isCancellable(db: Pick<Database, 'query'>): db is CancellableDatabase {
  return typeof (db as Partial<CancellableDatabase>).queryCancellable === 'function';
}

/** The parts of duckdb-wasm's AsyncDuckDBConnection used here (Node and browser builds alike). */
interface ConnectionLike extends ArrowIPCConnection {
  query(sql: string): Promise<TableLike>;
  send(sql: string, allowStreamResult?: boolean): Promise<AsyncIterable<BatchLike> & {
    open(): Promise<unknown>;
    /** Set once the reader is open (and unset again after the last batch). */
    schema?: { fields: Array<{ name: string }> };
  }>;
  cancelSent(): Promise<boolean>;
  close(): Promise<void>;
}

/** The parts of duckdb-wasm's AsyncDuckDB used here, identical in its Node and browser builds. */
export interface AsyncDuckDBLike {
  open(config: { query?: { castBigIntToDouble?: boolean } }): Promise<void>;
  connect(): Promise<ConnectionLike>;
  registerFileText(name: string, text: string): Promise<void>;
  dropFile(name: string): Promise<void>;
  terminate(): Promise<void>;
}

/** Opens a booted, not yet opened AsyncDuckDB and wraps its one connection. */
export async function openCancellableDatabase(db: AsyncDuckDBLike): Promise<CancellableDatabase> {
  await db.open({ query: { castBigIntToDouble: true } });
  const conn = await db.connect();
  for (const s of OFFLINE_SETTINGS) await conn.query(s);

  // One statement at a time, in the order asked.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const run = tail.then(op, op);
    tail = run.catch(() => undefined);
    return run;
  };

  // A statement run with `send`: skipped when aborted before its turn, cancelled in the
  // engine when aborted while it runs; its batches are read by `read`.
  const sendCancellable = <R>(sql: string, signal: AbortSignal,
    read: (schema: { fields: Array<{ name: string }> }, batches: BatchLike[]) => R): Promise<R> => serial(async () => {
    if (signal.aborted) throw abortError();
    let polling = true;
    const cancel = () => {
      // Only while the engine works on it: once `send` resolves, the result is complete.
      if (polling) void conn.cancelSent().catch(() => undefined);
    };
    signal.addEventListener('abort', cancel, { once: true });
    try {
      let reader;
      try {
        reader = await conn.send(sql, false);
      } catch (e) {
        if (signal.aborted) throw abortError();
        throw e;
      } finally {
        polling = false;
      }
      await reader.open();
      const schema = reader.schema!;
      const batches: BatchLike[] = [];
      for await (const b of reader) batches.push(b);
      if (signal.aborted) throw abortError();
      return read(schema, batches);
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  });

  return {
    query: <T extends Row = Row>(sql: string) => serial(async () => arrowRows<T>(await conn.query(sql))),
    exec: (sql: string) => serial(async () => {
      await conn.query(sql);
    }),
    queryCancellable: <T extends Row = Row>(sql: string, signal: AbortSignal) =>
      sendCancellable(sql, signal, (schema, batches) => batchRows<T>(schema, batches)),
    queryColumnsCancellable: (sql: string, signal: AbortSignal) => sendCancellable(sql, signal, batchColumns),
    queryColumns: (sql: string) => serial(async () => tableColumns(await conn.query(sql))),
    // Workspaces: tables as Arrow IPC bytes, in and out (shared/workspace).
    queryArrowIPC: (sql: string) => serial(() => queryArrowIPCOn(conn, sql)),
    insertArrowIPC: (name: string, bytes: Uint8Array) => serial(() => insertArrowIPCOn(conn, name, bytes)),
    registerFileText: (name, text) => serial(() => db.registerFileText(name, text)),
    dropFile: (name) => serial(() => db.dropFile(name)),
    close: () => serial(async () => {
      await conn.close();
      await db.terminate();
    }),
  };
}
