/**
 * 观摩评比 rounds as the workbench keeps them (issue #16): plain JSON in the workspace part
 * 'judge' (renderer/src/views/judge/store.ts), typed in the app's entry grid or imported from
 * judges' sheets (shared/judge/sheet.ts). A round carries its rule, so last year's rounds
 * recompute the same. `checkRounds` validates JSON from a file or from storage: what it cannot
 * use is dropped or repaired and said in Chinese, never trusted.
 */
import { checkRule, JudgeRuleError, rankRound, type JudgeResult } from './rules.ts';
import { DEFAULT_COMPONENT, type JudgeRound, type JudgeRule } from './types.ts';

export type RoundLevel = 'township' | 'unit';

export interface RoundComponent {
  name: string;
  /** Highest allowed score of one judge. */
  max: number;
  /** Weight in the final score; when no component has one, the components are added up. */
  weight?: number;
}

export interface RoundContestant {
  name: string;
  /** The township of a unit (level 'unit'); null for townships. */
  township: string | null;
}

export interface SavedRound {
  id: string;
  /** 2026年第三季度观摩评比, 创建思路大比武 … */
  name: string;
  /** Free text: a period key (2026Q3), a year (2026) or empty. */
  period: string;
  level: RoundLevel;
  components: RoundComponent[];
  /** The same judges score every component. */
  judges: string[];
  contestants: RoundContestant[];
  /** scores[contestant][component][judge]: null = not scored (yet). */
  scores: Array<Array<Array<number | null>>>;
  /** Weights live on the components; rule.weights is derived (ruleOf). */
  rule: JudgeRule;
  /** ISO time of the last change. */
  updatedAt: string;
}

export const MAX_JUDGES = 30;
export const MAX_COMPONENTS = 10;
export const MAX_CONTESTANTS = 1000;
export const MAX_NAME = 100;

export const DEFAULT_JUDGES = ['评委一', '评委二', '评委三', '评委四', '评委五'];

