import { describe, expect, it } from 'vitest';
import { headerSignature, interpretSheets } from '../../shared/import/interpret.ts';
import type { NormalizedRating, Problem, RawCell, RawSheet } from '../../shared/import/types.ts';
import { unitIdFor } from '../../shared/unit-id.ts';

const sheet = (file: string, name: string, rows: RawCell[][], merges?: RawSheet['merges']): RawSheet => ({ file, sheet: name, rows, merges });

const VILLAGE_HEADER = ['乡镇', '村（社区）', '支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星', '星级'];

/** The problems as [code, severity, row, column, value] for compact assertions. */
const brief = (ps: Problem[]) => ps.map((p) => [p.code, p.severity, p.row, p.column, p.value]);

const NO_STARS = { branch: null, industry: null, ecology: null, safety: null, civility: null, cobuild: null, harmony: null, business: null };

describe('a title row and a one-row header', () => {
  const rows: RawCell[][] = [
    ["示例县2024年第三季度'五星'支部创建情况统计表"],
    ['序号', '乡镇', '村（社区）', '类型', '支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星', '共建共享星', '幸福和谐星', '宜业兴业星',
      '星级', '创建目标', '是否软弱涣散', '村集体经济收入（万元）', '观摩评比得分', '备注'],
    [1, '城关镇', '东关村', '村', '√', '√', '√', '√', '√', '/', '/', '/', '五星', '五星', '否', '12.5万', 95, '示范村'],
    [2, '城关镇', '南街社区', '社区', '×', '/', '/', '√', '/', '√', '√', '×', '三星', '争创四星', '是', '', '88.5', null],
  ];
  const { ratings, report } = interpretSheets([sheet('示例县台账.xlsx', 'Sheet1', rows)]);

  it('loads each row as the exact normalized rating', () => {
    expect(ratings).toEqual<NormalizedRating[]>([
      {
        unit_id: unitIdFor('示例县', '城关镇', '东关村'), county: '示例县', township: '城关镇', name: '东关村', kind: 'village',
        year: 2024, quarter: 3,
        stars: { branch: true, industry: true, ecology: true, safety: true, civility: true, cobuild: null, harmony: null, business: null },
        level: 5, target_level: 5, weak_branch: false, collective_income: 12.5, score: 95,
        source_row: '示例县台账.xlsx / Sheet1 / 第3行',
        // 备注 is recognised but no rating column stores it: kept as an extra column. 序号 is not kept.
        extras: [{ name: '备注', text: '示范村', num: null }],
      },
      {
        unit_id: unitIdFor('示例县', '城关镇', '南街社区'), county: '示例县', township: '城关镇', name: '南街社区', kind: 'community',
        year: 2024, quarter: 3,
        stars: { branch: false, industry: null, ecology: null, safety: true, civility: null, cobuild: true, harmony: true, business: false },
        level: 3, target_level: 4, weak_branch: true, collective_income: null, score: 88.5,
        source_row: '示例县台账.xlsx / Sheet1 / 第4行',
      },
    ]);
  });

  it('reports the sheet: period from the title, header row, rows read, mapping', () => {
    expect(report.files).toEqual([{
      file: '示例县台账.xlsx',
      county: '示例县',
      county_source: 'title',
      sheets: [{
        name: 'Sheet1', period: '2024Q3', period_source: 'title', header_row: 2, rows_read: 2, skipped: false,
        mapping: [
          { column: '序号', field: null }, { column: '乡镇', field: 'township' }, { column: '村（社区）', field: 'name' },
          { column: '类型', field: 'kind' }, { column: '支部过硬星', field: 'branch' }, { column: '产业兴旺星', field: 'industry' },
          { column: '生态宜居星', field: 'ecology' }, { column: '平安法治星', field: 'safety' }, { column: '文明幸福星', field: 'civility' },
          { column: '共建共享星', field: 'cobuild' }, { column: '幸福和谐星', field: 'harmony' }, { column: '宜业兴业星', field: 'business' },
          { column: '星级', field: 'level' }, { column: '创建目标', field: 'target_level' }, { column: '是否软弱涣散', field: 'weak_branch' },
          { column: '村集体经济收入（万元）', field: 'collective_income' }, { column: '观摩评比得分', field: 'score' }, { column: '备注', field: 'remark' },
        ],
        extras: ['备注'],
      }],
    }]);
    expect(report).toMatchObject({ accepted: 2, rejected: 0, skipped: 0, warnings: 0, periods: ['2024Q3'], units: 2, problems: [], extras: ['备注'] });
  });
});

