/**
 * The global filter state (period, townships, 村/社区) that every view follows.
 * A tiny external store so any component can read and change it.
 */
import { useSyncExternalStore } from 'react';
import { EMPTY_FILTER, type Filter } from '../../../shared/filter.ts';

let state: Filter = EMPTY_FILTER;
const listeners = new Set<() => void>();

export const filterStore = {
  get: (): Filter => state,
  set(change: Partial<Filter>): void {
    state = { ...state, ...change };
    for (const l of listeners) l();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useFilter(): Filter {
  return useSyncExternalStore(filterStore.subscribe, filterStore.get);
}
