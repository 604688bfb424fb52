/**
 * Saved pivot views: a name and a plain-JSON PivotConfig. They belong to the workspace
 * (the 'pivot-views' part travels in the .xingtu file); localStorage keeps a copy of the
 * current list so a reload without a workspace still has the last views.
 */
import { useSyncExternalStore } from 'react';
import { checkSavedViews, type SavedPivotView } from '../../../../shared/specs.ts';
import { registerWorkspacePart } from '../../workspace/parts.ts';
import { reportSpecNotices } from '../../workspace/spec-notices.ts';

export type SavedView = SavedPivotView;

const KEY = 'xingtu.pivot-views.v1';

/**
 * The views from JSON of a file or of storage, never trusted: unknown fields, measures and
 * filters are dropped (shared/specs.ts) and the user is told which.
 */
function validViews(parsed: unknown): SavedView[] {
  const checked = checkSavedViews(parsed);
  reportSpecNotices(checked.notices);
  return checked.value;
}

function readStorage(): SavedView[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]');
  } catch {
    return [];
  }
  return validViews(parsed);
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