describe('merged two-row headers', () => {
  const title = "示例县2024年第三季度'五星'支部创建情况统计表";
  const data: RawCell[][] = [
    ['城关镇', '东关村', '√', '√', '√', '√', '√', '五星'],
    ['城关镇', '西关村', '×', '√', '×', '√', '√', '三星'],
  ];
  const withMerges = sheet('a.xlsx', '三季度', [
    [title, null, null, null, null, null, null, null],
    ['乡镇', '村名', '五星创建情况', null, null, null, null, '星级'],
    [null, null, '支部过硬', '产业兴旺', '生态宜居', '平安法治', '文明幸福', null],
    ...data,
  ], [
    { top: 0, left: 0, bottom: 0, right: 7 },
    { top: 1, left: 0, bottom: 2, right: 0 },
    { top: 1, left: 1, bottom: 2, right: 1 },
    { top: 1, left: 2, bottom: 1, right: 6 },
    { top: 1, left: 7, bottom: 2, right: 7 },
  ]);
  const withoutMerges: RawSheet = { ...withMerges, file: 'b.csv', sheet: 'b', merges: undefined };

  const expectedMapping = [
    { column: '乡镇', field: 'township' }, { column: '村名', field: 'name' },
    { column: '五星创建情况 / 支部过硬', field: 'branch' }, { column: '五星创建情况 / 产业兴旺', field: 'industry' },
    { column: '五星创建情况 / 生态宜居', field: 'ecology' }, { column: '五星创建情况 / 平安法治', field: 'safety' },
    { column: '五星创建情况 / 文明幸福', field: 'civility' }, { column: '星级', field: 'level' },
  ];

  for (const [label, s] of [['with merges', withMerges], ['without merges (forward-filled)', withoutMerges]] as const) {
    it(`flattens the group labels to the leaf, ${label}`, () => {
      const { ratings, report } = interpretSheets([s], { county: '示例县' });
      const sh = report.files[0].sheets[0];
      expect(sh).toMatchObject({ header_row: 3, rows_read: 2, period: '2024Q3', period_source: 'title' });
      expect(sh.mapping).toEqual(expectedMapping);
      expect(ratings.map((r) => [r.name, r.level, r.stars.branch, r.stars.ecology])).toEqual([['东关村', 5, true, true], ['西关村', 3, false, false]]);
      expect(ratings[1].source_row).toBe(`${s.file} / ${s.sheet} / 第5行`);
      expect(report.problems.map((p) => p.code)).toEqual(['kind_inferred']);
    });
  }

  it('reads township cells merged down over several rows (XLSX merges)', () => {
    const s = sheet('c.xlsx', '2024Q3', [
      VILLAGE_HEADER,
      ['城关镇', '东关村', '√', '√', '√', '√', '√', null],
      [null, '西关村', '×', '√', '×', '√', '√', null],
      [null, '北关村', '×', '×', '×', '√', '√', null],
    ], [{ top: 1, left: 0, bottom: 3, right: 0 }]);
    const { ratings } = interpretSheets([s]);
    expect(ratings.map((r) => [r.township, r.name, r.level])).toEqual([['城关镇', '东关村', 5], ['城关镇', '西关村', 3], ['城关镇', '北关村', 2]]);
  });
});

describe('skipped rows', () => {
  const s = sheet('城关镇.xlsx', '2024年三季度', [
    VILLAGE_HEADER,
    ['城关镇', '东关村', '√', '√', '√', '√', '√', '五星'],
    [null, null, null, null, null, null, null, null],
    ['城关镇', '西关村', '×', '√', '×', '√', '√', '三星'],
    ['  ', '', null],
    ['城关镇', '小计', 1, 2, 1, 2, 2, null],
    ['合计', null, 1, 2, 1, 2, 2, null],
    ['注：√ 表示达标。'],
    ['填表人：张三', null, null, '审核人：李四'],
    [],
    [null, null],
  ]);
  const { ratings, report } = interpretSheets([s]);

  it('excludes 合计/小计 rows, blank rows and notes, and counts them', () => {
    expect(ratings.map((r) => r.name)).toEqual(['东关村', '西关村']);
    expect(report).toMatchObject({ accepted: 2, rejected: 0, skipped: 6 });
    // Trailing blank rows are not data: rows_read covers Excel rows 2–9, the last non-blank one.
    expect(report.files[0].sheets[0].rows_read).toBe(8);
    expect(brief(report.problems)).toEqual([
      ['kind_inferred', 'warning', null, null, null],
      ['skipped_blank', 'warning', null, null, null],
      ['skipped_total', 'warning', 6, '村（社区）', '小计'],
      ['skipped_total', 'warning', 7, '乡镇', '合计'],
      ['skipped_note', 'warning', 8, null, '注：√ 表示达标。'],
      ['skipped_note', 'warning', 9, null, '填表人：张三'],
    ]);
    expect(report.problems[1].message).toBe('城关镇.xlsx / 2024年三季度：跳过2个空行（第3、5行）。');
    expect(report.problems[3].message).toBe('城关镇.xlsx / 2024年三季度 / 第7行 / 乡镇："合计"是合计行，已跳过。');
  });
});

