/**
 * Chromium benchmark (npm run bench:chromium): every view query of bench/views.ts timed in
 * Debian Chromium on the generated 1M-row province, the issue's quality bar (p95 ≤ 50 ms).
 *
 *   1. generates the province's ratings (bench/data.ts, native DuckDB; cached in the temp
 *      directory between runs);
 *   2. builds the benchmark page (bench/chromium/: the app's DuckDB boot, connection and
 *      load path; no hook in the app itself) to dist-bench/ unless XINGTU_BENCH_NO_BUILD=1
 *      and it exists, copies the CSV next to it and serves it with `vite preview` (the
 *      app's CSP header);
 *   3. drives /usr/bin/chromium with playwright-core (headless, --no-sandbox --disable-gpu
 *      --disable-background-networking --disable-component-update): boot, load (the same
 *      wasm as Node: duckdb-eh.wasm in a Web Worker), then each view 1 warm-up + N timed
 *      runs (time = query + rows to JS + reader, as on a coordinator cache miss), a few
 *      runs through the plain query path, and 3 raw-row runs to check the answer;
 *   4. prints p50 / p95 per view with the verdict, next to the Node wasm numbers of the last
 *      `npm run bench` (bench/results/latest.json) when it has the same size, and writes
 *      bench/results/chromium.json.
 *
 * XINGTU_BENCH_ROWS (default 1000000), XINGTU_BENCH_RUNS (default 20), CHROMIUM_PATH,
 * XINGTU_BENCH_PORT (default 4324); XINGTU_BENCH_PROFILE=<text> instead splits the time of the
 * views whose name contains <text> into engine, query + rows to JS, and reader;
 * XINGTU_BENCH_SQL=<file.json> ([{ label, sql }]) times SQL variants (query + rows to JS);
 * XINGTU_BENCH_ONLY=<text> times only the views whose name contains <text> (results are then
 * printed but not written).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { generateCsv, QUARTERS } from './data.ts';
import { VIEW_TARGET_P95_MS } from './views.ts';
import type { BenchApi, PageViewResult } from './chromium/page.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist-bench');
const ROWS = Number(process.env.XINGTU_BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.XINGTU_BENCH_RUNS ?? 20);
const PORT = Number(process.env.XINGTU_BENCH_PORT ?? 4324);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ONLY = process.env.XINGTU_BENCH_ONLY;

const started = performance.now();
const log = (msg: string) => console.error(`[${((performance.now() - started) / 1000).toFixed(1)}s] ${msg}`);

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
    p.on('error', reject);
  });
}

function waitForPort(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.end();
        resolve();
      });
      s.on('error', () => {
        s.destroy();
        if (Date.now() > until) reject(new Error(`vite preview did not open port ${port}`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

async function csvFile(): Promise<string> {
  const file = join(tmpdir(), `xingtu-bench-${ROWS}.csv`);
  if (!existsSync(file)) {
    log(`generating ${ROWS / QUARTERS} units × ${QUARTERS} quarters…`);
    const { csv } = await generateCsv(ROWS, tmpdir());
    writeFileSync(file, csv);
  }
  return file;
}

const fmt = (ms: number | undefined) => (ms == null ? '—' : ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));

/** Display width: CJK characters take two columns. */
const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(ch) ? 2 : 1), 0);
function table(header: string[], rows: string[][], right: boolean[]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const pad = (s: string, i: number) => (right[i] ? ' '.repeat(widths[i] - width(s)) + s : s + ' '.repeat(widths[i] - width(s)));
  return [header, widths.map((w) => '-'.repeat(w)), ...rows].map((r, k) => (k === 1 ? r.join('  ') : r.map(pad).join('  ').trimEnd())).join('\n');
}

interface NodeView { rows: number; view: string; scope: string; source: string; median: Record<string, number>; p95: Record<string, number> }

