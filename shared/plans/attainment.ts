/**
 * 规划完成: a township plan (shared/plans/sheet.ts) against what the townships hold in a period
 * (shared/views/overview.ts resolveLevelSummary, by township). Pure.
 *
 * Per township and for the county: planned 五星 / 四星 / 三星 and 三星以上占比, the actual
 * (units at level 5, 4, 3 and the share), the gap (actual − planned), the 完成率 of a count
 * (actual / planned; null when the plan is 0 or has none) and whether each target is met
 * (actual ≥ planned; null where the plan sets none). A planned township with no rated unit
 * is kept: its counts are 0 and its share is unknown, so a share target there is missed.
 * Rows keep the plan's order (the office's own order of townships, 城关镇 first).
 */
import type { LevelSummary } from '../views/overview.ts';
import type { Plan, TownshipPlan } from './sheet.ts';

export type TargetId = 'five' | 'four' | 'three' | 'share3plus';
export const TARGET_IDS: readonly TargetId[] = ['five', 'four', 'three', 'share3plus'];
export const TARGET_NAMES: Record<TargetId, string> = { five: '“五星”支部', four: '“四星”支部', three: '“三星”支部', share3plus: '三星以上占比' };

export interface TargetResult {
  planned: number | null;
  actual: number | null;
  /** actual − planned (a share in fraction points), null without both. */
  gap: number | null;
  /** 完成率 of a count: actual / planned; null for a share, or when planned is 0 or none. */
  rate: number | null;
  /** null: the plan sets no such target. */
  met: boolean | null;
}

export interface AttainmentRow {
  township: string;
  /** Units rated in the period (0: a planned township with no rated unit). */
  units: number;
  five: TargetResult;
  four: TargetResult;
  three: TargetResult;
  share3plus: TargetResult;
  /** Every target the plan sets is met; null when it sets none. */
  met: boolean | null;
}

export interface Attainment {
  year: number | null;
  period: string;
  townships: AttainmentRow[];
  county: AttainmentRow;
  /** Which targets the plan sets anywhere (the columns worth showing). */
  targets: TargetId[];
  /** Per target, how many townships met and missed it (townships with that target only). */
  tally: Record<TargetId, { met: number; missed: number }>;
  /** Rated townships the plan does not name. */
  unplanned: string[];
}

/** Township names as a sheet and a 台账 write them: NFKC, no spaces. */
export const townshipKey = (name: string) => name.normalize('NFKC').replace(/\s+/g, '');

/** Shares compare at the 4 decimals the summary keeps (0.3 vs 0.3000 is met). */
const EPS = 1e-9;

function target(planned: number | null, actual: number | null, share: boolean): TargetResult {
  if (planned == null) return { planned: null, actual, gap: null, rate: null, met: null };
  const gap = actual == null ? null : share ? Math.round((actual - planned) * 10000) / 10000 : actual - planned;
  const rate = share || planned === 0 || actual == null ? null : actual / planned;
  return { planned, actual, gap, rate, met: actual != null && actual + EPS >= planned };
}

function row(township: string, plan: Omit<TownshipPlan, 'township'>, actual: { units: number; levels: number[]; share3plus: number | null } | undefined): AttainmentRow {
  const levels = actual?.levels ?? [0, 0, 0, 0, 0, 0];
  const r = {
    township,
    units: actual?.units ?? 0,
    five: target(plan.five, levels[5] ?? 0, false),
    four: target(plan.four, levels[4] ?? 0, false),
    three: target(plan.three, levels[3] ?? 0, false),
    share3plus: target(plan.share3plus, actual && actual.units > 0 ? actual.share3plus : null, true),
  };
  const mets = TARGET_IDS.map((t) => r[t].met).filter((m): m is boolean => m != null);
  return { ...r, met: mets.length ? mets.every(Boolean) : null };
}

/** The plan against a level summary grouped by township (resolveLevelSummary(period, 'township', filter)). */
export function planAttainment(plan: Plan, summary: LevelSummary): Attainment {
  const rated = new Map<string, { township: string; units: number; levels: number[]; share3plus: number | null }>();
  for (const r of summary.rows) {
    const name = r.township;
    if (typeof name !== 'string') continue;
    rated.set(townshipKey(name), { township: name, units: r.units, levels: r.levels, share3plus: r.share3plus });
  }
  const townships = plan.townships.map((t) => row(t.township, t, rated.get(townshipKey(t.township))));
  const planned = new Set(plan.townships.map((t) => townshipKey(t.township)));
  const targets = TARGET_IDS.filter((id) => plan.county[id] != null || plan.townships.some((t) => t[id] != null));
  const tally = Object.fromEntries(TARGET_IDS.map((id) => [id, {
    met: townships.filter((t) => t[id].met === true).length,
    missed: townships.filter((t) => t[id].met === false).length,
  }])) as Attainment['tally'];
  return {
    year: plan.year,
    period: summary.period,
    townships,
    county: row('全县', plan.county, summary.total),
    targets,
    tally,
    unplanned: [...rated.entries()].filter(([k]) => !planned.has(k)).map(([, v]) => v.township),
  };
}

/** 达到 / 未达到 / — (no target). */
export function metText(met: boolean | null): string {
  return met == null ? '—' : met ? '达到' : '未达到';
}

/** The plan of a year among the workspace's plans (null when none). */
export function planForYear(plans: readonly Plan[], year: number): Plan | null {
  return plans.find((p) => p.year === year) ?? null;
}
