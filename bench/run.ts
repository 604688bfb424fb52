/**
 * Benchmark (npm run bench): duckdb-wasm in Node — the engine the app runs — side by side
 * with native DuckDB (@duckdb/node-api) on synthetic province-sized data.
 *
 * For each size (10k, 100k, 1M rating rows = units × 20 quarters) it
 *   1. generates the ratings as a normalized CSV (NORMALIZED_CSV_COLUMNS) with SQL in a
 *      throwaway native DuckDB (seconds for 1M rows) — the same CSV text goes to every engine;
 *   2. times loading it the way the app does (shared/load.ts loadNormalizedCsv: register the
 *      text, read_csv into a staging table, fill units / ratings / datasets);
 *   3. times the overview, the township summary and the township × period 三星以上 share
 *      (tests/support/reference-sql.ts) for the last period, median of several runs after a warm-up,
 *      and checks both engines return the same rows; each query is timed twice: as the app
 *      runs it (rows converted to JS objects) and materialized in the engine only
 *      (CREATE TEMP TABLE … AS), which separates engine time from result transfer.
 *   Rounds alternate between engines, so background load on the machine hits all of them.
 *   4. times refreshSummaries (shared/analysis/summaries.ts: the cubes rebuilt after every
 *      dataset change, already part of the load above) and then every view query of
 *      bench/views.ts (overview and level summary of shared/engine.ts; pivot, trends,
 *      rankings, compare of shared/analysis) twice — answered from the summaries (20 timed
 *      runs: median and p95) and from the raw rows (3 runs) — on wasm (as the app's views run
 *      them and as the CLI runs them) and native, for one county (500 units) or the
 *      whole province; checks that both paths and all engines give the same reader output.
 *      Target: at 1M rows every view p95 ≤ 50 ms; the Chromium numbers of
 *      `npm run bench:chromium` (bench/chromium.ts, the quality bar) are summarized below it.
 *
 *   5. times importing a generated 台账 .xlsx of 10k and 50k rows (bench/xlsx-data.ts) the way
 *      `xingtu check` and the app's import worker do: readImportFile, and importFiles (read +
 *      interpret). Target: 50k rows ≤ 5 s.
 *
 * XINGTU_BENCH_SIZES=1000000 (comma-separated) runs only those sizes.
 *
 * Engines: wasm = duckdb-wasm (async build, worker thread, single-threaded eh build) through
 * the engine's connection (shared/engine) without a signal, as the CLI and tests use it;
 * wasm·app (`app`, views only) = the same engine and connection with a signal, as the app's
 * views use it (cancellable `send`); both read results from the Arrow buffers;
 * native = @duckdb/node-api with its default thread count; native·1t = native limited to one thread, which separates "wasm is slower" from
 * "native uses both cores".
 *
 * Prints a table and writes bench/results/latest.json.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { openNodeDuckDB } from '../cli/node-duckdb.ts';
import { type Database, type Row } from '../shared/db.ts';
import { loadNormalizedCsv } from '../shared/load.ts';
import { periodKey, type Period } from '../shared/period.ts';
import { PERIODS_SQL } from '../shared/sql/lists.ts';
import { levelSummarySql, overviewSql, shareByTownshipPeriodSql } from '../tests/support/reference-sql.ts';
import { refreshSummaries, SUMMARY_TABLES } from '../shared/analysis/summaries.ts';
import {
  FIRST_YEAR, generateCsv, openNativeDuckDB, profile, QUARTERS, resetSchema, TOWNSHIPS_PER_COUNTY, UNITS_PER_COUNTY,
} from './data.ts';
import { comparable, median, percentile, runAppView, runSharedView, VIEW_TARGET_P95_MS, viewContext, viewSpecs } from './views.ts';
import { timeXlsxImport, type XlsxImportTiming } from './xlsx-data.ts';
import type { CancellableDatabase } from '../shared/engine/index.ts';

// ---------------------------------------------------------------------------------------------
// Plan

interface SizePlan { rows: number; loadWarmup: number; loadRuns: number }
const ALL_SIZES: SizePlan[] = [
  { rows: 10_000, loadWarmup: 1, loadRuns: 5 },
  { rows: 100_000, loadWarmup: 1, loadRuns: 3 },
  { rows: 1_000_000, loadWarmup: 0, loadRuns: 3 },
];
/** XINGTU_BENCH_SIZES=1000000 runs only that size (for quick checks); default all three. */
const SIZES: SizePlan[] = process.env.XINGTU_BENCH_SIZES
  ? ALL_SIZES.filter((s) => process.env.XINGTU_BENCH_SIZES!.split(',').map(Number).includes(s.rows))
  : ALL_SIZES;
