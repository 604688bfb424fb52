/**
 * Boots duckdb-wasm in a Web Worker from files bundled with the app (never a CDN).
 * The "eh" build needs no cross-origin isolation; the COI/threads build is skipped.
 * The connection (shared/engine/connection.ts) cancels superseded view queries and reads results
 * straight from the Arrow buffers.
 */
import { AsyncDuckDB, VoidLogger } from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { type AsyncDuckDBLike as AsyncDuckDBWithSend, type CancellableDatabase, openCancellableDatabase } from '../../../shared/engine/index.ts';

export interface BootProgress {
  loaded: number;
  total: number;
}

export async function openBrowserDuckDB(onProgress?: (p: BootProgress) => void): Promise<CancellableDatabase> {
  const worker = new Worker(workerUrl);
  const db = new AsyncDuckDB(new VoidLogger(), worker);
  await db.instantiate(wasmUrl, null, (p) => onProgress?.({ loaded: p.bytesLoaded, total: p.bytesTotal }));
  return openCancellableDatabase(db as unknown as AsyncDuckDBWithSend);
}
