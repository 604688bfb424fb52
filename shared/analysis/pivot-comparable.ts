/**
 * What a pivot's change columns (升星单位数, 降星单位数, 增星数, 减星数) leave out. Those are
 * counted over the units rated in both periods; a cell where no unit has a previous rating
 * reads 无可比数据 (shapePivot), never 0. The footnote under the grid, the 简报 table and
 * the exports says how many of the pivot's units had no previous rating, from one small
 * pivot over the same filters (units, and units also rated in the compared period).
 */
import { NO_COMPARABLE, uncomparedNote } from '../format.ts';
import { parsePeriodKey } from '../period.ts';
import { type AnalysisQuery, mapQuery, num } from './common.ts';
import { measureLabel } from './measures.ts';
import { pivotQuery, type PivotConfig, type PivotTable } from './pivot.ts';
import { isChangeMeasure } from './ranking.ts';

export interface PivotComparison {
  /** Units in the pivot's filters (unit-periods when it spans several periods). */
  units: number;
  /** Of those, units also rated in the compared period. */
  comparable: number;
  /** The compared period in words: 上季度, 上年度, or 上期 when the pivot mixes both. */
  against: string;
  /** Whether the pivot covers one period (else the counts are unit-periods: 单位次). */
  onePeriod: boolean;
  /** Labels of the change measures, e.g. 升星单位数、较上期减星数. */
  labels: string[];
}

/** Whether any measure of the pivot is a change vs the previous period. */
export function pivotHasChange(config: PivotConfig): boolean {
  return config.measures.some(isChangeMeasure);
}

/**
 * The pivot that counts the comparison: the same filters and cadence, no dimensions, by
 * unit (a star filter or star field filter would count unit × star rows, so both are left out).
 */
export function pivotComparisonConfig(config: PivotConfig): PivotConfig {
  const { stars: _stars, ...filters } = config.filters ?? {};
  return {
    rows: [], columns: [],
    measures: [{ kind: 'units' }, { kind: 'comparableUnits' }],
    filters,
    fieldFilters: (config.fieldFilters ?? []).filter((f) => f.dim !== 'star'),
    ...(config.cadence ? { cadence: config.cadence } : {}),
    totals: { rows: 'none' },
  };
}

function againstOf(config: PivotConfig): { against: string; onePeriod: boolean } {
  const periods = config.filters?.periods ?? [];
  const onePeriod = periods.length === 1;
  if (config.cadence === 'year') return { against: '上年度', onePeriod };
  if (onePeriod) return { against: parsePeriodKey(periods[0])?.quarter == null ? '上年度' : '上季度', onePeriod };
  return { against: config.cadence === 'quarter' ? '上季度' : '上期', onePeriod };
}

/** The comparison behind a pivot's change columns, or null when it has none. */
export function pivotComparisonQuery(config: PivotConfig): AnalysisQuery<PivotComparison> | null {
  if (!pivotHasChange(config)) return null;
  const { against, onePeriod } = againstOf(config);
  const labels = config.measures.filter(isChangeMeasure).map(measureLabel);
  return mapQuery(pivotQuery(pivotComparisonConfig(config)), (res) => {
    const total = res.rows[0]?.values ?? {};
    return { units: num(total.m0), comparable: num(total.m1), against, onePeriod, labels };
  });
}

/** Cells of the shaped pivot that read 无可比数据. */
export function noComparableCells(table: PivotTable): number {
  const change = table.leaves.filter((l) => l.change);
  let n = 0;
  for (const r of table.rows) for (const l of change) if (r.cells[l.colId] === NO_COMPARABLE) n++;
  return n;
}

/**
 * The footnote of a pivot with change columns: which units they leave out and why some
 * cells read 无可比数据; '' when every unit compares and no cell reads 无可比数据.
 */
export function pivotChangeNote(c: PivotComparison, table?: PivotTable): string {
  const missing = Math.max(0, c.units - c.comparable);
  const cells = table ? noComparableCells(table) : 0;
  if (c.units === 0 || (missing === 0 && cells === 0)) return '';
  const what = c.labels.join('、');
  const unit = c.onePeriod ? '个单位' : '个单位次';
  if (c.comparable === 0) {
    const why = c.onePeriod
      ? uncomparedNote({ units: c.units, comparable: 0, prevUnits: 1, gone: 0 }, c.against)
      : `${c.units}${unit}${c.against}均无评定记录`;
    return `${what}：${NO_COMPARABLE}（${why}）。`;
  }
  const left = missing === 0 ? ''
    : c.onePeriod ? uncomparedNote({ units: c.units, comparable: c.comparable, prevUnits: 1, gone: 0 }, c.against)
      : `另有${missing}${unit}${c.against}无评定记录，未参与比较`;
  const parts = [
    `${what}只计两期均有评定的单位`,
    left,
    cells > 0 ? `标“${NO_COMPARABLE}”的格子内各单位${c.against}均无评定记录` : '',
  ].filter(Boolean);
  return `${parts.join('；')}。`;
}