/** .xlsx import sizes (rows of one sheet) and the target for the largest. */
const XLSX_SIZES = [10_000, 50_000];
const XLSX_TARGET_MS = 5000;
const QUERY_WARMUP = 1;
const QUERY_RUNS = 7;

const TARGET_MS = 100;
const TARGET_RATIO = 3;

/** Analysis views (shared/analysis): timed rounds from the summaries (p95 matters) and from the raw rows. */
const VIEW_WARMUP = 1;
const VIEW_RUNS = 20;
const VIEW_RAW_RUNS = 3;

// ---------------------------------------------------------------------------------------------
// Engines

interface Engine {
  key: 'wasm' | 'app' | 'native' | 'native1t';
  label: string;
  db: Database;
  version: string;
  /** The app's connection: view queries run as the coordinator runs them (views.ts runAppView). */
  app?: CancellableDatabase;
}

/** Engines for the raw SQL table (the app path is the same engine as wasm; it is timed on views only). */
const sqlEngines = (engines: Engine[]) => engines.filter((e) => e.key !== 'app');

/** Wraps a Database so the time spent in registerFileText is counted apart. */
function withRegisterTimer(db: Database): { db: Database; registerMs: () => number } {
  let ms = 0;
  return {
    db: {
      ...db,
      async registerFileText(name, text) {
        const t0 = performance.now();
        await db.registerFileText(name, text);
        ms += performance.now() - t0;
      },
    },
    registerMs: () => ms,
  };
}

// ---------------------------------------------------------------------------------------------
// Timing

/** Results as plain comparable values: BIGINT → number, doubles rounded, keys sorted. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && !Number.isInteger(v)) return Number(v.toPrecision(12));
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, plain((v as Row)[k])]));
  }
  return v;
}
const normalize = (rows: Row[]) => JSON.stringify(rows.map(plain));

interface Measurement {
  rows: number;
  op: string;
  sql?: string;
  runs: number;
  warmup: number;
  /** Median ms per engine key, and all samples. */
  median: Partial<Record<Engine['key'], number>>;
  samples: Partial<Record<Engine['key'], number[]>>;
  /** Queries only: median ms of CREATE TEMP TABLE AS <query>, i.e. without moving rows to JS. */
  inEngineMedian?: Partial<Record<Engine['key'], number>>;
  /** Load only: median ms of registerFileText inside the load. */
  registerMedian?: Partial<Record<Engine['key'], number>>;
  resultRows?: number;
  sameResult?: boolean;
}

type Samples = Partial<Record<Engine['key'], number[]>>;

/**
 * Warm-up plus timed rounds; each round runs `step` on every engine in turn, so a burst of
 * background load on the machine hits all engines alike rather than one of them.
 */
async function rounds(engines: Engine[], warmup: number, runs: number,
  step: (e: Engine, round: number) => Promise<number>): Promise<Samples> {
  const samples: Samples = {};
  for (let round = 0; round < warmup + runs; round++) {
    for (const e of engines) {
      const ms = await step(e, round);
      if (round >= warmup) (samples[e.key] ??= []).push(ms);
    }
  }
  return samples;
}