describe('marks, levels, full-width digits and stray spaces', () => {
  it('reads √/★/是 marks and 三星/★★★/3 levels the same way', () => {
    const s = sheet('f.csv', '2024Q2', [
      [' 乡镇 ', '村（社区） ', '支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星', ' 星级'],
      ['城关镇 ', ' 甲村', '×', '√', '√', '√ ', '', '三星'],
      ['城关镇', '乙村', '', '★', '★', '★', '☆', '★★★'],
      ['城关镇', '丙村', '否', '是', '是', '是', '否', '3'],
      ['城关镇', '丁村', '0', '1', '1', '1', '0', '３'],
      ['城关镇', '戊村', 'FALSE', 'TRUE', 'Y', 'y', 'N', ' 3星级 '],
    ]);
    const { ratings, report } = interpretSheets([s]);
    expect(report.problems.map((p) => p.code)).toEqual(['kind_inferred']);
    const stars = { branch: false, industry: true, ecology: true, safety: true, civility: false, cobuild: null, harmony: null, business: null };
    expect(ratings.map((r) => [r.township, r.name, r.level, r.stars])).toEqual(
      ['甲村', '乙村', '丙村', '丁村', '戊村'].map((n) => ['城关镇', n, 3, stars]),
    );
    expect(ratings.every((r) => r.year === 2024 && r.quarter === 2)).toBe(true);
  });

  it('reads full-width numbers in income, year and quarter columns', () => {
    const s = sheet('g.csv', 'g', [
      ['乡镇', '村名', '年度', '季度', '星级', '村集体经济收入（万元）'],
      ['城关镇', '甲村', '２０２４', '第３季度', '２', '１，２３４.５'],
    ]);
    const { ratings } = interpretSheets([s]);
    expect(ratings[0]).toMatchObject({ year: 2024, quarter: 3, level: 2, collective_income: 1234.5, stars: NO_STARS });
  });
});

describe('where the period comes from', () => {
  const body: RawCell[][] = [['城关镇', '东关村', '三星']];
  const header = ['乡镇', '村名', '星级'];
  const run = (s: RawSheet, options = {}) => {
    const { ratings, report } = interpretSheets([s], options);
    const sh = report.files[0].sheets[0];
    return { periods: ratings.map((r) => [r.year, r.quarter]), key: sh.period, source: sh.period_source, report };
  };

  it('year and quarter columns', () => {
    const r = run(sheet('2023年台账.xlsx', '2022Q1', [['年份', '季度', ...header], [2024, '三季度', ...body[0]], ['2024年', 'Q4', ...body[0]]]));
    expect(r).toMatchObject({ periods: [[2024, 3], [2024, 4]], key: '2024Q3', source: 'column' });
    expect(r.report.periods).toEqual(['2024Q3', '2024Q4']);
  });

  it('a 期次 column, and a 季度 column holding the whole period', () => {
    expect(run(sheet('x.xlsx', 'x', [['期次', ...header], ['2024年第三季度', ...body[0]], ['2025Q1', ...body[0]]]))).toMatchObject({
      periods: [[2024, 3], [2025, 1]], source: 'column',
    });
    expect(run(sheet('x.xlsx', 'x', [['季度', ...header], ['2024年三季度', ...body[0]]]))).toMatchObject({ periods: [[2024, 3]], source: 'column' });
  });

  it('a quarter column takes its year from the title; a year column alone is the annual rating', () => {
    expect(run(sheet('x.xlsx', 'x', [['示例县2024年五星支部台账'], ['季度', ...header], ['三季度', ...body[0]]]))).toMatchObject({
      periods: [[2024, 3]], key: '2024Q3', source: 'title',
    });
    expect(run(sheet('x.xlsx', 'x', [['年度', ...header], ['2024', ...body[0]]]))).toMatchObject({ periods: [[2024, null]], key: '2024', source: 'column' });
  });

  it('the sheet name, then the title, then the file name', () => {
    expect(run(sheet('2022年一季度.xlsx', '2024年三季度', [['2023年第二季度统计表'], header, ...body]))).toMatchObject({ key: '2024Q3', source: 'sheet' });
    expect(run(sheet('2022年一季度.xlsx', 'Sheet1', [['2023年第二季度统计表'], header, ...body]))).toMatchObject({ key: '2023Q2', source: 'title' });
    expect(run(sheet('城关镇2022-Q1.xlsx', 'Sheet1', [header, ...body]))).toMatchObject({ key: '2022Q1', source: 'file' });
    expect(run(sheet('2024年度评定结果.xlsx', 'Sheet1', [header, ...body]))).toMatchObject({ periods: [[2024, null]], key: '2024', source: 'file' });
  });

  it('the user override beats everything', () => {
    expect(run(sheet('2022年一季度.xlsx', '2024年三季度', [['年份', '季度', ...header], [2021, 1, ...body[0]]]), { period: { year: 2025, quarter: 2 } }))
      .toMatchObject({ periods: [[2025, 2]], key: '2025Q2', source: 'user' });
  });

  it('asks the user when nothing says (a sheet-level error; rows not loaded)', () => {
    const r = run(sheet('城关镇台账.xlsx', 'Sheet1', [['五星支部统计表（2024年）'], header, ...body, ['城关镇', '西关村', '二星']]));
    expect(r).toMatchObject({ periods: [], key: null, source: null });
    expect(r.report).toMatchObject({ accepted: 0, rejected: 2 });
    expect(brief(r.report.problems)).toEqual([
      ['period_unknown', 'error', null, null, null],
      ['kind_inferred', 'warning', null, null, null],
      ['stars_missing', 'warning', null, null, null],
    ]);
    expect(r.report.problems[0].message).toBe(
      '城关镇台账.xlsx / Sheet1：无法确定本表的期次（只找到年份2024年，没有季度）：表中没有期次列，工作表名、标题和文件名中也没有"2024年第三季度"这样的写法。本表2行未导入，请在导入时选择期次。',
    );
  });
});

