/**
 * 乡镇顺序 (issue #17): the analyst's chosen order of townships, which every table, chart and
 * export follows (shared/analysis/township-order.ts); empty = the order of the first imported
 * 台账. Registered as the workspace part 'township-order' (a .xingtu file carries it) and
 * copied to localStorage (a reload keeps it). Every change by the analyst goes on the app's
 * undo stack, and every change — an edit, an undo, a workspace opened — is applied to the
 * engine, which rebuilds township_order and the summaries that carry it.
 */
import type { TownshipKey } from '../../../shared/analysis/township-order.ts';
import { setChosenTownshipOrder } from '../../../shared/analysis/township-order.ts';
import { applyTownshipOrder } from '../../../shared/analysis/summaries.ts';
import { checkTownshipOrder, townshipOrderJson } from '../../../shared/township-order-format.ts';
import type { Coordinator } from '../data/coordinator.ts';
import { registerWorkspacePart } from '../workspace/parts.ts';
import { reportSpecNotices } from '../workspace/spec-notices.ts';
import { quietly, workspaceStore } from '../workspace/store.ts';
import { createStore, useStore } from './store.ts';
import { notify } from './toast.ts';
import { undoStore } from './undo.ts';

const STORAGE_KEY = 'xingtu.township-order';

export interface TownshipOrderState {
  /** The chosen order; empty: townships in the order of the first imported 台账. */
  chosen: TownshipKey[];
}

function checked(json: unknown): TownshipKey[] {
  const result = checkTownshipOrder(json);
  reportSpecNotices(result.notices);
  return result.value;
}

function load(): TownshipKey[] {
  try {
    const text = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
    return text ? checked(JSON.parse(text)) : [];
  } catch {
    return [];
  }
}

const initial = load();
// Before the engine builds its first summaries (the sample at start), so they follow it.
setChosenTownshipOrder(initial);

export const townshipOrderStore = createStore<TownshipOrderState>({ chosen: initial });

export function useTownshipOrder(): TownshipOrderState {
  return useStore(townshipOrderStore);
}

const same = (a: readonly TownshipKey[], b: readonly TownshipKey[]) =>
  a.length === b.length && a.every((t, i) => t.township === b[i].township && (t.county ?? null) === (b[i].county ?? null));

let coordinator: Coordinator | null = null;
/** The order the engine was last given (its summaries follow it once `applying` settles). */
let applied: TownshipKey[] = initial;
/** Engine updates one after another, so two quick moves end in the later order. */
let applying: Promise<void> = Promise.resolve();
/** Set while a workspace part is restored: the change is the opened file's, not an edit. */
let restoring = false;

/** Resolves once no workspace action (open, new, 载入示例数据) is running. */
function workspaceIdle(): Promise<void> {
  if (!workspaceStore.get().busy) return Promise.resolve();
  return new Promise((resolve) => {
    const off = workspaceStore.subscribe(() => {
      if (workspaceStore.get().busy) return;
      off();
      resolve();
    });
  });
}

function toEngine(order: TownshipKey[], fromWorkspace: boolean): Promise<void> {
  if (same(order, applied)) return applying;
  applied = order;
  // Summaries built from now on (a sample loaded right after a restore) follow the new order.
  setChosenTownshipOrder(order);
  const c = coordinator;
  if (!c) return applying;
  applying = applying.then(async () => {
    if (fromWorkspace) {
      // The workspace action restores the data and then the parts: rebuild once it is done,
      // without marking the just-opened workspace as changed.
      await workspaceIdle();
      await quietly(() => c.mutate((db) => applyTownshipOrder(db, applied)));
    } else {
      await c.mutate((db) => applyTownshipOrder(db, applied));
    }
  }).catch((e: unknown) => {
    notify(`乡镇顺序未能应用：${e instanceof Error ? e.message : String(e)}`, 'error', 10_000);
  });
  return applying;
}

let saved = initial;
townshipOrderStore.subscribe(() => {
  const { chosen } = townshipOrderStore.get();
  if (chosen === saved) return;
  saved = chosen;
  void toEngine(chosen, restoring);
  try {
    if (chosen.length === 0) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, JSON.stringify(townshipOrderJson(chosen)));
  } catch {
    // Storage full or unavailable: the workspace file still carries the order.
  }
});

/**
 * The host hands over the engine once it is up (boot.ts). The engine already follows the
 * order read from localStorage (set before its first summaries); later changes are applied.
 */
export function attachTownshipOrder(c: Coordinator): void {
  coordinator = c;
  if (!same(townshipOrderStore.get().chosen, applied)) void toEngine(townshipOrderStore.get().chosen, false);
}

/** Sets the chosen order (undoable with Ctrl+Z); resolves once the engine follows it. */
export function setTownshipOrder(order: TownshipKey[], label: string): Promise<void> {
  const before = townshipOrderStore.get().chosen;
  if (same(order, before)) return applying;
  townshipOrderStore.set({ chosen: order });
  undoStore.push({
    label: `撤销${label}`,
    run: async () => {
      townshipOrderStore.set({ chosen: before });
      await applying;
    },
  });
  return applying;
}

/**
 * The order after moving the township at `index` of `current` (the effective order, every
 * township) by `delta` places: the whole list becomes the chosen order, so it stays as shown;
 * chosen townships not in the data now (another county's) keep their places after it.
 */
export function movedOrder(current: readonly TownshipKey[], index: number, delta: number, chosen: readonly TownshipKey[] = []): TownshipKey[] | null {
  const to = index + delta;
  if (index < 0 || index >= current.length || to < 0 || to >= current.length || delta === 0) return null;
  const next = current.map((t) => ({ county: t.county ?? null, township: t.township }));
  const [moved] = next.splice(index, 1);
  next.splice(to, 0, moved);
  const listed = (t: TownshipKey) => next.some((n) => n.township === t.township && n.county === (t.county ?? null));
  return [...next, ...chosen.filter((t) => !listed(t))];
}

registerWorkspacePart({
  key: 'township-order',
  save: () => townshipOrderJson(townshipOrderStore.get().chosen),
  restore(json) {
    // No part (an older file, 新建, 载入示例数据): the 台账's order.
    const chosen = json === undefined ? [] : checked(json);
    restoring = true;
    try {
      townshipOrderStore.set({ chosen });
    } finally {
      restoring = false;
    }
  },
  subscribe: (listener) => townshipOrderStore.subscribe(listener),
});