function nodeNumbers(): Map<string, NodeView> {
  const file = join(ROOT, 'bench/results/latest.json');
  const out = new Map<string, NodeView>();
  if (!existsSync(file)) return out;
  const json = JSON.parse(readFileSync(file, 'utf8'));
  for (const m of (json.views?.measurements ?? []) as NodeView[]) {
    if (m.rows === ROWS && m.source === 'summary') out.set(`${m.view}|${m.scope}`, m);
  }
  return out;
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const csv = await csvFile();
  if (!(process.env.XINGTU_BENCH_NO_BUILD && existsSync(join(DIST, 'index.html')))) {
    log('building the benchmark page (bench/chromium → dist-bench)…');
    await run('npx', ['vite', 'build', '--config', 'bench/chromium/vite.config.ts', '--logLevel', 'warn']);
  }
  copyFileSync(csv, join(DIST, 'bench-data.csv'));

  let preview: ChildProcess | null = null;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
  try {
    preview = spawn('npx', ['vite', 'preview', '--config', 'bench/chromium/vite.config.ts', '--port', String(PORT), '--strictPort'],
      { cwd: ROOT, stdio: 'ignore', detached: true });
    await waitForPort(PORT, 60_000);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    const page = await browser.newPage();
    page.setDefaultTimeout(30 * 60_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.waitForFunction(() => 'xtBench' in window);
    const boot = await page.evaluate(() => window.xtBench.boot());
    log(`DuckDB booted in ${fmt(boot.bootMs)} ms (${boot.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? boot.userAgent})`);
    const load = await page.evaluate(() => window.xtBench.load('./bench-data.csv'));
    log(`loaded ${load.rows} rows: fetch ${fmt(load.fetchMs)} ms, loadNormalizedCsv incl. summaries ${fmt(load.loadMs)} ms`);
    if (load.rows !== ROWS) throw new Error(`loaded ${load.rows} rows, expected ${ROWS}`);
    if (process.env.XINGTU_BENCH_SQL) {
      // SQL variants (a JSON file of [{ label, sql }]): query + rows to JS, medians.
      const variants = JSON.parse(readFileSync(process.env.XINGTU_BENCH_SQL, 'utf8')) as Array<{ label: string; sql: string }>;
      const res = await page.evaluate((o) => (window as unknown as { xtBench: BenchApi }).xtBench.sql(o), { runs: RUNS, variants });
      console.log(table(['variant', 'rows', 'query+rows p50'], res.map((r) => [r.label, String(r.rows), fmt(r.ms)]), [false, true, true]));
      return;
    }
    if (process.env.XINGTU_BENCH_PROFILE != null) {
      // Where the time goes, for the views whose name contains the given text.
      const prof = await page.evaluate((o) => (window as unknown as { xtBench: BenchApi }).xtBench.profile(o),
        { runs: RUNS, match: process.env.XINGTU_BENCH_PROFILE });
      console.log(table(['view', 'scope', 'engine (CTAS)', 'query+rows', 'reader'],
        prof.map((p) => [p.view, p.scope, fmt(p.engineMs), fmt(p.queryMs), fmt(p.readMs)]), [false, false, true, true, true]));
      return;
    }
    log(`timing views (1 warm-up + ${RUNS} runs each, 5 plain-path runs, 3 raw runs)…`);
    const views: PageViewResult[] = await page.evaluate((o) => (window as unknown as { xtBench: BenchApi }).xtBench.views(o),
      { warmup: 1, runs: RUNS, plainRuns: 5, rawRuns: 3, match: ONLY });
    if (errors.length) log(`page errors: ${errors.join('; ')}`);

    const node = nodeNumbers();
    const header = ['view', 'scope', 'out', 'p50', 'p95', '≤50?', 'plain p50', 'raw p50', 'raw/sum', 'same', 'Node app p50/p95', 'Node cli p50/p95'];
    const body = views.map((v) => {
      const n = node.get(`${v.view}|${v.scope}`);
      return [
        v.view + (v.answeredFrom === 'raw' ? ' [raw]' : ''), v.scope, String(v.resultRows), fmt(v.p50), fmt(v.p95),
        v.p95 <= VIEW_TARGET_P95_MS ? 'yes' : 'NO', fmt(v.plainP50), fmt(v.rawP50),
        v.rawP50 != null ? `${(v.rawP50 / v.p50).toFixed(0)}×` : '—', v.sameAsRaw == null ? '' : v.sameAsRaw ? 'yes' : 'NO',
        n?.median.app != null ? `${fmt(n.median.app)} / ${fmt(n.p95.app)}` : '—',
        n ? `${fmt(n.median.wasm)} / ${fmt(n.p95.wasm)}` : '—',
      ];
    });
    const misses = views.filter((v) => v.p95 > VIEW_TARGET_P95_MS);
    const out = [
      `星图 XingTu Chromium benchmark — ${new Date().toISOString()}`,
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; load average before / after: ` +
        `${loadBefore.map((x) => x.toFixed(2)).join(' ')} / ${loadavg().map((x) => x.toFixed(2)).join(' ')} (a shared machine: other jobs ran too)`,
      `browser: ${boot.userAgent}; DuckDB boot ${fmt(boot.bootMs)} ms; ${ROWS} rating rows loaded in ${fmt(load.loadMs)} ms (incl. summaries)`,
      `time = query (cancellable send path, as the coordinator runs it) + rows to JS + reader; 1 warm-up + ${RUNS} runs; ` +
        `plain p50 = the same through the non-cancellable query path; raw = the same view from the live rows (3 runs); ` +
        `Node = the last npm run bench (same wasm in a worker thread: app = with a signal as the app, cli = without, as the CLI: both shared/engine)`,
      '',
      table(header, body, [false, false, true, true, true, false, true, true, true, false, true, true]),
      '',
      `target: every view query p95 ≤ ${VIEW_TARGET_P95_MS} ms in Chromium at ${ROWS / 1e6}M rows: ` +
        `${views.length - misses.length} of ${views.length} meet it` +
        (misses.length ? `; misses: ${misses.map((m) => `${m.view} (${m.scope}) ${fmt(m.p95)} ms ` +
          `(runs in order: ${m.samples.map(fmt).join(' ')})`).join('; ')}` : ''),
    ];
    const wrong = views.filter((v) => v.sameAsRaw === false);
    if (wrong.length) out.push(`WARNING: summary and raw answers differ: ${wrong.map((v) => `${v.view} (${v.scope})`).join('; ')}`);
    console.log(out.join('\n'));
    if (ONLY != null) return; // a subset: not the record of the whole benchmark
    const dir = join(ROOT, 'bench/results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'chromium.json'), JSON.stringify({
      generatedAt: new Date().toISOString(), rows: ROWS, runs: RUNS, targetP95Ms: VIEW_TARGET_P95_MS,
      machine: { loadavgBefore: loadBefore, loadavgAfter: loadavg(), cpus: cpus().length, cpuModel: cpus()[0]?.model },
      boot, load, views,
    }, null, 2) + '\n');
    log(`wrote bench/results/chromium.json; total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await browser?.close().catch(() => {});
    rmSync(join(DIST, 'bench-data.csv'), { force: true });
    // vite preview runs in its own process group (detached): end that group only.
    if (preview?.pid) {
      try {
        process.kill(-preview.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
}

await main();
