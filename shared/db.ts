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
    query(sql: string): Promise<{ toArray(): Array<{ toJSON(): Row }> }>;
    close(): Promise<void>;
  }>;
  registerFileText(name: string, text: string): Promise<void>;
  dropFile(name: string): Promise<void>;
  terminate(): Promise<void>;
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
      const table = await conn.query(sql);
      return table.toArray().map((r) => r.toJSON() as T);
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
