/**
 * The renderer's data layer on the real engine (duckdb-wasm in a worker thread): rows read
 * straight from Arrow buffers equal shared/db.ts tableRows; view queries can be cancelled
 * (skipped while queued, stopped while running) and the connection stays usable; the
 * coordinator cancels a query only when no caller waits for it any more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableRows } from '../../shared/db.ts';
import { listOf } from '../../shared/analysis/common.ts';
import { pivotQuery } from '../../shared/analysis/pivot.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { ANALYSIS_COUNTY_CSV, Q4 } from '../support/analysis-county.ts';
import { arrowRows } from '../../shared/arrow-rows.ts';
import { type CancellableDatabase, isAbortError, openCancellableDatabase } from '../../shared/engine/index.ts';
import { Coordinator } from '../../renderer/src/data/coordinator.ts';
import { instantiateNodeAsyncDuckDB } from '../../cli/node-duckdb.ts';

/** Takes the engine well over ten seconds uncancelled (about 1.6 s per 60 million rows here). */
const LONG = 'SELECT sum(hash(i)) AS s FROM range(600000000) t(i)';

let db: CancellableDatabase;
/** The raw connection, for Arrow tables to compare readers on. */
let conn: { query(sql: string): Promise<never> };

beforeAll(async () => {
  const raw = await instantiateNodeAsyncDuckDB();
  db = await openCancellableDatabase(raw);
  conn = (await raw.connect()) as unknown as typeof conn;
  await conn.query(`SET autoinstall_known_extensions = false`);
});
afterAll(async () => db?.close());

const settle = <T>(p: Promise<T>) => p.then((v) => ({ ok: true as const, v }), (e: unknown) => ({ ok: false as const, e }));

describe('rows from Arrow buffers (arrow-rows.ts) == shared/db.ts tableRows', () => {
  it('for numbers, strings, booleans, NULLs, lists and types it leaves to Arrow, over several batches', async () => {
    const sql = `SELECT i::INTEGER AS int32, (i * 3)::BIGINT AS int64, (i % 100)::TINYINT AS int8,
        CASE WHEN i % 7 = 0 THEN NULL ELSE i / 3 END AS dbl, (i / 4)::FLOAT AS f32,
        CASE i % 6 WHEN 0 THEN NULL WHEN 1 THEN '' WHEN 2 THEN '城关镇' || i WHEN 3 THEN 'a😀b' || i
          WHEN 4 THEN chr(65279) || 'bom' ELSE 'plain ' || i END AS s,
        CASE WHEN i % 5 = 0 THEN NULL ELSE i % 2 = 0 END AS b,
        CASE WHEN i % 9 = 0 THEN NULL ELSE [i, NULL, i + 1] END AS ints,
        ['x' || i, NULL, '县'] AS strs,
        (i / 7)::DECIMAL(10, 2) AS dec, DATE '2024-01-01' + (i % 30)::INTEGER AS d, i::HUGEINT * 5 AS huge,
        CASE WHEN i % 11 = 0 THEN NULL ELSE 20240 + i % 5 END AS pk
      FROM range(5000) t(i)`;
    const table = await conn.query(sql) as unknown as Parameters<typeof tableRows>[0] & { batches: unknown[] };
    expect(table.batches.length).toBeGreaterThan(1);
    const expected = tableRows(table).map((r) => ({ ...r, ints: r.ints == null ? null : listOf(r.ints), strs: listOf(r.strs) }));
    const got = arrowRows(table as never);
    expect(got).toEqual(expected);
    expect(got[4].s).toBe('bom'); // Arrow's decoder drops a leading byte-order mark: so does arrowRows
    expect(got[3].s).toBe('a😀b3');
    // and queryCancellable (streamed batches) gives the same rows
    expect(await db.queryCancellable(sql, new AbortController().signal)).toEqual(got);
    expect(await db.query(sql)).toEqual(got);
  });

  it('for an empty result', async () => {
    expect(await db.queryCancellable('SELECT 1 AS x WHERE false', new AbortController().signal)).toEqual([]);
    const cols = await db.queryColumnsCancellable('SELECT 1 AS x WHERE false', new AbortController().signal);
    expect(cols.length).toBe(0);
    expect(cols.get('x')).toHaveLength(0);
    expect(cols.get('y')).toBeUndefined();
  });

  it('as columns: the same values as the rows, column by column, over several batches', async () => {
    const sql = `SELECT i::INTEGER AS n, CASE WHEN i % 3 = 0 THEN NULL ELSE '乡' || i END AS s,
        CASE WHEN i % 4 = 0 THEN NULL ELSE i / 8 END AS d, i % 2 = 0 AS b, (i * 0.5)::DOUBLE AS f FROM range(5000) t(i)`;
    const rows = await db.query(sql);
    for (const cols of [await db.queryColumnsCancellable(sql, new AbortController().signal), await db.queryColumns(sql)]) {
      expect(cols.length).toBe(5000);
      for (const name of ['n', 's', 'd', 'b', 'f']) expect(Array.from(cols.get(name)!)).toEqual(rows.map((r) => r[name]));
      // numbers without NULLs come as typed arrays (no boxing), the rest as plain arrays
      expect(cols.get('f')).toBeInstanceOf(Float64Array);
      expect(cols.get('n')).toBeInstanceOf(Int32Array);
      expect(Array.isArray(cols.get('d'))).toBe(true);
    }
  });
});

