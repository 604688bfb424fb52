/**
 * Issue 12, stars listed in one cell (已获星级 / 获星情况 / 星级情况 / 所获星): each expected
 * rating is worked out by hand from the cell text.
 */
import { describe, expect, it } from 'vitest';
import { parseStarList } from '../../shared/import/star-list.ts';
import { importCsv, importXlsx, sorted, summary, type Cell } from '../support/layout-workbooks.ts';

describe('parseStarList', () => {
  it('full and short names, any separator, 无 and empty', () => {
    expect(parseStarList('支部过硬星、平安法治星')).toEqual({ ok: true, stars: ['branch', 'safety'] });
    expect(parseStarList('产业兴旺 生态宜居')).toEqual({ ok: true, stars: ['industry', 'ecology'] });
    expect(parseStarList('文明幸福星；支部过硬星,平安法治/产业兴旺，生态宜居')).toEqual({
      ok: true, stars: ['branch', 'industry', 'ecology', 'safety', 'civility'],
    });
    expect(parseStarList('共建共享星幸福和谐星')).toEqual({ ok: true, stars: ['cobuild', 'harmony'] });
    expect(parseStarList('无')).toEqual({ ok: true, stars: [] });
    expect(parseStarList('')).toEqual({ ok: true, stars: [] });
    expect(parseStarList(null)).toEqual({ ok: true, stars: [] });
    expect(parseStarList('平安法治星、平安法治')).toEqual({ ok: true, stars: ['safety'] });
    expect(parseStarList('支部过硬星、红旗星')).toEqual({ ok: false, unknown: '红旗星' });
  });
});

describe('a 已获星级 column with a 星级 column', () => {
  const rows: Cell[][] = [
    ['城关镇2024年第三季度“五星”支部创建情况'],
    ['乡镇', '村（社区）名称', '类型', '已获星级', '星级'],
    ['城关镇', '东关村', '村', '产业兴旺星、生态宜居星、平安法治星', '三星'],
    ['城关镇', '西关村', '村', '产业兴旺 文明幸福', '三星'], // lists 2: the list wins, level_mismatch
    ['城关镇', '南街社区', '社区', '平安法治，共建共享，幸福和谐，宜业兴业', '四星'],
    ['城关镇', '北街社区', '社区', '无', '无星'],
    ['城关镇', '十里铺村', '村', '支部过硬星、红旗星', '一星'], // unknown name: rejected
  ];

  it('reads the stars from the list and checks the level against it', async () => {
    const out = await importXlsx('城关镇.xlsx', [{ name: '三季度', rows, merges: ['A1:E1'] }]);
    expect(summary(out)).toEqual(sorted([
      { name: '东关村', period: '2024Q3', stars: ['industry', 'ecology', 'safety'], level: 3 },
      { name: '西关村', period: '2024Q3', stars: ['industry', 'civility'], level: 2 },
      { name: '南街社区', period: '2024Q3', stars: ['safety', 'cobuild', 'harmony', 'business'], level: 4 },
      { name: '北街社区', period: '2024Q3', stars: [], level: 0 },
    ]));
    // Every star of each kind is known (the list covers all), the other kind's stars are null.
    const east = out.ratings.find((r) => r.name === '东关村')!;
    expect(east.stars).toMatchObject({ branch: false, civility: false, cobuild: null, harmony: null, business: null });
    expect(out.report.accepted).toBe(4);
    expect(out.report.rejected).toBe(1);

    const mismatch = out.report.problems.filter((p) => p.code === 'level_mismatch');
    expect(mismatch.map((p) => [p.row, p.column, p.value])).toEqual([[4, '星级', '三星']]);
    expect(mismatch[0].message).toContain('"已获星级"列所列的星不符');
    expect(mismatch[0].message).toContain('产业兴旺星、文明幸福星');
    expect(mismatch[0].message).toContain('计为二星');

    const unknown = out.report.problems.filter((p) => p.code === 'unknown_star');
    expect(unknown.map((p) => [p.severity, p.row, p.column, p.value])).toEqual([['error', 7, '已获星级', '支部过硬星、红旗星']]);
    expect(unknown[0].message).toContain('"红旗星"不是星名');
    expect(unknown[0].message).toContain('城关镇.xlsx / 三季度 / 第7行 / 已获星级');
    expect(out.rejectedRows.map((r) => r.row)).toEqual([7]);
    // The list column is read as the stars, not kept as an extra column.
    expect(out.report.extras).toEqual([]);
  });

  it('a star listed for a kind that does not have it is ignored with the usual warning', async () => {
    const out = await importCsv('城关镇2024年第三季度.csv', [
      ['乡镇', '社区名称', '所获星'],
      ['城关镇', '南街社区', '产业兴旺星、平安法治星'],
    ]);
    expect(summary(out)).toEqual([{ name: '南街社区', period: '2024Q3', stars: ['safety'], level: 1 }]);
    const na = out.report.problems.filter((p) => p.code === 'star_not_applicable');
    expect(na).toHaveLength(1);
    expect(na[0].message).toContain('不评产业兴旺星');
  });
});

describe('a star-list column without a 星级 column', () => {
  it('获星情况 alone gives stars and level', async () => {
    const out = await importCsv('李庄乡2024年第二季度.csv', [
      ['乡镇', '村名', '获星情况', '村集体经济收入（万元）'],
      ['李庄乡', '李庄村', '支部过硬星，产业兴旺星，生态宜居星，平安法治星，文明幸福星', 15.2],
      ['李庄乡', '王楼村', '', 3.5],
      ['李庄乡', '张寨村', '生态宜居/平安法治', 9],
      ['李庄乡', '新区社区', '支部过硬 平安法治 共建共享', ''],
    ]);
    expect(summary(out)).toEqual(sorted([
      { name: '李庄村', period: '2024Q2', stars: ['branch', 'industry', 'ecology', 'safety', 'civility'], level: 5 },
      { name: '王楼村', period: '2024Q2', stars: [], level: 0 },
      { name: '张寨村', period: '2024Q2', stars: ['ecology', 'safety'], level: 2 },
      { name: '新区社区', period: '2024Q2', stars: ['branch', 'safety', 'cobuild'], level: 3 },
    ]));
    expect(out.ratings.find((r) => r.name === '张寨村')!.collective_income).toBe(9);
    expect(out.report.problems.filter((p) => p.severity === 'error' || p.code === 'stars_missing')).toEqual([]);
  });

  it('星级情况 holding levels ("三星") stays the 星级 column', async () => {
    const out = await importCsv('高岗镇2024年第一季度.csv', [
      ['乡镇', '村名', '星级情况'],
      ['高岗镇', '高岗村', '四星'],
      ['高岗镇', '前营村', '二星'],
    ]);
    expect(out.report.files[0].sheets[0].mapping.map((m) => m.field)).toEqual(['township', 'name', 'level']);
    expect(summary(out)).toEqual(sorted([
      { name: '高岗村', period: '2024Q1', stars: null, level: 4 },
      { name: '前营村', period: '2024Q1', stars: null, level: 2 },
    ]));
  });

  it('√ columns win over a list column, which is then kept as an extra column', async () => {
    const out = await importCsv('高岗镇2024年第一季度.csv', [
      ['乡镇', '村名', '支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星', '已获星级'],
      ['高岗镇', '河湾村', '', '√', '', '', '', '产业兴旺星'],
    ]);
    expect(summary(out)).toEqual([{ name: '河湾村', period: '2024Q1', stars: ['industry'], level: 1 }]);
    expect(out.report.extras).toEqual(['已获星级']);
  });
});
