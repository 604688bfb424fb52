/**
 * One colour scale for star levels and one colour per star category, used by every
 * grid, chart and legend (DESIGN.md §6).
 */
import type { StarId } from './stars.ts';

export const ACCENT = '#C8102E';

/** 无星 grey → 五星 the accent. */
export const LEVEL_COLORS = ['#b9bec6', '#f3c9ce', '#e9a0a9', '#dd7180', '#d24257', ACCENT] as const;

export const STAR_COLORS: Record<StarId, string> = {
  branch: '#C8102E',
  industry: '#d9822b',
  ecology: '#3f9b5b',
  safety: '#2f6db5',
  civility: '#8e5bb5',
  cobuild: '#1c9a9a',
  harmony: '#c2528b',
  business: '#7a7f2a',
};
