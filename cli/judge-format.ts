/**
 * `xingtu judge` output: the documented JSON object, and an aligned Chinese table for the terminal.
 */
import type { ContestantResult, JudgeResult } from '../shared/judge/rules.ts';
import { DEFAULT_DECIMALS } from '../shared/judge/types.ts';

/** A row's dropped scores as values, in judge order (components one after another). */
function droppedValues(r: ContestantResult): number[] {
  return r.components.flatMap((c) => c.dropped.map((j) => c.scores[j] as number));
}

/**
 * { rule, round, description, components, rows: [{ rank, name, score, scores, dropped, … }], warnings }.
 * One component: `scores` are the judges' scores in judge order (null = missing). Several:
 * `scores` and `dropped` run over the components one after another, and each row also has
 * `components: [{ name, score, scores, dropped }]`.
 */
export function judgeJson(result: JudgeResult) {
  const multi = result.components.length > 1;
  return {
    rule: result.rule.method,
    round: result.round,
    description: result.description,
    components: result.components.map((c) => ({ name: c.name, max: c.max, judges: c.judges, weight: c.weight, drop: c.drop })),
    rows: result.rows.map((r) => ({
      rank: r.rank,
      name: r.name,
      township: r.township,
      score: r.score,
      scores: r.components.flatMap((c) => c.scores),
      dropped: droppedValues(r),
      ...(multi ? { components: r.components.map((c) => ({ name: c.component, score: c.score, scores: c.scores, dropped: c.dropped.map((j) => c.scores[j]) })) } : {}),
      points: r.points,
      spread: r.spread,
      flags: r.flags,
    })),
    warnings: result.warnings,
  };
}

/** Terminal width of a text: CJK and full-width characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) || ch.codePointAt(0)! > 0xffff ? 2 : 1;
  return w;
}

function pad(s: string, w: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return right ? fill + s : s + fill;
}

function table(head: string[], rows: string[][], numeric: boolean[]): string[] {
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], numeric[i])).join('  ').trimEnd();
  return [line(head), ...rows.map(line)];
}

const num = (x: number) => String(x);

export function formatJudge(result: JudgeResult): string {
  const decimals = result.rule.decimals ?? DEFAULT_DECIMALS;
  const multi = result.components.length > 1;
  const head = ['名次', '名称', '得分'];
  const numeric = [true, false, true];
  for (const c of result.components) {
    if (multi) {
      head.push(`${c.name}得分`);
      numeric.push(true);
    }
    for (const j of c.judges) {
      head.push(multi ? `${c.name}${j}` : j);
      numeric.push(true);
    }
  }
  head.push('去掉的分');
  numeric.push(false);
  const rows = result.rows.map((r) => {
    const cells = [r.rank == null ? '—' : String(r.rank), `${r.township ?? ''}${r.name}`, r.score == null ? '—' : r.score.toFixed(decimals)];
    for (const c of r.components) {
      if (multi) cells.push(c.score == null ? '—' : c.score.toFixed(decimals));
      // A dropped score is shown in brackets where it stands.
      c.scores.forEach((s, j) => cells.push(s == null ? '—' : c.dropped.includes(j) ? `(${num(s)})` : num(s)));
    }
    cells.push(droppedValues(r).map(num).join('、') || '—');
    return cells;
  });
  const lines = [result.round, `计分规则：${result.description}。`, ...table(head, rows, numeric)];
  if (result.rows.some((r) => r.components.some((c) => c.dropped.length > 0))) lines.push('括号内为去掉的分。');
  for (const r of result.rows) {
    for (const f of r.flags) {
      lines.push(`提示：${r.township ?? ''}${r.name}${multi ? `“${f.component}”` : ''}的${f.judgeName}打分 ${num(f.score)}，其他评委平均 ${f.othersMean.toFixed(decimals)}，明显偏离，请核对。`);
    }
  }
  for (const w of result.warnings) lines.push(`注意：${w}`);
  return lines.join('\n') + '\n';
}
