// xingtu judge (issue #16): JSON and table output against hand-computed rankings.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../cli/args.ts';
import { judgeCommand } from '../../cli/judge.ts';
import { main } from '../../cli/main.ts';
import { JUDGE_FIXTURE_DIR } from '../support/write-judge-fixtures.ts';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/**
 * The judge command on its own, for the outputs: main() also opens DuckDB (seconds), which
 * judge does not use. Exit codes and messages go through main() below.
 */
async function judge(...argv: string[]) {
  let out = '';
  await judgeCommand(null as never, parseArgs(['judge', ...argv]), { out: (t) => (out += t), err: () => undefined });
  return out;
}

const file = (name: string) => join(JUDGE_FIXTURE_DIR, name);
const core = (rows: Array<Record<string, unknown>>) => rows.map(({ rank, name, score, scores, dropped }) => ({ rank, name, score, scores, dropped }));

describe('xingtu judge --json', () => {
  it('ranks five judges after dropping the highest and the lowest', async () => {
    const r = await run('judge', file('five-judges.xlsx'), '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.rule).toBe('trimmed');
    expect(json.round).toBe('2026年第三季度观摩评比评分表');
    // 河口镇 drop 96, 90 → (93+91+94)/3 = 92.67; 城关镇 drop 95, 85 → 90; 石门镇 drop 88, 84 → 86; 青山乡 drop 79, 83 → 244/3 = 81.33
    expect(core(json.rows)).toEqual([
      { rank: 1, name: '河口镇', score: 92.67, scores: [93, 91, 94, 90, 96], dropped: [90, 96] },
      { rank: 2, name: '城关镇', score: 90, scores: [90, 92, 88, 95, 85], dropped: [95, 85] },
      { rank: 3, name: '石门镇', score: 86, scores: [85, 87, 86, 88, 84], dropped: [88, 84] },
      { rank: 4, name: '青山乡', score: 81.33, scores: [80.5, 82, 81.5, 79, 83], dropped: [79, 83] },
    ]);
    expect(json.rows[1].spread).toBe(10);
  });

  it('takes the plain mean with --rule mean', async () => {
    // 河口镇 637/7 = 91.00; 城关镇 617/7 = 88.142… → 88.14; 石门镇 603/7 = 86.142… → 86.14
    const json = JSON.parse(await judge(file('seven-judges.csv'), '--rule', 'mean', '--json'));
    expect(json.rule).toBe('mean');
    expect(json.rows.map((x: { rank: number; name: string; score: number; dropped: number[] }) => [x.rank, x.name, x.score, x.dropped])).toEqual([
      [1, '河口镇', 91, []],
      [2, '城关镇', 88.14, []],
      [3, '石门镇', 86.14, []],
    ]);
  });

  it('drops N highest and N lowest with --drop N (also written --drop=N)', async () => {
    // drop 1: 城关镇 − 95, 80 → 442/5 = 88.40; drop 2: − 95, 92, 80, 85 → (88+90+87)/3 = 88.33
    // 河口镇 drop 2: − 94, 93, 88, 89 → (91+90+92)/3 = 91.00; 石门镇: − 90, 88, 83, 84 → (86+85+87)/3 = 86.00
    const one = JSON.parse(await judge(file('seven-judges.csv'), '--json'));
    expect(one.rows.map((x: { name: string; score: number }) => [x.name, x.score])).toEqual([['河口镇', 91], ['城关镇', 88.4], ['石门镇', 86]]);
    for (const argv of [['--drop', '2'], ['--drop=2']]) {
      expect(core(JSON.parse(await judge(file('seven-judges.csv'), ...argv, '--json')).rows)).toEqual([
        { rank: 1, name: '河口镇', score: 91, scores: [91, 89, 90, 93, 88, 92, 94], dropped: [89, 93, 88, 94] },
        { rank: 2, name: '城关镇', score: 88.33, scores: [88, 90, 85, 92, 87, 95, 80], dropped: [85, 92, 95, 80] },
        { rank: 3, name: '石门镇', score: 86, scores: [86, 84, 90, 85, 88, 83, 87], dropped: [84, 90, 88, 83] },
      ]);
    }
  });

  it('skips missing scores and leaves a contestant without any unranked', async () => {
    // 西关村 present 92, 91, 93, 90 → (92+91)/2 = 91.50; 东关村 90, 88, 95, 85 → (90+88)/2 = 89.00;
    // 李庄村 87, 89: too few to drop → 88.00; 王庄村 no score
    const json = JSON.parse(await judge(file('missing-score.csv'), '--json'));
    expect(core(json.rows)).toEqual([
      { rank: 1, name: '西关村', score: 91.5, scores: [92, 91, null, 93, 90], dropped: [93, 90] },
      { rank: 2, name: '东关村', score: 89, scores: [90, null, 88, 95, 85], dropped: [95, 85] },
      { rank: 3, name: '李庄村', score: 88, scores: [87, null, null, 89, null], dropped: [] },
      { rank: null, name: '王庄村', score: null, scores: [null, null, null, null, null], dropped: [] },
    ]);
    expect(json.rows[0].township).toBe('城关镇');
    expect(json.warnings).toHaveLength(2);
  });

  it('gives tied scores one rank (1, 2, 2, 2, 5)', async () => {
    const json = JSON.parse(await judge(file('tie.csv'), '--json'));
    expect(json.rows.map((x: { rank: number; name: string; score: number }) => [x.rank, x.name, x.score])).toEqual([
      [1, '丙村', 95], [2, '甲村', 92], [2, '乙村', 92], [2, '戊村', 92], [5, '丁村', 90],
    ]);
    // 乙村's 评委4 (80) against 92, 92, 92, 99: mean 93.75
    expect(json.rows[2].flags).toEqual([{ component: '评分', judge: 3, judgeName: '评委4', score: 80, othersMean: 93.75 }]);
  });

  it('adds components up and lists their scores one after another', async () => {
    // 城关镇 现场 60 + 汇报 26 = 86.00; 河口镇 188/3 + 23 = 85.666… → 85.67
    const json = JSON.parse(await judge(file('components-by-sheet.xlsx'), '--json'));
    expect(json.components.map((c: { name: string; max: number }) => [c.name, c.max])).toEqual([['现场观摩', 70], ['汇报', 30]]);
    expect(core(json.rows)).toEqual([
      { rank: 1, name: '城关镇', score: 86, scores: [60, 62, 58, 65, 55, 25, 26, 27, 28, 24], dropped: [65, 55, 28, 24] },
      { rank: 2, name: '河口镇', score: 85.67, scores: [63, 61, 64, 60, 66, 22, 23, 24, 21, 25], dropped: [60, 66, 21, 25] },
    ]);
    expect(json.rows[1].components).toEqual([
      { name: '现场观摩', score: 62.67, scores: [63, 61, 64, 60, 66], dropped: [60, 66] },
      { name: '汇报', score: 23, scores: [22, 23, 24, 21, 25], dropped: [21, 25] },
    ]);
  });
});

describe('xingtu judge as a table and on mistakes', () => {
  it('prints an aligned Chinese table with the rule', async () => {
    const lines = (await judge(file('five-judges.xlsx'))).split('\n');
    expect(lines[0]).toBe('2026年第三季度观摩评比评分表');
    expect(lines[1]).toBe('计分规则：去掉1个最高分和1个最低分后取平均，保留2位小数（四舍五入），同分并列（1、2、2、4）。');
    expect(lines[2]).toBe('名次  名称     得分  评委一  评委二  评委三  评委四  评委五  去掉的分');
    expect(lines[3]).toBe('   1  河口镇  92.67      93      91      94    (90)    (96)  90、96');
    expect(lines[6]).toBe('   4  青山乡  81.33    80.5      82    81.5    (79)    (83)  79、83');
  });

  it('refuses a score above the maximum with exit code 1', async () => {
    const r = await run('judge', file('over-max.csv'));
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('文件"over-max.csv"第3行"评委三"的分数"105"超过满分 100。');
  });

  it('refuses wrong options with exit code 2', async () => {
    await expect(judge(file('tie.csv'), '--rule=median')).rejects.toThrow('--rule 只能是 trimmed（去掉最高分和最低分后平均）或 mean（直接平均），收到"median"。');
    await expect(judge(file('tie.csv'), '--drop', 'x')).rejects.toThrow('--drop 需要一个非负整数（去掉几个最高分和几个最低分），收到"x"');
    const mean = await run('judge', file('tie.csv'), '--rule', 'mean', '--drop', '1');
    expect(mean.code).toBe(2);
    expect(mean.err).toContain('--rule mean 直接取平均，不能同时用 --drop');
    await expect(judge()).rejects.toThrow('请给出评分表文件');
    await expect(judge(join(JUDGE_FIXTURE_DIR, 'no-such-file.xlsx'))).rejects.toThrow('文件不存在');
  });
});
