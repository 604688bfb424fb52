/**
 * Issue 12, headers: a data row is never a header row, the name headers counties use, and
 * headers of three rows. Every expected rating below is written out by hand from the rows.
 */
import { describe, expect, it } from 'vitest';
import { interpretSheets } from '../../shared/import/interpret.ts';
import type { RawSheet } from '../../shared/import/types.ts';
import { importCsv, importXlsx, sorted, summary, type Cell } from '../support/layout-workbooks.ts';

const V5 = ['支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星'];
const C5 = ['支部过硬星', '平安法治星', '共建共享星', '幸福和谐星', '宜业兴业星'];

describe('a row with numbers and a unit name is data, not a header', () => {
  it('score sheet: the first village row stays a rating (was read as a second header row)', async () => {
    const rows: Cell[][] = [
      ['城关镇2024年第三季度“五星”支部评比得分表'],
      ['序号', '乡镇', '村名称', '支部过硬星得分', '产业兴旺星得分', '生态宜居星得分', '平安法治星得分', '文明幸福星得分', '星级'],
      [1, '城关镇', '东关村', 85, 90, 70, 88, 92, '三星'],
      [2, '城关镇', '西关村', 60, 81, 75, 66, 70, '一星'],
      [3, '城关镇', '十里铺村', 55, 62, 58, 61, 66, '无星'],
    ];
    const out = await importXlsx('城关镇2024年第三季度得分表.xlsx', [{ name: 'Sheet1', rows }]);
    const sheet = out.report.files[0].sheets[0];
    expect(sheet.header_row).toBe(2);
    expect(sheet.mapping.map((m) => m.column)).toEqual(rows[1]);
    // The 得分 columns are the stars' scores (import-scores.test.ts): held at 80 of 100 or more.
    // 东关村 85 ✓ 90 ✓ 70 ✗ 88 ✓ 92 ✓ → 4 (its 星级 says 三星: a level_mismatch warning, the scores win).
    expect(summary(out)).toEqual(sorted([
      { name: '东关村', period: '2024Q3', stars: ['branch', 'industry', 'safety', 'civility'], level: 4 },
      { name: '西关村', period: '2024Q3', stars: ['industry'], level: 1 },
      { name: '十里铺村', period: '2024Q3', stars: [], level: 0 },
    ]));
    expect(out.report.rejected).toBe(0);
    expect(out.report.problems.filter((p) => p.code === 'level_mismatch').map((p) => [p.row, p.value])).toEqual([[3, '三星']]);
  });

  it('√ sheet: a first data row with marks and numbers is not merged into the header either', () => {
    const sheet: RawSheet = {
      file: '李庄乡2024年第一季度.csv', sheet: '李庄乡2024年第一季度',
      rows: [
        ['乡镇', '村名', ...V5, '村集体经济收入（万元）'],
        ['李庄乡', '李庄村', '√', '√', '', '√', '', 15.2],
        ['李庄乡', '王楼村', '', '', '', '', '', 3.5],
      ],
    };
    const { ratings, report } = interpretSheets([sheet], { county: '示例县' });
    expect(report.files[0].sheets[0].header_row).toBe(1);
    expect(ratings.map((r) => [r.name, r.level, r.collective_income])).toEqual([['李庄村', 3, 15.2], ['王楼村', 0, 3.5]]);
  });
});

