/**
 * The page bench/chromium.ts drives in Debian Chromium: a separate bundle, not part of the
 * app (its own index.html, built to dist-bench/ by bench/chromium/vite.config.ts), that boots
 * DuckDB exactly as the app does (renderer/src/data/duckdb-browser.ts: the bundled eh wasm in
 * a Web Worker, the app's connection with cancellable queries and Arrow-buffer rows), loads
 * the generated province through the app's load path (shared/load.ts loadNormalizedCsv, as
 * boot.ts loads the sample), and times every view query of bench/views.ts the way a view
 * runs it on a coordinator cache miss: query, rows to JS, reader.
 */
import { openBrowserDuckDB } from '../../renderer/src/data/duckdb-browser.ts';
import type { CancellableDatabase } from '../../shared/engine/index.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { comparable, median, percentile, runAppView, viewContext, viewSpecs } from '../views.ts';
import { exportWorkspace, readWorkspace, restoreWorkspace } from '../../shared/workspace/index.ts';
import { startImport } from '../../renderer/src/import/run-import.ts';

export interface PageViewResult {
  view: string;
  scope: 'province' | 'county';
  answeredFrom: 'summary' | 'raw';
  resultRows: number;
  samples: number[];
  p50: number;
  p95: number;
  /** Median of the same query through the plain (not cancellable) query path, to show what `send` costs. */
  plainP50: number;
  /** Raw rows (3 runs): median, and whether the answer equals the summary's. */
  rawP50?: number;
  sameAsRaw?: boolean;
}

/** Where a view's time goes (medians): the engine alone (CREATE TEMP TABLE … AS), query + rows to JS, the reader. */
export interface PageProfile {
  view: string;
  scope: string;
  engineMs: number;
  queryMs: number;
  readMs: number;
}

export interface BenchApi {
  /** Query + rows to JS (cancellable path) of arbitrary SQL variants: medians. */
  sql(o: { runs: number; variants: Array<{ label: string; sql: string }> }): Promise<Array<{ label: string; ms: number; rows: number }>>;
  profile(o: { runs: number; match: string }): Promise<PageProfile[]>;
  boot(): Promise<{ bootMs: number; userAgent: string }>;
  /** loadMs: loadNormalizedCsv incl. summaries; overviewMs: then the overview view once (the first overview's query). */
  load(url: string): Promise<{ fetchMs: number; loadMs: number; overviewMs: number; rows: number }>;
  /** DuckDB's own accounting (duckdb_memory()) and the page's JS heap, in bytes. */
  memory(): Promise<{ duckdbBytes: number; jsHeapBytes: number | null }>;
  /** Save (exportWorkspace, as the app's 保存) and open (readWorkspace + restoreWorkspace, as 打开) of the loaded data. */
  workspace(): Promise<{ saveMs: number; readMs: number; restoreMs: number; openMs: number; bytes: number; ratings: number }>;
  /** A .xlsx through the app's import worker (renderer/src/import/run-import.ts startImport): read + interpret, as the dialog's preview. */
  xlsx(url: string, runs: number): Promise<{ samples: number[]; ms: number; rows: number; fileBytes: number }>;
  /** match: only the views whose name contains it. */
  views(o: { warmup: number; runs: number; plainRuns: number; rawRuns: number; match?: string }): Promise<PageViewResult[]>;
}

declare global {
  interface Window {
    xtBench: BenchApi;
  }
}

let db: CancellableDatabase | null = null;
const status = (text: string) => {
  document.getElementById('status')!.textContent = text;
};

