/**
 * The problems of star scores (issue 12), worded like validate.ts: file, sheet, row, column and
 * value, what was done, and what to do — including where the rule is set (the dialog's
 * "按得分判定星级", or --score-max / --score-threshold on the command line).
 */
import { LEVEL_NAMES, STARS, type StarDef, type StarId } from '../stars.ts';
import { numberToString } from './normalize.ts';
import type { EffectiveScoreRule } from './score-rule.ts';
import type { SheetScores } from './score-columns.ts';
import { cell, loc, make, type Place, shown, v } from './validate.ts';
import type { Problem, Severity } from './types.ts';

const n = (x: number): string => numberToString(x);
const quoteList = (xs: readonly string[]): string => {
  const q = xs.slice(0, 3).map((x) => `“${shown(x)}”`).join('、');
  return xs.length > 3 ? `${q}等${xs.length}列` : q;
};
const WHERE_RULE = '请在导入对话框的“按得分判定星级”中设置（命令行用 --score-max 和 --score-threshold）';

/** "达到80分" / "超过80分" (the star is held from there), with the maximum. */
export function ruleText(rule: Pick<EffectiveScoreRule, 'max' | 'threshold' | 'inclusive'>): string {
  const line = `${rule.inclusive ? '达到' : '超过'}${n(rule.threshold)}分即获星`;
  return rule.max == null ? `未设满分，${line}` : `满分${n(rule.max)}分，${line}`;
}

const SOURCE: Record<EffectiveScoreRule['source'], string> = {
  default: '默认规则',
  header: '满分取自表头',
  user: '按设置的规则',
};

export const scoreProblems = {
  /** Sheet: how its scores were read (the rule and where it came from). */
  ruleUsed: (p: Place, s: SheetScores, totalColumn: string | null) => {
    const rule = s.rule
      ? `${ruleText(s.rule)}（${SOURCE[s.rule.source]}）${s.rule.max != null && s.rule.threshold > s.rule.max ? '。注意：达标分数高于满分，没有单位能获星' : ''}`
      : '各列满分不同，每列按表头所写满分的80%判定（设置了达标分数时按设置）';
    return make('score_rule', 'warning', p, `${loc(p)}：${quoteList(s.columns)}是各星得分，已按得分判定星级：${rule}；星级为获星的颗数，总分${totalColumn ? `取“${shown(totalColumn)}”列` : '为各星得分之和'}。如果规则不对，${WHERE_RULE}后重新识别。`);
  },

  /** Sheet not read: scores above 100 and no maximum stated or set. */
  maxUnknown: (p: Place, columns: readonly string[], maxSeen: number, rows: number) =>
    make('score_max_unknown', 'error', p, `${loc(p)}：${quoteList(columns)}是各星得分，最高有${n(maxSeen)}分，超过100分，但表头没有写明满分，无法判断多少分算获星，本表${rows}行未导入。${WHERE_RULE.replace('请', '请先')}满分和达标分数，或在表头写明满分（如“支部过硬星得分（满分${n(Math.ceil(maxSeen))}）”）后重新导入。`),

  /** Row rejected: a score cell that is no number. */
  badScore: (p: Place, star: StarDef, rule: EffectiveScoreRule) =>
    make('bad_score', 'error', p, `${cell(p)} 的值${v(p)}不是${star.name}的得分，本行未导入。请填写${rule.max == null ? '' : `0–${n(rule.max)}之间的`}数字（不适用填 /），然后重新导入。`),

  /** Row rejected: a negative score or one above the maximum. */
  outOfRange: (p: Place, star: StarDef, score: number, rule: EffectiveScoreRule) =>
    make('score_out_of_range', 'error', p, `${cell(p)} 的${star.name}得分${v(p)}${score < 0 ? '是负数' : `超过满分${n(rule.max!)}分`}，本行未导入。请改为${rule.max == null ? '不小于0的得分' : `0–${n(rule.max)}之间的得分`}后重新导入；如果满分不是${rule.max == null ? '这样' : `${n(rule.max)}分`}，${WHERE_RULE}。`),

  /** Row loaded: a √ / × mark that says otherwise than the star's score; the score decides. */
  markMismatch: (p: Place, star: StarDef, scoreColumn: string, score: number, rule: EffectiveScoreRule, earned: boolean) =>
    make('mark_score_mismatch', 'warning', p, `${cell(p)} 的标记${v(p)}（${earned ? '未达标' : '达标'}）与${star.name}的得分不符：“${shown(scoreColumn)}”为${n(score)}分，${earned ? '' : '未'}${rule.inclusive ? '达到' : '超过'}${n(rule.threshold)}分的获星线（${rule.max == null ? '未设满分' : `满分${n(rule.max)}分`}）。已按得分计为${earned ? '获得' : '未获得'}${star.name}，请核对标记或得分。`),

  /** Row loaded: an applicable star with no score (and no mark column). */
  missingScore: (p: Place, star: StarDef, totalFromStars: boolean) =>
    make('missing_score', 'warning', p, `${cell(p)} ${p.value ? `为${v(p)}` : '为空'}，${star.name}没有得分，已按未获得该星导入${totalFromStars ? '，总分留空' : ''}。请补填得分后重新导入。`),

  /** Row loaded: the 星级 column disagrees with the stars the scores give. */
  levelMismatch: (p: Place, held: readonly StarId[], counted: number) =>
    make('level_mismatch', 'warning', p, `${cell(p)} 填写的星级${v(p)}与各星得分不符（按得分获星${counted}颗${held.length ? `：${held.map((id) => STARS.find((s) => s.id === id)!.name).join('、')}` : ''}）。已按得分计为${LEVEL_NAMES[counted]}，请核对。`),
};
