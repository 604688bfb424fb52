/**
 * duckdb-wasm's async build in Node: the same engine the app runs in its Web Worker,
 * here in a worker thread. duckdb-wasm's Node worker expects a browser-like worker
 * global (postMessage / onmessage); a few lines of shim provide it.
 */
import { createRequire } from 'node:module';
import { Worker as NodeWorker } from 'node:worker_threads';
import { wrapAsyncDuckDB, type AsyncDuckDBLike, type Database } from '../shared/db.ts';

const require = createRequire(import.meta.url);

type Listener = (event: unknown) => void;

class WorkerShim {
  private readonly worker: NodeWorker;
  private readonly handlers = new Map<Listener, (data: unknown) => void>();

  constructor(script: string) {
    // The DuckDB worker logs every failed query with console.log; errors reach us anyway.
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

/**
 * A fresh, not yet opened AsyncDuckDB in a worker thread. The app's two ways of talking to
 * it (shared/db.ts wrapAsyncDuckDB for the CLI and tests, the renderer's connection.ts for
 * the bench) both start here.
 */
export async function instantiateNodeAsyncDuckDB(): Promise<AsyncDuckDBLike> {
  const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node.cjs');
  const dist = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node.cjs').replace(/duckdb-node\.cjs$/, '');
  const worker = new WorkerShim(dist + 'duckdb-node-eh.worker.cjs');
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(dist + 'duckdb-eh.wasm');
  return db;
}

export async function openNodeDuckDB(): Promise<Database> {
  return wrapAsyncDuckDB(await instantiateNodeAsyncDuckDB());
}
