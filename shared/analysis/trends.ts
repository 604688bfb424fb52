/**
 * Trends (趋势) over periods: quarters, or years using each unit's annual / Q4 value.
 * Each trend is a pivot (so it is answered from the summaries) plus a reader that turns
 * the result into chart series: one value per period, null where a period has no data.
 */
import { parsePeriodKey, periodKey, periodShort } from '../period.ts';
import { LEVEL_NAMES, STARS, type StarId } from '../stars.ts';
import { type AnalysisQuery, type AnalysisScope, listOf, mapQuery, periodFromPk, pk, scopeSql, toPeriod, whereSql } from './common.ts';
import { NO_COMPARABLE, uncomparedNote } from '../format.ts';
import { DEFAULT_MEASURE, formulaOf, measureLabel, type MeasureSpec, rowValueSql } from './measures.ts';
import { compareDimValues, pivotPlan, pivotQuery, type PivotConfig, type PivotRow, type PivotSqlOptions } from './pivot.ts';
import { isChangeMeasure } from './ranking.ts';

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
  /**
   * values[t][p]: township t, period p; null where the township has no rating that period,
   * or (a change measure) where none of its units has a rating in the compared period.
   */
  values: Array<Array<number | null>>;
  min: number | null;
  max: number | null;
  /**
   * Only for a change measure (升星单位数, 增星数 …): per cell, the units rated and those also
   * rated in the compared period (null where the township has no rating that period), and
   * the compared period in words (上季度, or 上年度 in the yearly cadence).
   */
  comparison?: { units: Array<Array<number | null>>; comparable: Array<Array<number | null>>; against: string };
}

/** Units, and units also rated in the compared period: the cells behind a change measure. */
const COMPARISON_MEASURES: MeasureSpec[] = [{ kind: 'units' }, { kind: 'comparableUnits' }];

