/**
 * 观摩评比 rounds (issue #16): one store, registered as the workspace part 'judge' (so a
 * .xingtu file carries the rounds) and copied to localStorage (so a reload keeps what was
 * typed during the meeting). Every change of a round's scores or settings goes on the app's
 * undo stack (Ctrl+Z, 撤销); the briefing finds rounds here through setRoundSource.
 */
import { setRoundSource } from '../../../../shared/judge/briefing.ts';
import { checkRounds, roundsJson, type SavedRound } from '../../../../shared/judge/round.ts';
import { createStore, useStore } from '../../state/store.ts';
import { undoStore } from '../../state/undo.ts';
import { registerWorkspacePart } from '../../workspace/parts.ts';
import { reportSpecNotices } from '../../workspace/spec-notices.ts';

const STORAGE_KEY = 'xingtu.judge-rounds';

export interface JudgeState {
  rounds: SavedRound[];
  /** The round on screen. */
  selected: string | null;
}

function checked(json: unknown): SavedRound[] {
  const result = checkRounds(json);
  reportSpecNotices(result.notices);
  return result.value;
}

function load(): JudgeState {
  let json: unknown;
  try {
    const text = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
    if (!text) return { rounds: [], selected: null };
    json = JSON.parse(text);
  } catch {
    return { rounds: [], selected: null };
  }
  const rounds = checked(json);
  return { rounds, selected: rounds[0]?.id ?? null };
}

export const judgeStore = createStore<JudgeState>(load());

let savedRounds = judgeStore.get().rounds;
judgeStore.subscribe(() => {
  const { rounds } = judgeStore.get();
  if (rounds === savedRounds) return;
  savedRounds = rounds;
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(roundsJson(rounds)));
  } catch {
    // Storage full or unavailable: the workspace file still carries the rounds.
  }
});

setRoundSource(() => judgeStore.get().rounds);

export function useJudge(): JudgeState {
  return useStore(judgeStore);
}

export function selectRound(id: string | null): void {
  judgeStore.set({ selected: id });
}

/** Puts a round back as it was (or removes it when it did not exist), for undo. */
function restoreRound(id: string, before: SavedRound | null, index: number): void {
  const rounds = judgeStore.get().rounds;
  const at = rounds.findIndex((r) => r.id === id);
  let next: SavedRound[];
  if (before == null) next = rounds.filter((r) => r.id !== id);
  else if (at >= 0) next = rounds.map((r) => (r.id === id ? before : r));
  else {
    next = [...rounds];
    next.splice(Math.min(index, next.length), 0, before);
  }
  const selected = judgeStore.get().selected;
  judgeStore.set({ rounds: next, selected: before ? id : selected === id ? next[0]?.id ?? null : selected });
}

/**
 * Replaces a round (or adds it) and, with an undo label, lets Ctrl+Z put the previous version
 * back: "撤销录入 河口镇 评委三 93".
 */
export function putRound(round: SavedRound, undoLabel?: string): void {
  const rounds = judgeStore.get().rounds;
  const index = rounds.findIndex((r) => r.id === round.id);
  const before = index >= 0 ? rounds[index] : null;
  const next = index >= 0 ? rounds.map((r) => (r.id === round.id ? round : r)) : [...rounds, round];
  judgeStore.set({ rounds: next, selected: round.id });
  if (undoLabel) undoStore.push({ label: `撤销${undoLabel}`, run: async () => restoreRound(round.id, before, index < 0 ? next.length - 1 : index) });
}

export function deleteRound(id: string): void {
  const rounds = judgeStore.get().rounds;
  const index = rounds.findIndex((r) => r.id === id);
  if (index < 0) return;
  const before = rounds[index];
  const next = rounds.filter((r) => r.id !== id);
  const selected = judgeStore.get().selected;
  judgeStore.set({ rounds: next, selected: selected === id ? next[Math.min(index, next.length - 1)]?.id ?? null : selected });
  undoStore.push({ label: `撤销删除评比“${before.name}”`, run: async () => restoreRound(id, before, index) });
}

registerWorkspacePart({
  key: 'judge',
  save: () => roundsJson(judgeStore.get().rounds),
  restore(json) {
    const rounds = json === undefined ? [] : checked(json);
    judgeStore.set({ rounds, selected: rounds[0]?.id ?? null });
  },
  subscribe(listener) {
    // Selecting a round is no change of the workspace.
    let last = judgeStore.get().rounds;
    return judgeStore.subscribe(() => {
      const rounds = judgeStore.get().rounds;
      if (rounds !== last) {
        last = rounds;
        listener();
      }
    });
  },
});
