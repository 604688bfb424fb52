/**
 * Issue 12, wide 台账: the quarters side by side in one yearly sheet. Each group becomes one
 * rating per unit and period; a unit's empty group has no rating that period; groups that look
 * like periods but cannot be mapped stop the sheet with a Chinese finding, never an annual
 * rating of the first group. Every expected rating is written out by hand from the rows.
 */
import { describe, expect, it } from 'vitest';
import { importCsv, importXlsx, sorted, summary, type Cell } from '../support/layout-workbooks.ts';

const V5 = ['支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星'];
const C5 = ['支部过硬星', '平安法治星', '共建共享星', '幸福和谐星', '宜业兴业星'];
const _ = null;

describe('quarter groups over star columns', () => {
  // Title; row 2 the quarter groups (merged across 6 columns), row 3 the stars and 星级.
  const rows: Cell[][] = [
    ['城关镇2024年“五星”支部创建台账'],
    ['乡镇', '村名', '一季度', _, _, _, _, _, '二季度', _, _, _, _, _, '三季度', _, _, _, _, _, '四季度', _, _, _, _, _],
    [_, _, ...V5, '星级', ...V5, '星级', ...V5, '星级', ...V5, '星级'],
    // 东关村: Q1 industry+ecology (2), Q2 +safety (3), Q3 +civility (4), Q4 all five (5).
    ['城关镇', '东关村', '', '√', '√', '', '', '二星', '', '√', '√', '√', '', '三星', '', '√', '√', '√', '√', '四星', '√', '√', '√', '√', '√', '五星'],
    // 西关村: Q1 none (0), Q2 safety (1) but 星级 says 二星 (mismatch: stars win), Q3 empty group, Q4 safety+civility (2).
    ['城关镇', '西关村', '', '', '', '', '', '无星', '', '', '', '√', '', '二星', '', '', '', '', '', '', '', '', '', '√', '√', '二星'],
    // 十里铺村: only Q1 filled: ecology (1).
    ['城关镇', '十里铺村', '', '', '√', '', '', '一星', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
    ['合计', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
  ];
  const merges = ['A1:Z1', 'A2:A3', 'B2:B3', 'C2:H2', 'I2:N2', 'O2:T2', 'U2:Z2'];
  const expected = sorted([
    { name: '东关村', period: '2024Q1', stars: ['industry', 'ecology'], level: 2 },
    { name: '东关村', period: '2024Q2', stars: ['industry', 'ecology', 'safety'], level: 3 },
    { name: '东关村', period: '2024Q3', stars: ['industry', 'ecology', 'safety', 'civility'], level: 4 },
    { name: '东关村', period: '2024Q4', stars: ['branch', 'industry', 'ecology', 'safety', 'civility'], level: 5 },
    { name: '西关村', period: '2024Q1', stars: [], level: 0 },
    { name: '西关村', period: '2024Q2', stars: ['safety'], level: 1 },
    { name: '西关村', period: '2024Q4', stars: ['safety', 'civility'], level: 2 },
    { name: '十里铺村', period: '2024Q1', stars: ['ecology'], level: 1 },
  ]);

  it('one rating per unit and quarter; an empty group is no rating (xlsx, merged groups)', async () => {
    const out = await importXlsx('城关镇台账.xlsx', [{ name: '全年', rows, merges }]);
    expect(summary(out)).toEqual(expected);
    expect(out.report.accepted).toBe(8);
    expect(out.report.rejected).toBe(0);
    expect(out.report.periods).toEqual(['2024Q1', '2024Q2', '2024Q3', '2024Q4']);
    // Never an annual rating.
    expect(out.ratings.every((r) => r.quarter != null)).toBe(true);
    const sheet = out.report.files[0].sheets[0];
    expect(sheet.header_row).toBe(3);
    expect(sheet.mapping[8]).toEqual({ column: '二季度 / 支部过硬星', field: 'branch' });

    const wide = out.report.problems.filter((p) => p.code === 'wide_layout');
    expect(wide).toHaveLength(1);
    expect(wide[0].severity).toBe('warning');
    expect(wide[0].message).toContain('“一季度”→2024年第一季度');
    expect(wide[0].message).toContain('“四季度”→2024年第四季度');
    expect(wide[0].message).toContain('年份取自标题');
    // 西关村 Q3, 十里铺村 Q2–Q4: four empty groups.
    expect(wide[0].message).toContain('有4处');

    const mismatch = out.report.problems.filter((p) => p.code === 'level_mismatch');
    expect(mismatch.map((p) => [p.row, p.column, p.value])).toEqual([[5, '二季度 / 星级', '二星']]);
    expect(out.report.problems.filter((p) => p.code === 'skipped_total').map((p) => p.row)).toEqual([7]);
    // Each rating points at its row.
    expect(out.ratings.filter((r) => r.name === '西关村').map((r) => r.source_row)).toEqual(
      ['城关镇台账.xlsx / 全年 / 第5行', '城关镇台账.xlsx / 全年 / 第5行', '城关镇台账.xlsx / 全年 / 第5行'],
    );
  });

  it('the same sheet as CSV (no merges: each group written once, at its left)', async () => {
    const out = await importCsv('城关镇2024年台账.csv', rows.slice(1));
    expect(summary(out)).toEqual(expected);
    expect(out.report.problems.find((p) => p.code === 'wide_layout')!.message).toContain('年份取自工作表名"城关镇2024年台账"');
  });

  it('a three-row header: quarter groups over 五星创建 over the stars (社区, 第一季度 …, year from the sheet name)', async () => {
    const rows3: Cell[][] = [
      ['街道', '社区名称', '第一季度', _, _, _, _, _, '第二季度', _, _, _, _, _],
      [_, _, '五星创建', _, _, _, _, '星级', '五星创建', _, _, _, _, '星级'],
      [_, _, ...C5, _, ...C5, _],
      ['城关镇', '南街社区', '√', '√', '', '', '', '二星', '√', '√', '√', '', '', '三星'],
      ['城关镇', '北街社区', '', '', '√', '', '', '一星', '', '', '', '', '', ''],
    ];
    const out = await importXlsx('城关镇社区.xlsx', [{
      name: '2023年', rows: rows3, merges: ['A1:A3', 'B1:B3', 'C1:H1', 'I1:N1', 'C2:G2', 'H2:H3', 'I2:M2', 'N2:N3'],
    }]);
    expect(out.report.files[0].sheets[0].header_row).toBe(3);
    expect(out.report.files[0].sheets[0].mapping[9]).toEqual({ column: '第二季度 / 五星创建 / 平安法治星', field: 'safety' });
    expect(summary(out)).toEqual(sorted([
      { name: '南街社区', period: '2023Q1', stars: ['branch', 'safety'], level: 2 },
      { name: '南街社区', period: '2023Q2', stars: ['branch', 'safety', 'cobuild'], level: 3 },
      { name: '北街社区', period: '2023Q1', stars: ['cobuild'], level: 1 },
    ]));
    expect(out.report.problems.find((p) => p.code === 'wide_layout')!.message).toContain('年份取自工作表名"2023年"');
  });
});

describe('periods in the column names', () => {
  it('一季度星级 … 四季度星级 (level only)', async () => {
    const out = await importCsv('高岗镇2024年星级台账.csv', [
      ['乡镇', '村名', '一季度星级', '二季度星级', '三季度星级', '四季度星级'],
      ['高岗镇', '高岗村', '三星', '四星', '四星', '五星'],
      ['高岗镇', '前营村', '一星', '', '二星', ''],
    ]);
    expect(summary(out)).toEqual(sorted([
      { name: '高岗村', period: '2024Q1', stars: null, level: 3 },
      { name: '高岗村', period: '2024Q2', stars: null, level: 4 },
      { name: '高岗村', period: '2024Q3', stars: null, level: 4 },
      { name: '高岗村', period: '2024Q4', stars: null, level: 5 },
      { name: '前营村', period: '2024Q1', stars: null, level: 1 },
      { name: '前营村', period: '2024Q3', stars: null, level: 2 },
    ]));
  });

  it('Q1 / Q2 groups holding star lists (已获星级) and 星级, year from the title', async () => {
    const out = await importCsv('李庄乡.csv', [
      ['李庄乡2024年五星支部创建台账'],
      ['乡镇', '村名', 'Q1', '', 'Q2', ''],
      ['', '', '已获星级', '星级', '已获星级', '星级'],
      ['李庄乡', '李庄村', '产业兴旺、生态宜居', '二星', '产业兴旺、生态宜居、平安法治', '三星'],
      ['李庄乡', '王楼村', '无', '无星', '文明幸福', '二星'],
    ]);
    expect(summary(out)).toEqual(sorted([
      { name: '李庄村', period: '2024Q1', stars: ['industry', 'ecology'], level: 2 },
      { name: '李庄村', period: '2024Q2', stars: ['industry', 'ecology', 'safety'], level: 3 },
      { name: '王楼村', period: '2024Q1', stars: [], level: 0 },
      { name: '王楼村', period: '2024Q2', stars: ['civility'], level: 1 },
    ]));
    const mismatch = out.report.problems.filter((p) => p.code === 'level_mismatch');
    expect(mismatch.map((p) => [p.row, p.column])).toEqual([[5, 'Q2 / 星级']]);
  });

  it('years side by side: 2023年 / 2024年 groups are annual ratings', async () => {
    const out = await importCsv('城关镇历年.csv', [
      ['乡镇', '村名', '2023年', '', '2024年', ''],
      ['', '', '已获星级', '星级', '已获星级', '星级'],
      ['城关镇', '东关村', '产业兴旺', '一星', '产业兴旺、生态宜居', '二星'],
    ]);
    expect(summary(out)).toEqual(sorted([
      { name: '东关村', period: '2023', stars: ['industry'], level: 1 },
      { name: '东关村', period: '2024', stars: ['industry', 'ecology'], level: 2 },
    ]));
  });
});

describe('where the year comes from', () => {
  const rows: Cell[][] = [
    ['乡镇', '村名', '1季度星级', '2季度星级'],
    ['城关镇', '东关村', 2, 3],
  ];

  it('the period chosen in the import dialog gives the year; the groups keep their quarters', async () => {
    const out = await importCsv('城关镇.csv', rows, { period: { year: 2025, quarter: 3 } });
    expect(summary(out)).toEqual(sorted([
      { name: '东关村', period: '2025Q1', stars: null, level: 2 },
      { name: '东关村', period: '2025Q2', stars: null, level: 3 },
    ]));
    expect(out.report.problems.find((p) => p.code === 'wide_layout')!.message).toContain('年份取自导入时选择的期次');
  });

  it('a 年度 column gives each row its year', async () => {
    const out = await importCsv('城关镇.csv', [
      ['年度', '乡镇', '村名', '1季度星级', '2季度星级'],
      [2023, '城关镇', '东关村', 1, 2],
      [2024, '城关镇', '东关村', 3, 4],
    ]);
    expect(summary(out)).toEqual(sorted([
      { name: '东关村', period: '2023Q1', stars: null, level: 1 },
      { name: '东关村', period: '2023Q2', stars: null, level: 2 },
      { name: '东关村', period: '2024Q1', stars: null, level: 3 },
      { name: '东关村', period: '2024Q2', stars: null, level: 4 },
    ]));
  });

  it('no year anywhere: a Chinese error, nothing imported', async () => {
    const out = await importCsv('城关镇.csv', rows);
    expect(out.ratings).toEqual([]);
    const p = out.report.problems.filter((x) => x.severity === 'error');
    expect(p.map((x) => x.code)).toEqual(['period_unknown']);
    expect(p[0].message).toContain('“1季度”、“2季度”');
    expect(p[0].message).toContain('没有年份');
    expect(out.report.rejected).toBe(1);
  });
});

describe('groups that cannot be mapped are never read as one annual rating', () => {
  it('上半年 / 下半年', async () => {
    const out = await importXlsx('城关镇2024年台账.xlsx', [{
      name: 'Sheet1',
      rows: [
        ['乡镇', '村名', '上半年', _, _, _, _, '下半年', _, _, _, _],
        [_, _, ...V5, ...V5],
        ['城关镇', '东关村', '√', '', '', '', '', '√', '√', '', '', ''],
        ['城关镇', '西关村', '', '', '', '', '', '', '√', '', '', ''],
      ],
      merges: ['A1:A2', 'B1:B2', 'C1:G1', 'H1:L1'],
    }]);
    expect(out.ratings).toEqual([]);
    expect(out.report.rejected).toBe(2);
    const p = out.report.problems.filter((x) => x.code === 'wide_layout_unclear');
    expect(p).toHaveLength(1);
    expect(p[0].severity).toBe('error');
    expect(p[0].message).toContain('城关镇2024年台账.xlsx / Sheet1');
    expect(p[0].message).toContain('“上半年”、“下半年”');
    expect(p[0].message).toContain('本表2行均未导入');
  });

  it('months of one quarter (1月 2月 3月)', async () => {
    const out = await importCsv('城关镇2024年月度台账.csv', [
      ['乡镇', '村名', '1月星级', '2月星级', '3月星级'],
      ['城关镇', '东关村', 1, 2, 2],
    ]);
    expect(out.ratings).toEqual([]);
    const p = out.report.problems.find((x) => x.code === 'wide_layout_unclear')!;
    expect(p.message).toContain('“1月”和“2月”都对应第一季度');
  });

  it('quarter-end months (3月 6月 9月 12月) are their quarters', async () => {
    const out = await importCsv('城关镇2024年台账.csv', [
      ['乡镇', '村名', '3月星级', '6月星级', '9月星级', '12月星级'],
      ['城关镇', '东关村', 1, 2, 2, 3],
    ]);
    expect(summary(out).map((r) => [r.period, r.level])).toEqual([['2024Q1', 1], ['2024Q2', 2], ['2024Q3', 2], ['2024Q4', 3]]);
  });

  it('上季度 beside 本季度: only this quarter is a rating, last quarter is kept as an extra column', async () => {
    const out = await importCsv('城关镇2024年第三季度.csv', [
      ['乡镇', '村名', '上季度', '', '本季度', ''],
      ['', '', '星级', '集体经济收入', '星级', '集体经济收入'],
      ['城关镇', '东关村', '二星', 10, '三星', 12],
    ]);
    expect(summary(out)).toEqual([{ name: '东关村', period: '2024Q3', stars: null, level: 3 }]);
    expect(out.ratings[0].collective_income).toBe(12);
    expect(out.report.extras).toEqual(['上季度 / 星级', '上季度 / 集体经济收入']);
  });
});
