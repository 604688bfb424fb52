/**
 * Star scores (issue 12, "Scores are data"): many counties score each star (often out of 100,
 * the star held at 80 or more) and list the scores instead of √ marks. This module says which
 * headers name a star's score, reads the maximum a header states ("（满分100）", "（20分）"),
 * and turns a score into earned / not earned under a rule.
 *
 * The rule: `{ max: 100, threshold: 80, inclusive: true }` by default; another maximum with no
 * threshold gives 80% of it. What the user or the CLI sets wins, field by field, over what the
 * header says; a column whose values pass 100 with no maximum anywhere is never guessed at.
 */
import { STARS, type StarId } from '../stars.ts';
import { normalizeKey } from './normalize.ts';

/** The rule that turns a star's score into the star, as the user (dialog, CLI) gives it; every field optional. */
export interface ScoreRule {
  /** The highest score a star can get (满分). */
  max?: number | null;
  /** The score at which the star is held. */
  threshold?: number | null;
  /** true (default): a score equal to the threshold holds the star. */
  inclusive?: boolean;
}

/** The rule used for one column or sheet, and where its maximum came from. */
export interface EffectiveScoreRule {
  /** null only when the user gave a threshold but no maximum, and no header names one (no upper check then). */
  max: number | null;
  threshold: number;
  inclusive: boolean;
  /** 'default': 100/80; 'header': 满分 in the header; 'user': the dialog or the CLI. */
  source: 'default' | 'header' | 'user';
}

export const DEFAULT_SCORE_MAX = 100;
export const DEFAULT_SCORE_THRESHOLD = 80;

/** The threshold for a maximum when none is given: 80% of it (exact for whole maxima). */
export function defaultThreshold(max: number): number {
  return (max * 4) / 5;
}

/** Whether `score` holds the star under `rule`. */
export function earnedBy(score: number, rule: Pick<EffectiveScoreRule, 'threshold' | 'inclusive'>): boolean {
  return rule.inclusive ? score >= rule.threshold : score > rule.threshold;
}

/** Star names as header keys, longest first (支部过硬星 before 支部过硬). */
const STAR_KEYS: ReadonlyArray<{ key: string; id: StarId }> = STARS.flatMap((s) => [
  { key: normalizeKey(s.name), id: s.id },
  { key: normalizeKey(s.short), id: s.id },
]).sort((a, b) => b.key.length - a.key.length);

/** Words that make a star's header its score: 得分, 分数, 评分, 分值, 考核分, "（分）", 满分N, "（N分）". */
const SCORE_WORD = /得分|分数|评分|分值|考核分|打分|\(分\)|满分|\(\d+(?:\.\d+)?分\)|\d+(?:\.\d+)?分制/;
const MAX_PATTERNS: readonly RegExp[] = [/满分(?:为|是)?(\d+(?:\.\d+)?)/, /\((\d+(?:\.\d+)?)分\)/, /(\d+(?:\.\d+)?)分制/, /总分(\d+(?:\.\d+)?)/];

/** The 满分 a header states ("支部过硬星得分（满分20分）", "（100分）", "百分制" is not read), or null. */
export function headerMax(label: string): number | null {
  const k = normalizeKey(label);
  for (const re of MAX_PATTERNS) {
    const m = re.exec(k);
    if (m) {
      const n = Number(m[1]);
      if (Number.isFinite(n) && n > 0) return n;
    }
  }
  return null;
}

/**
 * The star whose score a header names ("支部过硬星得分", "支部过硬（分）", "产业兴旺星（满分100）",
 * "得分 / 支部过硬星" for a group over the star names), or null. Headers of other things that
 * happen to name a star and a score word (上季度支部过硬星得分) are the caller's to exclude.
 */
export function starScoreHeader(key: string): StarId | null {
  if (!SCORE_WORD.test(key)) return null;
  let found: StarId | null = null;
  for (const s of STAR_KEYS) {
    if (!key.includes(s.key)) continue;
    if (found && found !== s.id) return null; // two stars named: a header of something else
    found = s.id;
  }
  return found;
}