async function timeLoad(engines: Engine[], csv: string, plan: SizePlan) {
  const registers: Samples = {};
  const samples = await rounds(engines, plan.loadWarmup, plan.loadRuns, async (e, round) => {
    await resetSchema(e.db);
    const timed = withRegisterTimer(e.db);
    const t0 = performance.now();
    const loaded = await loadNormalizedCsv(timed.db, {
      dataset_id: `bench_${plan.rows}_${round}`, name: `基准测试 ${plan.rows} 行`,
      source: `bench-${plan.rows}.csv`, is_sample: false,
    }, csv);
    const ms = performance.now() - t0;
    if (Number(loaded) !== plan.rows) throw new Error(`${e.label}: loaded ${loaded} rows, expected ${plan.rows}`);
    if (round >= plan.loadWarmup) (registers[e.key] ??= []).push(timed.registerMs());
    return ms;
  });
  return { samples, registers };
}

async function timeQuery(engines: Engine[], sql: string) {
  const results: Partial<Record<Engine['key'], Row[]>> = {};
  const samples = await rounds(engines, QUERY_WARMUP, QUERY_RUNS, async (e) => {
    const t0 = performance.now();
    results[e.key] = await e.db.query(sql);
    return performance.now() - t0;
  });
  return { samples, results };
}

/** The same query materialized inside the engine (no result transfer to JS). */
async function timeInEngine(engines: Engine[], sql: string) {
  const samples = await rounds(engines, QUERY_WARMUP, QUERY_RUNS, async (e) => {
    const t0 = performance.now();
    await e.db.exec(`CREATE OR REPLACE TEMP TABLE bench_result AS ${sql}`);
    return performance.now() - t0;
  });
  for (const e of engines) await e.db.exec('DROP TABLE IF EXISTS bench_result');
  return samples;
}

interface ViewMeasurement {
  rows: number;
  view: string;
  scope: 'province' | 'county';
  source: 'summary' | 'raw';
  /** What the summary path actually read from (pivots may fall back to raw). */
  answeredFrom: 'summary' | 'raw';
  resultRows: number;
  samples: Partial<Record<Engine['key'], number[]>>;
  median: Partial<Record<Engine['key'], number>>;
  p95: Partial<Record<Engine['key'], number>>;
  /** summary path only: raw path (same engine) gives the same reader output; engines agree. */
  sameAsRaw?: boolean;
  enginesAgree?: boolean;
}

