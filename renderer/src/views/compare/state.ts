/**
 * 对比's own state: the chosen units and townships, the tab and the year pair. Kept in a
 * module store so the choices survive switching screens; null = not chosen yet (the view
 * fills in defaults).
 */
import type { UnitRef } from '../../../../shared/analysis/ranking.ts';
import { createStore } from '../../state/store.ts';

/** The default units' query lives with the other compare builders (no SQL in renderer/). */
export { firstUnitsQuery } from '../../../../shared/analysis/compare.ts';

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
