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
 *      (shared/sql/measures.ts) for the last period, median of several runs after a warm-up,
 *      and checks both engines return the same rows; each query is timed twice: as the app
 *      runs it (rows converted to JS objects) and materialized in the engine only
 *      (CREATE TEMP TABLE … AS), which separates engine time from result transfer.
 *   Rounds alternate between engines, so background load on the machine hits all of them.
 *   4. times refreshSummaries (shared/analysis/summaries.ts: the cubes rebuilt after every
 *      dataset change, already part of the load above) and then every analysis view query
 *      (pivot, trends, rankings, compare: shared/analysis) twice — answered from the
 *      summaries (20 timed runs: median and p95) and from the raw rows (3 runs) — on wasm and
 *      native, for one county (500 units) or the whole province; checks that both paths and
 *      both engines give the same reader output. Target: at 1M rows every view p95 ≤ 50 ms.
 *
 * XINGTU_BENCH_SIZES=1000000 (comma-separated) runs only those sizes.
 *
 * Engines: wasm = duckdb-wasm (async build, worker thread, single-threaded eh build);
 * native = @duckdb/node-api with its default thread count; native·1t = native limited to one
 * thread, which separates "wasm is slower" from "native uses both cores".
 *
 * Prints a table and writes bench/results/latest.json.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { openNodeDuckDB } from '../cli/node-duckdb.ts';
import { OFFLINE_SETTINGS, type Database, type Row } from '../shared/db.ts';
import { loadNormalizedCsv } from '../shared/load.ts';
import { periodKey, type Period } from '../shared/period.ts';
import { NORMALIZED_CSV_COLUMNS } from '../shared/sql/schema.ts';
import { levelSummarySql, overviewSql, PERIODS_SQL, shareByTownshipPeriodSql } from '../shared/sql/measures.ts';
import { str } from '../shared/sql/literal.ts';
import { STARS, starsFor, type StarId, type UnitKind } from '../shared/stars.ts';
import { type AnalysisQuery, type AnalysisScope } from '../shared/analysis/common.ts';
import { refreshSummaries, SUMMARY_TABLES } from '../shared/analysis/summaries.ts';
import { orderPivotRows, type PivotResult, pivotQuery } from '../shared/analysis/pivot.ts';
import { heatmapQuery, levelDistributionQuery, shareTrendQuery, starRateTrendQuery } from '../shared/analysis/trends.ts';
import {
  belowTargetQuery, demotionQuery, progressQuery, targetByTownshipQuery, townshipBoardQuery, townshipRankingQuery,
} from '../shared/analysis/ranking.ts';
import { unitHistoryQuery, unitRadarQuery, yearOverYearQuery } from '../shared/analysis/compare.ts';
import { unitSearchQuery } from '../shared/analysis/search.ts';

// ---------------------------------------------------------------------------------------------
// Plan

const QUARTERS = 20; // 2021Q1 – 2025Q4
const FIRST_YEAR = 2021;
const UNITS_PER_COUNTY = 500; // ≈ 30 townships × ~17 units
const TOWNSHIPS_PER_COUNTY = 30;

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
const QUERY_WARMUP = 1;
const QUERY_RUNS = 7;

const TARGET_MS = 100;
const TARGET_RATIO = 3;

/** Analysis views (shared/analysis): timed rounds from the summaries (p95 matters) and from the raw rows. */
const VIEW_WARMUP = 1;
const VIEW_RUNS = 20;
const VIEW_RAW_RUNS = 3;
const VIEW_TARGET_P95_MS = 50;

// ---------------------------------------------------------------------------------------------
// Engines

interface Engine {
  key: 'wasm' | 'native' | 'native1t';
  label: string;
  db: Database;
  version: string;
}

/**
 * Native DuckDB in the shape of shared/db.ts's Database. registerFileText writes the text
 * to a private temp directory that is on DuckDB's file_search_path, so read_csv('<name>')
 * resolves exactly as it does against duckdb-wasm's virtual file system.
 */
