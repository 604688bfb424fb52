/**
 * The global filter state (period, townships, 村/社区) that every view follows.
 */
import { EMPTY_FILTER, type Filter } from '../../../shared/filter.ts';
import { createStore, useStore } from './store.ts';

export const filterStore = createStore<Filter>(EMPTY_FILTER);

export function useFilter(): Filter {
  return useStore(filterStore);
}