describe('validation', () => {
  const HEADER = ['乡镇', '村（社区）', '年度', '季度', '支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星', '共建共享星', '幸福和谐星', '宜业兴业星', '星级'];
  const V5 = ['√', '√', '√', '√', '√', '/', '/', '/'];
  const run = (rows: RawCell[][], options = {}) => interpretSheets([sheet('城关镇.xlsx', '2024年三季度', [HEADER, ...rows])], { county: '示例县', ...options });
  /** Row problems only (HEADER has no kind column, so every sheet also carries kind_inferred). */
  const rowProblems = (ps: Problem[]) => ps.filter((p) => p.row != null);

  it('rejects a row without a name or township', () => {
    const { ratings, report } = run([['城关镇', '  ', 2024, 3, ...V5, '五星'], ['', '东关村', 2024, 3, ...V5, '五星']]);
    expect(ratings).toEqual([]);
    expect(report).toMatchObject({ accepted: 0, rejected: 2 });
    expect(brief(report.problems.filter((p) => p.severity === 'error'))).toEqual([
      ['missing_name', 'error', 2, '村（社区）', ''],
      ['missing_township', 'error', 3, '乡镇', ''],
    ]);
    expect(report.problems[0].message).toBe('城关镇.xlsx / 2024年三季度 / 第2行 / 村（社区） 为空，缺少村（社区）名称，本行未导入。请补填名称后重新导入。');
    expect(report.problems[1].message).toContain('城关镇.xlsx / 2024年三季度 / 第3行 / 乡镇 为空');
  });

  it('rejects unparseable periods, years outside 2000–2100 and quarters outside 1–4', () => {
    const { report } = run([
      ['城关镇', '甲村', 2024, 5, ...V5, '五星'],
      ['城关镇', '乙村', 1999, 3, ...V5, '五星'],
      ['城关镇', '丙村', '明年', 3, ...V5, '五星'],
    ]);
    expect(report.rejected).toBe(3);
    expect(brief(report.problems.filter((p) => p.severity === 'error'))).toEqual([
      ['bad_period', 'error', 2, '季度', '5'],
      ['bad_period', 'error', 3, '年度', '1999'],
      ['bad_period', 'error', 4, '年度', '明年'],
    ]);
    expect(report.problems[0].message).toBe(
      '城关镇.xlsx / 2024年三季度 / 第2行 / 季度 的值"5"超出范围，本行未导入。请填写如"2024年第三季度"或"2024Q3"的期次（年份2000–2100，季度1–4），然后重新导入。',
    );
  });

  it('rejects unrecognised star marks and levels, naming the cell', () => {
    const { ratings, report } = run([
      ['城关镇', '甲村', 2024, 3, '√', '有点', '√', '√', '√', '/', '/', '/', '五星'],
      ['城关镇', '乙村', 2024, 3, '○', '√', '√', '√', '√', '/', '/', '/', '五星'],
      ['城关镇', '丙村', 2024, 3, ...V5, '七星'],
      ['城关镇', '丁村', 2024, 3, ...V5, '很好'],
    ]);
    expect(ratings).toEqual([]);
    expect(brief(report.problems.filter((p) => p.severity === 'error'))).toEqual([
      ['bad_mark', 'error', 2, '产业兴旺星', '有点'],
      ['bad_mark', 'error', 3, '支部过硬星', '○'],
      ['bad_level', 'error', 4, '星级', '七星'],
      ['bad_level', 'error', 5, '星级', '很好'],
    ]);
    expect(report.problems[0].message).toBe(
      '城关镇.xlsx / 2024年三季度 / 第2行 / 产业兴旺星 的值"有点"无法识别为是否达标，本行未导入。请填写 √ 或 ×（不适用填 /），然后重新导入。',
    );
    expect(report.problems[2].message).toBe(
      '城关镇.xlsx / 2024年三季度 / 第4行 / 星级 的值"七星"超出星级范围（0–5星），本行未导入。请改为0–5之间的星级，然后重新导入。',
    );
  });

  it('keeps the first of two rows for the same unit and period, pointing the second at the first', () => {
    const first = sheet('城关镇.xlsx', '2024年三季度', [HEADER, ['城关镇', '东关村', 2024, 3, ...V5, '五星']]);
    const second = sheet('汇总.csv', '汇总', [HEADER, ['城关镇', '西关村', 2024, 3, ...V5, '五星'], ['城关镇', ' 东关村 ', 2024, 3, '×', '×', '×', '×', '×', '/', '/', '/', '无星']]);
    const { ratings, report } = interpretSheets([first, second], { county: '示例县' });
    expect(ratings.map((r) => [r.name, r.level, r.source_row])).toEqual([
      ['东关村', 5, '城关镇.xlsx / 2024年三季度 / 第2行'],
      ['西关村', 5, '汇总.csv / 汇总 / 第2行'],
    ]);
    expect(report).toMatchObject({ accepted: 2, rejected: 1, units: 2 });
    const dup = report.problems.find((p) => p.code === 'duplicate_row')!;
    expect(dup).toMatchObject({ file: '汇总.csv', sheet: '汇总', row: 3, column: '村（社区）', value: '东关村', severity: 'error' });
    expect(dup.message).toBe(
      '汇总.csv / 汇总 / 第3行："东关村"（城关镇）2024年第三季度的记录重复，已保留先出现的一行（城关镇.xlsx / 2024年三季度 / 第2行），本行未导入。请删除重复行，或核对村名、乡镇和期次是否填错。',
    );
  });

  it('recomputes a level that disagrees with the stars and says what was declared', () => {
    const { ratings, report } = run([['城关镇', '甲村', 2024, 3, '×', '√', '√', '×', '√', '/', '/', '/', '五星']]);
    expect(ratings[0].level).toBe(3);
    expect(brief(rowProblems(report.problems))).toEqual([['level_mismatch', 'warning', 2, '星级', '五星']]);
    expect(rowProblems(report.problems)[0].message).toBe(
      '城关镇.xlsx / 2024年三季度 / 第2行 / 星级 填写的星级"五星"与各星标记不符（标记达标3颗星）。已按各星标记计为三星，请核对。',
    );
    expect(report).toMatchObject({ accepted: 1, warnings: 2 });
  });

  it('warns when 支部过硬星 is held without the other four, unless the rule is off', () => {
    const rows = [['城关镇', '甲村', 2024, 3, '√', '√', '×', '√', '√', '/', '/', '/', '四星']];
    const on = run(rows);
    expect(on.ratings[0]).toMatchObject({ level: 4, stars: { branch: true, ecology: false } });
    expect(brief(rowProblems(on.report.problems))).toEqual([['capstone', 'warning', 2, '支部过硬星', '√']]);
    expect(rowProblems(on.report.problems)[0].message).toContain('城关镇.xlsx / 2024年三季度 / 第2行 / 支部过硬星："甲村"标记了支部过硬星，但生态宜居星未达标');
    const off = run(rows, { capstoneRule: false });
    expect(rowProblems(off.report.problems)).toEqual([]);
    expect(off.ratings).toEqual(on.ratings);
  });

  it('ignores a star marked for a kind it does not apply to', () => {
    const { ratings, report } = run([['城关镇', '东关社区', 2024, 3, '×', '√', '/', '√', '/', '√', '√', '×', '三星']]);
    expect(ratings[0]).toMatchObject({
      kind: 'community', level: 3,
      stars: { branch: false, industry: null, ecology: null, safety: true, civility: null, cobuild: true, harmony: true, business: false },
    });
    expect(brief(rowProblems(report.problems))).toEqual([['star_not_applicable', 'warning', 2, '产业兴旺星', '√']]);
    expect(rowProblems(report.problems)[0].message).toBe(
      '城关镇.xlsx / 2024年三季度 / 第2行 / 产业兴旺星：社区"东关社区"不评产业兴旺星，标记"√"已忽略。如果类型填错了，请改正后重新导入。',
    );
  });

  it('infers the kind from the name only without a kind column, and says so', () => {
    const { ratings, report } = run([['城关镇', '东关社区', 2024, 3, '×', '/', '/', '√', '/', '√', '√', '×', '三星'], ['城关镇', '东关村', 2024, 3, ...V5, '五星']]);
    expect(ratings.map((r) => r.kind)).toEqual(['community', 'village']);
    expect(brief(report.problems)).toEqual([['kind_inferred', 'warning', null, null, null]]);
    expect(report.problems[0].message).toBe(
      '城关镇.xlsx / 2024年三季度：本表没有"类型"列，已按名称推断：名称以"社区""居委会"结尾的为社区，其余为村。如有不符，请加一列"类型"（村/社区）后重新导入。',
    );
  });

  it('takes the kind from a kind column, warning when a cell cannot be read', () => {
    const s = sheet('k.xlsx', '2024Q3', [
      ['乡镇', '村名', '类别', '星级'],
      ['城关镇', '东关村', '社区', '三星'],
      ['城关镇', '新华社区', '不知道', '二星'],
    ]);
    const { ratings, report } = interpretSheets([s]);
    expect(ratings.map((r) => [r.name, r.kind, r.level, r.stars])).toEqual([['东关村', 'community', 3, NO_STARS], ['新华社区', 'community', 2, NO_STARS]]);
    expect(brief(report.problems)).toEqual([['stars_missing', 'warning', null, null, null], ['bad_kind', 'warning', 3, '类别', '不知道']]);
  });

  it('accepts a level-only sheet as given, stars unknown, and says so', () => {
    const s = sheet('l.xlsx', '2024Q3', [['乡镇', '村名', '星级'], ['城关镇', '东关村', '★★★'], ['城关镇', '西关村', '']]);
    const { ratings, report } = interpretSheets([s], { county: '示例县' });
    expect(ratings).toEqual([{
      unit_id: unitIdFor('示例县', '城关镇', '东关村'), county: '示例县', township: '城关镇', name: '东关村', kind: 'village', year: 2024, quarter: 3,
      stars: NO_STARS, level: 3, target_level: null, weak_branch: null, collective_income: null, score: null, source_row: 'l.xlsx / 2024Q3 / 第2行',
    }]);
    expect(brief(report.problems)).toEqual([
      ['missing_level', 'error', 3, '星级', ''],
      ['kind_inferred', 'warning', null, null, null],
      ['stars_missing', 'warning', null, null, null],
    ]);
    expect(report.problems[2].message).toBe('l.xlsx / 2024Q3：本表只有星级列，没有各星的达标情况。已按填写的星级导入，各星是否达标记为未知。');
  });

  it('uses the 行政区划代码 as the unit id when present', () => {
    const s = sheet('m.xlsx', '2024Q3', [['行政区划代码', '乡镇', '村名', '星级'], [410102001001, '城关镇', '东关村', 3], ['', '城关镇', '西关村', 2]]);
    const { ratings } = interpretSheets([s], { county: '示例县' });
    expect(ratings.map((r) => r.unit_id)).toEqual(['410102001001', unitIdFor('示例县', '城关镇', '西关村')]);
  });

  it('leaves unreadable secondary values empty with a warning', () => {
    const s = sheet('n.xlsx', '2024Q3', [
      ['乡镇', '村名', '星级', '创建目标', '软弱涣散', '集体经济收入', '得分'],
      ['城关镇', '东关村', 3, '努力', '也许', '很多', 'A'],
    ]);
    const { ratings, report } = interpretSheets([s]);
    expect(ratings[0]).toMatchObject({ level: 3, target_level: null, weak_branch: null, collective_income: null, score: null });
    expect(brief(rowProblems(report.problems))).toEqual([
      ['bad_target', 'warning', 2, '创建目标', '努力'],
      ['bad_flag', 'warning', 2, '软弱涣散', '也许'],
      ['bad_number', 'warning', 2, '集体经济收入', '很多'],
      ['bad_number', 'warning', 2, '得分', 'A'],
    ]);
  });

  it('orders problems errors first, then warnings, each by file, sheet and row', () => {
    const a = sheet('a.xlsx', '2024Q3', [['乡镇', '村名', '星级'], ['城关镇', '甲村', '五星'], ['城关镇', '', '三星'], ['合计', null, null]]);
    const b = sheet('b.xlsx', '2024Q3', [['乡镇', '村名', '星级'], ['', '乙村', '三星'], ['小计', '', '']]);
    const { report } = interpretSheets([a, b]);
    expect(report.problems.map((p) => [p.severity, p.file, p.row, p.code])).toEqual([
      ['error', 'a.xlsx', 3, 'missing_name'],
      ['error', 'b.xlsx', 2, 'missing_township'],
      ['warning', 'a.xlsx', null, 'kind_inferred'],
      ['warning', 'a.xlsx', null, 'stars_missing'],
      ['warning', 'a.xlsx', 4, 'skipped_total'],
      ['warning', 'b.xlsx', null, 'kind_inferred'],
      ['warning', 'b.xlsx', null, 'stars_missing'],
      ['warning', 'b.xlsx', 3, 'skipped_total'],
    ]);
    expect(report).toMatchObject({ accepted: 1, rejected: 2, skipped: 2, warnings: 6 });
  });
});

