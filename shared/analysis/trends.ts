/**
 * Trends (趋势) over periods: quarters, or years using each unit's annual / Q4 value.
 * Each trend is a pivot (so it is answered from the summaries) plus a reader that turns
 * the result into chart series: one value per period, null where a period has no data.
 */
import { parsePeriodKey, periodKey, periodShort } from '../period.ts';
import { LEVEL_NAMES, STARS, type StarId } from '../stars.ts';
import { type AnalysisQuery, type AnalysisScope, listOf, mapQuery, periodFromPk, pk, scopeSql, toPeriod, whereSql } from './common.ts';
import { DEFAULT_MEASURE, formulaOf, measureLabel, type MeasureSpec, rowValueSql } from './measures.ts';
import { compareDimValues, pivotPlan, pivotQuery, type PivotConfig, type PivotRow, type PivotSqlOptions } from './pivot.ts';

export interface TrendOptions {
  scope?: AnalysisScope;
  /** quarter (default): quarterly ratings; year: one value per unit and year (annual, else Q4). */
  cadence?: 'quarter' | 'year';
  /** Inclusive range of period keys. */
  from?: string;
  to?: string;
  /** Force the source (tests and the bench compare both). */
  source?: PivotSqlOptions['source'];
}

/** A township as the trends and rankings name it. */
export interface TownshipKey {
  county: string | null;
  township: string;
}

export interface TrendAxis {
  /** Period keys in order ("2024Q3", or "2024" in yearly cadence). */
  periods: string[];
  /** Axis labels ("24Q3", "24年"). */
  labels: string[];
}

function filtersOf(o: TrendOptions) {
  return { ...(o.scope ?? {}), ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}) };
}

function axisOf(rows: PivotRow[]): TrendAxis {
  const periods = [...new Set(rows.filter((r) => !r.rolled.period && r.dims.period != null).map((r) => String(r.dims.period)))]
    .sort((a, b) => compareDimValues('period', a, b));
  return { periods, labels: periods.map((k) => periodShort(parsePeriodKey(k)!)) };
}

function seriesOver(axis: TrendAxis, rows: PivotRow[], key: string): Array<number | null> {
  const byPeriod = new Map(rows.map((r) => [String(r.dims.period), r.values[key] ?? null]));
  return axis.periods.map((p) => byPeriod.get(p) ?? null);
}

// ---------------------------------------------------------------------------------------------

export interface TownshipShareTrend extends TrendAxis {
  level: number;
  /** One line per township (in name order), plus the whole scope. */
  townships: Array<TownshipKey & { values: Array<number | null>; units: Array<number | null> }>;
  total: { values: Array<number | null>; units: Array<number | null> };
}

export function shareTrendConfig(o: TrendOptions & { level?: number } = {}): PivotConfig {
  return {
    rows: ['period'],
    columns: ['township'],
    measures: [{ kind: 'shareAtLeast', level: o.level ?? 3 }, { kind: 'units' }],
    filters: filtersOf(o),
    cadence: o.cadence ?? 'quarter',
    totals: { rows: 'none', columns: true },
  };
}

/** 三星以上 (≥ level) share per township and period: the trend lines. */
export function shareTrendQuery(o: TrendOptions & { level?: number } = {}): AnalysisQuery<TownshipShareTrend> {
  const config = shareTrendConfig(o);
  const q = pivotQuery(config, { source: o.source });
  return mapQuery(q, (res) => {
    const axis = axisOf(res.rows);
    const groups = new Map<string, { key: TownshipKey; rows: PivotRow[] }>();
    const totals: PivotRow[] = [];
    for (const r of res.rows) {
      if (r.rolled.township) { totals.push(r); continue; }
      const key = { county: r.townshipCounty ?? null, township: String(r.dims.township) };
      const k = JSON.stringify([key.county, key.township]);
      if (!groups.has(k)) groups.set(k, { key, rows: [] });
      groups.get(k)!.rows.push(r);
    }
    const townships = [...groups.values()]
      .sort((a, b) => compareDimValues('township', a.key.township, b.key.township)
        || compareDimValues('county', a.key.county, b.key.county))
      .map((g) => ({ ...g.key, values: seriesOver(axis, g.rows, 'm0'), units: seriesOver(axis, g.rows, 'm1') }));
    return {
      ...axis, level: o.level ?? 3, townships,
      total: { values: seriesOver(axis, totals, 'm0'), units: seriesOver(axis, totals, 'm1') },
    };
  });
}

