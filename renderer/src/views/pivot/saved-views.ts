/**
 * Saved pivot views: a name and a plain-JSON PivotConfig. They belong to the workspace
 * (the 'pivot-views' part travels in the .xingtu file); localStorage keeps a copy of the
 * current list so a reload without a workspace still has the last views.
 */
import { useSyncExternalStore } from 'react';
import type { PivotConfig } from '../../../../shared/analysis/pivot.ts';
import { registerWorkspacePart } from '../../workspace/parts.ts';

export interface SavedView {
  name: string;
  config: PivotConfig;
}

const KEY = 'xingtu.pivot-views.v1';

/** Keeps only entries shaped like a view: JSON from files and storage is never trusted. */
function validViews(parsed: unknown): SavedView[] {
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter((v) => v && typeof v === 'object' && typeof v.name === 'string' && v.config && typeof v.config === 'object'
      && Array.isArray(v.config.rows) && Array.isArray(v.config.columns) && Array.isArray(v.config.measures))
    .map((v) => ({ name: v.name, config: v.config as PivotConfig }));
}

function readStorage(): SavedView[] {
  try {
    return validViews(JSON.parse(localStorage.getItem(KEY) ?? '[]'));
  } catch {
    return [];
  }
}

let views: SavedView[] | null = null;
const listeners = new Set<() => void>();

export function loadViews(): SavedView[] {
  views ??= readStorage();
  return views;
}

export function storeViews(next: SavedView[]): void {
  views = next;
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Storage full or disabled: the list still lives in the workspace.
  }
  for (const l of listeners) l();
}

export function subscribeViews(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The saved views, following changes (a workspace opened while the pivot is on screen). */
export function useSavedViews(): SavedView[] {
  return useSyncExternalStore(subscribeViews, loadViews);
}

/** A name not used yet: "三星以上占比 (2)" after "三星以上占比". */
export function uniqueName(base: string, views: SavedView[]): string {
  if (!views.some((v) => v.name === base)) return base;
  for (let i = 2; ; i++) if (!views.some((v) => v.name === `${base} (${i})`)) return `${base} (${i})`;
}

registerWorkspacePart({
  key: 'pivot-views',
  save: () => loadViews(),
  restore: (json) => storeViews(validViews(json)),
  subscribe: subscribeViews,
});