describe('names are data', () => {
  it('imports hostile and unusual names unchanged, except for the one spelling of names', () => {
    const names = [
      '<img src=x onerror=alert(1)>', '=HYPERLINK("http://x")', '"引号"村', "东'湖村", '逗号,村', '换行\n村', '😀村', 'Ｆｕｌｌ村', '村'.repeat(200), '@SUM(1+1)',
    ];
    const s = sheet('h.csv', '2024Q3', [['乡镇', '村名', '星级'], ...names.map((n) => ['城关镇', ` ${n}\u3000`, '一星'])]);
    const { ratings, report } = interpretSheets([s]);
    // A line break between Chinese characters and full-width letters are spelling, not data.
    expect(ratings.map((r) => r.name)).toEqual(names.map((n) => ({ '换行\n村': '换行村', 'Ｆｕｌｌ村': 'Full村' })[n] ?? n));
    expect(report.accepted).toBe(names.length);
    expect(report.problems.filter((p) => p.code === 'name_normalized').map((p) => p.column)).toEqual(['村名']);
  });
});

describe('remembered mappings', () => {
  const rows: RawCell[][] = [['Town', 'Village', 'Stars', 'Note'], ['城关镇', '东关村', '三星', 'x']];

  it('offers the most header-like row when no header is recognised, and applies a remembered mapping by signature', () => {
    const s = sheet('e.csv', '2024Q3', rows);
    const before = interpretSheets([s]);
    expect(before.ratings).toEqual([]);
    const sh = before.report.files[0].sheets[0];
    expect(sh).toMatchObject({ skipped: true, header_row: null });
    expect(sh.mapping.map((m) => m.column)).toEqual(['Town', 'Village', 'Stars', 'Note']);
    expect(before.report.problems.map((p) => [p.code, p.severity])).toEqual([['no_header', 'error']]);

    const signature = headerSignature(sh.mapping.map((m) => m.column));
    const after = interpretSheets([s], { mappings: { [signature]: ['township', 'name', 'level', null] } });
    expect(after.ratings.map((r) => [r.township, r.name, r.level])).toEqual([['城关镇', '东关村', 3]]);
    expect(after.report.files[0].sheets[0]).toMatchObject({
      header_row: 1, skipped: false,
      mapping: [{ column: 'Town', field: 'township' }, { column: 'Village', field: 'name' }, { column: 'Stars', field: 'level' }, { column: 'Note', field: null }],
    });
  });

  it('overrides the automatic mapping for the same header, and only for it', () => {
    const s = sheet('m.csv', '2024Q3', [['乡镇', '村名', '星级', '得分'], ['城关镇', '东关村', '三星', '4']]);
    const other = sheet('o.csv', '2024Q3', [['乡镇', '村名', '星级'], ['城关镇', '西关村', '二星']]);
    const signature = headerSignature(['乡镇', '村名', '星级', '得分']);
    const { ratings } = interpretSheets([s, other], { mappings: { [signature]: ['township', 'name', null, 'level'] } });
    expect(ratings.map((r) => [r.name, r.level, r.score])).toEqual([['东关村', 4, null], ['西关村', 2, null]]);
  });
});

