/**
 * 对比's own state: the chosen units and townships, the tab and the year pair. Kept in a
 * module store so the choices survive switching screens; null = not chosen yet (the view
 * fills in defaults).
 */
import type { AnalysisQuery, AnalysisScope } from '../../../../shared/analysis/common.ts';
import { int } from '../../../../shared/sql/literal.ts';
import { pk, scopeSql, strOrNull, whereSql } from '../../../../shared/analysis/common.ts';
import type { UnitRef } from '../../../../shared/analysis/ranking.ts';
import type { Period } from '../../../../shared/period.ts';
import type { UnitKind } from '../../../../shared/stars.ts';
import { createStore } from '../../state/store.ts';

export type CompareTab = 'units' | 'townships' | 'years';

export interface CompareState {
  tab: CompareTab;
  units: UnitRef[] | null;
  cadence: 'quarter' | 'year';
  townships: string[] | null;
  townshipMeasures: string[];
  lineMeasure: string;
  yearA: number | null;
  yearB: number | null;
  yoyShow: 'all' | 'up' | 'down' | 'same' | 'missing';
}

export const compareStore = createStore<CompareState>({
  tab: 'units', units: null, cadence: 'quarter', townships: null,
  townshipMeasures: ['units', 'shareAtLeast3', 'levels'], lineMeasure: 'shareAtLeast3',
  yearA: null, yearB: null, yoyShow: 'all',
});

/** One colour per compared unit or township (2–6), in selection order. */
export const SERIES_COLORS = ['#C8102E', '#2f6db5', '#d9822b', '#3f9b5b', '#8e5bb5', '#5b6470'] as const;

/**
 * The units preselected so the screen is never empty: the first `n` rated in the period
 * within the scope, villages first, by township and name.
 * (A candidate for shared/analysis/compare.ts.)
 */
export function firstUnitsQuery(period: Period, scope: AnalysisScope, n = 2): AnalysisQuery<UnitRef[]> {
  const sql = `SELECT unit_id, name, county, township, kind FROM unit_periods
${whereSql([`pk = ${int(pk(period))}`, ...scopeSql(scope)])}
ORDER BY kind = 'village' DESC, township, name, unit_id
LIMIT ${int(n)}`;
  return {
    sql,
    source: 'summary',
    read: (rows) => rows.map((r) => ({
      unitId: String(r.unit_id), name: String(r.name), county: strOrNull(r.county), township: String(r.township),
      kind: String(r.kind) as UnitKind,
    })),
  };
}

