/**
 * 透视's own state: the pivot as shown (rows, columns, filters, measures, cadence, sort) and
 * the saved view it was opened from. Kept in a module store so leaving 透视 and coming back
 * shows the same pivot, and 加入简报 reads exactly the config on screen.
 */
import type { PivotConfig } from '../../../shared/analysis/pivot.ts';
import { createStore, useStore } from './store.ts';

export const DEFAULT_PIVOT: PivotConfig = {
  rows: ['township'],
  columns: [],
  measures: [{ kind: 'units' }, { kind: 'atLeast', level: 3 }, { kind: 'shareAtLeast', level: 3 }],
};

export interface PivotState {
  config: PivotConfig;
  /** Name of the saved view the config was opened from or saved as ('' = none). */
  current: string;
}

export const pivotStore = createStore<PivotState>({ config: DEFAULT_PIVOT, current: '' });

export function usePivotState(): PivotState {
  return useStore(pivotStore);
}

export function setPivotConfig(config: PivotConfig): void {
  pivotStore.set({ config });
}

export function setPivotCurrent(current: string): void {
  pivotStore.set({ current });
}