// ---------------------------------------------------------------------------------------------

export interface LevelDistribution extends TrendAxis {
  /** levels[k][i] = units at level k in period i (k = 0 无星 … 5 五星; stack 五星 on top). */
  levels: Array<{ level: number; name: string; values: number[] }>;
  units: number[];
}

export function levelDistributionConfig(o: TrendOptions = {}): PivotConfig {
  return {
    rows: ['period'], columns: [], measures: [{ kind: 'levels' }, { kind: 'units' }],
    filters: filtersOf(o), cadence: o.cadence ?? 'quarter', totals: { rows: 'none' },
  };
}

/** Units per level per period: the stacked bars. */
export function levelDistributionQuery(o: TrendOptions = {}): AnalysisQuery<LevelDistribution> {
  const q = pivotQuery(levelDistributionConfig(o), { source: o.source });
  return mapQuery(q, (res) => {
    const axis = axisOf(res.rows);
    const zero = (xs: Array<number | null>) => xs.map((x) => x ?? 0);
    return {
      ...axis,
      levels: LEVEL_NAMES.map((name, k) => ({ level: k, name, values: zero(seriesOver(axis, res.rows, `m0_${k}`)) })),
      units: zero(seriesOver(axis, res.rows, 'm1')),
    };
  });
}

// ---------------------------------------------------------------------------------------------

export interface StarRateTrend extends TrendAxis {
  /** One line per star category (those applying to the scope's kind); null where no unit in scope has the star. */
  stars: Array<{ star: StarId; name: string; values: Array<number | null> }>;
}

export function starRateTrendConfig(o: TrendOptions = {}): PivotConfig {
  const kind = o.scope?.kind ?? null;
  const stars = STARS.filter((s) => !kind || s.kinds.includes(kind));
  return {
    rows: ['period'], columns: [],
    measures: stars.map((s): MeasureSpec => ({ kind: 'starRate', star: s.id })),
    filters: filtersOf(o), cadence: o.cadence ?? 'quarter', totals: { rows: 'none' },
  };
}

/** Achievement rate of each star per period: one line per star. */
export function starRateTrendQuery(o: TrendOptions = {}): AnalysisQuery<StarRateTrend> {
  const config = starRateTrendConfig(o);
  const q = pivotQuery(config, { source: o.source });
  return mapQuery(q, (res) => {
    const axis = axisOf(res.rows);
    return {
      ...axis,
      stars: config.measures.map((m, i) => {
        const star = (m as { star: StarId }).star;
        return { star, name: STARS.find((s) => s.id === star)!.name, values: seriesOver(axis, res.rows, `m${i}`) };
      }),
    };
  });
}

// ---------------------------------------------------------------------------------------------

export interface Heatmap extends TrendAxis {
  measure: MeasureSpec;
  label: string;
  townships: TownshipKey[];
  /** values[t][p]: township t, period p; null where the township has no rating that period. */
  values: Array<Array<number | null>>;
  min: number | null;
  max: number | null;
}

export function heatmapConfig(measure: MeasureSpec = DEFAULT_MEASURE, o: TrendOptions = {}): PivotConfig {
  if (measure.kind === 'levels') throw new Error('热力图需要单一数值的指标');
  return {
    rows: ['township'], columns: ['period'], measures: [measure],
    filters: filtersOf(o), cadence: o.cadence ?? 'quarter', totals: { rows: 'none', columns: false },
  };
}

