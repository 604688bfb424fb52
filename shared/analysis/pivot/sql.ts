/**
 * The pivot as one DuckDB query: GROUPING SETS over the row prefixes (subtotals) and the
 * column dimensions (column totals), from the planned source.
 */
import { scopeSql, whereSql } from '../common.ts';
import { formulaOfColumn, valueColumns, type ValueColumn, valueSql } from '../measures.ts';
import { dimColumns, extraNum, groupAlias, ROLLED } from './columns.ts';
import { cadenceCondition, fieldFilterConditions, filterConditions } from './conditions.ts';
import { type Cadence, dimsOf, type ExtraMeasure, extrasOf, measuresOf, type PivotConfig, pivotValueColumns } from './config.ts';
import type { PivotDim } from './dims.ts';
import { type PivotPlan, pivotPlan } from './plan.ts';
import { rawRelationSql } from './relation.ts';

/** Formula components that need the previous rating (the live rows then compute the change flags). */
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

/** Sum or average of an extra column's numbers. */
function extraMeasureSql(m: ExtraMeasure): string {
  const n = extraNum(m.name);
  return m.kind === 'sum' ? `CAST(sum(${n}) AS DOUBLE)` : `(CAST(sum(${n}) AS DOUBLE) / nullif(count(${n}), 0))`;
}

export interface PivotSqlOptions {
  /** auto (default): summaries when possible; raw: always the live rows; summary: fail when impossible. */
  source?: 'auto' | 'summary' | 'raw';
}

/** The pivot's SQL with the plan it follows and the value columns it returns. */
export interface BuiltPivot {
  sql: string;
  plan: PivotPlan;
  columns: ValueColumn[];
}

/** The pivot's query from the planned (or forced) source. */
export function buildPivot(config: PivotConfig, opts: PivotSqlOptions = {}): BuiltPivot {
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
