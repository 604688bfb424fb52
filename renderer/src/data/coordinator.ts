/**
 * The one query coordinator (after uwdata/mosaic's Coordinator): every view asks it for
 * data. It owns the connection, caches results by SQL text, shares in-flight queries,
 * cancels the ones no view wants any more, and forgets everything when the data changes.
 */
import type { Database, Row } from '../../../shared/db.ts';
import { abortError, isCancellable } from './connection.ts';

const CACHE_LIMIT = 256;

interface Entry {
  promise: Promise<Row[]>;
  controller: AbortController;
  /** Callers still waiting that can give up (they passed a signal). */
  waiting: number;
  /** A caller without a signal waits: the query is never cancelled. */
  pinned: boolean;
  settled: boolean;
}

export class Coordinator {
  private readonly cache = new Map<string, Entry>();
  private version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(readonly db: Database) {}

  /** Data version: bumps whenever datasets change, so views re-query. */
  get dataVersion(): number {
    return this.version;
  }

  /**
   * Rows of a query, from the cache, from the same query in flight, or from the engine.
   * With a signal, the caller may give up (useQuery does when its SQL changes or the view
   * goes away): its promise rejects with an AbortError, and once no caller waits for the
   * query any more it is skipped if still queued, or cancelled in the engine if running.
   */
  query<T extends Row = Row>(sql: string, signal?: AbortSignal): Promise<T[]> {
    if (signal?.aborted) return Promise.reject(abortError());
    let entry = this.cache.get(sql);
    if (entry) {
      // Refresh recency for the LRU order.
      this.cache.delete(sql);
      this.cache.set(sql, entry);
    } else {
      entry = this.start(sql);
    }
    if (!signal) {
      entry.pinned = true;
      return entry.promise as Promise<T[]>;
    }
    if (entry.settled) return entry.promise as Promise<T[]>;
    const e = entry;
    e.waiting++;
    return new Promise<T[]>((resolve, reject) => {
      let waiting = true;
      const leave = () => {
        waiting = false;
        e.waiting--;
        signal.removeEventListener('abort', giveUp);
      };
      const giveUp = () => {
        if (!waiting) return;
        leave();
        reject(abortError());
        if (e.waiting === 0 && !e.pinned && !e.settled) {
          e.controller.abort();
          if (this.cache.get(sql) === e) this.cache.delete(sql);
        }
      };
      signal.addEventListener('abort', giveUp, { once: true });
      e.promise.then(
        (rows) => {
          if (!waiting) return;
          leave();
          resolve(rows as T[]);
        },
        (error) => {
          if (!waiting) return;
          leave();
          reject(error);
        },
      );
    });
  }

  private start(sql: string): Entry {
    const controller = new AbortController();
    const promise = isCancellable(this.db) ? this.db.queryCancellable(sql, controller.signal) : this.db.query(sql);
    const entry: Entry = { promise, controller, waiting: 0, pinned: false, settled: false };
    promise.then(
      () => { entry.settled = true; },
      () => {
        entry.settled = true;
        if (this.cache.get(sql) === entry) this.cache.delete(sql);
      },
    );
    this.cache.set(sql, entry);
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    return entry;
  }

  /** Run a change (import, removal) and invalidate every cached result. */
  async mutate<T>(change: (db: Database) => Promise<T>): Promise<T> {
    try {
      return await change(this.db);
    } finally {
      this.cache.clear();
      this.version++;
      for (const l of this.listeners) l();
    }
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