async function openNativeDuckDB(options: Record<string, string> = {}): Promise<Database> {
  const instance = await DuckDBInstance.create(':memory:', options);
  const conn: DuckDBConnection = await instance.connect();
  const dir = mkdtempSync(join(tmpdir(), 'xingtu-bench-files-'));
  for (const s of OFFLINE_SETTINGS) await conn.run(s);
  await conn.run(`SET file_search_path = ${str(dir)}`);
  const safe = (name: string) => {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`unsupported file name ${name}`);
    return join(dir, name);
  };
  return {
    async query<T extends Row = Row>(sql: string) {
      const reader = await conn.runAndReadAll(sql);
      return reader.getRowObjectsJS() as T[];
    },
    async exec(sql: string) {
      await conn.run(sql);
    },
    async registerFileText(name, text) {
      writeFileSync(safe(name), text);
    },
    async dropFile(name) {
      rmSync(safe(name), { force: true });
    },
    async close() {
      conn.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

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

async function resetSchema(db: Database): Promise<void> {
  for (const sql of [
    ...SUMMARY_TABLES.map((t) => `DROP TABLE IF EXISTS ${t}`), 'DROP TABLE IF EXISTS unit_initials',
    'DROP VIEW IF EXISTS star_facts', 'DROP VIEW IF EXISTS facts',
    'DROP TABLE IF EXISTS ratings', 'DROP TABLE IF EXISTS units', 'DROP TABLE IF EXISTS datasets',
  ]) await db.exec(sql);
}

// ---------------------------------------------------------------------------------------------
// Synthetic data, generated with SQL in a throwaway native DuckDB and exported as CSV

const TOWNSHIP_NAMES = [
  '城关镇', '东湖街道', '河口镇', '青石镇', '柳林乡', '白马镇', '西岭乡', '南塘镇', '北坡乡', '桃源镇',
  '石桥镇', '杏花乡', '龙泉镇', '清水镇', '高山乡', '双河镇', '新安镇', '永丰乡', '长岭镇', '三江镇',
  '黄土乡', '花园镇', '金沙镇', '松林乡', '马鞍镇', '太平镇', '红旗乡', '凤凰镇', '大坪乡', '安乐镇',
];
const FIRST = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '大', '小', '东', '西', '南', '北', '上', '下', '前', '后', '新', '老', '青', '红', '白', '黑', '金', '银', '石', '柳'];
const SECOND = ['庄', '营', '寨', '湾', '岗', '坡', '沟', '河', '桥', '店', '楼', '屯', '园', '岭', '集', '洼', '堂', '坪', '铺', '家'];
const STREET = ['', '', '东路', '西路', '南路', '北路', '新村'];
const COMMUNITY = ['幸福', '和平', '建设', '人民', '文化', '光明', '朝阳', '春晖', '锦绣', '丰收', '育才', '康宁', '滨河', '振兴', '友谊'];

/** How hard each star is to earn (as in datasets/generate.ts); 支部过硬星 is the capstone. */
const DIFFICULTY: Record<StarId, number> = {
  branch: 0, industry: 1.3, ecology: 0.4, safety: -0.2, civility: 0.6,
  cobuild: 0.3, harmony: 0.1, business: 1.0,
};

/**
 * A well-mixed 64-bit hash of (a, b, purpose). hash(x, 'salt') would not do: DuckDB combines
 * the hashes of several arguments with a XOR, so every salt gives the same bits flipped,
 * and draws meant to be independent come out correlated.
 */
const salts = new Map<string, number>();
function h(a: string, b: string, purpose: string): string {
  if (!salts.has(purpose)) salts.set(purpose, salts.size + 1);
  const salt = salts.get(purpose)!;
  if (salt > 255) throw new Error('too many hash purposes');
  return `hash((${a}) * 16384 + (${b}) * 256 + ${salt})`; // b < 64
}

const list = (xs: readonly string[]) => `[${xs.map(str).join(', ')}]`;
/** xs[h mod len], 1-based list indexing. */
const pickSql = (xs: readonly string[], h: string) => `${list(xs)}[(${h} % ${xs.length} + 1)::BIGINT]`;

/**
 * One unit per row with its attributes and, per star, the quarter index (0-based, -1 = held
 * from the start) from which it holds the star: stars are kept once earned, so the share of
 * 三星以上 grows over time like in the sample county. 支部过硬星 additionally needs every
 * other applicable star.
 */
function unitsSql(nUnits: number): string {
  const acquire = STARS.filter((s) => s.id !== 'branch').map((s) => {
    const d = DIFFICULTY[s.id];
    return `CASE WHEN u01(${h('i', '0', s.id + '0')}) < 0.6 * sigmoid(strength - ${d} + 0.2) THEN -1
      ELSE floor(ln(greatest(1e-12, 1 - u01(${h('i', '0', s.id + '1')})))
                 / ln(1 - (0.07 * sigmoid(strength - ${d} + 0.8) + 0.01)))::INTEGER END AS acq_${s.id}`;
  });
  return `CREATE OR REPLACE TEMP TABLE g_units AS
WITH base AS (
  SELECT i, i // ${UNITS_PER_COUNTY} AS c, ${h('i', '0', 'twn')} % ${TOWNSHIPS_PER_COUNTY} AS t
  FROM range(${nUnits}) r(i)
), kinded AS (
  SELECT *, CASE WHEN u01(${h('i', '0', 'kind')}) < (CASE t WHEN 0 THEN 0.4 WHEN 1 THEN 0.25 ELSE 0.08 END)
                 THEN 'community' ELSE 'village' END AS kind,
         gauss(${h('i', '0', 's1')}, ${h('i', '0', 's2')}) * 0.9 + gauss(${h('c * 64 + t', '0', 'k1')}, ${h('c * 64 + t', '0', 'k2')}) * 0.5 AS strength
  FROM base
)
SELECT i,
  printf('u%016x', ${h('i', '0', 'unit')}) AS unit_id,
  '示例' || (c + 1) || '县' AS county,
  -- township names are unique in the province (a real province repeats 城关镇 in many counties)
  ${list(TOWNSHIP_NAMES)}[(t + 1)::BIGINT] || lpad((c + 1)::VARCHAR, 3, '0') AS township,
  CASE kind WHEN 'community'
    THEN ${pickSql(COMMUNITY, h('i', '0', 'n1'))} || ${pickSql(STREET, h('i', '0', 'n2'))} || '社区'
    ELSE ${pickSql(FIRST, h('i', '0', 'n1'))} || ${pickSql(SECOND, h('i', '0', 'n2'))} || '村' END AS name,
  kind, strength,
  exp(2.3 + 0.7 * gauss(${h('i', '0', 'i1')}, ${h('i', '0', 'i2')})) AS income,
  ${acquire.join(',\n  ')},
  floor(ln(greatest(1e-12, 1 - u01(${h('i', '0', 'branch1')}))) / ln(1 - (0.04 + 0.12 * sigmoid(strength))))::INTEGER AS acq_branch
FROM kinded`;
}

/** unit × quarter → the normalized CSV columns, in NORMALIZED_CSV_COLUMNS order. */
function ratingsSelectSql(): string {
  const heldNonCapstone = (kind: UnitKind) =>
    starsFor(kind).filter((s) => s.id !== 'branch').map((s) => `q >= acq_${s.id}`).join(' AND ');
  const starExpr = (id: StarId, kinds: readonly UnitKind[]) => {
    const held = id === 'branch'
      ? `q >= acq_branch AND CASE kind ${(['village', 'community'] as UnitKind[])
          .map((k) => `WHEN ${str(k)} THEN ${heldNonCapstone(k)}`).join(' ')} END`
      : `q >= acq_${id}`;
    return `CASE WHEN kind IN (${kinds.map(str).join(', ')}) THEN (${held}) END`;
  };
  const stars = STARS.map((s) => `${starExpr(s.id, s.kinds)} AS ${s.id}`);
  const levelExpr = STARS.map((s) => `coalesce(${s.id}, false)::INTEGER`).join(' + ');
  const exprs: Record<string, string> = {
    unit_id: 'unit_id', county: 'county', township: 'township', name: 'name', kind: 'kind',
    year: 'year', quarter: 'quarter',
    ...Object.fromEntries(STARS.map((s) => [s.id, s.id])),
    level: 'level',
    target_level: 'least(5, greatest(3, level + 1))',
    weak_branch: `u01(${h('i', `year - ${FIRST_YEAR}`, 'weak')}) < CASE WHEN strength < -1 THEN 0.25 ELSE 0.01 END`,
    collective_income: `round(income * (1 + 0.03 * q) * (0.9 + 0.2 * u01(${h('i', 'q', 'inc')})), 1)`,
    score: `round(least(100, 60 + level * 6 + 10 * u01(${h('i', 'q', 'score')})), 1)`,
  };
  const cols = Object.keys(NORMALIZED_CSV_COLUMNS).map((k) => {
    if (!(k in exprs)) throw new Error(`bench generator has no expression for column ${k}`);
    return `${exprs[k]} AS ${k}`;
  });
  return `SELECT ${cols.join(',\n  ')}
FROM (
  SELECT *, ${levelExpr} AS level
  FROM (
    SELECT u.*, p.q, ${FIRST_YEAR} + p.q // 4 AS year, p.q % 4 + 1 AS quarter,
      ${stars.join(',\n      ')}
    FROM g_units u CROSS JOIN (SELECT range::INTEGER AS q FROM range(${QUARTERS})) p
  )
)
ORDER BY i, q`;
}

async function generateCsv(rows: number, dir: string): Promise<{ csv: string; ms: number }> {
  const t0 = performance.now();
  const nUnits = rows / QUARTERS;
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    for (const sql of [
      `CREATE TEMP MACRO u01(h) AS h / 18446744073709551615.0`,
      `CREATE TEMP MACRO sigmoid(x) AS 1 / (1 + exp(-x))`,
      `CREATE TEMP MACRO gauss(h1, h2) AS sqrt(-2 * ln(greatest(1e-12, 1 - u01(h1)))) * cos(2 * pi() * u01(h2))`,
      unitsSql(nUnits),
    ]) await conn.run(sql);
    const file = join(dir, `ratings-${rows}.csv`);
    await conn.run(`COPY (${ratingsSelectSql()}) TO ${str(file)} (HEADER true, DELIMITER ',')`);
    const csv = readFileSync(file, 'utf8');
    rmSync(file);
    return { csv, ms: performance.now() - t0 };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** What the loaded data looks like in its first and last period (to show it is plausible). */
async function profile(db: Database): Promise<Row[]> {
  return db.query(`SELECT year, quarter, count(*) AS units, count(DISTINCT county) AS counties,
      count(DISTINCT township) AS townships, avg((kind = 'community')::INTEGER) AS community_share,
      [${[0, 1, 2, 3, 4, 5].map((n) => `count(*) FILTER (WHERE level = ${n})`).join(', ')}] AS levels,
      avg((level >= 3)::INTEGER) AS share3
    FROM facts
    WHERE pidx = (SELECT min(pidx) FROM facts) OR pidx = (SELECT max(pidx) FROM facts)
    GROUP BY year, quarter ORDER BY year, quarter`);
}

// ---------------------------------------------------------------------------------------------
// Timing

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

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

// ---------------------------------------------------------------------------------------------
// Analysis views: the same view query answered from the summaries and from the raw rows

interface ViewContext {
  last: Period;
  first: Period;
  /** One county of the province (the app is used county by county). */
  county: string;
  /** Two villages and two communities of that county, for compare. */
  units: string[];
  lastYear: number;
  firstYear: number;
}

interface ViewSpec {
  name: string;
  scope: 'province' | 'county';
  build: (source: 'summary' | 'raw') => AnalysisQuery<unknown>;
}

async function viewContext(db: Database): Promise<ViewContext> {
  const periods = await db.query<{ year: number; quarter: number | null }>(PERIODS_SQL);
  const toP = (r: { year: number; quarter: number | null }): Period => ({ year: Number(r.year), quarter: r.quarter == null ? null : Number(r.quarter) });
  const last = toP(periods[periods.length - 1]);
  const first = toP(periods[0]);
  const [{ county }] = await db.query<{ county: string }>(`SELECT min(county) AS county FROM units`);
  const units = (await db.query<{ unit_id: string }>(`SELECT unit_id FROM (
      SELECT unit_id, kind, row_number() OVER (PARTITION BY kind ORDER BY unit_id) AS i FROM units WHERE county = ${str(String(county))})
    WHERE i <= 2 ORDER BY kind, unit_id`)).map((r) => String(r.unit_id));
  return { last, first, county: String(county), units, lastYear: last.year, firstYear: first.year };
}

function viewSpecs(c: ViewContext): ViewSpec[] {
  const county: AnalysisScope = { counties: [c.county] };
  const lastKey = periodKey(c.last);
  const yearAgo = periodKey({ year: c.last.year - 1, quarter: c.last.quarter });
  const pivot = (config: Parameters<typeof pivotQuery>[0]) => (source: 'summary' | 'raw') => pivotQuery(config, { source });
  return [
    { name: `pivot township×kind, levels+三星以上 ${lastKey}`, scope: 'county', build: pivot({
      rows: ['county', 'township'], columns: ['kind'], measures: [{ kind: 'units' }, { kind: 'levels' }, { kind: 'shareAtLeast' }],
      filters: { ...county, periods: [lastKey] } }) },
    { name: `pivot township×kind, levels+三星以上 ${lastKey}`, scope: 'province', build: pivot({
      rows: ['county', 'township'], columns: ['kind'], measures: [{ kind: 'units' }, { kind: 'levels' }, { kind: 'shareAtLeast' }],
      filters: { periods: [lastKey] } }) },
    { name: `pivot county×kind, levels+三星以上 ${lastKey}`, scope: 'province', build: pivot({
      rows: ['county'], columns: ['kind'], measures: [{ kind: 'units' }, { kind: 'levels' }, { kind: 'shareAtLeast' }],
      filters: { periods: [lastKey] } }) },
    { name: `pivot level×kind ${lastKey}`, scope: 'province', build: pivot({
      rows: ['level'], columns: ['kind'], measures: [{ kind: 'units' }, { kind: 'avgLevel' }, { kind: 'sum', column: 'collective_income' }],
      filters: { periods: [lastKey] } }) },
    { name: 'pivot star×quarter, rate/gained/lost (4 quarters)', scope: 'province', build: pivot({
      rows: ['star'], columns: ['period'], measures: [{ kind: 'starRate' }, { kind: 'starsGained' }, { kind: 'starsLost' }],
      filters: { from: yearAgo } }) },
    { name: `pivot township: stars gained/lost ${lastKey}`, scope: 'county', build: pivot({
      rows: ['township'], columns: [], measures: [{ kind: 'starsGained' }, { kind: 'starsLost' }, { kind: 'unitsUp' }, { kind: 'unitsDown' }],
      filters: { ...county, periods: [lastKey] } }) },
    { name: 'trend 三星以上 per township (lines)', scope: 'county', build: (source) => shareTrendQuery({ scope: county, source }) },
    { name: 'trend level distribution', scope: 'province', build: (source) => levelDistributionQuery({ source }) },
    { name: 'trend level distribution by year', scope: 'province', build: (source) => levelDistributionQuery({ source, cadence: 'year' }) },
    { name: 'trend star rates', scope: 'province', build: (source) => starRateTrendQuery({ source }) },
    { name: 'heatmap township×quarter 三星以上', scope: 'county', build: (source) => heatmapQuery(undefined, { scope: county, source }) },
    { name: 'heatmap township×quarter 三星以上', scope: 'province', build: (source) => heatmapQuery(undefined, { source }) },
    { name: `ranking townships ${lastKey} vs previous`, scope: 'county', build: (source) => townshipRankingQuery({ period: c.last, scope: county, source }) },
    { name: `ranking townships ${lastKey} vs previous`, scope: 'province', build: (source) => townshipRankingQuery({ period: c.last, source }) },
    { name: '红榜 top 10 townships by change', scope: 'province', build: (source) => townshipBoardQuery({ period: c.last, board: 'red', by: 'change', n: 10, source }) },
    { name: `进步星 ${periodKey(c.first)}→${lastKey} top 20`, scope: 'province', build: (source) => progressQuery({ from: c.first, to: c.last, limit: 20, source }) },
    { name: `降星 list ${lastKey}`, scope: 'county', build: (source) => demotionQuery({ period: c.last, scope: county, source }) },
    { name: `目标达成 by township ${lastKey}`, scope: 'province', build: (source) => targetByTownshipQuery({ period: c.last, source }) },
    { name: `below target units ${lastKey}`, scope: 'county', build: (source) => belowTargetQuery({ period: c.last, scope: county, source }) },
    { name: 'compare 4 units: radar', scope: 'county', build: (source) => unitRadarQuery(c.units, c.last, source) },
    { name: 'compare 4 units: history', scope: 'county', build: (source) => unitHistoryQuery(c.units, { source }) },
    { name: 'unit search "王" (first 20)', scope: 'province', build: () => unitSearchQuery('王') },
    { name: `year over year ${c.firstYear}→${c.lastYear}`, scope: 'county', build: (source) => yearOverYearQuery({ yearA: c.firstYear, yearB: c.lastYear, scope: county, source }) },
  ];
}

/** Nearest-rank percentile. */
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)];
}

