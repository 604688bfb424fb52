/**
 * The undo stack for dataset changes (import, replace, remove). Ctrl+Z pops the last
 * entry. Entries hold closures over removal ids in the engine's trash tables.
 */
import { useSyncExternalStore } from 'react';
import { notify } from './toast.ts';

export interface UndoEntry {
  /** What will be undone, e.g. "撤销导入 城关镇.xlsx". */
  label: string;
  run: () => Promise<void>;
}

let stack: UndoEntry[] = [];
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export const undoStore = {
  push(entry: UndoEntry): void {
    stack = [...stack, entry];
    emit();
  },
  async undo(): Promise<UndoEntry | null> {
    const entry = stack.at(-1);
    if (!entry) return null;
    stack = stack.slice(0, -1);
    emit();
    await entry.run();
    return entry;
  },
  clear(): void {
    stack = [];
    emit();
  },
  get: (): UndoEntry[] => stack,
  subscribe(l: () => void): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

export function useUndoStack(): UndoEntry[] {
  return useSyncExternalStore(undoStore.subscribe, undoStore.get);
}

/** Ctrl+Z, the 撤销 button and a toast's 撤销: undo the last change and say what was undone. */
export async function undoLastChange(): Promise<void> {
  try {
    const entry = await undoStore.undo();
    notify(entry ? `已${entry.label}` : '没有可以撤销的操作');
  } catch (e) {
    notify(`撤销失败：${(e as Error).message}`, 'error');
  }
}