describe('name headers', () => {
  const names = ['社区名称', '村（社区）名称', '村(社区)名称', '单位名称', '党组织名称', '支部名称', '村党组织名称', '社区党组织名称', '居委会名称'];
  for (const header of names) {
    it(`"${header}" is the name column`, () => {
      const sheet: RawSheet = {
        file: '城关镇2024年第二季度.xlsx', sheet: 'Sheet1',
        rows: [
          ['乡镇（街道）', header, '星级'],
          ['城关镇', '南街社区', 2],
          ['城关镇', '北街社区', '一星'],
        ],
      };
      const { ratings, report } = interpretSheets([sheet], { county: '示例县' });
      expect(report.files[0].sheets[0].skipped).toBe(false);
      expect(ratings.map((r) => [r.name, r.kind, r.year, r.quarter, r.level])).toEqual([
        ['南街社区', 'community', 2024, 2, 2],
        ['北街社区', 'community', 2024, 2, 1],
      ]);
    });
  }

  it('a workbook with a 村 sheet (村名称) and a 社区 sheet (社区名称) imports both', async () => {
    const out = await importXlsx('城关镇2024年第三季度台账.xlsx', [
      {
        name: '村',
        rows: [
          ['乡镇', '村名称', ...V5, '星级'],
          ['城关镇', '东关村', '√', '√', '√', '', '', '三星'],
          ['城关镇', '西关村', '', '√', '', '', '', '一星'],
        ],
      },
      {
        name: '社区',
        rows: [
          ['街道', '社区名称', ...C5, '星级'],
          ['城关镇', '南街社区', '', '√', '√', '', '', '二星'],
          ['城关镇', '北街社区', '√', '√', '√', '√', '√', '五星'],
        ],
      },
    ]);
    expect(out.report.files[0].sheets.map((s) => [s.name, s.skipped, s.header_row])).toEqual([['村', false, 1], ['社区', false, 1]]);
    expect(summary(out)).toEqual(sorted([
      { name: '东关村', period: '2024Q3', stars: ['branch', 'industry', 'ecology'], level: 3 },
      { name: '西关村', period: '2024Q3', stars: ['industry'], level: 1 },
      { name: '南街社区', period: '2024Q3', stars: ['safety', 'cobuild'], level: 2 },
      { name: '北街社区', period: '2024Q3', stars: ['branch', 'safety', 'cobuild', 'harmony', 'business'], level: 5 },
    ]));
    expect(out.report.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('headers of three rows', () => {
  // Row 2: fields merged down over three rows, the group "五星支部创建情况" across the stars;
  // row 3: sub-groups; row 4: the stars.
  const rows: Cell[][] = [
    ['示例县2024年第三季度“五星”支部创建情况统计表'],
    ['乡镇', '村名', '五星支部创建情况', null, null, null, null, '星级'],
    [null, null, '基础星', '发展星', null, '治理星', null, null],
    [null, null, '支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星', null],
    ['高岗镇', '高岗村', '√', '√', '√', '√', '√', '五星'],
    ['高岗镇', '前营村', '', '√', '', '√', '', '二星'],
    ['高岗镇', '后营村', '', '', '√', '', '', '一星'],
  ];
  const merges = ['A1:H1', 'A2:A4', 'B2:B4', 'C2:G2', 'H2:H4', 'D3:E3', 'F3:G3'];
  const expected = sorted([
    { name: '高岗村', period: '2024Q3', stars: ['branch', 'industry', 'ecology', 'safety', 'civility'], level: 5 },
    { name: '前营村', period: '2024Q3', stars: ['industry', 'safety'], level: 2 },
    { name: '后营村', period: '2024Q3', stars: ['ecology'], level: 1 },
  ]);

  it('merged group cells above sub-groups above the stars (xlsx)', async () => {
    const out = await importXlsx('高岗镇.xlsx', [{ name: 'Sheet1', rows, merges }]);
    const sheet = out.report.files[0].sheets[0];
    expect(sheet.header_row).toBe(4);
    expect(sheet.mapping).toEqual([
      { column: '乡镇', field: 'township' },
      { column: '村名', field: 'name' },
      { column: '五星支部创建情况 / 基础星 / 支部过硬星', field: 'branch' },
      { column: '五星支部创建情况 / 发展星 / 产业兴旺星', field: 'industry' },
      { column: '五星支部创建情况 / 发展星 / 生态宜居星', field: 'ecology' },
      { column: '五星支部创建情况 / 治理星 / 平安法治星', field: 'safety' },
      { column: '五星支部创建情况 / 治理星 / 文明幸福星', field: 'civility' },
      { column: '星级', field: 'level' },
    ]);
    expect(summary(out)).toEqual(expected);
    expect(out.report.problems.filter((p) => p.code === 'level_mismatch' || p.severity === 'error')).toEqual([]);
  });

  it('the same header without merges (CSV: each group written once, at its left)', async () => {
    const out = await importCsv('高岗镇2024年第三季度.csv', rows.slice(1));
    const sheet = out.report.files[0].sheets[0];
    expect(sheet.header_row).toBe(3);
    expect(sheet.mapping.map((m) => m.field)).toEqual(['township', 'name', 'branch', 'industry', 'ecology', 'safety', 'civility', 'level']);
    expect(sheet.mapping[4].column).toBe('五星支部创建情况 / 发展星 / 生态宜居星');
    expect(summary(out)).toEqual(expected);
  });

  it('a two-row header under a title is still read as two rows', async () => {
    const two: Cell[][] = [rows[0], rows[1], rows[3], ...rows.slice(4)];
    const out = await importXlsx('高岗镇.xlsx', [{ name: 'Sheet1', rows: two, merges: ['A1:H1', 'A2:A3', 'B2:B3', 'C2:G2', 'H2:H3'] }]);
    expect(out.report.files[0].sheets[0].header_row).toBe(3);
    expect(out.report.files[0].sheets[0].mapping[2].column).toBe('五星支部创建情况 / 支部过硬星');
    expect(summary(out)).toEqual(expected);
  });
});
