/**
 * A judging rule in plain Chinese for the screen, the CLI and the 简报:
 *   "去掉1个最高分和1个最低分后取平均，保留2位小数（四舍五入），同分并列（1、2、2、4）"
 */
import { DEFAULT_DECIMALS, TRIM_DEFAULT_MIN_JUDGES, type JudgeRule } from './types.ts';

function methodText(rule: JudgeRule): string {
  if (rule.method === 'mean') return '取全部评委的平均分';
  if (rule.drop === undefined) {
    return `${TRIM_DEFAULT_MIN_JUDGES}名及以上评委时去掉1个最高分和1个最低分后取平均，不足${TRIM_DEFAULT_MIN_JUDGES}名时取全部评委的平均分`;
  }
  if (rule.drop === 0) return '取全部评委的平均分';
  return `去掉${rule.drop}个最高分和${rule.drop}个最低分后取平均`;
}

function weightText(rule: JudgeRule, components: readonly string[]): string | null {
  const names = rule.weights ? Object.keys(rule.weights) : components;
  if (names.length < 2) return null;
  if (!rule.weights) return `${names.map((n) => `"${n}"`).join('、')}得分相加为总分`;
  return `按${names.map((n) => `"${n}"×${rule.weights![n]}`).join('＋')}合成总分`;
}

/** `components`: the round's component names, to say how they are combined when the rule has no weights. */
export function describeRule(rule: JudgeRule, components: readonly string[] = []): string {
  const parts = [methodText(rule)];
  const weights = weightText(rule, components);
  if (weights) parts.push(weights);
  parts.push(`保留${rule.decimals ?? DEFAULT_DECIMALS}位小数（四舍五入）`);
  const ties = rule.ties;
  parts.push(typeof ties === 'object' ? `同分时"${ties.breakBy}"得分高者在前，仍相同则并列` : '同分并列（1、2、2、4）');
  if (rule.points && rule.points.length > 0) {
    parts.push(`名次计分：${rule.points.map((p, i) => `第${i + 1}名${p}分`).join('、')}，其后不计分`);
  }
  return parts.join('，');
}
