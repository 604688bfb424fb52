// 观摩评比 rounds kept in the workspace (issue #16): the saved shape, its validator, and the
// round's result as a 简报 table. Expected numbers are worked out by hand in the comments.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { briefingToXlsx, type ExcelJSModule } from '../../shared/briefing/workbook.ts';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBriefing } from '../../shared/specs.ts';
import { readImportFile } from '../../shared/import/read.ts';
import { historyTables, judgeTables, setRoundSource } from '../../shared/judge/briefing.ts';
import { rankHistory } from '../../shared/judge/history.ts';
import {
  checkRounds, emptyRound, periodFromName, rankSaved, reshape, roundFromSheet, roundsJson, ruleOf, scoreProblem, withScore, type SavedRound,
} from '../../shared/judge/round.ts';
import { readJudgeRound } from '../../shared/judge/sheet.ts';
import { autoTitle, itemTables } from '../../shared/briefing/tables.ts';
import { JUDGE_FIXTURE_DIR } from '../support/write-judge-fixtures.ts';

/** Four townships, five judges, one component out of 100. */
function round(): SavedRound {
  const r = emptyRound('2026年第三季度观摩评比', ['城关镇', '河口镇', '石门镇', '青山乡'].map((name) => ({ name, township: null })));
  const scores: number[][] = [
    [90, 92, 88, 95, 85], // drop 95, 85 → (90 + 92 + 88) / 3 = 90.00
    [93, 91, 94, 90, 96], // drop 96, 90 → (93 + 91 + 94) / 3 = 278 / 3 = 92.666… → 92.67
    [89, 91, 90, 92, 88], // drop 92, 88 → (89 + 91 + 90) / 3 = 90.00 → tied with 城关镇
    [80, 85, 82, 84, 81], // drop 85, 80 → (82 + 84 + 81) / 3 = 247 / 3 = 82.333… → 82.33
  ];
  return { ...r, scores: scores.map((s) => [s]) };
}

describe('a saved round', () => {
  it('ranks with the trimmed mean and shares a rank on a tie (1, 2, 2, 4)', () => {
    const out = rankSaved(round());
    if (!out.ok) throw new Error(out.error);
    expect(out.result.rows.map((r) => [r.rank, r.name, r.score])).toEqual([
      [1, '河口镇', 92.67], [2, '城关镇', 90], [2, '石门镇', 90], [4, '青山乡', 82.33],
    ]);
  });

  it('refuses a score above the maximum with a message naming contestant, judge and value', () => {
    expect(scoreProblem(round(), 1, 0, 2, 105)).toBe('"河口镇"：评委三的分数 105 超过满分 100，未录入。');
    expect(scoreProblem(round(), 1, 0, 2, -1)).toContain('负数');
    expect(scoreProblem(round(), 1, 0, 2, 100)).toBeNull();
    expect(scoreProblem(round(), 1, 0, 2, null)).toBeNull();
  });

  it('sets one score and keeps the others', () => {
    const r = withScore(round(), 3, 0, 0, 99);
    // 99, 85, 82, 84, 81 → drop 99, 81 → (85 + 82 + 84) / 3 = 83.67
    const out = rankSaved(r);
    expect(out.ok && out.result.rows.find((x) => x.name === '青山乡')!.score).toBe(83.67);
    expect(round().scores[3][0][0]).toBe(80);
  });

  it('keeps scores by judge and component when the settings change', () => {
    const r = round();
    // Remove 评委二 and add 评委六: the others keep their scores, the new judge has none.
    const next = reshape(r, { judges: ['评委一', '评委三', '评委四', '评委五', '评委六'] }, { judges: [0, 2, 3, 4, -1] });
    expect(next.scores[0][0]).toEqual([90, 88, 95, 85, null]);
    // Lowering the maximum to 90 clears the scores above it.
    const lower = reshape(r, { components: [{ name: '评分', max: 90 }] });
    expect(lower.scores[0][0]).toEqual([90, null, 88, null, 85]);
  });

  it('turns component weights into the rule and a tie-break on a removed component back to 并列', () => {
    const two = { ...round(), components: [{ name: '现场观摩', max: 70, weight: 0.7 }, { name: '汇报', max: 30 }], rule: { method: 'trimmed' as const, ties: { breakBy: '汇报' } } };
    expect(ruleOf(two).weights).toEqual({ 现场观摩: 0.7, 汇报: 1 });
    expect(ruleOf(round()).weights).toBeUndefined();
    expect(reshape(two, { components: [{ name: '现场观摩', max: 70 }] }).rule.ties).toBe('competition');
  });

  it('reads the period from the name', () => {
    expect(periodFromName('2026年第三季度观摩评比')).toBe('2026Q3');
    expect(periodFromName('2026年创建思路大比武')).toBe('2026');
    expect(periodFromName('创建成效大比武')).toBe('');
  });
});