let counter = 0;
export function newRoundId(): string {
  counter++;
  return `r${Date.now().toString(36)}${counter.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** An empty round: one component out of 100, five judges, 去掉最高最低分. */
export function emptyRound(name: string, contestants: RoundContestant[] = [], level: RoundLevel = 'township', now = new Date()): SavedRound {
  const components: RoundComponent[] = [{ name: DEFAULT_COMPONENT, max: 100 }];
  return {
    id: newRoundId(), name, period: '', level, components, judges: [...DEFAULT_JUDGES], contestants,
    scores: contestants.map(() => components.map(() => DEFAULT_JUDGES.map(() => null))), rule: { method: 'trimmed' }, updatedAt: now.toISOString(),
  };
}

/** The rule as applied: component weights as rule.weights when any component has one (the others count 1). */
export function ruleOf(round: Pick<SavedRound, 'components' | 'rule'>): JudgeRule {
  const { weights: _ignored, ...rule } = round.rule;
  if (!round.components.some((c) => c.weight != null)) return rule;
  return { ...rule, weights: Object.fromEntries(round.components.map((c) => [c.name, c.weight ?? 1])) };
}

/** The round in the engine's shape (shared/judge/rules.ts). */
export function toJudgeRound(round: SavedRound): JudgeRound {
  return {
    name: round.name,
    components: round.components.map((c) => ({ name: c.name, max: c.max, judges: [...round.judges], source: round.name })),
    contestants: round.contestants.map((c, i) => ({
      name: c.name, township: c.township, source: `第${i + 1}行`,
      scores: round.components.map((_, ci) => round.judges.map((_, ji) => round.scores[i]?.[ci]?.[ji] ?? null)),
    })),
    warnings: [],
  };
}

export type RankOutcome = { ok: true; result: JudgeResult } | { ok: false; error: string };

/** Ranks a saved round; a rule that does not fit (a tie-break on a removed component) is a Chinese message. */
export function rankSaved(round: SavedRound): RankOutcome {
  try {
    return { ok: true, result: rankRound(toJudgeRound(round), ruleOf(round)) };
  } catch (e) {
    if (e instanceof JudgeRuleError) return { ok: false, error: e.message };
    throw e;
  }
}

/**
 * A saved round from a judges' sheet as read (shared/judge/sheet.ts): the judges of every
 * component joined by name in column order, each score put under its judge.
 */
export function roundFromSheet(read: JudgeRound, now = new Date()): SavedRound {
  const judges: string[] = [];
  for (const c of read.components) for (const j of c.judges) if (!judges.includes(j)) judges.push(j);
  const level: RoundLevel = read.contestants.some((c) => c.township) || /村|社区|单位/.test(read.name) ? 'unit' : 'township';
  return {
    id: newRoundId(),
    name: read.name.slice(0, MAX_NAME),
    period: periodFromName(read.name),
    level,
    components: read.components.map((c) => ({ name: c.name, max: c.max })),
    judges,
    contestants: read.contestants.map((c) => ({ name: c.name, township: c.township })),
    scores: read.contestants.map((c) => read.components.map((comp, ci) => judges.map((j) => {
      const k = comp.judges.indexOf(j);
      return k < 0 ? null : c.scores[ci]?.[k] ?? null;
    }))),
    rule: { method: 'trimmed' },
    updatedAt: now.toISOString(),
  };
}

const QUARTERS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

/** "2026年第三季度观摩评比" → 2026Q3; "2026年创建思路大比武" → 2026; else ''. */
export function periodFromName(name: string): string {
  const m = /((?:19|20)\d\d)\s*年(?:\s*第?\s*([一二三四1-4])\s*季度)?/.exec(name);
  if (!m) return '';
  return m[2] ? `${m[1]}Q${QUARTERS[m[2]]}` : m[1];
}

/** Where `value` for `judge` on `contestant` is refused, in Chinese; null when it is a valid score (or empty). */
export function scoreProblem(round: SavedRound, contestant: number, component: number, judge: number, value: number | null): string | null {
  if (value == null) return null;
  const c = round.contestants[contestant];
  const comp = round.components[component];
  const who = `"${c ? (c.township ? `${c.township}${c.name}` : c.name) || `第${contestant + 1}行` : `第${contestant + 1}行`}"`;
  const part = round.components.length > 1 ? `的"${comp.name}"` : '';
  const j = round.judges[judge] ?? `第${judge + 1}位评委`;
  if (!Number.isFinite(value)) return `${who}${part}：${j}的分数不是数字。`;
  if (value < 0) return `${who}${part}：${j}的分数 ${value} 是负数，分数须在 0 到 ${comp.max} 之间。`;
  if (value > comp.max) return `${who}${part}：${j}的分数 ${value} 超过满分 ${comp.max}，未录入。`;
  return null;
}

/** A copy with one score set (validated by the caller with scoreProblem). */
export function withScore(round: SavedRound, contestant: number, component: number, judge: number, value: number | null, now = new Date()): SavedRound {
  const scores = round.scores.map((row, i) => (i !== contestant ? row : row.map((comp, ci) => (ci !== component ? comp : comp.map((v, ji) => (ji === judge ? value : v))))));
  return { ...round, scores, updatedAt: now.toISOString() };
}

/**
 * A copy whose scores fit its contestants, components and judges (after a settings change):
 * `map` says where each new component / judge came from (index in the old lists, -1 = new).
 */
export function reshape(round: SavedRound, change: Partial<Pick<SavedRound, 'components' | 'judges' | 'contestants'>>, from: { components?: number[]; judges?: number[]; contestants?: number[] } = {}, now = new Date()): SavedRound {
  const components = change.components ?? round.components;
  const judges = change.judges ?? round.judges;
  const contestants = change.contestants ?? round.contestants;
  const compFrom = from.components ?? components.map((_, i) => (i < round.components.length ? i : -1));
  const judgeFrom = from.judges ?? judges.map((_, i) => (i < round.judges.length ? i : -1));
  const rowFrom = from.contestants ?? contestants.map((_, i) => (i < round.contestants.length ? i : -1));
  const scores = contestants.map((_, r) => components.map((comp, c) => judges.map((_, j) => {
    const v = round.scores[rowFrom[r]]?.[compFrom[c]]?.[judgeFrom[j]] ?? null;
    // A lowered maximum keeps only the scores that still fit.
    return v != null && v <= comp.max ? v : null;
  })));
  let rule = round.rule;
  if (typeof rule.ties === 'object' && !components.some((c) => c.name === (rule.ties as { breakBy: string }).breakBy)) rule = { ...rule, ties: 'competition' };
  return { ...round, components, judges, contestants, scores, rule, updatedAt: now.toISOString() };
}

// ---------------------------------------------------------------------------------------------
// Reading JSON (a workspace's 'judge' part, localStorage): validate, never trust.

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v != null && !Array.isArray(v);
const text = (v: unknown, max = MAX_NAME): string => (typeof v === 'string' ? v.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, max) : '');

function readRule(v: unknown, components: RoundComponent[], where: string, notices: string[]): JudgeRule {
  const fallback: JudgeRule = { method: 'trimmed' };
  if (!isObj(v)) {
    notices.push(`${where}的计分规则无法识别，已改用默认规则（去掉最高最低分）`);
    return fallback;
  }
  const rule: JudgeRule = { method: v.method === 'mean' ? 'mean' : 'trimmed' };
  if (v.method !== 'mean' && v.method !== 'trimmed') notices.push(`${where}的计分方法无法识别，已改用去掉最高最低分`);
  if (typeof v.drop === 'number') rule.drop = v.drop;
  if (typeof v.decimals === 'number') rule.decimals = v.decimals;
  if (v.ties === 'competition') rule.ties = 'competition';
  else if (isObj(v.ties) && typeof v.ties.breakBy === 'string') rule.ties = { breakBy: v.ties.breakBy };
  if (Array.isArray(v.points)) rule.points = v.points.filter((p): p is number => typeof p === 'number').slice(0, MAX_CONTESTANTS);
  try {
    checkRule(rule, { components: components.map((c) => ({ ...c, judges: [], source: '' })) });
    return rule;
  } catch (e) {
    notices.push(`${where}的计分规则有误（${(e as Error).message.replace(/。$/, '')}），已改用默认规则`);
    return fallback;
  }
}

/** One round from untrusted JSON; null (with a notice) when nothing usable is left. */
export function checkRound(v: unknown, index: number, notices: string[]): SavedRound | null {
  const label = isObj(v) && typeof v.name === 'string' && v.name.trim() ? `“${text(v.name, 40)}”` : `第 ${index + 1} 轮`;
  const where = `观摩评比${label}`;
  if (!isObj(v)) {
    notices.push(`已忽略无法识别的观摩评比${label}`);
    return null;
  }
  const components: RoundComponent[] = [];
  for (const c of (Array.isArray(v.components) ? v.components : []).slice(0, MAX_COMPONENTS)) {
    const name = isObj(c) ? text(c.name) : '';
    const max = isObj(c) ? c.max : undefined;
    if (!name || components.some((x) => x.name === name) || typeof max !== 'number' || !Number.isFinite(max) || max <= 0) {
      notices.push(`已忽略${where}中无法识别的评分部分`);
      continue;
    }
    const comp: RoundComponent = { name, max };
    if (isObj(c) && typeof c.weight === 'number' && Number.isFinite(c.weight) && c.weight >= 0) comp.weight = c.weight;
    components.push(comp);
  }
  if (components.length === 0) {
    notices.push(`已忽略${where}：没有可用的评分部分`);
    return null;
  }
  const judges = (Array.isArray(v.judges) ? v.judges : []).slice(0, MAX_JUDGES).map((j, i) => text(j) || `评委${i + 1}`);
  const contestants: RoundContestant[] = (Array.isArray(v.contestants) ? v.contestants : []).slice(0, MAX_CONTESTANTS)
    .map((c) => (isObj(c) ? { name: text(c.name), township: text(c.township) || null } : { name: text(c), township: null }));
  const raw = Array.isArray(v.scores) ? v.scores : [];
  let bad = 0;
  const scores = contestants.map((_, r) => components.map((comp, ci) => judges.map((_, ji) => {
    const row = raw[r];
    const x = Array.isArray(row) && Array.isArray(row[ci]) ? (row[ci] as unknown[])[ji] : null;
    if (x == null) return null;
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || x > comp.max) {
      bad++;
      return null;
    }
    return x;
  })));
  if (bad > 0) notices.push(`${where}中有 ${bad} 个分数不是 0 到满分之间的数字，已清空`);
  return {
    id: text(v.id, 40) || newRoundId(),
    name: text(v.name) || `观摩评比 ${index + 1}`,
    period: text(v.period, 20),
    level: v.level === 'unit' ? 'unit' : 'township',
    components, judges, contestants, scores,
    rule: readRule(v.rule, components, where, notices),
    updatedAt: typeof v.updatedAt === 'string' && !Number.isNaN(Date.parse(v.updatedAt)) ? v.updatedAt : new Date(0).toISOString(),
  };
}

/** The rounds from untrusted JSON (the 'judge' part holds `{ version: 1, rounds: [...] }`). */
export function checkRounds(json: unknown): { value: SavedRound[]; notices: string[] } {
  if (json == null) return { value: [], notices: [] };
  const list = isObj(json) ? json.rounds : json;
  if (!Array.isArray(list)) return { value: [], notices: ['已忽略无法识别的观摩评比数据'] };
  const notices: string[] = [];
  const value: SavedRound[] = [];
  list.forEach((raw, i) => {
    const r = checkRound(raw, i, notices);
    if (!r) return;
    if (value.some((x) => x.id === r.id)) r.id = newRoundId();
    value.push(r);
  });
  return { value, notices };
}

export const JUDGE_PART_VERSION = 1;

export function roundsJson(rounds: readonly SavedRound[]): { version: number; rounds: SavedRound[] } {
  return { version: JUDGE_PART_VERSION, rounds: structuredClone([...rounds]) };
}
