/**
 * The measurements of `npm run bench:chromium` outside the benchmark page (issue #14):
 *   - startMs: the built app (vite build → dist-bench-app/, served by `vite preview` with the
 *     app's CSP, as the e2e tests serve it) in Chromium with a persistent profile: navigation
 *     start → the overview on screen with its KPI values, once on an empty profile (cold: the
 *     wasm fetched and compiled) and then in relaunched browsers (warm: the browser's caches, as a
 *     second launch of the desktop app);
 *   - native: the same CSV loaded into native DuckDB (@duckdb/node-api, bench/data.ts) through the
 *     same load path, its first overview, every view's p95 and its memory, for the ratios;
 *   - the tab's memory: proportional set size of the Chromium renderer processes we launched;
 *   - cliMs: wall time of `node bin/xingtu.js summary` on the bundled sample (built first with
 *     cli/build.mjs), and one run through tsx (XINGTU_CLI_SOURCE=1) for comparison.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { loadNormalizedCsv } from '../shared/load.ts';
import { openNativeDuckDB } from './data.ts';
import { median, percentile, runSharedView, viewContext, viewSpecs } from './views.ts';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];

export interface StartTiming {
  coldMs: number;
  warmMs: number[];
  /** Median of the warm starts. */
  ms: number;
}

