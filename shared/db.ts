/**
 * What the engine needs from a database: run SQL, register file contents.
 * Implemented over duckdb-wasm in the browser (Web Worker) and in Node (worker thread),
 * so the CLI, the tests and the app run the very same queries.
 */
export type Row = Record<string, unknown>;

export interface Database {
  query<T extends Row = Row>(sql: string): Promise<T[]>;
  /** Run statements that return nothing useful (DDL, inserts). */
  exec(sql: string): Promise<void>;
  registerFileText(name: string, text: string): Promise<void>;
  dropFile(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Minimal structural view of duckdb-wasm's AsyncDuckDB, identical in its Node and browser builds. */
export interface AsyncDuckDBLike {
  open(config: { query?: { castBigIntToDouble?: boolean } }): Promise<void>;
  connect(): Promise<{
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
 * Rows as plain objects, read column by column: several times faster than Arrow's
 * per-row proxies (toArray().map(toJSON)) on results of thousands of rows.
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
    async query<T extends Row = Row>(sql: string) {
      return tableRows<T>(await conn.query(sql));
    },
    async exec(sql: string) {
      await conn.query(sql);
    },
    registerFileText: (name, text) => db.registerFileText(name, text),
    dropFile: (name) => db.dropFile(name),
    async close() {
      await conn.close();
      await db.terminate();
    },
  };
}
