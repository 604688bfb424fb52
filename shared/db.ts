/**
 * What the engine needs from a database: run SQL, register file contents.
 * Implemented over duckdb-wasm by shared/engine/connection.ts, booted in the browser (Web
 * Worker) or in Node (worker thread), so the CLI, the tests and the app run the very same
 * queries; the bench also wraps native DuckDB in this shape (bench/data.ts).
 */

export type Row = Record<string, unknown>;

/**
 * A result as columns: `length` rows, one array per column. Readers of thousands of rows
 * (the pivot) take these: building a JS object per row costs more than the query itself.
 */
export interface Columns {
  length: number;
  /** The column's values (null where NULL), or undefined when the result has no such column. */
  get(name: string): ArrayLike<unknown> | undefined;
}

/** Rows seen as Columns (each column gathered on first use): for engines without a columnar path. */
export function columnsOfRows(rows: readonly Row[]): Columns {
  const names = new Set(rows.length ? Object.keys(rows[0]) : []);
  const cache = new Map<string, unknown[]>();
  return {
    length: rows.length,
    get(name) {
      if (!names.has(name)) return undefined;
      let col = cache.get(name);
      if (!col) cache.set(name, (col = rows.map((r) => r[name] ?? null)));
      return col;
    },
  };
}

export interface Database {
  query<T extends Row = Row>(sql: string): Promise<T[]>;
  /** Run statements that return nothing useful (DDL, inserts). */
  exec(sql: string): Promise<void>;
  registerFileText(name: string, text: string): Promise<void>;
  dropFile(name: string): Promise<void>;
  close(): Promise<void>;
  /**
   * The result of a query as one Arrow IPC *stream* (schema, batches, end marker), exactly
   * as DuckDB wrote it: workspaces persist tables this way. Optional: engines without it
   * (the native benchmark wrapper) cannot save workspaces.
   */
  queryArrowIPC?(sql: string): Promise<Uint8Array>;
  /** Creates table `name` (main schema) from an Arrow IPC stream. The bytes are not kept or detached. */
  insertArrowIPC?(name: string, bytes: Uint8Array): Promise<void>;
  /** The result as columns, where the engine can give them without building rows (shared/engine). */
  queryColumns?(sql: string): Promise<Columns>;
}

/** The parts of an Arrow table the engine reads. */
export interface ArrowTableLike {
  numRows: number;
  schema: { fields: Array<{ name: string }> };
  getChildAt(i: number): { get(row: number): unknown } | null;
}

/**
 * Rows as plain objects, cell by cell through Arrow's `Vector.get`: the reference the
 * faster arrow-rows.ts reader is tested against, and its fallback for tables without batches.
 */
export function tableRows<T extends Row = Row>(table: ArrowTableLike): T[] {
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((_, i) => table.getChildAt(i));
  const out = new Array<T>(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const row: Row = {};
    for (let c = 0; c < names.length; c++) row[names[c]] = columns[c]?.get(r) ?? null;
    out[r] = row as T;
  }
  return out;
}

/** Statements every connection runs first: never reach for the network. */
export const OFFLINE_SETTINGS = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
];
