/**
 * Synthetic province-sized data for the benchmarks (npm run bench, npm run bench:chromium):
 * ratings of units × 20 quarters generated with SQL in a throwaway native DuckDB and
 * exported as the normalized CSV the app loads (shared/load.ts loadNormalizedCsv), plus
 * native DuckDB (@duckdb/node-api) in the shape of shared/db.ts's Database. Node only.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { OFFLINE_SETTINGS, type Database, type Row } from '../shared/db.ts';
import { NORMALIZED_CSV_COLUMNS } from '../shared/sql/schema.ts';
import { str } from '../shared/sql/literal.ts';
import { STARS, starsFor, type StarId, type UnitKind } from '../shared/stars.ts';
import { SUMMARY_TABLES } from '../shared/analysis/summaries.ts';

export const QUARTERS = 20; // 2021Q1 – 2025Q4
export const FIRST_YEAR = 2021;
export const UNITS_PER_COUNTY = 500; // ≈ 30 townships × ~17 units
export const TOWNSHIPS_PER_COUNTY = 30;

/**
 * Native DuckDB in the shape of shared/db.ts's Database. registerFileText writes the text
 * to a private temp directory that is on DuckDB's file_search_path, so read_csv('<name>')
 * resolves exactly as it does against duckdb-wasm's virtual file system.
 */
export async function openNativeDuckDB(options: Record<string, string> = {}): Promise<Database> {
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

export async function resetSchema(db: Database): Promise<void> {
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

export async function generateCsv(rows: number, dir: string): Promise<{ csv: string; ms: number }> {
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
export async function profile(db: Database): Promise<Row[]> {
  return db.query(`SELECT year, quarter, count(*) AS units, count(DISTINCT county) AS counties,
      count(DISTINCT township) AS townships, avg((kind = 'community')::INTEGER) AS community_share,
      [${[0, 1, 2, 3, 4, 5].map((n) => `count(*) FILTER (WHERE level = ${n})`).join(', ')}] AS levels,
      avg((level >= 3)::INTEGER) AS share3
    FROM facts
    WHERE pidx = (SELECT min(pidx) FROM facts) OR pidx = (SELECT max(pidx) FROM facts)
    GROUP BY year, quarter ORDER BY year, quarter`);
}
