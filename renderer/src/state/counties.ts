/**
 * The counties of the loaded data, for everything that names the workspace: titles, the
 * window title, the briefing's issuing unit (shared/scope.ts turns them into words).
 */
import { LOADED_COUNTIES_QUERY } from '../../../shared/datasets.ts';
import { useAnalysis } from '../data/useQuery.ts';

const NONE: string[] = [];

/** Counties with live ratings, by name; empty while loading or when the data names none. */
export function useLoadedCounties(): string[] {
  return useAnalysis(LOADED_COUNTIES_QUERY).data ?? NONE;
}
