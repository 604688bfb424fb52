/**
 * duckdb-wasm's async build in Node as the app's renderer uses it: the raw AsyncDuckDB
 * (worker thread, cli/node-duckdb.ts) wrapped by renderer/src/data/connection.ts
 * (cancellable queries, rows read straight from the Arrow buffers). The bench times views
 * through both this and cli/node-duckdb.ts (shared/db.ts tableRows); the coordinator tests
 * use it for real cancellation.
 */
import { instantiateNodeAsyncDuckDB as instantiateRaw } from '../cli/node-duckdb.ts';
import { type AsyncDuckDBWithSend, type CancellableDatabase, openCancellableDatabase } from '../renderer/src/data/connection.ts';

/** A fresh AsyncDuckDB in a worker thread, typed with the streaming API (send/cancelSent)
 * that the Node and browser builds share. */
export async function instantiateNodeAsyncDuckDB(): Promise<AsyncDuckDBWithSend> {
  return (await instantiateRaw()) as unknown as AsyncDuckDBWithSend;
}

/** The renderer's connection (connection.ts) over duckdb-wasm in Node. */
export async function openNodeAppDatabase(): Promise<CancellableDatabase> {
  return openCancellableDatabase(await instantiateNodeAsyncDuckDB());
}
