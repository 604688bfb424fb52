/**
 * The one query coordinator (after uwdata/mosaic's Coordinator): every view asks it for
 * data. It owns the connection, caches results by SQL text, shares in-flight queries,
 * cancels the ones no view wants any more, and forgets everything when the data changes.
 * Running a query is the engine's (shared/engine): this adds the cache in front.
 */
import type { Columns, Database, Row } from '../../../shared/db.ts';
import type { AnalysisQuery } from '../../../shared/analysis/common.ts';
import { abortError, queryColumns, queryRows, runAnalysis } from '../../../shared/engine/index.ts';

const CACHE_LIMIT = 256;

/** A result as rows, or as columns (for readers of thousands of rows). */
type Form = 'rows' | 'columns';

interface Entry {
  promise: Promise<unknown>;
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
  private running = 0;
  private readonly busyListeners = new Set<() => void>();

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
    return this.fetch<T[]>(sql, 'rows', signal);
  }

  /** Like query, the result as columns. */
  columns(sql: string, signal?: AbortSignal): Promise<Columns> {
    return this.fetch<Columns>(sql, 'columns', signal);
  }

  /** An analysis query's answer, run by the engine's runner over this cache: from columns where it has a column reader. */
  run<T>(q: AnalysisQuery<T>, signal?: AbortSignal): Promise<T> {
    return runAnalysis({
      query: <R extends Row = Row>(sql: string) => this.query<R>(sql, signal),
      queryColumns: (sql: string) => this.columns(sql, signal),
    }, q);
  }

  private fetch<R>(sql: string, form: Form, signal?: AbortSignal): Promise<R> {
    if (signal?.aborted) return Promise.reject(abortError());
    const key = `${form}:${sql}`;
    let entry = this.cache.get(key);
    if (entry) {
      // Refresh recency for the LRU order.
      this.cache.delete(key);
      this.cache.set(key, entry);
    } else {
      entry = this.start(key, sql, form);
    }
    if (!signal) {
      entry.pinned = true;
      return entry.promise as Promise<R>;
    }
    if (entry.settled) return entry.promise as Promise<R>;
    const e = entry;
    e.waiting++;
    return new Promise<R>((resolve, reject) => {
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
          if (this.cache.get(key) === e) this.cache.delete(key);
        }
      };
      signal.addEventListener('abort', giveUp, { once: true });
      e.promise.then(
        (result) => {
          if (!waiting) return;
          leave();
          resolve(result as R);
        },
        (error) => {
          if (!waiting) return;
          leave();
          reject(error);
        },
      );
    });
  }

  private start(key: string, sql: string, form: Form): Entry {
    const controller = new AbortController();
    const promise: Promise<unknown> = form === 'columns'
      ? queryColumns(this.db, sql, controller.signal)
      : queryRows(this.db, sql, controller.signal);
    const entry: Entry = { promise, controller, waiting: 0, pinned: false, settled: false };
    this.setRunning(this.running + 1);
    promise.then(
      () => { entry.settled = true; },
      () => {
        entry.settled = true;
        if (this.cache.get(key) === entry) this.cache.delete(key);
      },
    ).finally(() => this.setRunning(this.running - 1));
    this.cache.set(key, entry);
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

  /** Whether a query is on its way (queued or running in the engine): the status bar's busy sign. */
  get busy(): boolean {
    return this.running > 0;
  }

  subscribeBusy(listener: () => void): () => void {
    this.busyListeners.add(listener);
    return () => this.busyListeners.delete(listener);
  }

  private setRunning(n: number): void {
    const was = this.running > 0;
    this.running = n;
    if (was !== n > 0) for (const l of this.busyListeners) l();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
