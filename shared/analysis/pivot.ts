/**
 * The pivot (透视): a perspective-style configuration (plain JSON: rows, columns, filters,
 * measures, sort) turned into one DuckDB query with GROUPING SETS for row and column
 * totals, answered from the summaries when every dimension and measure allows it and
 * from the live rows otherwise; and the long result shaped into a flat table with
 * column header groups, which AG Grid community shows without its enterprise pivot.
 */
import type { Row } from '../db.ts';
import type { Filter } from '../filter.ts';
import { comparePeriods, parsePeriodKey, periodKey, periodLabel } from '../period.ts';
import { int, str, strList } from '../sql/literal.ts';
import { KIND_NAMES, LEVEL_NAMES, STAR_IDS, STARS, starById, type StarId, type UnitKind } from '../stars.ts';
import {
  type AnalysisQuery, type AnalysisScope, appliesSql, num, pk, prevPkSql, scopeSql, whereSql,
} from './common.ts';
import {
  DEFAULT_MEASURE, formulaOfColumn, type Grain, type MeasureFormat, type MeasureSpec, type SourceId,
  valueColumns, type ValueColumn, valueSql,
} from './measures.ts';

export type Dim =
  | 'county' | 'township' | 'unit' | 'kind' | 'year' | 'quarter' | 'period'
  | 'star' | 'level' | 'target_level' | 'weak_branch';

export const DIMS: readonly Dim[] = [
  'county', 'township', 'unit', 'kind', 'year', 'quarter', 'period', 'star', 'level', 'target_level', 'weak_branch',
];

export const DIM_LABELS: Record<Dim, string> = {
  county: '县（市、区）', township: '乡镇（街道）', unit: '村（社区）', kind: '类型', year: '年度',
  quarter: '季度', period: '期次', star: '星类', level: '星级', target_level: '创建目标', weak_branch: '软弱涣散',
};

/**
 * Which periods count. `all`: every rating as it is; `quarter`: quarterly ratings only;
 * `year`: one value per unit and year — the annual rating, or Q4 when there is none —
 * and changes compare with the previous year.
 */
export type Cadence = 'all' | 'quarter' | 'year';

export interface PivotFilters extends AnalysisScope {
  /** Period keys ("2024Q3", "2024"); in yearly cadence only the year counts. */
  periods?: string[];
  /** Inclusive period range (keys). */
  from?: string;
  to?: string;
  /** Star categories; filtering by star makes every row a unit × star row. */
  stars?: StarId[];
  levels?: number[];
  weakBranch?: boolean | null;
  /** Specific units (unit-level detail: answered from the live rows). */
  unitIds?: string[];
}

export type PivotSort =
  /** Siblings by a value column (ValueColumn.key) in one column (PivotLeafColumn.columnKey) or, by default, the totals column. */
  | { value: string; columnKey?: string; desc?: boolean }
  /** Siblings by a row dimension's natural order. */
  | { dim: Dim; desc?: boolean };

export interface PivotConfig {
  rows: Dim[];
  columns: Dim[];
  filters?: PivotFilters;
  measures: MeasureSpec[];
  cadence?: Cadence;
  /** Row totals: a subtotal per row group (default), only the grand total, or none; column totals on/off (default on). */
  totals?: { rows?: 'subtotals' | 'grand' | 'none'; columns?: boolean };
  sort?: PivotSort;
}

export type DimValue = string | number | boolean | null;

