/**
 * Questions the workspace actions ask the user, as data: an action awaits ask(...), the
 * host renders the one open dialog and resolves it with the user's answer.
 */
import { createStore, useStore } from '../state/store.ts';

export interface FileSummary {
  name: string;
  counties: string[];
  periods: string[];
  datasets: number;
  savedAt: string;
}

export type WorkspaceDialog =
  | { kind: 'unsaved'; action: string; name: string; resolve(choice: 'save' | 'discard' | 'cancel'): void }
  | {
      kind: 'error';
      title: string;
      fileName: string | null;
      problem: string;
      advice: string;
      details: string[];
      /** The newest readable autosave, when there is one to offer. */
      autosave: { name: string; savedAt: string } | null;
      resolve(choice: 'autosave' | 'pick' | 'close'): void;
    }
  | { kind: 'merge'; files: FileSummary[]; keepDefault: boolean; current: string; resolve(choice: { keep: boolean } | null): void }
  | { kind: 'conflict'; problem: string; advice: string; details: string[]; resolve(merge: boolean): void }
  | { kind: 'recover'; name: string; savedAt: string; resolve(choice: 'recover' | 'ignore'): void };

type Resolved<D> = D extends { resolve(choice: infer C): void } ? C : never;
type Question = WorkspaceDialog extends infer D ? D extends WorkspaceDialog ? Omit<D, 'resolve'> : never : never;

const dialogStore = createStore<{ dialog: WorkspaceDialog | null }>({ dialog: null });

export function useDialog(): WorkspaceDialog | null {
  return useStore(dialogStore).dialog;
}

/** Shows a dialog and resolves with the user's choice. */
export function ask<K extends WorkspaceDialog['kind']>(
  question: Extract<Question, { kind: K }>,
): Promise<Resolved<Extract<WorkspaceDialog, { kind: K }>>> {
  return new Promise((resolve) => {
    const dialog = {
      ...question,
      resolve: (choice: unknown) => {
        dialogStore.set({ dialog: null });
        resolve(choice as Resolved<Extract<WorkspaceDialog, { kind: K }>>);
      },
    } as WorkspaceDialog;
    dialogStore.set({ dialog });
  });
}

/** True while a dialog waits for an answer: actions started from the keyboard then wait their turn. */
export function dialogOpen(): boolean {
  return dialogStore.get().dialog != null;
}

/** The dialog waiting for an answer, if any (tests answer it as a user would). */
export function currentDialog(): WorkspaceDialog | null {
  return dialogStore.get().dialog;
}
