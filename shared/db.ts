/**
 * What the engine needs from a database: run SQL, register file contents.
 * Implemented over duckdb-wasm in the browser (Web Worker) and in Node (worker thread),
 * so the CLI, the tests and the app run the very same queries.
 */
import { arrowRows, tableColumns, type TableLike } from './arrow-rows.ts';

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
  /** The result as columns, where the engine can give them without building rows (the app's connection). */
  queryColumns?(sql: string): Promise<Columns>;
}

/** Minimal structural view of duckdb-wasm's AsyncDuckDB, identical in its Node and browser builds. */
export interface AsyncDuckDBLike {
  open(config: { query?: { castBigIntToDouble?: boolean } }): Promise<void>;
  connect(): Promise<ArrowIPCConnection & {
    query(sql: string): Promise<ArrowTableLike>;
    close(): Promise<void>;
  }>;
  registerFileText(name: string, text: string): Promise<void>;
  dropFile(name: string): Promise<void>;
  terminate(): Promise<void>;
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

export async function wrapAsyncDuckDB(db: AsyncDuckDBLike): Promise<Database> {
  await db.open({ query: { castBigIntToDouble: true } });
  const conn = await db.connect();
  for (const s of OFFLINE_SETTINGS) await conn.query(s);
  return {
    // Rows and columns straight from the Arrow buffers (arrow-rows.ts; LIST cells as arrays).
    async query<T extends Row = Row>(sql: string) {
      return arrowRows<T>(await conn.query(sql) as TableLike);
    },
    async queryColumns(sql: string) {
      return tableColumns(await conn.query(sql) as TableLike);
    },
    async exec(sql: string) {
      await conn.query(sql);
    },
    registerFileText: (name, text) => db.registerFileText(name, text),
    dropFile: (name) => db.dropFile(name),
    queryArrowIPC: (sql: string) => queryArrowIPCOn(conn, sql),
    insertArrowIPC: (name: string, bytes: Uint8Array) => insertArrowIPCOn(conn, name, bytes),
    async close() {
      await conn.close();
      await db.terminate();
    },
  };
}

/** The parts of duckdb-wasm's AsyncDuckDBConnection that move Arrow IPC bytes (Node and browser builds alike). */
export interface ArrowIPCConnection {
  /** Raw access: runQuery answers with the Arrow IPC *file* bytes the worker produced. */
  useUnsafe<R>(callback: (bindings: { runQuery(conn: number, sql: string): Promise<Uint8Array> }, conn: number) => R): R;
  insertArrowFromIPCStream(buffer: Uint8Array, options: { name: string; schema?: string; create?: boolean }): Promise<void>;
}

/** Database.queryArrowIPC over a duckdb-wasm connection: the worker's bytes, never decoded here. */
export async function queryArrowIPCOn(conn: ArrowIPCConnection, sql: string): Promise<Uint8Array> {
  return arrowFileToStream(await conn.useUnsafe((bindings, id) => bindings.runQuery(id, sql)));
}

/** Database.insertArrowIPC over a duckdb-wasm connection. */
export async function insertArrowIPCOn(conn: ArrowIPCConnection, name: string, bytes: Uint8Array): Promise<void> {
  // The worker takes ownership of (detaches) the buffer it is handed: give it a copy.
  await conn.insertArrowFromIPCStream(bytes.slice(), { name, create: true });
}

const ARROW_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"
const EOS = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/**
 * Arrow IPC file bytes to stream bytes without decoding anything: a file is
 * "ARROW1" + padding, the stream format, the footer, the footer length, "ARROW1"
 * (Arrow columnar format spec, "IPC File Format"). The stream gets its end-of-stream
 * marker if the writer left it out.
 */
export function arrowFileToStream(file: Uint8Array): Uint8Array {
  const n = file.length;
  const magicAt = (at: number) => ARROW_MAGIC.every((b, i) => file[at + i] === b);
  if (n < 8 + 10 || !magicAt(0) || !magicAt(n - 6)) throw new Error('Arrow IPC 文件格式不正确');
  const footer = new DataView(file.buffer, file.byteOffset + n - 10, 4).getInt32(0, true);
  const end = n - 10 - footer;
  if (footer < 0 || end < 8) throw new Error('Arrow IPC 文件格式不正确');
  const body = file.subarray(8, end);
  const tail = body.subarray(Math.max(0, body.length - 8));
  const hasEos = tail.length === 8 && EOS.every((b, i) => tail[i] === b);
  if (hasEos) return body.slice();
  const out = new Uint8Array(body.length + 8);
  out.set(body);
  out.set(EOS, body.length);
  return out;
}
