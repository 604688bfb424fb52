/**
 * Saved pivot views: a name and a plain-JSON PivotConfig, kept in localStorage until
 * workspaces can hold them (the briefing/workspace issue moves them into the workspace file).
 */
import type { PivotConfig } from '../../../../shared/analysis/pivot.ts';

export interface SavedView {
  name: string;
  config: PivotConfig;
}

const KEY = 'xingtu.pivot-views.v1';

export function loadViews(): SavedView[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((v) => v && typeof v.name === 'string' && v.config) : [];
  } catch {
    return [];
  }
}

export function storeViews(views: SavedView[]): void {
  localStorage.setItem(KEY, JSON.stringify(views));
}

/** A name not used yet: "三星以上占比 (2)" after "三星以上占比". */
export function uniqueName(base: string, views: SavedView[]): string {
  if (!views.some((v) => v.name === base)) return base;
  for (let i = 2; ; i++) if (!views.some((v) => v.name === `${base} (${i})`)) return `${base} (${i})`;
}