describe('the workspace part', () => {
  it('comes back from JSON as it was saved', () => {
    const r = { ...round(), rule: { method: 'trimmed' as const, drop: 1, decimals: 1, points: [60, 57, 54, 51, 48] } };
    const back = checkRounds(JSON.parse(JSON.stringify(roundsJson([r]))));
    expect(back.notices).toEqual([]);
    expect(back.value).toEqual([r]);
  });

  it('clears scores that are not valid, repairs a bad rule, and says so', () => {
    const r = round();
    const json = JSON.parse(JSON.stringify(roundsJson([r])));
    json.rounds[0].scores[0][0][1] = 120;
    json.rounds[0].scores[1][0][0] = 'abc';
    json.rounds[0].rule = { method: 'trimmed', decimals: 9 };
    const back = checkRounds(json);
    expect(back.value[0].scores[0][0]).toEqual([90, null, 88, 95, 85]);
    expect(back.value[0].scores[1][0][0]).toBeNull();
    expect(back.value[0].rule).toEqual({ method: 'trimmed' });
    expect(back.notices).toEqual([
      '观摩评比“2026年第三季度观摩评比”中有 2 个分数不是 0 到满分之间的数字，已清空',
      '观摩评比“2026年第三季度观摩评比”的计分规则有误（保留小数位数须为 0 到 6 的整数，收到"9"），已改用默认规则',
    ]);
  });

  it('drops what cannot be a round', () => {
    expect(checkRounds('x').notices).toEqual(['已忽略无法识别的观摩评比数据']);
    const back = checkRounds({ rounds: [42, { name: '空', components: [] }] });
    expect(back.value).toEqual([]);
    expect(back.notices).toEqual(['已忽略无法识别的观摩评比第 1 轮', '已忽略观摩评比“空”：没有可用的评分部分']);
    expect(checkRounds(undefined)).toEqual({ value: [], notices: [] });
  });
});

describe('a judges’ sheet as a saved round', () => {
  it('keeps every judge’s score under its judge', async () => {
    const name = 'five-judges.xlsx';
    const read = readJudgeRound(await readImportFile(name, new Uint8Array(readFileSync(join(JUDGE_FIXTURE_DIR, name)))), name);
    const r = roundFromSheet(read);
    expect(r.name).toBe('2026年第三季度观摩评比评分表');
    expect(r.period).toBe('2026Q3');
    expect(r.level).toBe('township');
    expect(r.judges).toEqual(['评委一', '评委二', '评委三', '评委四', '评委五']);
    expect(r.scores[0]).toEqual([[90, 92, 88, 95, 85]]);
  });
});

describe('the 简报 item', () => {
  it('prints the ranking with the dropped scores marked and the rule as the note', async () => {
    const r = round();
    setRoundSource(() => [r]);
    const spec = { kind: 'judge' as const, roundId: r.id };
    const filter = { period: null, townships: [], kind: null };
    expect(autoTitle(spec, filter)).toBe('2026年第三季度观摩评比结果');
    const [t] = await itemTables(() => Promise.reject(new Error('no query')), spec, filter);
    expect(t.columns.map((c) => c.header)).toEqual(['名次', '乡镇（街道）', '最终得分', '评委一', '评委二', '评委三', '评委四', '评委五', '去掉的分数', '极差', '评委提示']);
    expect(t.rows.map((row) => row.cells.slice(0, 3))).toEqual([[1, '河口镇', 92.67], [2, '城关镇', 90], [2, '石门镇', 90], [4, '青山乡', 82.33]]);
    // 城关镇: 95 (评委四) and 85 (评委五) dropped; spread 95 − 85 = 10.
    expect(t.rows[1].cells.slice(3)).toEqual(['90', '92', '88', '95（去）', '85（去）', '评委四 95、评委五 85', '10', '']);
    expect(t.note).toBe('计分规则：去掉1个最高分和1个最低分后取平均，保留2位小数（四舍五入），同分并列（1、2、2、4）。标“（去）”的分数为去掉的最高分、最低分；“缺”为该评委未打分。名次相同者并列。');
    expect(judgeTables(undefined, 'x')[0].note).toContain('已不在当前工作区中');
  });

  it('survives the briefing’s check on load', () => {
    const checked = checkBriefing({ items: [{ id: 'a', spec: { kind: 'judge', roundId: 'r1' }, filter: {}, title: '' }, { id: 'b', spec: { kind: 'judge' } }] });
    expect(checked.value.items.map((i) => i.spec)).toEqual([{ kind: 'judge', roundId: 'r1' }]);
    expect(checked.notices).toEqual(['已忽略简报中无法识别的段落“观摩评比”']);
  });
});