describe('cancelling view queries (connection.ts)', () => {
  it('stops a running query between two engine slices; the connection stays usable', async () => {
    const controller = new AbortController();
    const t0 = performance.now();
    const p = settle(db.queryCancellable(LONG, controller.signal));
    setTimeout(() => controller.abort(), 150);
    const r = await p;
    const ms = performance.now() - t0;
    expect(r.ok).toBe(false);
    expect(isAbortError((r as { e: unknown }).e)).toBe(true);
    expect(ms).toBeLessThan(5000);
    expect(await db.query('SELECT 42 AS x')).toEqual([{ x: 42 }]);
  });

  it('skips a query aborted while it waits in the queue', async () => {
    const first = new AbortController();
    const running = settle(db.queryCancellable(LONG, first.signal));
    const second = new AbortController();
    const queued = settle(db.queryCancellable(`CREATE TABLE ran_after_abort AS SELECT 1 AS x`, second.signal));
    second.abort();
    first.abort();
    expect((await running).ok).toBe(false);
    const q = await queued;
    expect(q.ok).toBe(false);
    expect(isAbortError((q as { e: unknown }).e)).toBe(true);
    expect(await db.query(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'ran_after_abort'`)).toEqual([{ n: 0 }]);
  });

  it('ignores an abort that comes after the result', async () => {
    const controller = new AbortController();
    expect(await db.queryCancellable('SELECT 7 AS x', controller.signal)).toEqual([{ x: 7 }]);
    controller.abort();
    expect(await db.queryCancellable('SELECT 8 AS x', new AbortController().signal)).toEqual([{ x: 8 }]);
  });

  it('reports SQL errors as errors, not as cancellations', async () => {
    const r = await settle(db.queryCancellable('SELECT * FROM no_such_table', new AbortController().signal));
    expect(r.ok).toBe(false);
    expect(isAbortError((r as { e: unknown }).e)).toBe(false);
  });
});

describe('the coordinator', () => {
  it('shares a query between views and cancels it only when every view gave up', async () => {
    const c = new Coordinator(db);
    const a = new AbortController();
    const b = new AbortController();
    const t0 = performance.now();
    const pa = settle(c.query(LONG, a.signal));
    const pb = settle(c.query(LONG, b.signal));
    a.abort();
    const ra = await pa;
    expect(isAbortError((ra as { e: unknown }).e)).toBe(true);
    // b still waits: the query runs on. Give it a moment, then b gives up too: cancelled.
    await new Promise((r) => setTimeout(r, 200));
    b.abort();
    const rb = await pb;
    expect(isAbortError((rb as { e: unknown }).e)).toBe(true);
    // The engine is free again long before the uncancelled query would have finished.
    expect(await db.query('SELECT 1 AS x')).toEqual([{ x: 1 }]);
    expect(performance.now() - t0).toBeLessThan(5000);
    // A later request runs the query afresh (the cancelled entry left the cache).
    const again = await c.query('SELECT 2 AS y', new AbortController().signal);
    expect(again).toEqual([{ y: 2 }]);
  });

  it('never cancels a query a caller without a signal waits for, and caches results', async () => {
    const c = new Coordinator(db);
    const sql = 'SELECT sum(hash(i)) AS s FROM range(3000000) t(i)';
    const a = new AbortController();
    const pa = settle(c.query(sql, a.signal));
    const pinned = c.query(sql);
    a.abort();
    expect((await pa).ok).toBe(false);
    const rows = await pinned;
    expect(rows).toHaveLength(1);
    // cached: the same promise's rows
    expect(await c.query(sql, new AbortController().signal)).toBe(rows);
  });

  it('is busy while a query is on its way, and tells its listeners when that changes', async () => {
    const c = new Coordinator(db);
    const changes: boolean[] = [];
    const stop = c.subscribeBusy(() => changes.push(c.busy));
    expect(c.busy).toBe(false);
    const p = c.query('SELECT sum(hash(i)) AS s FROM range(2000000) t(i)');
    expect(c.busy).toBe(true);
    await p;
    await new Promise((r) => setTimeout(r, 0));
    expect(c.busy).toBe(false);
    // a cancelled query ends the busy spell too
    const a = new AbortController();
    const cancelled = c.query(LONG, a.signal).catch((e: Error) => e);
    a.abort();
    await cancelled;
    await new Promise((r) => setTimeout(r, 50));
    expect(c.busy).toBe(false);
    expect(changes).toEqual([true, false, true, false]);
    stop();
  });

  it('runs an analysis query through its column reader when it has one, with the same answer', async () => {
    await loadNormalizedCsv(db, { dataset_id: 'd1', name: '测试县', source: 'test.csv', is_sample: false }, ANALYSIS_COUNTY_CSV);
    let columnCalls = 0;
    const counting: CancellableDatabase = {
      ...db,
      queryColumnsCancellable: (sql, signal) => {
        columnCalls++;
        return db.queryColumnsCancellable(sql, signal);
      },
    };
    const c = new Coordinator(counting);
    const q = pivotQuery({ rows: ['county', 'township'], columns: ['kind'], measures: [{ kind: 'units' }, { kind: 'shareAtLeast' }], filters: { periods: [Q4] } });
    const viaColumns = await c.run(q, new AbortController().signal);
    expect(columnCalls).toBe(1);
    expect(viaColumns.rows.length).toBeGreaterThan(5);
    expect(viaColumns).toEqual(q.read(await db.query(q.sql)));
  });
});
