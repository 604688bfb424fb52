/**
 * What the window knows about the open workspace: its name, where it lives (a desktop
 * token or a browser file handle id), whether it has unsaved changes, and whether a
 * save or open is running. The header, the title bar and the autosave follow it.
 */
import { createStore, useStore } from '../state/store.ts';

export type WorkspaceOrigin =
  /** The bundled sample, loaded at start. */
  | 'sample'
  /** Opened from or saved to a file. */
  | 'file'
  /** A new empty workspace, or a merge not saved yet. */
  | 'new'
  /** Recovered from an autosave, not saved yet. */
  | 'recovered';

export interface WorkspaceState {
  name: string;
  origin: WorkspaceOrigin;
  /**
   * Where a plain save writes: the desktop shell's opaque token, or the id of a browser
   * FileSystemFileHandle (web-files.ts). null: the next save asks where.
   */
  token: string | null;
  dirty: boolean;
  /** ISO time of the last save or open. */
  lastSavedAt: string | null;
  /** What is running ('正在保存…'), shown in the header; null when idle. */
  busy: string | null;
}

export const SAMPLE_WORKSPACE_NAME = '示例数据';
/** A workspace with no file and no county in its data. */
export const UNTITLED_WORKSPACE_NAME = '未命名工作区';

export const workspaceStore = createStore<WorkspaceState>({
  name: SAMPLE_WORKSPACE_NAME,
  origin: 'sample',
  token: null,
  dirty: false,
  lastSavedAt: null,
  busy: null,
});

export function useWorkspace(): WorkspaceState {
  return useStore(workspaceStore);
}

/**
 * Change counter: every data or part change bumps it. A save remembers the count it
 * wrote, so changes made while the file was being written keep the workspace dirty.
 */
let changes = 0;
let quiet = 0;

export function markChanged(): void {
  if (quiet > 0) return;
  changes++;
  if (!workspaceStore.get().dirty) workspaceStore.set({ dirty: true });
}

export function changeCount(): number {
  return changes;
}

/** Runs a change the workspace makes itself (opening a file) without marking it dirty. */
export async function quietly<T>(run: () => Promise<T>): Promise<T> {
  quiet++;
  try {
    return await run();
  } finally {
    // Listeners fire synchronously inside the run; a microtask later is still inside.
    await Promise.resolve();
    quiet--;
  }
}

/** Session facts that outlive the page: the last explicit save (for autosave recovery). */
const SESSION_KEY = 'xingtu.workspace.session.v1';

export interface WorkspaceSession {
  name: string;
  token: string | null;
  /** ISO time of the last save or open; autosaves older than this hold nothing new. */
  savedAt: string;
}

export function readSession(): WorkspaceSession | null {
  try {
    const v = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null');
    return v && typeof v.savedAt === 'string' && typeof v.name === 'string'
      ? { name: v.name, token: typeof v.token === 'string' ? v.token : null, savedAt: v.savedAt }
      : null;
  } catch {
    return null;
  }
}

export function writeSession(s: WorkspaceSession): void {
  try {
    localStorage.setItem(SESSION_KEY, JSON.stringify(s));
  } catch {
    // Storage full or disabled: recovery then offers every autosave, which is harmless.
  }
}
