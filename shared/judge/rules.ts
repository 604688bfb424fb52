/**
 * 观摩评比 ranking (issue #16): a round's judges' scores + a rule → one row per contestant
 * with its component scores, dropped judges, final score, rank, points, spread and the
 * judges far from the others. Pure: no DuckDB, no I/O, the same in the app, the CLI and tests.
 *
 * final = Σ weight(component) × component score, weights exactly as given (not normalised;
 * without weights each component counts 1), then rounded half-up to `decimals` on the exact
 * decimal value (exact.ts). Ranks are given on the rounded final score.
 */
import { scoreComponent, type ComponentScore } from './component.ts';
import { add, compare, fromNumber, mul, roundHalfUp, toNumber, ZERO, type Fraction } from './exact.ts';
import { findOutliers } from './outliers.ts';
import { DEFAULT_DECIMALS, TRIM_DEFAULT_MIN_JUDGES, type JudgeRound, type JudgeRule } from './types.ts';

export { DEFAULT_DECIMALS, TRIM_DEFAULT_MIN_JUDGES };

import { describeRule } from './describe.ts';

export { describeRule };

/** A rule that cannot be applied to a round (unknown method, a weight for a missing component …); message in Chinese. */
export class JudgeRuleError extends Error {}

export interface ComponentResult {
  component: string;
  /** The judges' scores in judge order, null for missing. */
  scores: Array<number | null>;
  /** Indices of the dropped judges, in judge order. */
  dropped: number[];
  /** The component score rounded half-up to the rule's decimals; null when no judge scored. */
  score: number | null;
  /** Max − min of the judges' present scores; null when none. */
  spread: number | null;
}

export interface JudgeFlag {
  component: string;
  judge: number;
  judgeName: string;
  score: number;
  /** The other judges' mean, rounded half-up to the rule's decimals. */
  othersMean: number;
}

export interface ContestantResult {
  name: string;
  township: string | null;
  /** Competition rank (1, 2, 2, 4); null when the contestant could not be scored. */
  rank: number | null;
  /** Final score rounded half-up to the rule's decimals; null when some component has no score at all. */
  score: number | null;
  /** Points of the rank from rule.points; null without a table or past its end. */
  points: number | null;
  components: ComponentResult[];
  /** The largest per-component spread. */
  spread: number | null;
  flags: JudgeFlag[];
  warnings: string[];
  source: string;
}

export interface JudgeResult {
  round: string;
  rule: JudgeRule;
  /** describeRule of the rule as applied: a default `drop` written as the number it came to when every component has it. */
  description: string;
  components: Array<{ name: string; max: number; judges: string[]; weight: number; drop: number }>;
  /** Ranked first, then the contestants without a score in sheet order. */
  rows: ContestantResult[];
  /** The reader's warnings and every contestant's, in Chinese. */
  warnings: string[];
}


/** Checks a rule against a round; throws JudgeRuleError with a Chinese message. */
export function checkRule(rule: JudgeRule, round?: Pick<JudgeRound, 'components'>): void {
  if (rule.method !== 'trimmed' && rule.method !== 'mean') throw new JudgeRuleError(`计分方法只能是 trimmed（去掉最高最低分后平均）或 mean（直接平均），收到"${String(rule.method)}"。`);
  if (rule.drop !== undefined) {
    if (!Number.isInteger(rule.drop) || rule.drop < 0) throw new JudgeRuleError(`去掉的最高分、最低分个数须为 0 或正整数，收到"${String(rule.drop)}"。`);
    if (rule.method === 'mean' && rule.drop > 0) throw new JudgeRuleError('直接平均（mean）不去掉任何分数；要去掉最高最低分请用 trimmed。');
  }
  if (rule.decimals !== undefined && (!Number.isInteger(rule.decimals) || rule.decimals < 0 || rule.decimals > 6)) {
    throw new JudgeRuleError(`保留小数位数须为 0 到 6 的整数，收到"${String(rule.decimals)}"。`);
  }
  if (rule.points?.some((p) => !Number.isFinite(p))) throw new JudgeRuleError('名次计分表中有不是数字的分值。');
  for (const [name, w] of Object.entries(rule.weights ?? {})) {
    if (!Number.isFinite(w) || w < 0) throw new JudgeRuleError(`"${name}"的权重须为非负数，收到"${String(w)}"。`);
  }
  if (!round) return;
  const names = round.components.map((c) => c.name);
  const list = names.map((n) => `"${n}"`).join('、');
  if (rule.weights) {
    for (const name of Object.keys(rule.weights)) if (!names.includes(name)) throw new JudgeRuleError(`权重中的"${name}"不是本轮评分的组成部分（本轮有：${list}）。`);
    for (const name of names) if (rule.weights[name] === undefined) throw new JudgeRuleError(`权重中缺少"${name}"（本轮有：${list}），请给每个部分都写上权重。`);
  }
  if (typeof rule.ties === 'object' && !names.includes(rule.ties.breakBy)) {
    throw new JudgeRuleError(`同分比较的"${rule.ties.breakBy}"不是本轮评分的组成部分（本轮有：${list}）。`);
  }
}