window.xtBench = {
  async boot() {
    const t0 = performance.now();
    db = await openBrowserDuckDB();
    status('DuckDB 已启动');
    return { bootMs: performance.now() - t0, userAgent: navigator.userAgent };
  },
  async load(url) {
    const t0 = performance.now();
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const text = await response.text();
    const t1 = performance.now();
    const rows = await loadNormalizedCsv(db!, { dataset_id: 'bench', name: '基准测试', source: 'bench.csv', is_sample: false }, text);
    const t2 = performance.now();
    const ctx = await viewContext(db!);
    const overview = viewSpecs(ctx).find((v) => v.name.startsWith('overview'))!;
    const t3 = performance.now();
    await runAppView(db!, overview.build('summary'));
    const overviewMs = performance.now() - t3;
    status(`已载入 ${rows} 行`);
    return { fetchMs: t1 - t0, loadMs: t2 - t1, overviewMs, rows };
  },
  async memory() {
    const [r] = await db!.query<{ b: number }>('SELECT coalesce(sum(memory_usage_bytes), 0) AS b FROM duckdb_memory()');
    const heap = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null;
    return { duckdbBytes: Number(r.b), jsHeapBytes: heap };
  },
  async workspace() {
    const d = db!;
    status('保存工作区…');
    let t0 = performance.now();
    const bytes = await exportWorkspace(d, {}, { name: '基准测试', appVersion: 'bench' });
    const saveMs = performance.now() - t0;
    status('打开工作区…');
    t0 = performance.now();
    const ws = await readWorkspace(bytes, { fileName: '基准测试.xingtu' });
    const t1 = performance.now();
    const restored = await restoreWorkspace(d, ws);
    const t2 = performance.now();
    status('工作区已打开');
    return { saveMs, readMs: t1 - t0, restoreMs: t2 - t1, openMs: t2 - t0, bytes: bytes.length, ratings: restored.ratings };
  },
  async xlsx(url, runs) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const name = url.split('/').pop()!;
    const samples: number[] = [];
    let rows = 0;
    for (let i = 0; i <= runs; i++) {
      status(`导入 ${name}（${i + 1}/${runs + 1}）`);
      const t0 = performance.now();
      const result = await startImport([{ name, bytes }], {}, () => {}).result;
      if (i > 0) samples.push(performance.now() - t0);
      rows = result.rows;
    }
    return { samples, ms: median(samples), rows, fileBytes: bytes.length };
  },
  async sql({ runs, variants }) {
    const d = db!;
    const out: Array<{ label: string; ms: number; rows: number }> = [];
    for (const v of variants) {
      const t: number[] = [];
      let n = 0;
      for (let i = 0; i <= runs; i++) {
        const t0 = performance.now();
        n = (await d.queryCancellable(v.sql, new AbortController().signal)).length;
        if (i) t.push(performance.now() - t0);
      }
      out.push({ label: v.label, ms: median(t), rows: n });
    }
    return out;
  },
  async profile({ runs, match }) {
    const d = db!;
    const ctx = await viewContext(d);
    const out: PageProfile[] = [];
    for (const spec of viewSpecs(ctx).filter((v) => v.name.includes(match))) {
      const q = spec.build('summary');
      const engine: number[] = [];
      const query: number[] = [];
      const read: number[] = [];
      for (let i = 0; i <= runs; i++) {
        let t0 = performance.now();
        await d.exec(`CREATE OR REPLACE TEMP TABLE bench_result AS ${q.sql}`);
        const e = performance.now() - t0;
        t0 = performance.now();
        const signal = new AbortController().signal;
        let t1: number;
        if (q.readColumns) {
          const cols = await d.queryColumnsCancellable(q.sql, signal);
          t1 = performance.now();
          q.readColumns(cols);
        } else {
          const rows = await d.queryCancellable(q.sql, signal);
          t1 = performance.now();
          q.read(rows);
        }
        const t2 = performance.now();
        if (i > 0) {
          engine.push(e);
          query.push(t1 - t0);
          read.push(t2 - t1);
        }
      }
      out.push({ view: spec.name, scope: spec.scope, engineMs: median(engine), queryMs: median(query), readMs: median(read) });
    }
    await d.exec('DROP TABLE IF EXISTS bench_result');
    return out;
  },
  async views({ warmup, runs, plainRuns, rawRuns, match }) {
    const d = db!;
    const ctx = await viewContext(d);
    const out: PageViewResult[] = [];
    for (const spec of viewSpecs(ctx).filter((s) => match == null || s.name.includes(match))) {
      status(`${spec.name}（${spec.scope}）`);
      const q = spec.build('summary');
      const samples: number[] = [];
      let value: unknown;
      let resultRows = 0;
      for (let i = 0; i < warmup + runs; i++) {
        const t0 = performance.now();
        const run = await runAppView(d, q);
        value = run.value;
        const ms = performance.now() - t0;
        resultRows = run.rows;
        if (i >= warmup) samples.push(ms);
      }
      const plain: number[] = [];
      for (let i = 0; i < plainRuns; i++) {
        const t0 = performance.now();
        if (q.readColumns) q.readColumns(await d.queryColumns(q.sql));
        else q.read(await d.query(q.sql));
        plain.push(performance.now() - t0);
      }
      const r: PageViewResult = {
        view: spec.name, scope: spec.scope, answeredFrom: q.source, resultRows, samples,
        p50: median(samples), p95: percentile(samples, 0.95), plainP50: median(plain),
      };
      if (rawRuns > 0) {
        const raw = spec.build('raw');
        const rawSamples: number[] = [];
        let rawValue: unknown;
        for (let i = 0; i < rawRuns; i++) {
          const t0 = performance.now();
          rawValue = raw.read(await d.queryCancellable(raw.sql, new AbortController().signal));
          rawSamples.push(performance.now() - t0);
        }
        r.rawP50 = median(rawSamples);
        r.sameAsRaw = comparable(rawValue) === comparable(value);
      }
      out.push(r);
    }
    status('完成');
    return out;
  },
};
