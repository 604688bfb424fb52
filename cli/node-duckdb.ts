/**
 * duckdb-wasm's async build booted in Node: the same engine the app runs in its Web Worker,
 * here in a worker thread, wrapped by the same connection (shared/engine). duckdb-wasm's
 * Node worker expects a browser-like worker global (postMessage / onmessage); a few lines
 * of shim provide it.
 */
import { createRequire } from 'node:module';
import { Worker as NodeWorker } from 'node:worker_threads';
import { type AsyncDuckDBLike, type CancellableDatabase, openCancellableDatabase } from '../shared/engine/index.ts';

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

/** A fresh, not yet opened AsyncDuckDB in a worker thread: openNodeDuckDB opens and wraps it. */
export async function instantiateNodeAsyncDuckDB(): Promise<AsyncDuckDBLike> {
  const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node.cjs');
  const dist = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node.cjs').replace(/duckdb-node\.cjs$/, '');
  const worker = new WorkerShim(dist + 'duckdb-node-eh.worker.cjs');
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(dist + 'duckdb-eh.wasm');
  return db;
}

/** The engine's Database in Node: for the CLI, the tests and the bench. */
export async function openNodeDuckDB(): Promise<CancellableDatabase> {
  return openCancellableDatabase(await instantiateNodeAsyncDuckDB());
}