describe('sheets without a header', () => {
  const notes = sheet('台账.xlsx', '填表说明', [['填表说明'], ['1. √ 表示达标，× 表示未达标。'], ['2. 每季度末报送。']]);
  const chart = sheet('台账.xlsx', '图表', []);
  const data = sheet('台账.xlsx', '2024年三季度', [VILLAGE_HEADER, ['城关镇', '东关村', '√', '√', '√', '√', '√', '五星']]);

  it('skips them with a warning while another sheet imports', () => {
    const { ratings, report } = interpretSheets([notes, data, chart], { county: '示例县' });
    expect(ratings.map((r) => r.name)).toEqual(['东关村']);
    expect(report.files[0].sheets.map((s) => [s.name, s.skipped, s.header_row])).toEqual([['填表说明', true, null], ['2024年三季度', false, 1], ['图表', true, null]]);
    expect(brief(report.problems)).toEqual([
      ['sheet_skipped', 'warning', null, null, null],
      ['kind_inferred', 'warning', null, null, null],
      ['sheet_skipped', 'warning', null, null, null],
    ]);
    expect(report.problems[0].message).toContain('台账.xlsx / 填表说明：前15行中没有找到表头');
    expect(report.problems[2].message).toBe('台账.xlsx / 图表：空工作表，已跳过。');
  });

  it('refuses a file when no sheet has one, naming the file and the expected columns', () => {
    const { ratings, report } = interpretSheets([notes, chart]);
    expect(ratings).toEqual([]);
    expect(brief(report.problems)).toEqual([['no_header', 'error', null, null, null]]);
    expect(report.problems[0]).toMatchObject({ file: '台账.xlsx', sheet: '' });
    expect(report.problems[0].message).toBe(
      '台账.xlsx：所有工作表（填表说明、图表）都没有找到表头，未导入任何数据。需要的列：乡镇（街道）、村（社区）名称，以及星级或支部过硬星、产业兴旺星等各星列（表头须在前15行内）。请检查表头，或在导入时手动指定各列。',
    );
  });
});