/** How many highest and lowest scores a component with `judges` judges drops under the rule. */
export function dropFor(rule: JudgeRule, judges: number): number {
  if (rule.method === 'mean') return 0;
  return rule.drop ?? (judges >= TRIM_DEFAULT_MIN_JUDGES ? 1 : 0);
}

interface Scored {
  row: ContestantResult;
  final: Fraction | null;
  tieKey: number | null;
  order: number;
}

/** Scores and ranks a round. Throws JudgeRuleError when the rule does not fit the round. */
export function rankRound(round: JudgeRound, rule: JudgeRule): JudgeResult {
  checkRule(rule, round);
  const decimals = rule.decimals ?? DEFAULT_DECIMALS;
  const components = round.components.map((c) => ({
    name: c.name, max: c.max, judges: c.judges, weight: rule.weights?.[c.name] ?? 1, drop: dropFor(rule, c.judges.length),
  }));
  const ties = rule.ties;
  const tieIndex = typeof ties === 'object' ? components.findIndex((c) => c.name === ties.breakBy) : -1;
  const rounded = (f: Fraction | null) => (f == null ? null : toNumber(roundHalfUp(f, decimals)));

  const scored: Scored[] = round.contestants.map((c, order) => {
    const label = c.township ? `${c.township}${c.name}` : c.name;
    const warnings: string[] = [];
    const flags: JudgeFlag[] = [];
    let final: Fraction | null = ZERO;
    const parts = components.map((comp, ci): { result: ComponentResult } => {
      const scores = c.scores[ci] ?? comp.judges.map(() => null);
      const s: ComponentScore = scoreComponent(scores, comp.drop);
      const where = components.length > 1 ? `"${comp.name}"` : '';
      if (s.exact == null) warnings.push(`"${label}"${where}没有任何评委打分，无法计算得分，不参加排名。`);
      else if (s.tooFew) {
        warnings.push(`"${label}"${where}只有 ${s.present} 个评委打分，不足以去掉 ${comp.drop} 个最高分和 ${comp.drop} 个最低分（至少需要 ${2 * comp.drop + 1} 个），已按全部有效评分取平均。`);
      }
      for (const o of findOutliers(scores, comp.max)) {
        flags.push({ component: comp.name, judge: o.judge, judgeName: comp.judges[o.judge] ?? `第${o.judge + 1}位评委`, score: o.score, othersMean: rounded(fromNumber(o.othersMean))! });
      }
      final = final == null || s.exact == null ? null : add(final, mul(fromNumber(comp.weight), s.exact));
      return { result: { component: comp.name, scores: [...scores], dropped: s.dropped, score: rounded(s.exact), spread: s.spread } };
    });
    const spreads = parts.map((p) => p.result.spread).filter((x): x is number => x != null);
    const finalRounded = final == null ? null : roundHalfUp(final, decimals);
    const row: ContestantResult = {
      name: c.name, township: c.township, rank: null, score: finalRounded == null ? null : toNumber(finalRounded), points: null,
      components: parts.map((p) => p.result), spread: spreads.length ? Math.max(...spreads) : null, flags, warnings, source: c.source,
    };
    return { row, final: finalRounded, tieKey: tieIndex >= 0 ? parts[tieIndex].result.score : null, order };
  });

  const better = (a: Scored, b: Scored): number => {
    // Negative when a ranks before b; 0 when they share a rank.
    if (a.final == null || b.final == null) return 0;
    const c = compare(b.final, a.final);
    if (c !== 0 || tieIndex < 0) return c;
    // A contestant without the component's score comes after one with it.
    if (a.tieKey === b.tieKey) return 0;
    if (a.tieKey == null || b.tieKey == null) return a.tieKey == null ? 1 : -1;
    return b.tieKey - a.tieKey;
  };
  const ranked = scored.filter((s) => s.final != null).sort((a, b) => better(a, b) || a.order - b.order);
  for (const s of ranked) {
    s.row.rank = 1 + ranked.filter((o) => better(o, s) < 0).length;
    s.row.points = rule.points?.[s.row.rank - 1] ?? null;
  }
  const unscored = scored.filter((s) => s.final == null);
  const rows = [...ranked, ...unscored].map((s) => s.row);
  const warnings = [...round.warnings, ...rows.flatMap((r) => r.warnings)];
  const drops = new Set(components.map((c) => c.drop));
  const applied = rule.method === 'trimmed' && rule.drop === undefined && drops.size === 1 ? { ...rule, drop: [...drops][0] } : rule;
  const description = describeRule(applied, components.map((c) => c.name));
  return { round: round.name, rule, description, components, rows, warnings };
}