export function heatmapConfig(measure: MeasureSpec = DEFAULT_MEASURE, o: TrendOptions = {}): PivotConfig {
  if (measure.kind === 'levels') throw new Error('热力图需要单一数值的指标');
  return {
    rows: ['township'], columns: ['period'], measures: isChangeMeasure(measure) ? [measure, ...COMPARISON_MEASURES] : [measure],
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
  const change = isChangeMeasure(measure);
  let sql: string;
  let source: 'summary' | 'raw';
  if (town != null) {
    const cond = [...scopeSql(o.scope), 'quarter IS NOT NULL'];
    if (o.from) cond.push(`pk >= ${pk(toPeriod(o.from))}`);
    if (o.to) cond.push(`pk <= ${pk(toPeriod(o.to))}`);
    // Grouped by the township's integer rank (one per county and township, summaries.ts
    // township_order) and sent in that order, so the reader's sort has nothing to move.
    const [n, k] = COMPARISON_MEASURES.map((m) => rowValueSql(formulaOf(m, 'unit'), cube));
    sql = `SELECT any_value(county) AS d_tcounty, any_value(township) AS d_township, list(pk) AS pks, list(v) AS vals${change ? ', list(n) AS ns, list(k) AS ks' : ''}
FROM (SELECT trank, county, township, pk, ${town} AS v${change ? `, ${n} AS n, ${k} AS k` : ''} FROM ${cube} ${whereSql(cond)}) c
GROUP BY trank
ORDER BY trank`;
    source = 'summary';
  } else {
    const q = pivotQuery(config, { source: o.source });
    // (no ORDER BY in the lists: the reader places each value by its period)
    sql = `SELECT d_tcounty, d_township, list(d_pk) AS pks, list(m0) AS vals${change ? ', list(m1) AS ns, list(m2) AS ks' : ''}
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
      const lists = rows.map((r) => [listOf(r.pks), listOf(r.vals), listOf(r.ns), listOf(r.ks)] as const);
      const seen = new Set<number>();
      for (const [ps] of lists) for (let i = 0; i < ps.length; i++) seen.add(Number(ps[i]));
      const pks = [...seen].sort((a, b) => a - b);
      const index = new Map(pks.map((p, i) => [p, i]));
      let min: number | null = null;
      let max: number | null = null;
      const towns = rows.map((r, k) => {
        const values = new Array<number | null>(pks.length).fill(null);
        const units = change ? new Array<number | null>(pks.length).fill(null) : null;
        const comparable = change ? new Array<number | null>(pks.length).fill(null) : null;
        const [ps, vs, ns, ks] = lists[k];
        for (let i = 0; i < ps.length; i++) {
          if (units && comparable) {
            const at = index.get(Number(ps[i]))!;
            units[at] = ns[i] == null ? null : Number(ns[i]);
            comparable[at] = ks[i] == null ? null : Number(ks[i]);
          }
          const x = vs[i];
          if (x == null) continue;
          const v = Number(x);
          values[index.get(Number(ps[i]))!] = v;
          if (min == null || v < min) min = v;
          if (max == null || v > max) max = v;
        }
        return { key: { county: r.d_tcounty == null ? null : String(r.d_tcounty), township: String(r.d_township) }, values, units, comparable };
      }).sort((a, b) => compareDimValues('township', a.key.township, b.key.township)
        || compareDimValues('county', a.key.county, b.key.county));
      const periods = pks.map(keyOf);
      return {
        periods, labels: periods.map((k) => periodShort(parsePeriodKey(k)!)), measure, label: measureLabel(measure),
        townships: towns.map((t) => t.key), values: towns.map((t) => t.values), min, max,
        ...(change ? {
          comparison: {
            units: towns.map((t) => t.units!), comparable: towns.map((t) => t.comparable!), against: yearly ? '上年度' : '上季度',
          },
        } : {}),
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 无可比数据 in the heatmap of a change measure

/** Whether cell (township t, period p) reads 无可比数据: it has units, but none rated in the compared period. */
export function heatmapNoComparable(h: Heatmap, t: number, p: number): boolean {
  const c = h.comparison;
  return c != null && h.values[t]?.[p] == null && (c.units[t]?.[p] ?? 0) > 0 && (c.comparable[t]?.[p] ?? 0) === 0;
}

/** A cell as a table shows it: the formatted value, 无可比数据, or `empty` where the township has no rating. */
export function heatmapCellText(h: Heatmap, t: number, p: number, format: (v: number) => string, empty = '—'): string {
  const v = h.values[t]?.[p];
  if (v != null) return format(v);
  return heatmapNoComparable(h, t, p) ? NO_COMPARABLE : empty;
}

/** What one cell's change leaves out: '' when every unit compares (or the measure is no change). */
export function heatmapCellNote(h: Heatmap, t: number, p: number): string {
  const c = h.comparison;
  const units = c?.units[t]?.[p];
  const comparable = c?.comparable[t]?.[p];
  if (!c || units == null || comparable == null) return '';
  return uncomparedNote({ units, comparable, prevUnits: 1, gone: 0 }, c.against);
}

/**
 * The heatmap's footnote for a change measure: how many cells read 无可比数据 and how many
 * units (counted once per period: 单位次) were left out of the other cells; '' when none.
 */
export function heatmapChangeNote(h: Heatmap): string {
  const c = h.comparison;
  if (!c) return '';
  let none = 0;
  let left = 0;
  h.townships.forEach((_, t) => h.periods.forEach((_, p) => {
    const units = c.units[t]?.[p] ?? 0;
    const comparable = c.comparable[t]?.[p] ?? 0;
    if (units === 0) return;
    if (comparable === 0) none++;
    else left += units - comparable;
  }));
  if (none === 0 && left === 0) return '';
  const parts = [
    none > 0 ? `${none}格${NO_COMPARABLE}（该乡镇该期各单位${c.against}均无评定记录）` : '',
    left > 0 ? `其余格子另有${left}个单位次${c.against}无评定记录，未参与比较` : '',
  ].filter(Boolean);
  return `${h.label}只计两期均有评定的单位：${parts.join('；')}。`;
}
