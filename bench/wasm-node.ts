/**
 * duckdb-wasm's async build in Node as the app's renderer uses it: the raw AsyncDuckDB
 * (worker thread, same shim as cli/node-duckdb.ts) wrapped by renderer/src/data/connection.ts
 * (cancellable queries, rows read straight from the Arrow buffers). The bench times views
 * through both this and cli/node-duckdb.ts (shared/db.ts tableRows); the coordinator tests
 * use it for real cancellation.
 */
import { createRequire } from 'node:module';
import { Worker as NodeWorker } from 'node:worker_threads';
import { type AsyncDuckDBWithSend, type CancellableDatabase, openCancellableDatabase } from '../renderer/src/data/connection.ts';

const require = createRequire(import.meta.url);

type Listener = (event: unknown) => void;

/** A browser-like worker (postMessage / onmessage) over worker_threads, as in cli/node-duckdb.ts. */
class WorkerShim {
  private readonly worker: NodeWorker;
  private readonly handlers = new Map<Listener, (data: unknown) => void>();

  constructor(script: string) {
    const boot = `const { parentPort } = require('node:worker_threads');
console.log = () => {};
globalThis.postMessage = (m, t) => parentPort.postMessage(m, t);
parentPort.on('message', (data) => globalThis.onmessage && globalThis.onmessage({ data }));
require(${JSON.stringify(script)});`;
    this.worker = new NodeWorker(boot, { eval: true });
    this.worker.unref();
  }

  addEventListener(type: string, fn: Listener): void {
    const h = type === 'message' ? (data: unknown) => fn({ data }) : (e: unknown) => fn(e);
    this.handlers.set(fn, h);
    this.worker.on(type, h);
  }

  removeEventListener(type: string, fn: Listener): void {
    const h = this.handlers.get(fn);
    if (h) this.worker.off(type, h);
  }

  postMessage(message: unknown, transfer?: readonly unknown[]): void {
    this.worker.postMessage(message, transfer as never);
  }

  terminate(): void {
    void this.worker.terminate();
  }
}

/** A fresh, not yet opened AsyncDuckDB in a worker thread. */
export async function instantiateNodeAsyncDuckDB(): Promise<AsyncDuckDBWithSend> {
  const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node.cjs');
  const dist = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node.cjs').replace(/duckdb-node\.cjs$/, '');
  const worker = new WorkerShim(dist + 'duckdb-node-eh.worker.cjs');
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(dist + 'duckdb-eh.wasm');
  return db as AsyncDuckDBWithSend;
}

/** The renderer's connection (connection.ts) over duckdb-wasm in Node. */
export async function openNodeAppDatabase(): Promise<CancellableDatabase> {
  return openCancellableDatabase(await instantiateNodeAsyncDuckDB());
}