/** Ends a detached process group we spawned (vite preview). */
export function endGroup(p: ChildProcess | null): void {
  if (!p?.pid) return;
  try {
    process.kill(-p.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/**
 * Cold and warm start of the built app at county scale (the bundled sample the app loads on
 * an empty profile; a relaunch restores the autosaved county). `serve` starts the preview server.
 */
export async function measureStart(o: {
  root: string; port: number; chromiumPath: string; warmRuns: number; build: boolean;
  waitForPort: (port: number, ms: number) => Promise<void>; run: (cmd: string, args: string[]) => Promise<void>;
}): Promise<StartTiming> {
  // The app's vite.config.ts has root renderer/: outDir is relative to it (as E2E_DIST).
  if (o.build) await o.run('npx', ['vite', 'build', '--outDir', '../dist-bench-app', '--emptyOutDir', '--logLevel', 'warn']);
  const preview = spawn('npx', ['vite', 'preview', '--outDir', '../dist-bench-app', '--port', String(o.port), '--strictPort'],
    { cwd: o.root, stdio: 'ignore', detached: true });
  const profile = mkdtempSync(join(tmpdir(), 'xingtu-bench-profile-'));
  try {
    await o.waitForPort(o.port, 60_000);
    const times: number[] = [];
    for (let i = 0; i <= o.warmRuns; i++) {
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: o.chromiumPath, headless: true, args: CHROMIUM_ARGS,
        viewport: { width: 1366, height: 768 }, locale: 'zh-CN',
      });
      try {
        const page = context.pages()[0] ?? await context.newPage();
        await page.goto(`http://127.0.0.1:${o.port}/`, { waitUntil: 'commit' });
        // Page time (ms since navigation start) when the overview is shown with its values.
        const handle = await page.waitForFunction(() => {
          const overview = document.querySelector('[data-testid="overview"]') as HTMLElement | null;
          const value = document.querySelector('[data-testid="kpi-units-value"]');
          return overview && overview.offsetParent !== null && value?.textContent?.trim() ? performance.now() : 0;
        }, null, { polling: 'raf', timeout: 180_000 });
        times.push(await handle.jsonValue() as number);
        // Let the app's autosave settle before the browser closes (as a user would not quit at once).
        await page.waitForTimeout(1500);
      } finally {
        await context.close();
      }
    }
    const warm = times.slice(1);
    return { coldMs: times[0], warmMs: warm, ms: warm.length ? median(warm) : times[0] };
  } finally {
    endGroup(preview);
    rmSync(profile, { recursive: true, force: true });
  }
}

export interface NativeFigures {
  loadMs: number;
  overviewMs: number;
  /** Per view: p95 of `runs` after one warm-up (runSharedView, the CLI's path). */
  views: Array<{ view: string; scope: string; p95: number }>;
  duckdbBytes: number;
  rssDeltaBytes: number;
  threads: number;
}

/** The CSV through native DuckDB: load (incl. summaries), first overview, view p95s, memory. */
export async function measureNative(csvPath: string, runs: number): Promise<NativeFigures> {
  const text = readFileSync(csvPath, 'utf8');
  const rss0 = process.memoryUsage().rss;
  const db = await openNativeDuckDB();
  try {
    let t0 = performance.now();
    await loadNormalizedCsv(db, { dataset_id: 'bench', name: '基准测试', source: 'bench.csv', is_sample: false }, text);
    const loadMs = performance.now() - t0;
    const ctx = await viewContext(db);
    const specs = viewSpecs(ctx);
    t0 = performance.now();
    await runSharedView(db, specs.find((s) => s.name.startsWith('overview'))!.build('summary'));
    const overviewMs = performance.now() - t0;
    const views: NativeFigures['views'] = [];
    for (const spec of specs) {
      const q = spec.build('summary');
      const samples: number[] = [];
      for (let i = 0; i <= runs; i++) {
        const t = performance.now();
        await runSharedView(db, q);
        if (i > 0) samples.push(performance.now() - t);
      }
      views.push({ view: spec.name, scope: spec.scope, p95: percentile(samples, 0.95) });
    }
    const [m] = await db.query<{ b: number }>('SELECT coalesce(sum(memory_usage_bytes), 0) AS b FROM duckdb_memory()');
    const [th] = await db.query<{ t: string }>(`SELECT current_setting('threads') AS t`);
    return { loadMs, overviewMs, views, duckdbBytes: Number(m.b), rssDeltaBytes: process.memoryUsage().rss - rss0, threads: Number(th.t) };
  } finally {
    await db.close();
  }
}

/** Our descendant processes (pid → command line). */
function descendants(root: number): Map<number, string> {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const out = new Map<number, string>();
  const walk = (p: number) => {
    for (const [pid, pp] of parent) {
      if (pp !== p || out.has(pid)) continue;
      try {
        out.set(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
      } catch {
        continue;
      }
      walk(pid);
    }
  };
  walk(root);
  return out;
}

const pss = (pid: number): number => {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
};

/** PSS of the Chromium renderer processes (the tab and its workers) and of all Chromium processes we started. */
export function chromiumMemory(): { tabPssBytes: number; chromiumPssBytes: number; renderers: number } {
  let tab = 0;
  let all = 0;
  let renderers = 0;
  for (const [pid, cmd] of descendants(process.pid)) {
    if (!/chrom/i.test(cmd.split(' ')[0])) continue;
    const b = pss(pid);
    all += b;
    if (cmd.includes('--type=renderer')) {
      tab += b;
      renderers++;
    }
  }
  return { tabPssBytes: tab, chromiumPssBytes: all, renderers };
}

export interface CliTiming {
  samples: number[];
  ms: number;
  /** CPU time (user + system, all threads) of each run, when /usr/bin/time is there: less at the mercy of a shared machine than wall time. */
  cpuMs: number[];
  /** One run of the TypeScript sources through tsx (the fallback, and what every call cost before). */
  tsxMs: number | null;
  built: boolean;
}

/** `node bin/xingtu.js summary` on the bundled sample: build, then wall time (median of `runs`). */
export function measureCli(root: string, runs: number, withTsx: boolean): CliTiming {
  const build = spawnSync(process.execPath, ['cli/build.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const cpuFile = join(tmpdir(), `xingtu-bench-cli-cpu-${process.pid}.txt`);
  const cpuMs: number[] = [];
  const once = (env: NodeJS.ProcessEnv) => {
    const [cmd, args] = time
      ? [time, ['-o', cpuFile, '-f', '%U %S', process.execPath, 'bin/xingtu.js', 'summary']]
      : [process.execPath, ['bin/xingtu.js', 'summary']];
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`xingtu summary exited with ${r.status}: ${String(r.stderr).slice(0, 300)}`);
    if (time) {
      const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
      cpuMs.push((user + sys) * 1000);
    }
    return ms;
  };
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(once({}));
  const tsxMs = withTsx ? once({ XINGTU_CLI_SOURCE: '1', XINGTU_CLI_TIERUP: '1' }) : null;
  rmSync(cpuFile, { force: true });
  return { samples, ms: median(samples), cpuMs, tsxMs, built: build.status === 0 };
}