describe('township and county from the sheet, title or file', () => {
  it('takes the township from a sheet named after it when there is no township column', () => {
    const s = sheet('示例县2024年三季度台账.xlsx', '城关镇', [['村名', '星级'], ['东关村', '三星']]);
    const { ratings, report } = interpretSheets([s]);
    expect(ratings[0]).toMatchObject({ county: '示例县', township: '城关镇', name: '东关村', year: 2024, quarter: 3 });
    expect(ratings[0].unit_id).toBe(unitIdFor('示例县', '城关镇', '东关村'));
    expect(report.problems.map((p) => p.code)).toEqual(['township_inferred', 'kind_inferred', 'stars_missing']);
  });

  it('rejects rows when the township is nowhere to be found', () => {
    const s = sheet('台账.xlsx', '2024年三季度', [['村名', '星级'], ['东关村', '三星']]);
    const { report } = interpretSheets([s]);
    expect(brief(report.problems.filter((p) => p.severity === 'error'))).toEqual([['missing_township', 'error', 2, null, null]]);
  });
});

describe('scale', () => {
  it('interprets 50 000 rows with thousands of errors without trouble', () => {
    const rows: RawCell[][] = [VILLAGE_HEADER];
    for (let i = 0; i < 50_000; i++) rows.push([`镇${i % 20}`, `村${i}`, '√', i % 10 === 0 ? '?' : '√', '√', '√', '√', '五星']);
    const { ratings, report } = interpretSheets([sheet('big.csv', '2024Q3', rows)]);
    expect(report).toMatchObject({ accepted: 45_000, rejected: 5_000 });
    expect(ratings).toHaveLength(45_000);
    expect(report.problems.filter((p) => p.code === 'bad_mark')).toHaveLength(5_000);
  });
});

