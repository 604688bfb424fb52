// Reading 观摩评比 judges' sheets (issue #16) from the fixtures and from hand-made sheets.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImportFile } from '../../shared/import/read.ts';
import type { RawCell, RawSheet } from '../../shared/import/types.ts';
import { rankRound } from '../../shared/judge/rules.ts';
import { JudgeSheetError, readJudgeRound } from '../../shared/judge/sheet.ts';
import { JUDGE_FIXTURE_DIR } from '../support/write-judge-fixtures.ts';

async function fixture(name: string) {
  return readJudgeRound(await readImportFile(name, new Uint8Array(readFileSync(join(JUDGE_FIXTURE_DIR, name)))), name);
}

/** A hand-made sheet as a workbook reader gives it. */
function sheet(rows: RawCell[][], name = 'Sheet1', file = '评分表.xlsx'): RawSheet {
  return { file, sheet: name, rows };
}

function problemsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof JudgeSheetError) return e.problems.map((p) => p.message);
    throw e;
  }
  throw new Error('no JudgeSheetError');
}

describe('judges’ sheets from the fixtures', () => {
  it('reads five judges under a merged title, skipping the signature line', async () => {
    const round = await fixture('five-judges.xlsx');
    expect(round.name).toBe('2026年第三季度观摩评比评分表');
    expect(round.components).toEqual([{ name: '评分', max: 100, judges: ['评委一', '评委二', '评委三', '评委四', '评委五'], source: 'five-judges.xlsx / 评分表' }]);
    expect(round.contestants.map((c) => [c.name, c.scores[0]])).toEqual([
      ['城关镇', [90, 92, 88, 95, 85]],
      ['河口镇', [93, 91, 94, 90, 96]],
      ['石门镇', [85, 87, 86, 88, 84]],
      ['青山乡', [80.5, 82, 81.5, 79, 83]],
    ]);
    expect(round.contestants[0].source).toBe('five-judges.xlsx / 评分表 / 第3行');
    // 河口镇 (93+91+94)/3 = 92.67; 城关镇 (90+92+88)/3 = 90; 石门镇 (85+87+86)/3 = 86; 青山乡 (80.5+82+81.5)/3 = 81.33
    const r = rankRound(round, { method: 'trimmed' });
    expect(r.rows.map((x) => [x.rank, x.name, x.score])).toEqual([[1, '河口镇', 92.67], [2, '城关镇', 90], [3, '石门镇', 86], [4, '青山乡', 81.33]]);
  });

  it('reads seven judges and the 大比武 title of a CSV', async () => {
    const round = await fixture('seven-judges.csv');
    expect(round.name).toBe('创建思路大比武');
    expect(round.components[0].judges).toHaveLength(7);
    expect(round.contestants[2]).toMatchObject({ name: '石门镇', scores: [[86, 84, 90, 85, 88, 83, 87]] });
  });

  it('takes empty cells and 缺席 as missing scores, and keeps the township of each village', async () => {
    const round = await fixture('missing-score.csv');
    expect(round.name).toBe('missing-score');
    expect(round.contestants.map((c) => [c.township, c.name, c.scores[0]])).toEqual([
      ['城关镇', '东关村', [90, null, 88, 95, 85]],
      ['城关镇', '西关村', [92, 91, null, 93, 90]],
      ['河口镇', '李庄村', [87, null, null, 89, null]],
      ['河口镇', '王庄村', [null, null, null, null, null]],
    ]);
  });

  it('reads a two-row header as components with their maximum, and weights them', async () => {
    const round = await fixture('weighted.xlsx');
    expect(round.name).toBe('2026年创建举措大比武评分表');
    expect(round.components.map((c) => [c.name, c.max, c.judges])).toEqual([
      ['现场观摩', 100, ['评委1', '评委2', '评委3', '评委4', '评委5']],
      ['汇报', 100, ['评委1', '评委2', '评委3', '评委4', '评委5']],
    ]);
    expect(round.contestants[0].scores).toEqual([[90, 92, 88, 95, 85], [80, 85, 90, 70, 95]]);
    // 河口镇 0.7×87 + 0.3×95 = 89.40; 城关镇 0.7×90 + 0.3×85 = 88.50; 石门镇 0.7×91 + 0.3×80 = 63.7 + 24 = 87.70
    const r = rankRound(round, { method: 'trimmed', weights: { 现场观摩: 0.7, 汇报: 0.3 } });
    expect(r.rows.map((x) => [x.rank, x.name, x.score])).toEqual([[1, '河口镇', 89.4], [2, '城关镇', 88.5], [3, '石门镇', 87.7]]);
  });

  it('reads one sheet per component, named and capped by the sheet name', async () => {
    const round = await fixture('components-by-sheet.xlsx');
    expect(round.name).toBe('2026年创建成效大比武评分表');
    expect(round.components.map((c) => [c.name, c.max])).toEqual([['现场观摩', 70], ['汇报', 30]]);
    expect(round.contestants.map((c) => [c.name, c.scores])).toEqual([
      ['城关镇', [[60, 62, 58, 65, 55], [25, 26, 27, 28, 24]]],
      ['河口镇', [[63, 61, 64, 60, 66], [22, 23, 24, 21, 25]]],
    ]);
  });

  it('refuses a score above the maximum, naming file, row, judge and value', async () => {
    const messages = await fixture('over-max.csv').then(() => [], (e: JudgeSheetError) => e.problems);
    expect(messages).toEqual([
      expect.objectContaining({ file: 'over-max.csv', row: 3, column: '评委三', value: '105', code: 'over_max' }),
    ]);
    expect(messages[0].message).toBe('文件"over-max.csv"第3行"评委三"的分数"105"超过满分 100。请核对评分表改正；若本轮满分不是 100，请在标题或表头写明，例如"（满分120）"。');
  });
});

