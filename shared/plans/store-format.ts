/**
 * 创建规划 as workspace data: the 'plans' part holds `{ version: 1, plans: [Plan, ...] }`, one
 * plan per year (renderer/src/state/plans-store.ts). JSON from a file or localStorage is
 * validated, never trusted. The briefing's tables find the plans through setPlanSource, as
 * the 观摩评比 rounds are found (shared/judge/briefing.ts).
 */
import type { Plan, TownshipPlan } from './sheet.ts';

export const PLANS_PART_VERSION = 1;
const MAX_PLANS = 50;
const MAX_TOWNSHIPS = 500;
const MAX_NAME = 60;
const MAX_COUNT = 100_000;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v != null && !Array.isArray(v);
const name = (v: unknown): string => (typeof v === 'string' ? v.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim().slice(0, MAX_NAME) : '');

function count(v: unknown, bad: () => void): number | null {
  if (v == null) return null;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_COUNT) return v;
  bad();
  return null;
}

function share(v: unknown, bad: () => void): number | null {
  if (v == null) return null;
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1) return v;
  bad();
  return null;
}

function targets(v: Record<string, unknown>, bad: () => void): Omit<TownshipPlan, 'township'> {
  return { five: count(v.five, bad), four: count(v.four, bad), three: count(v.three, bad), share3plus: share(v.share3plus, bad) };
}

/** One plan from untrusted JSON; null (with a notice) when it has no year or no township. */
export function checkPlan(v: unknown, index: number, notices: string[]): Plan | null {
  if (!isObj(v) || typeof v.year !== 'number' || !Number.isInteger(v.year) || v.year < 1990 || v.year > 2100) {
    notices.push(`已忽略第 ${index + 1} 个创建规划：没有可识别的年度`);
    return null;
  }
  const year = v.year;
  let bad = 0;
  const onBad = () => { bad++; };
  const townships: TownshipPlan[] = [];
  for (const t of (Array.isArray(v.townships) ? v.townships : []).slice(0, MAX_TOWNSHIPS)) {
    const township = isObj(t) ? name(t.township) : '';
    if (!township || townships.some((x) => x.township === township)) {
      onBad();
      continue;
    }
    townships.push({ township, ...targets(t as Record<string, unknown>, onBad) });
  }
  if (townships.length === 0) {
    notices.push(`已忽略${year}年创建规划：没有乡镇`);
    return null;
  }
  const county = isObj(v.county) ? targets(v.county, onBad) : { five: null, four: null, three: null, share3plus: null };
  if (bad > 0) notices.push(`${year}年创建规划中有 ${bad} 项无法识别，已清空`);
  return { year, townships, county };
}

/** The plans from untrusted JSON, one per year (a later duplicate year is dropped), newest first. */
export function checkPlans(json: unknown): { value: Plan[]; notices: string[] } {
  if (json == null) return { value: [], notices: [] };
  const list = isObj(json) ? json.plans : json;
  if (!Array.isArray(list)) return { value: [], notices: ['已忽略无法识别的创建规划数据'] };
  const notices: string[] = [];
  const value: Plan[] = [];
  list.slice(0, MAX_PLANS).forEach((raw, i) => {
    const p = checkPlan(raw, i, notices);
    if (!p) return;
    if (value.some((x) => x.year === p.year)) {
      notices.push(`${p.year}年创建规划重复，只保留第一个`);
      return;
    }
    value.push(p);
  });
  value.sort((a, b) => (b.year ?? 0) - (a.year ?? 0));
  return { value, notices };
}

export function plansJson(plans: readonly Plan[]): { version: number; plans: Plan[] } {
  return { version: PLANS_PART_VERSION, plans: structuredClone([...plans]) };
}

let source: () => readonly Plan[] = () => [];

/** Where the briefing finds the plans (the app's plan store; a test's list). */
export function setPlanSource(plans: () => readonly Plan[]): void {
  source = plans;
}

export function allPlans(): readonly Plan[] {
  return source();
}