describe('more rules', () => {
  it('treats / on a star that applies as not earned, with a warning', () => {
    const s = sheet('p.xlsx', '2024Q3', [VILLAGE_HEADER.concat('类型'), ['城关镇', '东关村', '×', '/', '√', '√', '√', '三星', '村']]);
    const { ratings, report } = interpretSheets([s]);
    expect(ratings[0]).toMatchObject({ level: 3, stars: { industry: false } });
    expect(brief(report.problems)).toEqual([['na_on_applicable', 'warning', 2, '产业兴旺星', '/']]);
    expect(report.problems[0].message).toBe('p.xlsx / 2024Q3 / 第2行 / 产业兴旺星 填写了"/"（不适用），但产业兴旺星是村的评星项目。已按未达标导入，请核对。');
  });

  it('uses the level column for a kind whose star columns are missing, and says so', () => {
    const s = sheet('q.xlsx', '2024Q3', [
      VILLAGE_HEADER,
      ['城关镇', '东关村', '×', '√', '√', '√', '×', '三星'],
      ['城关镇', '南街社区', '√', '/', '/', '√', '/', '四星'],
    ]);
    const { ratings, report } = interpretSheets([s]);
    expect(ratings.map((r) => [r.name, r.kind, r.level, r.stars])).toEqual([
      ['东关村', 'village', 3, { ...NO_STARS, branch: false, industry: true, ecology: true, safety: true, civility: false }],
      ['南街社区', 'community', 4, { ...NO_STARS, branch: true, safety: true }],
    ]);
    expect(brief(report.problems)).toEqual([['kind_inferred', 'warning', null, null, null], ['stars_incomplete', 'warning', null, null, null]]);
    expect(report.problems[1].message).toBe('q.xlsx / 2024Q3：本表缺少社区的共建共享星、幸福和谐星、宜业兴业星列，这些星记为未知；星级按"星级"列导入。请核对。');
  });

  it('skips a repeated header row inside the table', () => {
    const s = sheet('r.xlsx', '2024Q3', [['乡镇', '村名', '星级'], ['城关镇', '东关村', 3], ['乡镇', '村名', '星级'], ['城关镇', '西关村', 2]]);
    const { ratings, report } = interpretSheets([s]);
    expect(ratings.map((r) => r.name)).toEqual(['东关村', '西关村']);
    expect(report.skipped).toBe(1);
    expect(report.problems.filter((p) => p.row != null).map((p) => [p.code, p.row])).toEqual([['skipped_header', 3]]);
  });

  it('rejects a row whose period cell is empty when nothing else gives the period', () => {
    const s = sheet('s.xlsx', 'Sheet1', [['期次', '乡镇', '村名', '星级'], ['2024Q3', '城关镇', '东关村', 3], ['', '城关镇', '西关村', 2]]);
    const { ratings, report } = interpretSheets([s]);
    expect(ratings.map((r) => r.name)).toEqual(['东关村']);
    expect(brief(report.problems.filter((p) => p.severity === 'error'))).toEqual([['missing_period', 'error', 3, '期次', '']]);
  });

  it('never throws on junk and accounts for every row read', () => {
    const pool: RawCell[] = [
      null, '', ' ', '乡镇', '村名', '星级', '支部过硬星', '产业兴旺', '季度', '年度', '期次', '类型', '合计', '注：', '√', '×', '/', '○', '三星', '★★',
      '七星', 3, 7, -1, 2024, 1e300, NaN, true, false, new Date(Date.UTC(2024, 5, 1)), new Date(NaN), '2024年第三季度', 'Q9', '村', '社区', '东关村',
      '南街社区', '城关镇', '=1+1', '\u0000', '\ufeff', '😀', 'x'.repeat(300),
    ];
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const totals = { accepted: 0, rejected: 0, skipped: 0 };
    for (let k = 0; k < 200; k++) {
      const rows: RawCell[][] = [];
      const height = rand(25);
      for (let r = 0; r < height; r++) rows.push(Array.from({ length: rand(10) }, () => pool[rand(pool.length)]));
      if (k % 3 === 0) rows.splice(rand(3), 0, ['乡镇', '村名', '星级', '支部过硬星', '季度', '类型']);
      const merges = k % 4 === 0 ? [{ top: 0, left: 0, bottom: rand(5), right: rand(5) }] : undefined;
      const { ratings, report } = interpretSheets([sheet('junk.csv', `s${k}`, rows, merges), sheet('junk.csv', `t${k}`, [])], { capstoneRule: k % 2 === 0 });
      const read = report.files.flatMap((f) => f.sheets).reduce((n, s) => n + s.rows_read, 0);
      expect(report.accepted + report.rejected + report.skipped).toBe(read);
      expect(ratings).toHaveLength(report.accepted);
      for (const r of ratings) {
        expect(r.level).toBeGreaterThanOrEqual(0);
        expect(r.level).toBeLessThanOrEqual(5);
        expect(r.name).not.toBe('');
      }
      for (const p of report.problems) expect(p.message).toContain('junk.csv');
      totals.accepted += report.accepted;
      totals.rejected += report.rejected;
      totals.skipped += report.skipped;
    }
    // The junk does reach every outcome.
    expect(totals.accepted).toBeGreaterThan(0);
    expect(totals.rejected).toBeGreaterThan(0);
    expect(totals.skipped).toBeGreaterThan(0);
  });
});
