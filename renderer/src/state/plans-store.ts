/**
 * 创建规划 (issue #17): one plan per year, registered as the workspace part 'plans' (so a
 * .xingtu file carries them) and copied to localStorage (so a reload keeps an imported plan).
 * Importing a plan for a year goes on the app's undo stack (Ctrl+Z puts the previous plan of
 * that year back, or removes the new one); the briefing finds the plans through setPlanSource.
 */
import { checkPlans, plansJson, setPlanSource } from '../../../shared/plans/store-format.ts';
import type { Plan } from '../../../shared/plans/sheet.ts';
import { createStore, useStore } from './store.ts';
import { undoStore } from './undo.ts';
import { registerWorkspacePart } from '../workspace/parts.ts';
import { reportSpecNotices } from '../workspace/spec-notices.ts';
import { requestRefresh } from '../views/briefing/figures.tsx';

const STORAGE_KEY = 'xingtu.plans';

export interface PlansState {
  /** One plan per year, newest first. */
  plans: Plan[];
}

function checked(json: unknown): Plan[] {
  const result = checkPlans(json);
  reportSpecNotices(result.notices);
  return result.value;
}

function load(): PlansState {
  try {
    const text = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
    return { plans: text ? checked(JSON.parse(text)) : [] };
  } catch {
    return { plans: [] };
  }
}

export const plansStore = createStore<PlansState>(load());

let saved = plansStore.get().plans;
plansStore.subscribe(() => {
  const { plans } = plansStore.get();
  if (plans === saved) return;
  saved = plans;
  // The 简报's 规划完成 tables read the plans as they are now.
  requestRefresh();
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(plansJson(plans)));
  } catch {
    // Storage full or unavailable: the workspace file still carries the plans.
  }
});

setPlanSource(() => plansStore.get().plans);

export function usePlans(): PlansState {
  return useStore(plansStore);
}

const byYear = (plans: Plan[]) => [...plans].sort((a, b) => (b.year ?? 0) - (a.year ?? 0));

/** Sets the plan of its year (replacing one of the same year); Ctrl+Z puts the previous state back. */
export function putPlan(plan: Plan & { year: number }, label: string): void {
  const before = plansStore.get().plans;
  plansStore.set({ plans: byYear([...before.filter((p) => p.year !== plan.year), plan]) });
  undoStore.push({ label: `撤销${label}`, run: async () => plansStore.set({ plans: before }) });
}

/** Removes the plan of a year (undoable). */
export function removePlan(year: number): void {
  const before = plansStore.get().plans;
  if (!before.some((p) => p.year === year)) return;
  plansStore.set({ plans: before.filter((p) => p.year !== year) });
  undoStore.push({ label: `撤销删除${year}年创建规划`, run: async () => plansStore.set({ plans: before }) });
}

registerWorkspacePart({
  key: 'plans',
  save: () => plansJson(plansStore.get().plans),
  restore(json) {
    plansStore.set({ plans: json === undefined ? [] : checked(json) });
  },
  subscribe: (listener) => plansStore.subscribe(listener),
});
