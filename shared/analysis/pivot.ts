/**
 * The pivot (透视): a perspective-style configuration (plain JSON: rows, columns, filters,
 * measures, sort) turned into one DuckDB query with GROUPING SETS for row and column
 * totals, answered from the summaries when every dimension and measure allows it and
 * from the live rows otherwise; and the long result shaped into a flat table with
 * column header groups, which AG Grid community shows without its enterprise pivot.
 *
 * Besides the built-in dimensions, every extra column of the imported 台账 (rating_extras:
 * 党员人数, 备注 …) is a dimension `extra:<name>` (its text) and, when mostly numeric, a
 * measure (ExtraMeasure: sum / avg of its numbers). Extra names only ever enter SQL as
 * escaped literals; the columns they produce are named by a hex key of the name.
 */
import { columnsOfRows, type Columns, type Row } from '../db.ts';
import type { Filter } from '../filter.ts';
import { NO_COMPARABLE } from '../format.ts';
import { comparePeriods, parsePeriodKey, periodKey, periodLabel } from '../period.ts';
import { int, str, strList } from '../sql/literal.ts';
import { KIND_NAMES, LEVEL_NAMES, STAR_IDS, STARS, starById, type StarId, type UnitKind } from '../stars.ts';
import {
  type AnalysisQuery, type AnalysisScope, appliesSql, num, periodFromPk, pk, prevPkSql, scopeSql, whereSql,
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

/** An extra column of the imported 台账 as a dimension: "extra:党员人数". */
export type ExtraDim = `extra:${string}`;

/** Any pivot dimension: a built-in one or an extra column. */
export type PivotDim = Dim | ExtraDim;

const EXTRA_PREFIX = 'extra:';

export function extraDim(name: string): ExtraDim {
  return `${EXTRA_PREFIX}${name}`;
}

export function isExtraDim(d: string): d is ExtraDim {
  return d.startsWith(EXTRA_PREFIX);
}

/** The extra column's name of an extra dimension. */
export function extraName(d: ExtraDim): string {
  return d.slice(EXTRA_PREFIX.length);
}

/** Chinese label of any dimension (an extra column is labelled by its name). */
export function dimLabel(d: PivotDim): string {
  return isExtraDim(d) ? extraName(d) : DIM_LABELS[d];
}

/** Sum or average of the numbers of an extra column (values that are not numbers are left out). */
export interface ExtraMeasure {
  kind: 'sum' | 'avg';
  name: string;
}

export function extraMeasureLabel(m: ExtraMeasure): string {
  return m.kind === 'sum' ? `${m.name}合计` : `平均${m.name}`;
}

/**
 * A filter on any dimension (the 筛选 well): keep rows whose value is one of `values`
 * (null = empty / not set). An empty list filters nothing. Values are as PivotRow.dims
 * holds them: period keys for `period`, numbers for year/quarter/levels, booleans for
 * weak_branch, unit ids for `unit`, text for extras.
 */
export interface PivotFieldFilter {
  dim: PivotDim;
  values: DimValue[];
}

/** SQL-safe key of an extra column's name (hex code points), for column names. */
function extraKey(name: string): string {
  let k = '';
  for (const ch of name) k += ch.codePointAt(0)!.toString(16).padStart(6, '0');
  return k;
}

const extraText = (name: string) => `xt_${extraKey(name)}`;
const extraNum = (name: string) => `xn_${extraKey(name)}`;

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
  | { dim: PivotDim; desc?: boolean };

export interface PivotConfig {
  rows: PivotDim[];
  columns: PivotDim[];
  filters?: PivotFilters;
  /** Filters on any dimension, in the order of the 筛选 well. */
  fieldFilters?: PivotFieldFilter[];
  measures: MeasureSpec[];
  /** Sums and averages of numeric extra columns, after `measures`. */
  extraMeasures?: ExtraMeasure[];
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

const LEVEL_DIMS: readonly PivotDim[] = ['level', 'target_level', 'weak_branch'];
const STAR_GRAIN_MEASURES = new Set<MeasureSpec['kind']>(['units', 'starRate', 'starsGained', 'starsLost']);

export interface PivotPlan {
  source: 'summary' | 'raw';
  from: SourceId;
  grain: Grain;
  /** Why the live rows are needed, when they are (Chinese, for a tooltip). */
  reason?: string;
}

function dimsOf(config: PivotConfig): PivotDim[] {
  return [...config.rows, ...config.columns];
}

function measuresOf(config: PivotConfig): MeasureSpec[] {
  return config.measures.length || config.extraMeasures?.length ? config.measures : [DEFAULT_MEASURE];
}

/** The field filters that filter something (a dimension with chosen values). */
function activeFieldFilters(config: PivotConfig): PivotFieldFilter[] {
  return (config.fieldFilters ?? []).filter((f) => f.values.length > 0);
}

/** Extra columns the pivot reads (dimensions, filters, measures), each once. */
function extrasOf(config: PivotConfig): string[] {
  const names = [
    ...[...dimsOf(config), ...activeFieldFilters(config).map((f) => f.dim)].filter(isExtraDim).map(extraName),
    ...(config.extraMeasures ?? []).map((m) => m.name),
  ];
  return [...new Set(names)];
}

function checkDim(d: PivotDim): void {
  if (isExtraDim(d) ? extraName(d) === '' : !DIMS.includes(d)) throw new Error(`未知的维度: ${d}`);
}

/** Most dimensions (rows + columns) a pivot groups by; more is unreadable and the rolled-up bits must fit an INTEGER. */
export const MAX_PIVOT_DIMS = 12;

export function validatePivot(config: PivotConfig): void {
  if (dimsOf(config).length > MAX_PIVOT_DIMS) throw new Error(`行和列最多 ${MAX_PIVOT_DIMS} 个字段，请减少分组字段`);
  const seen = new Set<PivotDim>();
  for (const d of dimsOf(config)) {
    checkDim(d);
    if (seen.has(d)) throw new Error(`维度重复: ${dimLabel(d)}`);
    seen.add(d);
  }
  for (const ff of config.fieldFilters ?? []) {
    checkDim(ff.dim);
    if (!Array.isArray(ff.values)) throw new Error(`筛选值应为列表: ${dimLabel(ff.dim)}`);
  }
  for (const m of config.extraMeasures ?? []) {
    if ((m.kind !== 'sum' && m.kind !== 'avg') || typeof m.name !== 'string' || m.name === '') {
      throw new Error(`未知的扩展列指标: ${JSON.stringify(m)}`);
    }
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
  // Filtered dimensions count like grouped ones: the source must have their columns.
  const dims = [...dimsOf(config), ...activeFieldFilters(config).map((f) => f.dim)];
  const f = config.filters ?? {};
  const grain: Grain = dims.includes('star') || (f.stars?.length ?? 0) > 0 ? 'star' : 'unit';
  const raw: SourceId = grain === 'star' ? 'raw-star' : 'raw-unit';
  const rawPlan = (reason: string): PivotPlan => ({ source: 'raw', from: raw, grain, reason });
  if (extrasOf(config).length > 0) return rawPlan('按扩展列分组、筛选或计算');
  if (dims.includes('unit') || (f.unitIds?.length ?? 0) > 0) return rawPlan('按单个村（社区）查看明细');
  const levelDims = dims.some((d) => LEVEL_DIMS.includes(d)) || (f.levels?.length ?? 0) > 0 || f.weakBranch != null;
  let cube: SourceId;
  if (grain === 'star') {
    if (levelDims) return rawPlan('星类与星级、目标或软弱涣散同时分组');
    const other = measuresOf(config).find((m) => !STAR_GRAIN_MEASURES.has(m.kind));
    if (other) return rawPlan('按星类分组时该指标需逐条计算');
    cube = 'cube_star';
  } else if (levelDims) {
    cube = 'cube_level';
  } else {
    // Outside the yearly cadence (only cube_township keeps the yv rows apart) the narrow
    // township cubes answer with fewer rows: cube_town without kind, cube_kind_town with it.
    cube = config.cadence === 'year' ? 'cube_township'
      : dims.includes('kind') || f.kind ? 'cube_kind_town' : 'cube_town';
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
function dimColumns(d: PivotDim, cadence: Cadence): Array<[alias: string, expr: string]> {
  if (isExtraDim(d)) return [[groupAlias(d), extraText(extraName(d))]];
  switch (d) {
    case 'township': return [['d_tcounty', 'county'], ['d_township', 'township']];
    case 'unit': return [['d_unit', 'unit_id']];
    case 'period': return [['d_pk', cadence === 'year' ? 'year' : 'pk']];
    case 'weak_branch': return [['d_weak_branch', 'weak_branch']];
    default: return [[`d_${d}`, d]];
  }
}

const groupAlias = (d: PivotDim) => (isExtraDim(d) ? `d_x${extraKey(extraName(d))}`
  : d === 'township' ? 'd_township' : d === 'period' ? 'd_pk' : `d_${d}`);

/** SQL literal of a filter value of a dimension (validated by type). */
function filterLiteral(d: PivotDim, v: Exclude<DimValue, null>, cadence: Cadence): string {
  if (isExtraDim(d)) return str(String(v));
  switch (d) {
    case 'year': case 'quarter': case 'level': case 'target_level': return int(Number(v));
    case 'weak_branch': return v === true || v === 'true' ? 'true' : 'false';
    case 'period': {
      const p = parsePeriodKey(String(v));
      if (!p) throw new Error(`无法识别的期次: ${v}`);
      return int(cadence === 'year' ? p.year : pk(p));
    }
    default: return str(String(v));
  }
}

/** SQL conditions of the field filters, over the columns dimColumns reads. */
function fieldFilterConditions(config: PivotConfig, cadence: Cadence): string[] {
  return activeFieldFilters(config).map((ff) => {
    const cols = dimColumns(ff.dim, cadence);
    const expr = cols[cols.length - 1][1];
    const values = ff.values.filter((v): v is Exclude<DimValue, null> => v != null);
    const parts = values.length ? [`${expr} IN (${[...new Set(values.map((v) => filterLiteral(ff.dim, v, cadence)))].join(', ')})`] : [];
    if (ff.values.some((v) => v == null)) parts.push(`${expr} IS NULL`);
    return parts.join(' OR ');
  });
}

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
export function rawRelationSql(opts: {
  grain: Grain; cadence: Cadence; scope: AnalysisScope; changes: boolean;
  /** Extra columns to carry along, as xt_<key> (text) and xn_<key> (number). */
  extras?: readonly string[];
}): string {
  const { grain, cadence, scope, changes } = opts;
  const extras = opts.extras ?? [];
  const yearly = cadence === 'year';
  const needYv = yearly;
  const extraCols = extras.map((n) => `, ${extraText(n)}, ${extraNum(n)}`).join('');
  const base = `SELECT unit_id, county, township, name, kind, year, quarter, ${STAR_IDS.join(', ')},
      level, target_level, weak_branch, collective_income, score${extraCols},
      year * 10 + coalesce(quarter, 5) AS pk${needYv ? `,
      (quarter IS NULL OR (quarter = 4 AND
        count(*) FILTER (WHERE quarter IS NULL) OVER (PARTITION BY unit_id, year) = 0)) AS yv` : ''}
    FROM ${extras.length ? factsWithExtras(extras) : 'facts'} ${whereSql([...scopeSql(scope), ...(cadence === 'quarter' ? ['quarter IS NOT NULL'] : [])])}`;
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

/**
 * facts plus the given extra columns of each rating (NULL where it has none), still named
 * facts. Each extra joins on the rating's full key, dataset included, so a superseded
 * dataset's values never show; any_value guards against a repeated name.
 */
function factsWithExtras(names: readonly string[]): string {
  const joins = names.map((n, i) => `
    LEFT JOIN (SELECT unit_id, year, quarter, dataset_id, any_value(text) AS t, any_value(num) AS n
               FROM rating_extras WHERE name = ${str(n)} GROUP BY ALL) e${i}
      ON e${i}.unit_id = f.unit_id AND e${i}.year = f.year AND e${i}.quarter IS NOT DISTINCT FROM f.quarter
     AND e${i}.dataset_id = f.dataset_id`).join('');
  const cols = names.map((n, i) => `e${i}.t AS ${extraText(n)}, e${i}.n AS ${extraNum(n)}`).join(', ');
  return `(SELECT f.*, ${cols} FROM facts f${joins}) facts`;
}

/** The value columns of a config: its measures' (measures.ts valueColumns), then the extra measures' (e0, e1 …). */
export function pivotValueColumns(config: PivotConfig): ValueColumn[] {
  const measures = measuresOf(config);
  return [
    ...valueColumns(measures),
    ...(config.extraMeasures ?? []).map((m, j): ValueColumn => ({
      key: `e${j}`, measure: measures.length + j, label: extraMeasureLabel(m), format: m.kind === 'sum' ? 'count' : 'decimal',
    })),
  ];
}

function extraMeasureSql(m: ExtraMeasure): string {
  const n = extraNum(m.name);
  return m.kind === 'sum' ? `CAST(sum(${n}) AS DOUBLE)` : `(CAST(sum(${n}) AS DOUBLE) / nullif(count(${n}), 0))`;
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
  const builtin = valueColumns(measures);
  const columns = pivotValueColumns(config);
  const formulas = builtin.map((c) => formulaOfColumn(measures, c, plan.grain));
  const f = config.filters ?? {};
  const dims = dimsOf(config);

  let relation: string;
  const conditions = [...filterConditions(f, cadence, plan.grain), ...fieldFilterConditions(config, cadence)];
  if (plan.source === 'raw') {
    const changes = formulas.some((fm) => fm.components.some((c) => CHANGE_COMPONENT.test(c)));
    relation = `(${rawRelationSql({ grain: plan.grain, cadence, scope: f, changes, extras: extrasOf(config) })})`;
  } else {
    relation = plan.from;
    conditions.unshift(...scopeSql(f), ...cadenceCondition(cadence));
  }

  // The narrow township cubes carry trank, one integer per (county, township) (summaries.ts
  // township_order): townships group by it instead of by two texts, and their names are read
  // once per group.
  const byRank = dims.includes('township') && (plan.from === 'cube_town' || plan.from === 'cube_kind_town');
  const dimSelect = [...dims.flatMap((d) => dimColumns(d, cadence)), ...(byRank ? [['d_trank', 'trank']] : [])]
    .map(([a, e]) => `${e} AS ${a}`);
  const inner = `SELECT *${dimSelect.length ? `, ${dimSelect.join(', ')}` : ''} FROM ${relation} ${whereSql(conditions)}`;

  // Grouping sets: row prefixes (subtotals) × {all column dims, none} (column totals).
  const totals = config.totals ?? {};
  const rowMode = totals.rows ?? 'subtotals';
  const R = config.rows;
  const C = config.columns;
  const rowSets: PivotDim[][] = rowMode === 'none' || R.length === 0 ? [R]
    : rowMode === 'grand' ? [R, []]
      : Array.from({ length: R.length + 1 }, (_, i) => R.slice(0, R.length - i));
  const colSets: PivotDim[][] = C.length && totals.columns !== false ? [C, []] : [C];
  const dimSets = rowSets.flatMap((rs) => colSets.map((cs) => [...rs, ...cs]));
  // A township is grouped with its county (the same name exists in several counties) unless
  // every set that holds the township holds the county dimension too: then that key is
  // redundant, and dropping it saves a text key in every set and a column in the result.
  const townshipByCounty = dimSets.some((ds) => ds.includes('township') && !ds.includes('county'));
  const keyColumns = (d: PivotDim): string[] => (d === 'township' && byRank ? ['d_trank']
    : dimColumns(d, cadence).map(([a]) => a).filter((a) => townshipByCounty || a !== 'd_tcounty'));
  const groupKey = (d: PivotDim) => (d === 'township' && byRank ? 'd_trank' : groupAlias(d));
  const seen = new Set<string>();
  const sets: string[] = [];
  for (const ds of dimSets) {
    const cols = ds.flatMap(keyColumns);
    const key = cols.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    sets.push(`(${cols.join(', ')})`);
  }

  const select: string[] = [];
  for (const d of dims) {
    if (d === 'township' && byRank) {
      select.push(`CASE WHEN grouping(d_trank) = 0 THEN any_value(township) END AS d_township`);
      if (townshipByCounty) select.push(`CASE WHEN grouping(d_trank) = 0 THEN any_value(county) END AS d_tcounty`);
      continue;
    }
    select.push(...keyColumns(d));
    if (d === 'period') select.push(`CASE WHEN grouping(d_pk) = 0 THEN ${periodKeySql(cadence)} END AS d_period`);
  }
  // One bit per dimension (the first dimension is the highest bit): set where it is rolled up.
  if (dims.length) select.push(`grouping(${dims.map(groupKey).join(', ')})::INTEGER AS ${ROLLED}`);
  if (dims.includes('unit')) {
    for (const [a, c] of [['unit_name', 'name'], ['unit_township', 'township'], ['unit_county', 'county'], ['unit_kind', 'kind']]) {
      select.push(`CASE WHEN grouping(d_unit) = 0 THEN any_value(${c}) END AS ${a}`);
    }
  }
  builtin.forEach((c, i) => {
    const sql = valueSql(plan.from, formulas[i], yearly);
    if (sql == null) throw new Error(`该来源无法计算: ${c.label}`);
    select.push(`${sql} AS ${c.key}`);
  });
  (config.extraMeasures ?? []).forEach((m, j) => select.push(`${extraMeasureSql(m)} AS ${columns[builtin.length + j].key}`));
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
  dims: Partial<Record<PivotDim, DimValue>>;
  /** true where the dimension is rolled up (a total over it). */
  rolled: Partial<Record<PivotDim, boolean>>;
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

/** Result column of the rolled-up dimensions, a bit each (buildPivot). */
const ROLLED = 'g_rolled';

/** How a dimension's result values become DimValues (null stays null). */
function dimValueReader(d: PivotDim): (v: unknown) => DimValue {
  if (isExtraDim(d)) return (v) => (v == null ? null : String(v));
  switch (d) {
    case 'year': case 'quarter': case 'level': case 'target_level': return (v) => (v == null ? null : Number(v));
    case 'weak_branch': return (v) => (v == null ? null : Boolean(v));
    default: return (v) => (v == null ? null : String(v));
  }
}

function readDimValue(d: PivotDim, v: unknown): DimValue {
  return dimValueReader(d)(v);
}

export function readPivot(rows: Row[], config: PivotConfig, plan: PivotPlan, columns: ValueColumn[]): PivotResult {
  return readPivotColumns(columnsOfRows(rows), config, plan, columns);
}

/** readPivot over the result's columns (the app's path: no row objects in between). */
export function readPivotColumns(cols: Columns, config: PivotConfig, plan: PivotPlan, columns: ValueColumn[]): PivotResult {
  const dims = dimsOf(config);
  const n = cols.length;
  const none: ArrayLike<unknown> = { length: n };
  const col = (name: string) => cols.get(name) ?? none;
  // Per dimension, once: its rolled-up bit, the column holding its value and its reader.
  const readers = dims.map((d, i) => ({
    d,
    bit: 2 ** (dims.length - 1 - i),
    values: col(d === 'period' ? 'd_period' : groupAlias(d)),
    read: dimValueReader(d),
  }));
  const rolledBits = col(ROLLED);
  // buildPivot leaves d_tcounty out when d_county holds the township's county.
  const townshipCounty = cols.get('d_tcounty') ?? col('d_county');
  const unitCols = ['unit_name', 'unit_township', 'unit_county', 'unit_kind'].map(col);
  const measureCols = columns.map((c) => [c.key, col(c.key)] as const);
  const text = (v: unknown) => (v == null ? null : String(v));
  // A result has a few rolled-up patterns (one per grouping set): rows share one frozen
  // `rolled` record per pattern. The other records start as copies of one object with every
  // key, filled in place: much faster than growing thousands of objects key by key.
  const rolledByBits = new Map<number, PivotRow['rolled']>();
  const rolledOf = (bits: number) => {
    let r = rolledByBits.get(bits);
    if (!r) rolledByBits.set(bits, (r = Object.freeze(Object.fromEntries(readers.map((x) => [x.d, Math.floor(bits / x.bit) % 2 === 1])))));
    return r;
  };
  const dimsShape = Object.fromEntries(dims.map((d) => [d, null])) as PivotRow['dims'];
  const valuesShape = Object.fromEntries(columns.map((c) => [c.key, null])) as PivotRow['values'];
  const hasTownship = dims.includes('township');
  const hasUnit = dims.includes('unit');
  const rows = new Array<PivotRow>(n);
  for (let i = 0; i < n; i++) {
    const rolled = rolledOf(num(rolledBits[i]));
    const dimValues = { ...dimsShape };
    for (let j = 0; j < readers.length; j++) {
      const { d, values, read } = readers[j];
      if (!rolled[d]) dimValues[d] = read(values[i]);
    }
    const values = { ...valuesShape };
    for (let j = 0; j < measureCols.length; j++) {
      const [key, column] = measureCols[j];
      const v = column[i];
      values[key] = v == null ? null : Number(v);
    }
    const out: PivotRow = { dims: dimValues, rolled, values };
    if (hasTownship) out.townshipCounty = rolled.township ? null : text(townshipCounty[i]);
    if (hasUnit && !rolled.unit) {
      const [name, township, county, kind] = unitCols.map((c) => text(c[i]));
      out.unit = { name, township, county, kind: kind as UnitKind | null };
    }
    rows[i] = out;
  }
  return { config, plan, columns, rows };
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
    readColumns: (cols) => readPivotColumns(cols, config, built.plan, built.columns),
  };
}

// ---------------------------------------------------------------------------------------------
// Field lists: the extra columns there are, and the values a dimension takes (for filters)

/** An extra column of the live data, for the field lists. */
export interface ExtraField {
  name: string;
  /** Non-empty values. */
  values: number;
  /** At least EXTRA_NUMERIC_SHARE of the values are numbers: offered as a measure too. */
  numeric: boolean;
}

/** Share of an extra column's non-empty values that must read as numbers for it to be a measure. */
export const EXTRA_NUMERIC_SHARE = 0.9;

/** The extra columns of the live ratings, by name. */
export function extraFieldsQuery(): AnalysisQuery<ExtraField[]> {
  return {
    sql: `SELECT name, count(*) AS n, count(num) AS k FROM extra_facts GROUP BY name`,
    source: 'raw',
    read: (rows) => rows
      .map((r) => ({ name: String(r.name), values: num(r.n), numeric: num(r.k) >= EXTRA_NUMERIC_SHARE * num(r.n) }))
      .sort((a, b) => numericCollator.compare(a.name, b.name)),
  };
}

export interface FieldValue {
  /** As a PivotFieldFilter holds it. */
  value: DimValue;
  label: string;
}

/** Most values a filter list offers. */
export const FIELD_VALUES_LIMIT = 2000;

/** The values a dimension takes in the live ratings (null included when some rows have none), in natural order. */
export function fieldValuesQuery(dim: PivotDim, opts: { cadence?: Cadence; scope?: AnalysisScope } = {}): AnalysisQuery<FieldValue[]> {
  checkDim(dim);
  const cadence = opts.cadence ?? 'all';
  const rel = rawRelationSql({
    grain: dim === 'star' ? 'star' : 'unit', cadence, scope: opts.scope ?? {}, changes: false,
    extras: isExtraDim(dim) ? [extraName(dim)] : [],
  });
  const cols = dimColumns(dim, cadence);
  const expr = cols[cols.length - 1][1];
  const sql = dim === 'unit'
    ? `SELECT unit_id AS v, any_value(name) AS name, any_value(township) AS township FROM (${rel}) GROUP BY unit_id LIMIT ${FIELD_VALUES_LIMIT}`
    : `SELECT DISTINCT ${expr} AS v FROM (${rel}) LIMIT ${FIELD_VALUES_LIMIT}`;
  const value = (v: unknown): DimValue => {
    if (v == null) return null;
    if (dim === 'period') return cadence === 'year' ? String(v) : periodKey(periodFromPk(Number(v)));
    return readDimValue(dim, v);
  };
  return {
    sql,
    source: 'raw',
    read: (rows) => {
      const out = rows.map((r): FieldValue => {
        const v = value(r.v);
        return { value: v, label: dim === 'unit' ? `${String(r.name)}（${String(r.township)}）` : dimValueLabel(dim, v) };
      });
      return out.sort((a, b) => (dim === 'unit' ? collator.compare(a.label, b.label) : compareDimValues(dim, a.value, b.value)));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Shaping for AG Grid community (no enterprise pivot): header groups per column value

export interface PivotLeafColumn {
  colId: string;
  headerName: string;
  /** 'dim' columns hold row-dimension labels; 'value' columns hold numbers. */
  role: 'dim' | 'value';
  dim?: PivotDim;
  valueKey?: string;
  format?: MeasureFormat;
  /** Column-dimension values of this column (empty for the totals column). */
  columnPath?: DimValue[];
  /** Identifies the column-dimension combination ('total' for the totals column); use it in PivotSort. */
  columnKey?: string;
  isTotal?: boolean;
  /** A change vs the previous period (ValueColumn.change): its cells may read 无可比数据. */
  change?: true;
}

export interface PivotColumnGroup {
  groupId: string;
  headerName: string;
  dim?: PivotDim;
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
  /**
   * colId → value: row-dimension columns hold labels, value columns numbers (null: no
   * value). A change column holds NO_COMPARABLE (无可比数据) where the cell has units but
   * none of them has a previous rating; a cell with no units at all is absent.
   */
  cells: Record<string, string | number | null>;
}

export interface PivotTable {
  rowDims: PivotDim[];
  columnDims: PivotDim[];
  valueColumns: ValueColumn[];
  columnDefs: PivotColumnDef[];
  /** Every leaf value column in display order (convenient for exports). */
  leaves: PivotLeafColumn[];
  rows: PivotTableRow[];
}

const TOTAL_LABEL = '合计';
const SUBTOTAL_LABEL = '小计';

/** Chinese label of a dimension value. */
export function dimValueLabel(d: PivotDim, v: DimValue): string {
  if (isExtraDim(d)) return v == null ? '（空）' : String(v);
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
/** Extra columns' text often holds numbers ("9", "12"): compare those as numbers. */
const numericCollator = new Intl.Collator('zh-Hans-CN', { numeric: true });

/** Natural order of a dimension's values (nulls last). */
export function compareDimValues(d: PivotDim, a: DimValue, b: DimValue): number {
  if (a === b) return 0;
  if (a == null) return 1;
  if (b == null) return -1;
  if (isExtraDim(d)) return numericCollator.compare(String(a), String(b));
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

function keyPart(d: PivotDim, r: PivotRow): unknown {
  return d === 'township' ? [r.townshipCounty ?? null, r.dims.township ?? null] : r.dims[d] ?? null;
}

function valueKey(d: PivotDim, r: PivotRow): string {
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
  const columns = Array.isArray(result) ? pivotValueColumns(config) : result.columns;
  const R = config.rows;
  const C = config.columns;

  // Townships whose name occurs in several counties are labelled with their county
  // (unless the county is a row dimension of its own: in the columns it does not tell the rows apart).
  const countiesByTownship = new Map<string, Set<string | null>>();
  for (const r of rowsIn) {
    if (r.dims.township != null) {
      const set = countiesByTownship.get(String(r.dims.township)) ?? new Set();
      set.add(r.townshipCounty ?? null);
      countiesByTownship.set(String(r.dims.township), set);
    }
  }
  const label = (d: PivotDim, r: PivotRow): string => {
    if (d === 'unit') return r.unit?.name ?? String(r.dims.unit ?? '');
    const base = dimValueLabel(d, r.dims[d] ?? null);
    const countyShown = R.includes('county');
    if (d === 'township' && !countyShown && (countiesByTownship.get(base)?.size ?? 0) > 1) return `${base}（${r.townshipCounty ?? '未填县'}）`;
    return base;
  };

  // ---- columns
  const isColTotal = (r: PivotRow) => C.length > 0 && C.every((d) => r.rolled[d]);
  const isColCell = (r: PivotRow) => C.every((d) => !r.rolled[d]);
  const colKeyOf = (r: PivotRow) => (isColTotal(r) ? 'total' : JSON.stringify(C.map((d) => keyPart(d, r))));
  const colIdOf = (colKey: string, vk: string) => (colKey === 'total' ? `t:${vk}` : C.length ? `c:${colKey}:${vk}` : `v:${vk}`);

  interface ColNode { key: string; dim: PivotDim; value: DimValue; label: string; children: Map<string, ColNode>; sample: PivotRow }
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
      ...(c.change ? { change: true as const } : {}),
    };
    leaves.push(leaf);
    return leaf;
  });
  const buildGroups = (nodes: Map<string, ColNode>, path: DimValue[]): PivotColumnDef[] => sortNodes(nodes.values()).map((n) => {
    const p = [...path, n.value];
    const children = n.children.size ? buildGroups(n.children, p) : valueLeaves(n.key, p, false);
    return { groupId: `g:${n.key}`, headerName: n.label, dim: n.dim, children };
  });

  const dimLeaves: PivotLeafColumn[] = R.map((d, i) => ({ colId: `r${i}`, headerName: dimLabel(d), role: 'dim', dim: d }));
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
    for (const c of columns) {
      const v = r.values[c.key];
      node.cells[colIdOf(ck, c.key)] = v == null && c.change ? NO_COMPARABLE : v;
    }
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
