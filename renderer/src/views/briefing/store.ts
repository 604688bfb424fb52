/**
 * The briefing being composed: one store, kept in localStorage (so a reload does not lose
 * it) and registered as the workspace part 'briefings' (so a workspace file carries it).
 * Removing an item can be undone (Ctrl+Z on the briefing screen, or the 撤销 button);
 * 重新生成 of a narrative the user wrote can be undone with the app's undo (Ctrl+Z).
 */
import type { Filter } from '../../../../shared/filter.ts';
import {
  briefingDistribution, emptyBriefing, issueSuggestion, makeItem, moveItem, withIssued, type Briefing, type BriefingItem, type ItemSpec,
} from '../../../../shared/briefing/model.ts';
import type { BriefingDistribution } from '../../../../shared/briefing/distribution.ts';
import { checkBriefing } from '../../../../shared/specs.ts';
import { createStore, useStore } from '../../state/store.ts';
import { type UndoEntry, undoStore } from '../../state/undo.ts';
import { registerWorkspacePart } from '../../workspace/parts.ts';
import { reportSpecNotices } from '../../workspace/spec-notices.ts';

const STORAGE_KEY = 'xingtu.briefing';

/** A briefing from JSON of a file or of storage: every item checked (shared/specs.ts), the user told what was dropped. */
function checked(json: unknown): Briefing {
  const result = checkBriefing(json);
  reportSpecNotices(result.notices);
  return result.value;
}

function load(): Briefing {
  let json: unknown;
  try {
    const text = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
    if (!text) return emptyBriefing();
    json = JSON.parse(text);
  } catch {
    return emptyBriefing();
  }
  return checked(json);
}

export const briefingStore = createStore<Briefing>(load());

briefingStore.subscribe(() => {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(briefingStore.get()));
  } catch {
    // Storage full or unavailable (private mode): the workspace file still carries it.
  }
});

export function useBriefing(): Briefing {
  return useStore(briefingStore);
}

// ---- removal undo (the briefing's own, separate from the dataset undo stack)

export interface Removed {
  item: BriefingItem;
  index: number;
  label: string;
}

let removed: Removed[] = [];
const removedListeners = new Set<() => void>();
const emitRemoved = () => removedListeners.forEach((l) => l());

export const removedStore = {
  get: (): Removed[] => removed,
  subscribe(l: () => void): () => void {
    removedListeners.add(l);
    return () => removedListeners.delete(l);
  },
};

// ---- actions

/** Adds an item with the filter of the moment; returns the number of items. */
export function addItem(spec: ItemSpec, filter: Filter): number {
  const b = briefingStore.get();
  const items = [...b.items, makeItem(spec, filter)];
  briefingStore.set({ items });
  return items.length;
}

export function updateItem(id: string, change: Partial<Omit<BriefingItem, 'id'>>): void {
  briefingStore.set({ items: briefingStore.get().items.map((it) => (it.id === id ? { ...it, ...change } : it)) });
}

export function moveItemTo(from: number, to: number): void {
  briefingStore.set({ items: moveItem(briefingStore.get().items, from, to) });
}

export function removeItem(id: string, label: string): void {
  const items = briefingStore.get().items;
  const index = items.findIndex((it) => it.id === id);
  if (index < 0) return;
  removed = [...removed.slice(-19), { item: items[index], index, label }];
  emitRemoved();
  briefingStore.set({ items: items.filter((it) => it.id !== id) });
}

/** Puts the last removed item back where it was; false when there is none. */
export function undoRemove(): Removed | null {
  const last = removed.at(-1);
  if (!last) return null;
  removed = removed.slice(0, -1);
  emitRemoved();
  const items = [...briefingStore.get().items];
  items.splice(Math.min(last.index, items.length), 0, last.item);
  briefingStore.set({ items });
  return last;
}

export function clearRemoved(): void {
  removed = [];
  emitRemoved();
}

// ---- the narrative: 重新生成 asks first and can be undone

/**
 * The user's narrative differs from the automatic one (`auto`, null while it is being
 * written): 重新生成 would lose text, so it asks first and can be undone.
 */
export function narrativeEdited(narrative: string | null, auto: string | null): boolean {
  return narrative != null && narrative !== auto;
}

export const REGENERATE_UNDO_LABEL = '撤销重新生成总体情况';

/**
 * 重新生成: back to the automatic text. The user's own text goes onto the app's undo stack
 * (Ctrl+Z puts it back); returns that entry, or null when nothing was lost.
 */
export function regenerateNarrative(auto: string | null): UndoEntry | null {
  const before = briefingStore.get().narrative;
  briefingStore.set({ narrative: null });
  if (!narrativeEdited(before, auto)) return null;
  const entry: UndoEntry = { label: REGENERATE_UNDO_LABEL, run: async () => briefingStore.set({ narrative: before }) };
  undoStore.push(entry);
  return entry;
}

// ---- 期号 per year and the 版记

/**
 * After an export (Word, PDF or Excel) went out: the 期号 is recorded for the year of the
 * briefing's date (raised, never lowered), so the next issue can be suggested.
 */
export function recordIssued(): void {
  const b = briefingStore.get();
  const issued = withIssued(b);
  if (issued !== b.issued) briefingStore.set({ issued });
}

export const ISSUE_UNDO_LABEL = '撤销修改期号';

/**
 * 改为第N期: takes the suggestion (issueSuggestion) the side panel shows. The number before
 * goes onto the app's undo stack, as 重新生成 does (Ctrl+Z puts it back); returns that entry,
 * or null when there was no suggestion to take.
 */
export function applyIssueSuggestion(): UndoEntry | null {
  const b = briefingStore.get();
  const s = issueSuggestion(b);
  if (!s) return null;
  const before = b.issueNo;
  briefingStore.set({ issueNo: s.next });
  const entry: UndoEntry = { label: ISSUE_UNDO_LABEL, run: async () => briefingStore.set({ issueNo: before }) };
  undoStore.push(entry);
  return entry;
}

/** Changes 报/送/发 or 共印 (the rest as it is, the defaults until the user's first change). */
export function updateDistribution(change: Partial<BriefingDistribution>): void {
  briefingStore.set({ distribution: { ...briefingDistribution(briefingStore.get()), ...change } });
}

// ---- workspace part

registerWorkspacePart({
  key: 'briefings',
  // A list, so a workspace can hold several briefings later; today there is one.
  save: () => [briefingStore.get()],
  restore(json) {
    clearRemoved();
    const first = Array.isArray(json) ? json[0] : json;
    briefingStore.set(first === undefined ? emptyBriefing() : checked(first));
  },
  subscribe: (l) => briefingStore.subscribe(l),
});
