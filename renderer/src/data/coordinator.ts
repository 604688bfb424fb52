/**
 * The one query coordinator (after uwdata/mosaic's Coordinator): every view asks it for
 * data. It owns the connection, caches results by SQL text, shares in-flight queries,
 * and forgets everything when the data changes.
 */
import type { Database, Row } from '../../../shared/db.ts';

const CACHE_LIMIT = 256;

export class Coordinator {
  private readonly cache = new Map<string, Promise<Row[]>>();
  private version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(readonly db: Database) {}

  /** Data version: bumps whenever datasets change, so views re-query. */
  get dataVersion(): number {
    return this.version;
  }

  query<T extends Row = Row>(sql: string): Promise<T[]> {
    let hit = this.cache.get(sql);
    if (hit) {
      // Refresh recency for the LRU order.
      this.cache.delete(sql);
      this.cache.set(sql, hit);
      return hit as Promise<T[]>;
    }
    hit = this.db.query(sql);
    this.cache.set(sql, hit);
    hit.catch(() => this.cache.delete(sql));
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    return hit as Promise<T[]>;
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