/** Reader output in a comparable form (floats to 9 significant digits). */
function plainView(v: unknown): unknown {
  if (typeof v === 'number' && !Number.isInteger(v)) return Number(v.toPrecision(9));
  if (Array.isArray(v)) return v.map(plainView);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainView(x)]));
  return v;
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
      const raw = await e.db.query(q.sql);
      const value = q.read(raw);
      const ms = performance.now() - t0;
      results[`${source}:${e.key}`] = value;
      resultRows[source] = raw.length;
      return ms;
    });
    const summary = await one('summary', VIEW_RUNS);
    const raw = await one('raw', VIEW_RAW_RUNS);
    // A pivot's reader output names its plan (summary or raw); compare the figures only.
    const figures = (v: unknown) => (v && typeof v === 'object' && 'plan' in v ? orderPivotRows(v as PivotResult) : v);
    const norm = (k: string) => JSON.stringify(plainView(figures(results[k])));
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

  try {
    log('opening engines…');
    const version = async (db: Database) => String((await db.query<{ v: string }>('SELECT version() AS v'))[0].v);
    const threads = async (db: Database) => String((await db.query<{ t: unknown }>(`SELECT current_setting('threads') AS t`))[0].t);
    const t0 = performance.now();
    const wasm = await openNodeDuckDB();
    const wasmOpenMs = performance.now() - t0;
    engines.push({ key: 'wasm', label: 'wasm', db: wasm, version: await version(wasm) });
    const native = await openNativeDuckDB();
    engines.push({ key: 'native', label: `native (${await threads(native)} threads)`, db: native, version: await version(native) });
    const native1t = await openNativeDuckDB({ threads: '1' });
    engines.push({ key: 'native1t', label: 'native·1t', db: native1t, version: await version(native1t) });
    log(`wasm DuckDB ${engines[0].version} (opened in ${wasmOpenMs.toFixed(0)} ms), native DuckDB ${engines[1].version}`);

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
      const lr = await timeLoad(engines, csv, plan);
      for (const e of engines) {
        load.samples[e.key] = lr.samples[e.key];
        load.median[e.key] = median(lr.samples[e.key]!);
        load.registerMedian![e.key] = median(lr.registers[e.key]!);
      }
      measurements.push(load);
      profiles.push({ rows: plan.rows, periods: await profile(engines[1].db) });

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
        const r = await timeQuery(engines, sql);
        const inEngine = await timeInEngine(engines, sql);
        for (const e of engines) {
          m.samples[e.key] = r.samples[e.key];
          m.median[e.key] = median(r.samples[e.key]!);
          m.inEngineMedian![e.key] = median(inEngine[e.key]!);
        }
        const results = engines.map((e) => normalize(r.results[e.key]!));
        m.resultRows = r.results.wasm!.length;
        m.sameResult = results.every((x) => x === results[0]);
        measurements.push(m);
      }

      // ---- analysis summaries and views
      log(`${fmtRows(plan.rows)}: refreshSummaries…`);
      const refreshRuns = plan.rows >= 1_000_000 ? 2 : 3;
      const refresh = await rounds(engines, 0, refreshRuns, async (e) => {
        const t0 = performance.now();
        await refreshSummaries(e.db);
        return performance.now() - t0;
      });
      const refreshM: Measurement = { rows: plan.rows, op: 'refreshSummaries (part of load)', runs: refreshRuns, warmup: 0, median: {}, samples: refresh };
      for (const e of engines) refreshM.median[e.key] = median(refresh[e.key]!);
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
      `native = @duckdb/node-api DuckDB ${engines[1].version} (${engines[1].label.replace(/^native \(|\)$/g, '')}); native·1t = same, threads=1`);
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
    const vHeader = ['rows', 'view', 'scope', 'out', 'sum p50', 'sum p95', 'native p50', 'wasm/native', 'raw p50', 'raw native', 'raw/sum', 'same'];
    const vBody: string[][] = [];
    const byKey = new Map(viewMeasurements.map((m) => [`${m.rows}|${m.view}|${m.scope}|${m.source}`, m]));
    for (const m of viewMeasurements.filter((x) => x.source === 'summary')) {
      const r = byKey.get(`${m.rows}|${m.view}|${m.scope}|raw`);
      const ratio = (a?: number, b?: number) => (a != null && b ? `${(a / b).toFixed(1)}×` : '—');
      vBody.push([
        fmtRows(m.rows), m.view + (m.answeredFrom === 'raw' ? ' [raw]' : ''), m.scope, String(m.resultRows),
        fmtMs(m.median.wasm), fmtMs(m.p95.wasm), fmtMs(m.median.native), ratio(m.median.wasm, m.median.native),
        fmtMs(r?.median.wasm), fmtMs(r?.median.native), ratio(r?.median.wasm, m.median.wasm),
        m.sameAsRaw && m.enginesAgree ? 'yes' : `NO${m.sameAsRaw ? '' : ' (raw)'}${m.enginesAgree ? '' : ' (engines)'}`,
      ]);
    }
    out.push('');
    out.push('  sum = from the summaries, wasm; raw = the same view from the live rows; raw/sum = how much the summaries save (wasm)');
    out.push(renderTable(vHeader, vBody, [true, false, false, true, true, true, true, true, true, true, true, false]));
    const vMax = Math.max(...viewMeasurements.map((m) => m.rows));
    const vAtMax = viewMeasurements.filter((m) => m.rows === vMax && m.source === 'summary');
    const vMisses = vAtMax.filter((m) => m.p95.wasm! > VIEW_TARGET_P95_MS);
    out.push('');
    out.push(`view target: at ${fmtRows(vMax)} rows every view query p95 ≤ ${VIEW_TARGET_P95_MS} ms in wasm (Node worker; Chromium not measured here): ` +
      `${vAtMax.length - vMisses.length} of ${vAtMax.length} meet it` +
      (vMisses.length ? `; misses: ${vMisses.map((m) => `${m.view} (${m.scope}) ${fmtMs(m.p95.wasm)} ms`).join('; ')}` : ''));
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