describe('formula safety', () => {
  it('writes formula-looking names of contestants, judges and the round as text', async () => {
    const r = round();
    const hostile = { ...r, name: '=HYPERLINK("x")', judges: ['@评委', ...r.judges.slice(1)], contestants: [{ name: '=1+1', township: null }, ...r.contestants.slice(1)] };
    const tables = judgeTables(hostile, hostile.name);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await briefingToXlsx(tables, ExcelJS as unknown as ExcelJSModule) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const cells: ExcelJS.Cell[] = [];
    ws.eachRow((row) => row.eachCell((c) => cells.push(c)));
    expect(cells.filter((c) => c.type === ExcelJS.ValueType.Formula)).toEqual([]);
    const texts = cells.map((c) => c.value);
    expect(texts).toContain("'=1+1");
    expect(texts).toContain("'@评委");
    expect(texts).toContain('\'=HYPERLINK("x")');
  });
});

describe('ranks over the rounds', () => {
  it('puts each round’s ranks side by side in time order, with the change from the round before', async () => {
    const q3 = { ...round(), id: 'q3', name: '第三季度观摩', period: '2026Q3' };
    // The earlier round, listed after: 城关镇 1st (95), 河口镇 2nd (90), 石门镇 3rd (85); 青山乡 not in it.
    const q2 = {
      ...emptyRound('第二季度观摩', ['城关镇', '河口镇', '石门镇'].map((name) => ({ name, township: null }))),
      id: 'q2', period: '2026Q2', rule: { method: 'mean' as const }, judges: ['评委一'],
      scores: [[[95]], [[90]], [[85]]],
    };
    const other = { ...emptyRound('村级观摩', [{ name: '东关村', township: '城关镇' }], 'unit'), scores: [[[80, 80, 80, 80, 80]]] };
    const h = rankHistory([q3, q2, other], 'township');
    expect(h.rounds.map((r) => r.name)).toEqual(['第二季度观摩', '第三季度观摩']);
    // Latest round's order: 河口镇 1, 城关镇 and 石门镇 并列2, 青山乡 4.
    expect(h.rows.map((r) => [r.name, ...r.cells.map((c) => (c ? `${c.tied ? '=' : ''}${c.rank}` : '-'))])).toEqual([
      ['河口镇', '2', '1'], ['城关镇', '1', '=2'], ['石门镇', '3', '=2'], ['青山乡', '-', '4'],
    ]);
    setRoundSource(() => [q3, q2, other]);
    const spec = { kind: 'judgeHistory' as const, level: 'township' as const };
    const filter = { period: null, townships: [], kind: null };
    expect(autoTitle(spec, filter)).toBe('各乡镇历次观摩评比名次');
    const [t] = await itemTables(() => Promise.reject(new Error('no query')), spec, filter);
    expect(t.columns.map((c) => c.header)).toEqual(['乡镇（街道）', '第二季度观摩', '第三季度观摩', '较上一轮']);
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['河口镇', '2', '1', '上升1'], ['城关镇', '1', '并列2', '下降1'], ['石门镇', '3', '并列2', '上升1'], ['青山乡', '—', '4', '—'],
    ]);
    expect(historyTables([other], 'unit', 'x')[0].rows.map((r) => r.cells)).toEqual([['东关村', '城关镇', '1']]);
  });
});