async function timeViews(engines: Engine[], rows: number, log: (m: string) => void): Promise<ViewMeasurement[]> {
  const viewEngines = engines.filter((e) => e.key !== 'native1t');
  const ctx = await viewContext(engines[0].db);
  const out: ViewMeasurement[] = [];
  for (const spec of viewSpecs(ctx)) {
    log(`${fmtRows(rows)}: view ${spec.name} (${spec.scope})…`);
    const results: Partial<Record<string, unknown>> = {};
    const resultRows: Partial<Record<string, number>> = {};
    const one = (source: 'summary' | 'raw', runs: number) => rounds(viewEngines, VIEW_WARMUP, runs, async (e) => {
      const q = spec.build(source);
      const t0 = performance.now();
      const { value, rows } = e.app ? await runAppView(e.app, q) : await runSharedView(e.db, q);
      const ms = performance.now() - t0;
      results[`${source}:${e.key}`] = value;
      resultRows[source] = rows;
      return ms;
    });
    const summary = await one('summary', VIEW_RUNS);
    const raw = await one('raw', VIEW_RAW_RUNS);
    // A pivot's reader output names its plan (summary or raw); compare the figures only.
    const norm = (k: string) => comparable(results[k]);
    for (const [source, samples] of [['summary', summary], ['raw', raw]] as const) {
      const m: ViewMeasurement = {
        rows, view: spec.name, scope: spec.scope, source, answeredFrom: spec.build(source).source,
        resultRows: resultRows[source] ?? 0, samples, median: {}, p95: {},
      };
      for (const e of viewEngines) {
        m.median[e.key] = median(samples[e.key]!);
        m.p95[e.key] = percentile(samples[e.key]!, 0.95);
      }
      if (source === 'summary') {
        m.sameAsRaw = viewEngines.every((e) => norm(`summary:${e.key}`) === norm(`raw:${e.key}`));
        m.enginesAgree = viewEngines.every((e) => norm(`summary:${e.key}`) === norm('summary:wasm'));
      }
      out.push(m);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Output

/** Display width: CJK and full-width characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;

function fmtMs(ms: number | undefined): string {
  if (ms == null) return '—';
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}
const fmtRows = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

function renderTable(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (cells: string[]) =>
    cells.map((c, i) => (rightAligned[i] ? padStart(c, widths[i]) : padEnd(c, widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  const loadBefore = loadavg();
  const scratch = mkdtempSync(join(tmpdir(), 'xingtu-bench-'));
  const engines: Engine[] = [];
  const measurements: Measurement[] = [];
  const profiles: Array<{ rows: number; periods: Row[] }> = [];
  const generation: Array<{ rows: number; units: number; csvBytes: number; ms: number }> = [];
  const viewMeasurements: ViewMeasurement[] = [];
  const summarySizes: Array<{ rows: number; tables: Record<string, number> }> = [];
  const log = (msg: string) => console.error(`[${((performance.now() - started) / 1000).toFixed(1)}s] ${msg}`);

  const xlsxTimings: XlsxImportTiming[] = [];

  try {
    for (const rows of XLSX_SIZES) {
      log(`${fmtRows(rows)}: .xlsx import…`);
      xlsxTimings.push(await timeXlsxImport(rows));
    }
    log('opening engines…');
    const version = async (db: Database) => String((await db.query<{ v: string }>('SELECT version() AS v'))[0].v);
    const threads = async (db: Database) => String((await db.query<{ t: unknown }>(`SELECT current_setting('threads') AS t`))[0].t);
    const t0 = performance.now();
    const wasm = await openNodeDuckDB();
    const wasmOpenMs = performance.now() - t0;
    engines.push({ key: 'wasm', label: 'wasm', db: wasm, version: await version(wasm) });
    const app = await openNodeDuckDB();
    engines.push({
      key: 'app', label: 'wasm·app', db: app, version: await version(app),
      app,
    });
    const native = await openNativeDuckDB();
    engines.push({ key: 'native', label: `native (${await threads(native)} threads)`, db: native, version: await version(native) });
    const native1t = await openNativeDuckDB({ threads: '1' });
    engines.push({ key: 'native1t', label: 'native·1t', db: native1t, version: await version(native1t) });
    const nativeEngine = engines.find((e) => e.key === 'native')!;
    log(`wasm DuckDB ${engines[0].version} (opened in ${wasmOpenMs.toFixed(0)} ms), native DuckDB ${nativeEngine.version}`);

    for (const plan of SIZES) {
      const units = plan.rows / QUARTERS;
      log(`${fmtRows(plan.rows)}: generating ${units} units × ${QUARTERS} quarters…`);
      const { csv, ms: genMs } = await generateCsv(plan.rows, scratch);
      const csvBytes = Buffer.byteLength(csv);
      generation.push({ rows: plan.rows, units, csvBytes, ms: genMs });
      log(`${fmtRows(plan.rows)}: CSV ${(csvBytes / 1e6).toFixed(1)} MB in ${genMs.toFixed(0)} ms`);

      const load: Measurement = {
        rows: plan.rows, op: 'load CSV (loadNormalizedCsv, incl. summaries)', runs: plan.loadRuns, warmup: plan.loadWarmup,
        median: {}, samples: {}, registerMedian: {},
      };
      log(`${fmtRows(plan.rows)}: load…`);
      const lr = await timeLoad(sqlEngines(engines), csv, plan);
      for (const e of sqlEngines(engines)) {
        load.samples[e.key] = lr.samples[e.key];
        load.median[e.key] = median(lr.samples[e.key]!);
        load.registerMedian![e.key] = median(lr.registers[e.key]!);
      }
      measurements.push(load);
      // The app path's engine gets the same data (its load is the wasm load above).
      const appEngine = engines.find((e) => e.key === 'app')!;
      await resetSchema(appEngine.db);
      await loadNormalizedCsv(appEngine.db, { dataset_id: `bench_${plan.rows}_app`, name: '基准测试', source: 'bench.csv', is_sample: false }, csv);
      profiles.push({ rows: plan.rows, periods: await profile(nativeEngine.db) });

      const periods = await engines[0].db.query<{ year: number; quarter: number | null }>(PERIODS_SQL);
      const last = periods[periods.length - 1];
      const period: Period = { year: Number(last.year), quarter: last.quarter == null ? null : Number(last.quarter) };
      const scope = { townships: [], kind: null };
      const queries: Array<[string, string]> = [
        [`overview ${periodKey(period)}`, overviewSql(period, scope)],
        [`township summary ${periodKey(period)}`, levelSummarySql(period, scope, 'township')],
        ['township x period 3-star share', shareByTownshipPeriodSql(scope)],
      ];
      for (const [op, sql] of queries) {
        log(`${fmtRows(plan.rows)}: ${op}…`);
        const m: Measurement = {
          rows: plan.rows, op, sql, runs: QUERY_RUNS, warmup: QUERY_WARMUP, median: {}, samples: {}, inEngineMedian: {},
        };
        const r = await timeQuery(sqlEngines(engines), sql);
        const inEngine = await timeInEngine(sqlEngines(engines), sql);
        for (const e of sqlEngines(engines)) {
          m.samples[e.key] = r.samples[e.key];
          m.median[e.key] = median(r.samples[e.key]!);
          m.inEngineMedian![e.key] = median(inEngine[e.key]!);
        }
        const results = sqlEngines(engines).map((e) => normalize(r.results[e.key]!));
        m.resultRows = r.results.wasm!.length;
        m.sameResult = results.every((x) => x === results[0]);
        measurements.push(m);
      }

      // ---- analysis summaries and views
      log(`${fmtRows(plan.rows)}: refreshSummaries…`);
      const refreshRuns = plan.rows >= 1_000_000 ? 2 : 3;
      const refresh = await rounds(sqlEngines(engines), 0, refreshRuns, async (e) => {
        const t0 = performance.now();
        await refreshSummaries(e.db);
        return performance.now() - t0;
      });
      const refreshM: Measurement = { rows: plan.rows, op: 'refreshSummaries (part of load)', runs: refreshRuns, warmup: 0, median: {}, samples: refresh };
      for (const e of sqlEngines(engines)) refreshM.median[e.key] = median(refresh[e.key]!);
      measurements.push(refreshM);
      const sizes = await engines[0].db.query(`SELECT ${SUMMARY_TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`);
      summarySizes.push({ rows: plan.rows, tables: Object.fromEntries(Object.entries(sizes[0]).map(([k, v]) => [k, Number(v)])) });
      viewMeasurements.push(...await timeViews(engines, plan.rows, log));
      await Promise.all(engines.map((e) => resetSchema(e.db)));
    }

    // ---- table
    const header = ['rows', 'operation', 'wasm ms', 'native ms', 'native·1t ms', 'wasm/native', 'wasm/1t', 'same result'];
    const body: string[][] = [];
    const ratio = (a?: number, b?: number) => (a != null && b ? `${(a / b).toFixed(1)}×` : '—');
    for (const m of measurements) {
      body.push([
        fmtRows(m.rows), m.op, fmtMs(m.median.wasm), fmtMs(m.median.native), fmtMs(m.median.native1t),
        ratio(m.median.wasm, m.median.native), ratio(m.median.wasm, m.median.native1t),
        m.sameResult == null ? '' : m.sameResult ? 'yes' : 'NO',
      ]);
      if (m.inEngineMedian) {
        body.push([
          '', `  in engine only (CTAS), ${m.resultRows} rows out`, fmtMs(m.inEngineMedian.wasm), fmtMs(m.inEngineMedian.native),
          fmtMs(m.inEngineMedian.native1t), ratio(m.inEngineMedian.wasm, m.inEngineMedian.native),
          ratio(m.inEngineMedian.wasm, m.inEngineMedian.native1t), '',
        ]);
      }
      if (m.registerMedian) {
        body.push([
          '', '  of which registerFileText', fmtMs(m.registerMedian.wasm), fmtMs(m.registerMedian.native),
          fmtMs(m.registerMedian.native1t), '', '', '',
        ]);
      }
    }
    const out: string[] = [];
    out.push(`星图 XingTu benchmark — ${new Date().toISOString()}`);
    out.push(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ` +
      `load average before / after: ${loadBefore.map((x) => x.toFixed(2)).join(' ')} / ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    out.push(`engines: wasm = duckdb-wasm ${engines[0].version} (Node worker, eh build, 1 thread); ` +
      `wasm·app = the same, views run with a signal as the app runs them (views only); ` +
      `native = @duckdb/node-api DuckDB ${nativeEngine.version} (${nativeEngine.label.replace(/^native \(|\)$/g, '')}); native·1t = same, threads=1`);
    out.push(`data: units × ${QUARTERS} quarters (${FIRST_YEAR}Q1–${FIRST_YEAR + QUARTERS / 4 - 1}Q4), ` +
      `${UNITS_PER_COUNTY} units per county in ~${TOWNSHIPS_PER_COUNTY} townships; ` +
      generation.map((g) => `${fmtRows(g.rows)} = ${g.units} units, CSV ${(g.csvBytes / 1e6).toFixed(1)} MB`).join('; '));
    for (const p of profiles) {
      const f = (r: Row) => `${periodKey({ year: Number(r.year), quarter: Number(r.quarter) })} levels 0–5 = ` +
        `${(r.levels as unknown[]).map(Number).join('/')} (三星以上 ${(Number(r.share3) * 100).toFixed(1)}%)`;
      const a = p.periods[0];
      out.push(`  ${padStart(fmtRows(p.rows), 4)}: ${Number(a.counties)} counties, ${Number(a.townships)} townships, ` +
        `${(Number(a.community_share) * 100).toFixed(1)}% communities; ${p.periods.map(f).join(' → ')}`);
    }
    out.push(`xlsx import (one 台账 sheet, 12 columns, readImportFile / importFiles as xingtu check and the import worker run them; median of 3 after a warm-up): ` +
      xlsxTimings.map((x) => `${fmtRows(x.rows)} rows (${(x.fileBytes / 1e6).toFixed(1)} MB) read ${fmtMs(x.readMs)} ms, import ${fmtMs(x.importMs)} ms`).join('; ') +
      `; target ${fmtRows(XLSX_SIZES[XLSX_SIZES.length - 1])} ≤ ${XLSX_TARGET_MS} ms: ` +
      (xlsxTimings[xlsxTimings.length - 1].importMs <= XLSX_TARGET_MS ? 'OK' : 'MISS'));
    out.push(`timing: median; queries ${QUERY_WARMUP} warm-up + ${QUERY_RUNS} timed; load ` +
      SIZES.map((s) => `${fmtRows(s.rows)} ${s.loadWarmup}+${s.loadRuns}`).join(', ') + ' (warm-up + timed, fresh tables each run)');
    out.push('');
    out.push(renderTable(header, body, [true, false, true, true, true, true, true, false]));
    out.push('');
    const maxRows = Math.max(...SIZES.map((s) => s.rows));
    out.push(`targets: ${fmtRows(maxRows)}-row queries ≤ ${TARGET_MS} ms (wasm) and ≤ ${TARGET_RATIO}× native`);
    const verdicts: Array<{ op: string; wasmMs: number; ratio: number; underTime: boolean; underRatio: boolean }> = [];
    for (const m of measurements.filter((x) => x.rows === maxRows && x.sql)) {
      const w = m.median.wasm!;
      const ratio = w / m.median.native!;
      const v = { op: m.op, wasmMs: w, ratio, underTime: w <= TARGET_MS, underRatio: ratio <= TARGET_RATIO };
      verdicts.push(v);
      out.push(`  ${padEnd(m.op, 32)} ${padStart(fmtMs(w), 7)} ms ${v.underTime ? 'OK  ' : 'MISS'}   ` +
        `${padStart(ratio.toFixed(1), 5)}× native ${v.underRatio ? 'OK  ' : 'MISS'}   => ${v.underTime && v.underRatio ? 'meets' : 'does NOT meet'} targets`);
    }
    const mismatches = measurements.filter((m) => m.sameResult === false);
    if (mismatches.length) out.push(`WARNING: engines disagree on: ${mismatches.map((m) => `${fmtRows(m.rows)} ${m.op}`).join(', ')}`);

    // ---- analysis views
    out.push('');
    out.push(`analysis views (shared/analysis): ${VIEW_WARMUP} warm-up + ${VIEW_RUNS} timed from the summaries, ` +
      `${VIEW_WARMUP} + ${VIEW_RAW_RUNS} from the raw rows; time = query + rows to JS + reader; ` +
      `county = one county of 500 units, province = all of them`);
    for (const s of summarySizes) {
      out.push(`  summaries at ${padStart(fmtRows(s.rows), 4)}: ${Object.entries(s.tables).map(([t, n]) => `${t} ${n}`).join(', ')} rows`);
    }
    const vHeader = ['rows', 'view', 'scope', 'out', 'app p50', 'app p95', 'cli p50', 'cli p95', 'native p50', 'wasm/native', 'raw p50', 'raw native', 'raw/sum', 'same'];
    const vBody: string[][] = [];
    const byKey = new Map(viewMeasurements.map((m) => [`${m.rows}|${m.view}|${m.scope}|${m.source}`, m]));
    for (const m of viewMeasurements.filter((x) => x.source === 'summary')) {
      const r = byKey.get(`${m.rows}|${m.view}|${m.scope}|raw`);
      const ratio = (a?: number, b?: number) => (a != null && b ? `${(a / b).toFixed(1)}×` : '—');
      vBody.push([
        fmtRows(m.rows), m.view + (m.answeredFrom === 'raw' ? ' [raw]' : ''), m.scope, String(m.resultRows),
        fmtMs(m.median.app), fmtMs(m.p95.app), fmtMs(m.median.wasm), fmtMs(m.p95.wasm), fmtMs(m.median.native),
        ratio(m.median.app, m.median.native), fmtMs(r?.median.app), fmtMs(r?.median.native), ratio(r?.median.app, m.median.app),
        m.sameAsRaw && m.enginesAgree ? 'yes' : `NO${m.sameAsRaw ? '' : ' (raw)'}${m.enginesAgree ? '' : ' (engines)'}`,
      ]);
    }
    out.push('');
    out.push('  app = from the summaries on duckdb-wasm through the engine\'s connection with a signal (shared/engine: cancellable send, as Coordinator.run: columns where the reader takes them);');
    out.push('  cli = the same engine and runner without a signal (CLI, tests: runAnalysis); native = @duckdb/node-api; wasm/native = app / native;');
    out.push('  raw = the same view from the live rows (app path, and native); raw/sum = how much the summaries save (app path)');
    out.push(renderTable(vHeader, vBody, [true, false, false, true, true, true, true, true, true, true, true, true, true, false]));
    const vMax = Math.max(...viewMeasurements.map((m) => m.rows));
    const vAtMax = viewMeasurements.filter((m) => m.rows === vMax && m.source === 'summary');
    out.push('');
    for (const [key, what] of [['app', 'wasm as the app runs it (cancellable)'], ['wasm', 'wasm as the CLI runs it']] as const) {
      const misses = vAtMax.filter((m) => m.p95[key]! > VIEW_TARGET_P95_MS);
      out.push(`view target: at ${fmtRows(vMax)} rows every view query p95 ≤ ${VIEW_TARGET_P95_MS} ms — ${what} (Node worker): ` +
        `${vAtMax.length - misses.length} of ${vAtMax.length} meet it` +
        (misses.length ? `; misses: ${misses.map((m) => `${m.view} (${m.scope}) ${fmtMs(m.p95[key])} ms`).join('; ')}` : ''));
    }
    // The Chromium numbers (npm run bench:chromium) of the same size, when there are any.
    const chromiumFile = fileURLToPath(new URL('./results/chromium.json', import.meta.url));
    if (existsSync(chromiumFile)) {
      const c = JSON.parse(readFileSync(chromiumFile, 'utf8')) as {
        generatedAt: string; rows: number; views: Array<{ view: string; scope: string; p50: number; p95: number }>;
      };
      if (c.rows === vMax) {
        const cm = c.views.filter((v) => v.p95 > VIEW_TARGET_P95_MS);
        const p95s = c.views.map((v) => v.p95).sort((a, b) => a - b);
        out.push(`Chromium (npm run bench:chromium, ${c.generatedAt}, same wasm in a Web Worker): ` +
          `${c.views.length - cm.length} of ${c.views.length} views p95 ≤ ${VIEW_TARGET_P95_MS} ms; ` +
          `p95 median ${fmtMs(median(p95s))} ms, worst ${fmtMs(p95s[p95s.length - 1])} ms` +
          (cm.length ? `; misses: ${cm.map((v) => `${v.view} (${v.scope}) ${fmtMs(v.p95)} ms`).join('; ')}` : '') +
          ' (bench/results/chromium.json)');
      } else {
        out.push(`Chromium: bench/results/chromium.json has ${fmtRows(c.rows)} rows; run npm run bench:chromium for ${fmtRows(vMax)}`);
      }
    } else {
      out.push('Chromium: not measured yet (npm run bench:chromium)');
    }
    const vWrong = viewMeasurements.filter((m) => m.sameAsRaw === false || m.enginesAgree === false);
    if (vWrong.length) out.push(`WARNING: summary and raw (or engines) disagree on: ${vWrong.map((m) => `${fmtRows(m.rows)} ${m.view} (${m.scope})`).join('; ')}`);
    console.log(out.join('\n'));

    // ---- JSON
    const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
    mkdirSync(resultsDir, { recursive: true });
    const json = {
      generatedAt: new Date().toISOString(),
      machine: { loadavgBefore: loadBefore, loadavgAfter: loadavg(), cpus: cpus().length, cpuModel: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
      engines: Object.fromEntries(engines.map((e) => [e.key, { label: e.label, version: e.version }])),
      wasmOpenMs,
      plan: { quarters: QUARTERS, unitsPerCounty: UNITS_PER_COUNTY, townshipsPerCounty: TOWNSHIPS_PER_COUNTY, sizes: SIZES, queryWarmup: QUERY_WARMUP, queryRuns: QUERY_RUNS },
      generation,
      xlsxImport: { targetMs: XLSX_TARGET_MS, timings: xlsxTimings },
      profiles: profiles.map((p) => ({ rows: p.rows, periods: JSON.parse(normalize(p.periods)) })),
      targets: { maxQueryMs: TARGET_MS, maxRatioToNative: TARGET_RATIO, rows: maxRows, verdicts },
      measurements,
      views: {
        warmup: VIEW_WARMUP, runs: VIEW_RUNS, rawRuns: VIEW_RAW_RUNS, targetP95Ms: VIEW_TARGET_P95_MS,
        summarySizes, measurements: viewMeasurements,
      },
      totalSeconds: (performance.now() - started) / 1000,
    };
    writeFileSync(join(resultsDir, 'latest.json'), JSON.stringify(json, null, 2) + '\n');
    log(`wrote ${join(resultsDir, 'latest.json')}; total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    for (const e of engines) await e.db.close().catch(() => {});
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