/**
 * Township × period matrix of any single-valued measure. The pivot's cells are packed into
 * one row per township (lists of period and value) so that even a province's 3 000
 * townships × 20 quarters reach JS as 3 000 rows. In the quarterly cadence each cell is one
 * row of cube_town (or cube_kind_town for one kind): the values are computed row by row and
 * only packed, with no GROUP BY per cell.
 */
export function heatmapQuery(measure: MeasureSpec = DEFAULT_MEASURE, o: TrendOptions = {}): AnalysisQuery<Heatmap> {
  const config = heatmapConfig(measure, o);
  const yearly = (o.cadence ?? 'quarter') === 'year';
  const plan = pivotPlan(config);
  const cube = o.scope?.kind ? 'cube_kind_town' : 'cube_town';
  const rowWise = o.source !== 'raw' && plan.source === 'summary' && plan.grain === 'unit' && !yearly;
  const town = rowWise ? rowValueSql(formulaOf(measure, 'unit'), cube) : null;
  let sql: string;
  let source: 'summary' | 'raw';
  if (town != null) {
    const cond = [...scopeSql(o.scope), 'quarter IS NOT NULL'];
    if (o.from) cond.push(`pk >= ${pk(toPeriod(o.from))}`);
    if (o.to) cond.push(`pk <= ${pk(toPeriod(o.to))}`);
    // Grouped by the township's integer rank (one per county and township, summaries.ts
    // township_order) and sent in that order, so the reader's sort has nothing to move.
    sql = `SELECT any_value(county) AS d_tcounty, any_value(township) AS d_township, list(pk) AS pks, list(v) AS vals
FROM (SELECT trank, county, township, pk, ${town} AS v FROM ${cube} ${whereSql(cond)}) c
GROUP BY trank
ORDER BY trank`;
    source = 'summary';
  } else {
    const q = pivotQuery(config, { source: o.source });
    // (no ORDER BY in the lists: the reader places each value by its period)
    sql = `SELECT d_tcounty, d_township, list(d_pk) AS pks, list(m0) AS vals
FROM (${q.sql}) p
GROUP BY d_tcounty, d_township`;
    source = q.source;
  }
  return {
    sql,
    source,
    read(rows) {
      const keyOf = (n: number) => (yearly ? String(n) : periodKey(periodFromPk(n)));
      // (one pass over the 60 000 cells of a province: no per-cell closures or intermediate arrays)
      const lists = rows.map((r) => [listOf(r.pks), listOf(r.vals)] as const);
      const seen = new Set<number>();
      for (const [ps] of lists) for (let i = 0; i < ps.length; i++) seen.add(Number(ps[i]));
      const pks = [...seen].sort((a, b) => a - b);
      const index = new Map(pks.map((p, i) => [p, i]));
      let min: number | null = null;
      let max: number | null = null;
      const towns = rows.map((r, k) => {
        const values = new Array<number | null>(pks.length).fill(null);
        const [ps, vs] = lists[k];
        for (let i = 0; i < ps.length; i++) {
          const x = vs[i];
          if (x == null) continue;
          const v = Number(x);
          values[index.get(Number(ps[i]))!] = v;
          if (min == null || v < min) min = v;
          if (max == null || v > max) max = v;
        }
        return { key: { county: r.d_tcounty == null ? null : String(r.d_tcounty), township: String(r.d_township) }, values };
      }).sort((a, b) => compareDimValues('township', a.key.township, b.key.township)
        || compareDimValues('county', a.key.county, b.key.county));
      const periods = pks.map(keyOf);
      return {
        periods, labels: periods.map((k) => periodShort(parsePeriodKey(k)!)), measure, label: measureLabel(measure),
        townships: towns.map((t) => t.key), values: towns.map((t) => t.values), min, max,
      };
    },
  };
}