describe('judges’ sheets by hand', () => {
  it('knows 专家A and 评委甲 as judges, and a maximum written as "(70分)"', () => {
    const round = readJudgeRound([sheet([
      ['村（社区）', '专家A', '专家B', '专家C'],
      ['东关村', 60, '６５', '70分'],
    ]), sheet([
      ['名称', '评委甲（70分）', '评委乙（70分）'],
      ['东关村', 50, 52],
    ], '第二部分')]);
    expect(round.components.map((c) => [c.name, c.max, c.judges])).toEqual([
      ['Sheet1', 100, ['专家A', '专家B', '专家C']],
      ['第二部分', 70, ['评委甲（70分）', '评委乙（70分）']],
    ]);
    expect(round.contestants).toEqual([{ name: '东关村', township: null, scores: [[60, 65, 70], [50, 52]], source: '评分表.xlsx / Sheet1 / 第2行' }]);
    expect(round.name).toBe('评分表');
  });

  it('reads a two-row header without merges (a CSV), and a centred title over the judges', () => {
    const round = readJudgeRound([{ file: '大比武.csv', sheet: '大比武', delimiter: ',', rows: [
      [null, null, '2026年创建成效大比武评分表'],
      ['乡镇', '现场观摩（满分70）', null, null, '汇报(30分)', null, null],
      [null, '评委1', '评委2', '评委3', '评委1', '评委2', '评委3'],
      ['城关镇', 60, 62, 58, 25, null, 27],
    ] }]);
    expect(round.name).toBe('2026年创建成效大比武评分表');
    expect(round.components.map((c) => [c.name, c.max, c.judges])).toEqual([['现场观摩', 70, ['评委1', '评委2', '评委3']], ['汇报', 30, ['评委1', '评委2', '评委3']]]);
    expect(round.contestants[0].scores).toEqual([[60, 62, 58], [25, null, 27]]);
    const single = readJudgeRound([sheet([[null, null, '2026年第三季度观摩评比评分表'], ['乡镇', '评委一', '评委二', '评委三'], ['城关镇', 90, 91, 92]])]);
    expect(single.components.map((c) => c.name)).toEqual(['评分']);
    expect(single.name).toBe('2026年第三季度观摩评比评分表');
  });

  it('refuses negative and non-numeric scores, and scores without a name, and lists every one', () => {
    const messages = problemsOf(() => readJudgeRound([sheet([
      ['乡镇', '评委1', '评委2', '评委3'],
      ['城关镇', 90, -3, '九十'],
      [null, 88, 87, 86],
      ['河口镇', 80, 81, 82],
      ['河口镇', 80, 81, 82],
    ], '三季度')]));
    expect(messages).toEqual([
      '文件"评分表.xlsx"工作表"三季度"第2行"评委2"的分数"-3"是负数。请核对评分表，改为 0 到 100 之间的分数。',
      '文件"评分表.xlsx"工作表"三季度"第2行"评委3"的"九十"不是分数。请改为 0 到 100 之间的数字；该评委没有打分请留空。',
      '文件"评分表.xlsx"工作表"三季度"第3行有评分但"乡镇"为空。请填写名称，或删除这一行。',
      '文件"评分表.xlsx"工作表"三季度"第4行和第5行都是"河口镇"。同一单位只能有一行评分，请删除或合并重复的行。',
    ]);
  });

  it('says what is missing when a sheet has no name column or no judge columns', () => {
    expect(problemsOf(() => readJudgeRound([sheet([['序号', '评委1', '评委2'], [1, 90, 91]])]))).toEqual([
      '文件"评分表.xlsx"工作表"Sheet1"找到了评委列，但没有找到名称列（表头写作"乡镇""街道""村""社区""单位"或"名称"）。请检查是否选错了文件或工作表，或把表头改成这样的写法。',
    ]);
    expect(problemsOf(() => readJudgeRound([sheet([['乡镇', '得分', '名次'], ['城关镇', 90, 1]])]))).toEqual([
      '文件"评分表.xlsx"工作表"Sheet1"找到了名称列，但没有找到评委列（表头写作"评委一""评委1""专家A""评委甲"等）。请检查是否选错了文件或工作表，或把表头改成这样的写法。',
    ]);
  });

  it('skips a notes sheet next to a judges’ sheet, with a warning', () => {
    const round = readJudgeRound([
      sheet([['乡镇', '评委1', '评委2', '评委3'], ['城关镇', 90, 91, 92], ['合计', 90, 91, 92], ['注：缺评留空']]),
      sheet([['评分说明'], ['按百分制打分']], '说明'),
    ]);
    expect(round.contestants.map((c) => c.name)).toEqual(['城关镇']);
    expect(round.warnings).toEqual(['文件"评分表.xlsx"工作表"说明"前 15 行中没有找到评分表的表头（名称列如"乡镇""村""单位"，评委列如"评委一""评委1""专家A"），已跳过。']);
  });
});