/** The global filter (shared/filter.ts) as pivot filters: its townships, kind and period. */
export function pivotFiltersFromFilter(f: Filter): PivotFilters {
  return {
    townships: [...f.townships],
    kind: f.kind,
    ...(f.period ? { periods: [periodKey(f.period)] } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Planning: which source answers

const LEVEL_DIMS: readonly Dim[] = ['level', 'target_level', 'weak_branch'];
const STAR_GRAIN_MEASURES = new Set<MeasureSpec['kind']>(['units', 'starRate', 'starsGained', 'starsLost']);

export interface PivotPlan {
  source: 'summary' | 'raw';
  from: SourceId;
  grain: Grain;
  /** Why the live rows are needed, when they are (Chinese, for a tooltip). */
  reason?: string;
}

function dimsOf(config: PivotConfig): Dim[] {
  return [...config.rows, ...config.columns];
}

function measuresOf(config: PivotConfig): MeasureSpec[] {
  return config.measures.length ? config.measures : [DEFAULT_MEASURE];
}

export function validatePivot(config: PivotConfig): void {
  const seen = new Set<Dim>();
  for (const d of dimsOf(config)) {
    if (!DIMS.includes(d)) throw new Error(`未知的维度: ${d}`);
    if (seen.has(d)) throw new Error(`维度重复: ${DIM_LABELS[d]}`);
    seen.add(d);
  }
  const f = config.filters ?? {};
  for (const s of f.stars ?? []) if (!STAR_IDS.includes(s)) throw new Error(`未知的星: ${s}`);
  for (const l of f.levels ?? []) int(l);
  for (const p of [...(f.periods ?? []), ...(f.from ? [f.from] : []), ...(f.to ? [f.to] : [])]) {
    if (!parsePeriodKey(p)) throw new Error(`无法识别的期次: ${p}`);
  }
  if (config.cadence && !['all', 'quarter', 'year'].includes(config.cadence)) throw new Error(`未知的期次口径: ${config.cadence}`);
}

/** The grain, and the summary that could answer (before checking measures). */
export function pivotPlan(config: PivotConfig): PivotPlan {
  validatePivot(config);
  const dims = dimsOf(config);
  const f = config.filters ?? {};
  const grain: Grain = dims.includes('star') || (f.stars?.length ?? 0) > 0 ? 'star' : 'unit';
  const raw: SourceId = grain === 'star' ? 'raw-star' : 'raw-unit';
  const rawPlan = (reason: string): PivotPlan => ({ source: 'raw', from: raw, grain, reason });
  if (dims.includes('unit') || (f.unitIds?.length ?? 0) > 0) return rawPlan('按单个村（社区）查看明细');
  const levelDims = dims.some((d) => LEVEL_DIMS.includes(d)) || (f.levels?.length ?? 0) > 0 || f.weakBranch != null;
  let cube: SourceId;
  if (grain === 'star') {
    if (levelDims) return rawPlan('星类与星级、目标或软弱涣散同时分组');
    const other = measuresOf(config).find((m) => !STAR_GRAIN_MEASURES.has(m.kind));
    if (other) return rawPlan('按星类分组时该指标需逐条计算');
    cube = 'cube_star';
  } else {
    cube = levelDims ? 'cube_level' : 'cube_township';
  }
  const yearly = config.cadence === 'year';
  for (const col of valueColumns(measuresOf(config))) {
    if (valueSql(cube, formulaOfColumn(measuresOf(config), col, grain), yearly) == null) {
      return rawPlan(`汇总表不含该指标: ${col.label}`);
    }
  }
  return { source: 'summary', from: cube, grain };
}

/** Whether the pivot is answered from the summaries or from the live rows. */
export function pivotSource(config: PivotConfig): 'summary' | 'raw' {
  return pivotPlan(config).source;
}

// ---------------------------------------------------------------------------------------------
// SQL

const CHANGE_COMPONENT = /^(with_prev|gained|lost|up|down|gain_.*|lose_.*)$/;

/**
 * The period dimension groups by an integer (pk, or the year in yearly cadence) — much
 * cheaper than grouping by its text — and the key text ("2024Q3", "2024") is made from it.
 */
function periodKeySql(cadence: Cadence): string {
  return cadence === 'year'
    ? `CAST(d_pk AS VARCHAR)`
    : `CAST(d_pk // 10 AS VARCHAR) || CASE WHEN d_pk % 10 = 5 THEN '' ELSE 'Q' || CAST(d_pk % 10 AS VARCHAR) END`;
}

/** Column expressions of each dimension (the same column names exist in every source). */
function dimColumns(d: Dim, cadence: Cadence): Array<[alias: string, expr: string]> {
  switch (d) {
    case 'township': return [['d_tcounty', 'county'], ['d_township', 'township']];
    case 'unit': return [['d_unit', 'unit_id']];
    case 'period': return [['d_pk', cadence === 'year' ? 'year' : 'pk']];
    case 'weak_branch': return [['d_weak_branch', 'weak_branch']];
    default: return [[`d_${d}`, d]];
  }
}

const groupAlias = (d: Dim) => (d === 'township' ? 'd_township' : d === 'period' ? 'd_pk' : `d_${d}`);

function filterConditions(f: PivotFilters, cadence: Cadence, grain: Grain): string[] {
  const out: string[] = [];
  const yearly = cadence === 'year';
  if (f.periods && f.periods.length) {
    const ps = f.periods.map((k) => parsePeriodKey(k)!);
    out.push(yearly
      ? `year IN (${[...new Set(ps.map((p) => p.year))].map(int).join(', ')})`
      : `pk IN (${ps.map((p) => int(pk(p))).join(', ')})`);
  }
  if (f.from) {
    const p = parsePeriodKey(f.from)!;
    out.push(yearly ? `year >= ${int(p.year)}` : `pk >= ${int(pk(p))}`);
  }
  if (f.to) {
    const p = parsePeriodKey(f.to)!;
    out.push(yearly ? `year <= ${int(p.year)}` : `pk <= ${int(pk(p))}`);
  }
  if (grain === 'star' && f.stars && f.stars.length) out.push(`star IN ${strList(f.stars)}`);
  if (f.levels && f.levels.length) out.push(`level IN (${f.levels.map(int).join(', ')})`);
  if (f.weakBranch != null) out.push(`coalesce(weak_branch, false) = ${f.weakBranch ? 'true' : 'false'}`);
  if (f.unitIds && f.unitIds.length) out.push(`unit_id IN ${strList(f.unitIds)}`);
  return out;
}

function cadenceCondition(cadence: Cadence): string[] {
  if (cadence === 'quarter') return ['quarter IS NOT NULL'];
  if (cadence === 'year') return ['yv'];
  return [];
}

const STAR_KIND_PAIRS = STARS.flatMap((s) => s.kinds.map((k) => `(${str(s.id)}, ${str(k)})`)).join(', ');

/**
 * The live rows as a relation with the columns the raw components read: one row per unit
 * and period (or per unit, period and applicable star), with the previous rating's
 * gained / lost flags computed here by a self-join — independent of the summaries.
 */
export function rawRelationSql(opts: { grain: Grain; cadence: Cadence; scope: AnalysisScope; changes: boolean }): string {
  const { grain, cadence, scope, changes } = opts;
  const yearly = cadence === 'year';
  const needYv = yearly;
  const base = `SELECT unit_id, county, township, name, kind, year, quarter, ${STAR_IDS.join(', ')},
      level, target_level, weak_branch, collective_income, score,
      year * 10 + coalesce(quarter, 5) AS pk${needYv ? `,
      (quarter IS NULL OR (quarter = 4 AND
        count(*) FILTER (WHERE quarter IS NULL) OVER (PARTITION BY unit_id, year) = 0)) AS yv` : ''}
    FROM facts ${whereSql([...scopeSql(scope), ...(cadence === 'quarter' ? ['quarter IS NOT NULL'] : [])])}`;
  const f0 = yearly ? `SELECT * FROM (${base}) WHERE yv` : base;
  let rel: string;
  if (changes) {
    const on = yearly ? `p.unit_id = c.unit_id AND p.year = c.year - 1` : `p.unit_id = c.unit_id AND p.pk = ${prevPkSql('c')}`;
    const flags = STAR_IDS.flatMap((s) => {
      const app = appliesSql(s, 'c');
      return [
        `(p.unit_id IS NOT NULL AND ${app} AND coalesce(c.${s}, false) AND NOT coalesce(p.${s}, false)) AS g_${s}`,
        `(p.unit_id IS NOT NULL AND ${app} AND coalesce(p.${s}, false) AND NOT coalesce(c.${s}, false)) AS l_${s}`,
      ];
    });
    rel = `WITH f0 AS (${f0})
  SELECT c.*, p.unit_id IS NOT NULL AS has_prev, p.level AS prev_level,
    ${flags.join(',\n    ')}
  FROM f0 c LEFT JOIN f0 p ON ${on}`;
  } else {
    rel = f0;
  }
  if (grain === 'unit') return rel;
  const pick = (prefix: string, fallback: string) =>
    `CASE s.star ${STAR_IDS.map((id) => `WHEN ${str(id)} THEN ${prefix}${id}`).join(' ')} ELSE ${fallback} END`;
  return `SELECT r.*, s.star,
    coalesce(${pick('r.', 'NULL')}, false) AS earned${changes ? `,
    ${pick('r.g_', 'false')} AS s_gained,
    ${pick('r.l_', 'false')} AS s_lost` : ''}
  FROM (${rel}) r JOIN (VALUES ${STAR_KIND_PAIRS}) s(star, skind) ON s.skind = r.kind`;
}

export interface PivotSqlOptions {
  /** auto (default): summaries when possible; raw: always the live rows; summary: fail when impossible. */
  source?: 'auto' | 'summary' | 'raw';
}

interface BuiltPivot {
  sql: string;
  plan: PivotPlan;
  columns: ValueColumn[];
}

function buildPivot(config: PivotConfig, opts: PivotSqlOptions = {}): BuiltPivot {
  let plan = pivotPlan(config);
  if (opts.source === 'summary' && plan.source !== 'summary') {
    throw new Error(`该透视无法由汇总表回答: ${plan.reason}`);
  }
  if (opts.source === 'raw' && plan.source !== 'raw') {
    plan = { source: 'raw', from: plan.grain === 'star' ? 'raw-star' : 'raw-unit', grain: plan.grain, reason: '指定逐条计算' };
  }
  const cadence = config.cadence ?? 'all';
  const yearly = cadence === 'year';
  const measures = measuresOf(config);
  const columns = valueColumns(measures);
  const formulas = columns.map((c) => formulaOfColumn(measures, c, plan.grain));
  const f = config.filters ?? {};
  const dims = dimsOf(config);

  let relation: string;
  const conditions = filterConditions(f, cadence, plan.grain);
  if (plan.source === 'raw') {
    const changes = formulas.some((fm) => fm.components.some((c) => CHANGE_COMPONENT.test(c)));
    relation = `(${rawRelationSql({ grain: plan.grain, cadence, scope: f, changes })})`;
  } else {
    relation = plan.from;
    conditions.unshift(...scopeSql(f), ...cadenceCondition(cadence));
  }

  const dimSelect = dims.flatMap((d) => dimColumns(d, cadence)).map(([a, e]) => `${e} AS ${a}`);
  const inner = `SELECT *${dimSelect.length ? `, ${dimSelect.join(', ')}` : ''} FROM ${relation} ${whereSql(conditions)}`;

  // Grouping sets: row prefixes (subtotals) × {all column dims, none} (column totals).
  const totals = config.totals ?? {};
  const rowMode = totals.rows ?? 'subtotals';
  const R = config.rows;
  const C = config.columns;
  const rowSets: Dim[][] = rowMode === 'none' || R.length === 0 ? [R]
    : rowMode === 'grand' ? [R, []]
      : Array.from({ length: R.length + 1 }, (_, i) => R.slice(0, R.length - i));
  const colSets: Dim[][] = C.length && totals.columns !== false ? [C, []] : [C];
  const seen = new Set<string>();
  const sets: string[] = [];
  for (const rs of rowSets) {
    for (const cs of colSets) {
      const cols = [...rs, ...cs].flatMap((d) => dimColumns(d, cadence).map(([a]) => a));
      const key = cols.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      sets.push(`(${cols.join(', ')})`);
    }
  }

  const select: string[] = [];
  for (const d of dims) {
    for (const [a] of dimColumns(d, cadence)) select.push(a);
    if (d === 'period') select.push(`CASE WHEN grouping(d_pk) = 0 THEN ${periodKeySql(cadence)} END AS d_period`);
    select.push(`grouping(${groupAlias(d)}) AS g_${d}`);
  }
  if (dims.includes('unit')) {
    for (const [a, c] of [['unit_name', 'name'], ['unit_township', 'township'], ['unit_county', 'county'], ['unit_kind', 'kind']]) {
      select.push(`CASE WHEN grouping(d_unit) = 0 THEN any_value(${c}) END AS ${a}`);
    }
  }
  columns.forEach((c, i) => {
    const sql = valueSql(plan.from, formulas[i], yearly);
    if (sql == null) throw new Error(`该来源无法计算: ${c.label}`);
    select.push(`${sql} AS ${c.key}`);
  });
  // No ORDER BY: sorting tens of thousands of result rows by text costs more in wasm than
  // the aggregation; shapePivot orders rows and columns itself (orderPivotRows for the long form).
  const sql = `SELECT ${select.join(',\n  ')}
FROM (${inner}) q
GROUP BY GROUPING SETS (${sets.join(', ')})`;
  return { sql, plan, columns };
}

/** The pivot's SQL (see PivotSqlOptions for forcing a source). */
export function pivotSql(config: PivotConfig, opts: PivotSqlOptions = {}): string {
  return buildPivot(config, opts).sql;
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface PivotRow {
  /** Dimension values; township holds the name, its county is in `townshipCounty`. */
  dims: Partial<Record<Dim, DimValue>>;
  /** true where the dimension is rolled up (a total over it). */
  rolled: Partial<Record<Dim, boolean>>;
  townshipCounty?: string | null;
  unit?: { name: string | null; township: string | null; county: string | null; kind: UnitKind | null };
  values: Record<string, number | null>;
}

export interface PivotResult {
  config: PivotConfig;
  plan: PivotPlan;
  columns: ValueColumn[];
  rows: PivotRow[];
}

function readDimValue(d: Dim, v: unknown): DimValue {
  if (v == null) return null;
  switch (d) {
    case 'year': case 'quarter': case 'level': case 'target_level': return Number(v);
    case 'weak_branch': return Boolean(v);
    default: return String(v);
  }
}

export function readPivot(rows: Row[], config: PivotConfig, plan: PivotPlan, columns: ValueColumn[]): PivotResult {
  const dims = dimsOf(config);
  return {
    config,
    plan,
    columns,
    rows: rows.map((r) => {
      const out: PivotRow = { dims: {}, rolled: {}, values: {} };
      for (const d of dims) {
        const rolled = num(r[`g_${d}`]) === 1;
        out.rolled[d] = rolled;
        out.dims[d] = rolled ? null : readDimValue(d, r[d === 'period' ? 'd_period' : groupAlias(d)]);
        if (d === 'township') out.townshipCounty = rolled || r.d_tcounty == null ? null : String(r.d_tcounty);
        if (d === 'unit' && !rolled) {
          const s = (k: string) => (r[k] == null ? null : String(r[k]));
          out.unit = { name: s('unit_name'), township: s('unit_township'), county: s('unit_county'), kind: s('unit_kind') as UnitKind | null };
        }
      }
      for (const c of columns) out.values[c.key] = r[c.key] == null ? null : Number(r[c.key]);
      return out;
    }),
  };
}

/**
 * The long result in natural order: by each dimension (rows, then columns), totals after
 * the values they total, values in their natural order (pinyin, periods, levels).
 */
export function orderPivotRows(result: PivotResult): PivotRow[] {
  const dims = dimsOf(result.config);
  return [...result.rows].sort((a, b) => {
    for (const d of dims) {
      const ra = a.rolled[d] ? 1 : 0;
      const rb = b.rolled[d] ? 1 : 0;
      if (ra !== rb) return ra - rb;
      const c = compareDimValues(d, a.dims[d] ?? null, b.dims[d] ?? null)
        || (d === 'township' ? compareDimValues('county', a.townshipCounty ?? null, b.townshipCounty ?? null) : 0);
      if (c) return c;
    }
    return 0;
  });
}

/** SQL plus reader, for the query coordinator. */
export function pivotQuery(config: PivotConfig, opts: PivotSqlOptions = {}): AnalysisQuery<PivotResult> {
  const built = buildPivot(config, opts);
  return {
    sql: built.sql,
    source: built.plan.source,
    read: (rows) => readPivot(rows, config, built.plan, built.columns),
  };
}

// ---------------------------------------------------------------------------------------------
// Shaping for AG Grid community (no enterprise pivot): header groups per column value

export interface PivotLeafColumn {
  colId: string;
  headerName: string;
  /** 'dim' columns hold row-dimension labels; 'value' columns hold numbers. */
  role: 'dim' | 'value';
  dim?: Dim;
  valueKey?: string;
  format?: MeasureFormat;
  /** Column-dimension values of this column (empty for the totals column). */
  columnPath?: DimValue[];
  /** Identifies the column-dimension combination ('total' for the totals column); use it in PivotSort. */
  columnKey?: string;
  isTotal?: boolean;
}

export interface PivotColumnGroup {
  groupId: string;
  headerName: string;
  dim?: Dim;
  isTotal?: boolean;
  children: PivotColumnDef[];
}

export type PivotColumnDef = PivotColumnGroup | PivotLeafColumn;

export interface PivotTableRow {
  id: string;
  parentId: string | null;
  /** cell: a full combination of row dims; subtotal: a row group; total: the grand total. */
  kind: 'cell' | 'subtotal' | 'total';
  /** Number of row dimensions fixed in this row (0 for the grand total). */
  depth: number;
  /** Row-dimension values, one per fixed row dimension. */
  path: DimValue[];
  /** Display labels of the row dimensions (subtotal rows: '小计' after the fixed ones). */
  labels: string[];
  townshipCounty?: string | null;
  unit?: PivotRow['unit'];
  /** colId → value: row-dimension columns hold labels, value columns numbers. */
  cells: Record<string, string | number | null>;
}

export interface PivotTable {
  rowDims: Dim[];
  columnDims: Dim[];
  valueColumns: ValueColumn[];
  columnDefs: PivotColumnDef[];
  /** Every leaf value column in display order (convenient for exports). */
  leaves: PivotLeafColumn[];
  rows: PivotTableRow[];
}

const TOTAL_LABEL = '合计';
const SUBTOTAL_LABEL = '小计';

/** Chinese label of a dimension value. */
export function dimValueLabel(d: Dim, v: DimValue): string {
  if (d === 'weak_branch') return v == null ? '未标注' : v ? '软弱涣散' : '非软弱涣散';
  if (v == null) {
    switch (d) {
      case 'quarter': return '年度';
      case 'target_level': return '未设目标';
      default: return '（空）';
    }
  }
  switch (d) {
    case 'kind': return KIND_NAMES[v as UnitKind] ?? String(v);
    case 'year': return `${v}年`;
    case 'quarter': return `第${'一二三四'[Number(v) - 1] ?? v}季度`;
    case 'period': {
      const p = parsePeriodKey(String(v));
      return p ? periodLabel(p) : String(v);
    }
    case 'star': return STAR_IDS.includes(v as StarId) ? starById(v as StarId).name : String(v);
    case 'level': case 'target_level': return LEVEL_NAMES[Number(v)] ?? String(v);
    default: return String(v);
  }
}

const collator = new Intl.Collator('zh-Hans-CN');

/** Natural order of a dimension's values (nulls last). */
export function compareDimValues(d: Dim, a: DimValue, b: DimValue): number {
  if (a === b) return 0;
  if (a == null) return 1;
  if (b == null) return -1;
  switch (d) {
    case 'period': {
      const pa = parsePeriodKey(String(a));
      const pb = parsePeriodKey(String(b));
      return pa && pb ? comparePeriods(pa, pb) : collator.compare(String(a), String(b));
    }
    case 'star': return STAR_IDS.indexOf(a as StarId) - STAR_IDS.indexOf(b as StarId);
    case 'kind': return a === 'village' ? -1 : 1;
    case 'year': case 'quarter': case 'level': case 'target_level': return Number(a) - Number(b);
    case 'weak_branch': return a ? 1 : -1;
    default: return collator.compare(String(a), String(b));
  }
}

function keyPart(d: Dim, r: PivotRow): unknown {
  return d === 'township' ? [r.townshipCounty ?? null, r.dims.township ?? null] : r.dims[d] ?? null;
}

function valueKey(d: Dim, r: PivotRow): string {
  return JSON.stringify(keyPart(d, r));
}

/**
 * The long pivot result as a flat table: row-dimension columns, then one header group per
 * column-dimension value (nested for several column dims) with one leaf per value column,
 * then the totals group. Rows come in tree order: a subtotal row heads its group, the
 * grand total comes last; `parentId` lets the grid collapse and expand groups.
 */
export function shapePivot(result: PivotResult | PivotRow[], configArg?: PivotConfig): PivotTable {
  const rowsIn = Array.isArray(result) ? result : result.rows;
  const config = Array.isArray(result) ? configArg! : result.config;
  const columns = Array.isArray(result) ? valueColumns(measuresOf(config)) : result.columns;
  const R = config.rows;
  const C = config.columns;

  // Townships whose name occurs in several counties are labelled with their county
  // (unless the county is a dimension of its own).
  const countiesByTownship = new Map<string, Set<string | null>>();
  for (const r of rowsIn) {
    if (r.dims.township != null) {
      const set = countiesByTownship.get(String(r.dims.township)) ?? new Set();
      set.add(r.townshipCounty ?? null);
      countiesByTownship.set(String(r.dims.township), set);
    }
  }
  const label = (d: Dim, r: PivotRow): string => {
    if (d === 'unit') return r.unit?.name ?? String(r.dims.unit ?? '');
    const base = dimValueLabel(d, r.dims[d] ?? null);
    const countyShown = R.includes('county') || C.includes('county');
    if (d === 'township' && !countyShown && (countiesByTownship.get(base)?.size ?? 0) > 1) return `${base}（${r.townshipCounty ?? '未填县'}）`;
    return base;
  };

  // ---- columns
  const isColTotal = (r: PivotRow) => C.length > 0 && C.every((d) => r.rolled[d]);
  const isColCell = (r: PivotRow) => C.every((d) => !r.rolled[d]);
  const colKeyOf = (r: PivotRow) => (isColTotal(r) ? 'total' : JSON.stringify(C.map((d) => keyPart(d, r))));
  const colIdOf = (colKey: string, vk: string) => (colKey === 'total' ? `t:${vk}` : C.length ? `c:${colKey}:${vk}` : `v:${vk}`);

  interface ColNode { key: string; dim: Dim; value: DimValue; label: string; children: Map<string, ColNode>; sample: PivotRow }
  const colRoot = new Map<string, ColNode>();
  const colKeys = new Map<string, PivotRow>();
  for (const r of rowsIn) {
    if (!C.length || !isColCell(r)) continue;
    const k = colKeyOf(r);
    if (!colKeys.has(k)) colKeys.set(k, r);
    let level = colRoot;
    C.forEach((d, i) => {
      const vk = valueKey(d, r);
      let node = level.get(vk);
      if (!node) {
        node = { key: JSON.stringify(C.slice(0, i + 1).map((dd) => keyPart(dd, r))), dim: d, value: r.dims[d] ?? null, label: label(d, r), children: new Map(), sample: r };
        level.set(vk, node);
      }
      level = node.children;
    });
  }
  const hasColTotals = C.length > 0 && rowsIn.some(isColTotal);
  const sortNodes = (nodes: Iterable<ColNode>) => [...nodes].sort((a, b) => compareDimValues(a.dim, a.value, b.value)
    || collator.compare(a.label, b.label));

  const leaves: PivotLeafColumn[] = [];
  const valueLeaves = (colKey: string, path: DimValue[], isTotal: boolean): PivotLeafColumn[] => columns.map((c) => {
    const leaf: PivotLeafColumn = {
      colId: colIdOf(colKey, c.key), headerName: c.label, role: 'value', valueKey: c.key, format: c.format, columnPath: path,
      ...(C.length ? { columnKey: colKey } : {}),
      ...(isTotal ? { isTotal: true } : {}),
    };
    leaves.push(leaf);
    return leaf;
  });
  const buildGroups = (nodes: Map<string, ColNode>, path: DimValue[]): PivotColumnDef[] => sortNodes(nodes.values()).map((n) => {
    const p = [...path, n.value];
    const children = n.children.size ? buildGroups(n.children, p) : valueLeaves(n.key, p, false);
    return { groupId: `g:${n.key}`, headerName: n.label, dim: n.dim, children };
  });

  const dimLeaves: PivotLeafColumn[] = R.map((d, i) => ({ colId: `r${i}`, headerName: DIM_LABELS[d], role: 'dim', dim: d }));
  const columnDefs: PivotColumnDef[] = [...dimLeaves];
  if (C.length) {
    columnDefs.push(...buildGroups(colRoot, []));
    if (hasColTotals) columnDefs.push({ groupId: 'g:total', headerName: TOTAL_LABEL, isTotal: true, children: valueLeaves('total', [], true) });
  } else {
    columnDefs.push(...valueLeaves('', [], false));
  }

  // ---- rows
  interface RowNode { depth: number; path: DimValue[]; keys: string[]; labels: string[]; sample: PivotRow; cells: Record<string, string | number | null>; children: Map<string, RowNode>; present: boolean }
  const newNode = (depth: number, path: DimValue[], keys: string[], labels: string[], sample: PivotRow): RowNode =>
    ({ depth, path, keys, labels, sample, cells: {}, children: new Map(), present: false });
  const root = newNode(0, [], [], [], rowsIn[0]);
  for (const r of rowsIn) {
    if (!(isColCell(r) || isColTotal(r))) continue;
    const depth = R.filter((d) => !r.rolled[d]).length;
    let node = root;
    for (let i = 0; i < depth; i++) {
      const d = R[i];
      const k = valueKey(d, r);
      let child = node.children.get(k);
      if (!child) {
        child = newNode(i + 1, [...node.path, r.dims[d] ?? null], [...node.keys, k], [...node.labels, label(d, r)], r);
        node.children.set(k, child);
      }
      node = child;
    }
    node.present = true;
    const ck = C.length ? colKeyOf(r) : '';
    for (const c of columns) node.cells[colIdOf(ck, c.key)] = r.values[c.key];
  }

  const sort = config.sort;
  const sortValue = (n: RowNode): number | null => {
    if (!sort || !('value' in sort)) return null;
    const ck = !C.length ? '' : sort.columnKey ?? 'total';
    const v = n.cells[colIdOf(ck, sort.value)];
    return typeof v === 'number' ? v : null;
  };
  const ordered = (parent: RowNode): RowNode[] => {
    const kids = [...parent.children.values()];
    const d = R[parent.depth];
    const natural = (a: RowNode, b: RowNode) =>
      compareDimValues(d, a.path[a.depth - 1], b.path[b.depth - 1]) || collator.compare(a.labels[a.depth - 1], b.labels[b.depth - 1]);
    kids.sort((a, b) => {
      if (sort && 'value' in sort) {
        const va = sortValue(a);
        const vb = sortValue(b);
        if (va !== vb) {
          if (va == null) return 1;
          if (vb == null) return -1;
          return sort.desc ? vb - va : va - vb;
        }
        return natural(a, b);
      }
      if (sort && 'dim' in sort && sort.dim === d && sort.desc) return -natural(a, b);
      return natural(a, b);
    });
    return kids;
  };

  const out: PivotTableRow[] = [];
  const emit = (n: RowNode, parentId: string | null) => {
    const id = n.depth === 0 ? 'total' : `r:${n.keys.join('|')}`;
    if (n.present && n.depth > 0) {
      const kind = n.depth === R.length ? 'cell' : 'subtotal';
      const labels = R.map((_, i) => (i < n.depth ? n.labels[i] : i === n.depth ? SUBTOTAL_LABEL : ''));
      out.push(tableRow(id, parentId, kind, n, labels));
    }
    for (const child of ordered(n)) emit(child, n.depth === 0 ? null : id);
  };
  const tableRow = (id: string, parentId: string | null, kind: PivotTableRow['kind'], n: RowNode, labels: string[]): PivotTableRow => {
    const cells: Record<string, string | number | null> = {};
    R.forEach((_, i) => { cells[`r${i}`] = labels[i]; });
    Object.assign(cells, n.cells);
    const row: PivotTableRow = { id, parentId, kind, depth: n.depth, path: n.path, labels, cells };
    if (R.includes('township') && n.depth > R.indexOf('township')) row.townshipCounty = n.sample.townshipCounty ?? null;
    if (R.includes('unit') && n.depth > R.indexOf('unit')) row.unit = n.sample.unit;
    return row;
  };
  emit(root, null);
  if (root.present) {
    const labels = R.map((_, i) => (i === 0 ? TOTAL_LABEL : ''));
    out.push(tableRow('total', null, 'total', root, labels));
  }
  return { rowDims: R, columnDims: C, valueColumns: columns, columnDefs, leaves, rows: out };
}
