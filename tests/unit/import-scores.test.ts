/**
 * Star scores (issue 12, "Scores are data"): 台账 that score each star instead of marking it.
 * Every expected star, level, score and total below is computed by hand from the rows shown
 * (the rule: a star is held at threshold or more; the level is the number of stars held).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { toNormalizedCsv } from '../../shared/import/normalized-csv.ts';
import type { NormalizedRating } from '../../shared/import/types.ts';
import type { StarId } from '../../shared/stars.ts';
import { importXlsx, xlsxBytes, type SheetSpec } from '../support/layout-workbooks.ts';

/** The fields a test states by hand, for one rating. */
function facts(r: NormalizedRating) {
  const held = (Object.entries(r.stars) as Array<[StarId, boolean | null]>).filter(([, v]) => v === true).map(([k]) => k).sort();
  return { name: r.name, kind: r.kind, held, level: r.level, score: r.score, scores: r.scores, threshold: r.star_threshold };
}

const byName = (rs: NormalizedRating[]) => [...rs].sort((a, b) => a.name.localeCompare(b.name)).map(facts);
const codes = (problems: Array<{ code: string }>) => problems.map((p) => p.code);

/** A 得分 workbook: villages and communities on two sheets, 支部过硬星得分 … 总分 (the communities without 总分). */
const SCORE_SHEETS: SheetSpec[] = [
  {
    name: '村',
    rows: [
      ['示例县2024年第三季度村级"五星"支部创建得分表'],
      ['乡镇', '村名称', '支部过硬星得分', '产业兴旺星得分', '生态宜居星得分', '平安法治星得分', '文明幸福星得分', '总分'],
      ['城关镇', '东关村', 85, 90, 79.5, 80, 92, 426.5],
      ['城关镇', '西关村', 60, 70, 81, 95, 50, 356],
      ['石门乡', '石门村', 100, 100, 100, 100, 100, 500],
      // Column sums (above 100): a 合计 row is skipped and never taken for the scores' range.
      ['合计', null, 245, 260, 260.5, 275, 242, 1282.5],
    ],
  },
  {
    name: '社区',
    rows: [
      ['示例县2024年第三季度社区"五星"支部创建得分表'],
      ['街道', '社区名称', '支部过硬星得分', '平安法治星得分', '共建共享星得分', '幸福和谐星得分', '宜业兴业星得分'],
      ['城关镇', '东城社区', 88, 92, 75, 80, 81],
      ['城关镇', '南城社区', 70, 85, 90, 60, 79.5],
    ],
  },
];

describe('star scores', () => {
  it('reads a 得分 sheet (支部过硬星得分 … 总分) for villages and communities on two sheets', async () => {
    const out = await importXlsx('得分表.xlsx', SCORE_SHEETS);
    expect(out.report.rejected).toBe(0);
    expect(out.report.accepted).toBe(5);
    expect(byName(out.ratings)).toEqual([
      // 85≥80 ✓, 90 ✓, 79.5 ✗, 80 ✓ (inclusive), 92 ✓ → 4; total from 总分.
      { name: '东关村', kind: 'village', held: ['branch', 'civility', 'industry', 'safety'], level: 4, score: 426.5,
        scores: { branch: 85, industry: 90, ecology: 79.5, safety: 80, civility: 92 }, threshold: 80 },
      // 88 ✓, 92 ✓, 75 ✗, 80 ✓, 81 ✓ → 4; no 总分 column: 88+92+75+80+81 = 416.
      { name: '东城社区', kind: 'community', held: ['branch', 'business', 'harmony', 'safety'], level: 4, score: 416,
        scores: { branch: 88, safety: 92, cobuild: 75, harmony: 80, business: 81 }, threshold: 80 },
      // 70 ✗, 85 ✓, 90 ✓, 60 ✗, 79.5 ✗ → 2; 70+85+90+60+79.5 = 384.5.
      { name: '南城社区', kind: 'community', held: ['cobuild', 'safety'], level: 2, score: 384.5,
        scores: { branch: 70, safety: 85, cobuild: 90, harmony: 60, business: 79.5 }, threshold: 80 },
      { name: '石门村', kind: 'village', held: ['branch', 'civility', 'ecology', 'industry', 'safety'], level: 5, score: 500,
        scores: { branch: 100, industry: 100, ecology: 100, safety: 100, civility: 100 }, threshold: 80 },
      // 60 ✗, 70 ✗, 81 ✓, 95 ✓, 50 ✗ → 2.
      { name: '西关村', kind: 'village', held: ['ecology', 'safety'], level: 2, score: 356,
        scores: { branch: 60, industry: 70, ecology: 81, safety: 95, civility: 50 }, threshold: 80 },
    ].sort((a, b) => a.name.localeCompare(b.name)));
    expect(out.ratings.every((r) => r.year === 2024 && r.quarter === 3)).toBe(true);

    // The mapping shows the score columns as the stars' scores; the sheet says which rule it used.
    const [village, community] = out.report.files[0].sheets;
    expect(village.mapping.filter((m) => m.score).map((m) => m.field)).toEqual(['branch', 'industry', 'ecology', 'safety', 'civility']);
    expect(village.mapping.find((m) => m.column === '总分')).toEqual({ column: '总分', field: 'score' });
    expect(village.score_rule).toEqual({ max: 100, threshold: 80, inclusive: true, source: 'default' });
    expect(community.mapping.filter((m) => m.score).map((m) => m.field)).toEqual(['branch', 'safety', 'cobuild', 'harmony', 'business']);
    const rule = out.report.problems.filter((p) => p.code === 'score_rule');
    expect(rule).toHaveLength(2);
    expect(rule[0].message).toContain('满分100分，达到80分即获星（默认规则）');
    expect(rule[0].message).toContain('总分取“总分”列');
    expect(rule[1].message).toContain('总分为各星得分之和');
    expect(out.report.extras).toEqual([]);

    // The normalized CSV carries the star scores and the threshold.
    const csv = toNormalizedCsv(out.ratings, { trace: false }).trim().split('\n');
    const head = csv[0].split(',');
    expect(head).toEqual(expect.arrayContaining(['branch_score', 'industry_score', 'cobuild_score', 'star_threshold', 'score']));
    const line = csv.find((l) => l.includes('东关村'))!.split(',');
    const at = (c: string) => line[head.indexOf(c)];
    expect([at('branch_score'), at('ecology_score'), at('civility_score'), at('cobuild_score'), at('star_threshold'), at('score'), at('level')])
      .toEqual(['85', '79.5', '92', '', '80', '426.5', '4']);
  });

  it('reads scores under the star names, with a 星级 column checked against them', async () => {
    const out = await importXlsx('评分.xlsx', [{
      name: '2024年第二季度',
      rows: [
        ['乡镇', '村名称', '支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星', '星级'],
        ['城关镇', '北关村', 90, 85, 80, 70, 88, '四星'], // ✓ ✓ ✓ ✗ ✓ → 4, as declared
        ['城关镇', '南关村', 79, 81, 60, 95, 82, '四星'], // ✗ ✓ ✗ ✓ ✓ → 3: the 星级 says 4
        ['城关镇', '中关村', '92', '８５', '/', '66', '80.0', '三星'], // text, full-width, "/" (no score) → 3
      ],
    }]);
    expect(out.report.rejected).toBe(0);
    expect(byName(out.ratings)).toEqual([
      // 92 ✓, 85 ✓, no ecology score (not held), 66 ✗, 80 ✓ → 3; no total (a star has no score).
      { name: '中关村', kind: 'village', held: ['branch', 'civility', 'industry'], level: 3, score: null,
        scores: { branch: 92, industry: 85, ecology: null, safety: 66, civility: 80 }, threshold: 80 },
      { name: '北关村', kind: 'village', held: ['branch', 'civility', 'ecology', 'industry'], level: 4, score: 413,
        scores: { branch: 90, industry: 85, ecology: 80, safety: 70, civility: 88 }, threshold: 80 },
      { name: '南关村', kind: 'village', held: ['civility', 'industry', 'safety'], level: 3, score: 397,
        scores: { branch: 79, industry: 81, ecology: 60, safety: 95, civility: 82 }, threshold: 80 },
    ]);
    const sheet = out.report.files[0].sheets[0];
    expect(sheet.mapping.filter((m) => m.score).map((m) => m.column)).toEqual(['支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星']);
    const mismatch = out.report.problems.filter((p) => p.code === 'level_mismatch');
    expect(mismatch.map((p) => [p.row, p.column, p.value])).toEqual([[3, '星级', '四星']]);
    expect(mismatch[0].message).toContain('与各星得分不符（按得分获星3颗：产业兴旺星、平安法治星、文明幸福星）。已按得分计为三星');
    const missing = out.report.problems.filter((p) => p.code === 'missing_score');
    expect(missing.map((p) => [p.row, p.column, p.value])).toEqual([[4, '生态宜居星', '/']]);
    expect(missing[0].message).toContain('生态宜居星没有得分，已按未获得该星导入，总分留空');
  });

  it('reads a per-star maximum of 20 from the header (threshold 80% = 16) and rejects a score above it', async () => {
    const out = await importXlsx('二十分制.xlsx', [{
      name: '2024年第一季度',
      rows: [
        ['乡镇', '村名称', '支部过硬星（满分20分）', '产业兴旺星（满分20分）', '生态宜居星（满分20分）', '平安法治星（满分20分）', '文明幸福星（满分20分）', '总分（满分100）'],
        ['城关镇', '东关村', 18, 16, 15.5, 20, 12, 81.5], // ✓ ✓(16, inclusive) ✗ ✓ ✗ → 3
        ['城关镇', '西关村', 21, 17, 16, 19, 20, 93], // 21 > 20: rejected
        ['城关镇', '南关村', 10, 12, 14, 15.9, 16, 67.9], // ✗ ✗ ✗ ✗ ✓ → 1
        ['城关镇', '北关村', 17, -1, 16, 16, 16, 64], // negative: rejected
      ],
    }]);
    expect(byName(out.ratings)).toEqual([
      { name: '东关村', kind: 'village', held: ['branch', 'industry', 'safety'], level: 3, score: 81.5,
        scores: { branch: 18, industry: 16, ecology: 15.5, safety: 20, civility: 12 }, threshold: 16 },
      { name: '南关村', kind: 'village', held: ['civility'], level: 1, score: 67.9,
        scores: { branch: 10, industry: 12, ecology: 14, safety: 15.9, civility: 16 }, threshold: 16 },
    ]);
    expect(out.report.files[0].sheets[0].score_rule).toEqual({ max: 20, threshold: 16, inclusive: true, source: 'header' });
    expect(out.report.rejected).toBe(2);
    const bad = out.report.problems.filter((p) => p.code === 'score_out_of_range');
    expect(bad.map((p) => [p.severity, p.row, p.column, p.value])).toEqual([
      ['error', 3, '支部过硬星（满分20分）', '21'],
      ['error', 5, '产业兴旺星（满分20分）', '-1'],
    ]);
    expect(bad[0].message).toBe('二十分制.xlsx / 2024年第一季度 / 第3行 / 支部过硬星（满分20分） 的支部过硬星得分"21"超过满分20分，本行未导入。请改为0–20之间的得分后重新导入；如果满分不是20分，请在导入对话框的“按得分判定星级”中设置（命令行用 --score-max 和 --score-threshold）。');
    expect(bad[1].message).toContain('产业兴旺星得分"-1"是负数，本行未导入');
    expect(out.rejectedRows.map((r) => r.row)).toEqual([3, 5]);
  });

  it('applies a rule given as an option (max 20, threshold 16) where the header names no maximum', async () => {
    const sheets: SheetSpec[] = [{
      name: '2024年第四季度',
      rows: [
        ['乡镇', '村名称', '支部过硬星得分', '产业兴旺星得分', '生态宜居星得分', '平安法治星得分', '文明幸福星得分'],
        ['城关镇', '东关村', 18, 16, 15.5, 20, 12], // ✓ ✓ ✗ ✓ ✗ → 3, total 81.5
      ],
    }];
    // The default (100 / 80) gives no star: every score is below 80.
    const plain = await importXlsx('自定.xlsx', sheets);
    expect(byName(plain.ratings).map((r) => [r.level, r.threshold, r.score])).toEqual([[0, 80, 81.5]]);
    const ruled = await importXlsx('自定.xlsx', sheets, { scoreRule: { max: 20, threshold: 16 } });
    expect(byName(ruled.ratings).map((r) => [r.held, r.level, r.threshold, r.score])).toEqual([[['branch', 'industry', 'safety'], 3, 16, 81.5]]);
    expect(ruled.report.files[0].sheets[0].score_rule).toEqual({ max: 20, threshold: 16, inclusive: true, source: 'user' });
    // Exclusive: 16 no longer holds the star.
    const strict = await importXlsx('自定.xlsx', sheets, { scoreRule: { max: 20, threshold: 16, inclusive: false } });
    expect(byName(strict.ratings).map((r) => [r.held, r.level])).toEqual([[['branch', 'safety'], 2]]);
    // A rule remembered for the header layout (the dialog's) wins over the import's.
    const signature = '乡镇|村名称|支部过硬星得分|产业兴旺星得分|生态宜居星得分|平安法治星得分|文明幸福星得分';
    const remembered = await importXlsx('自定.xlsx', sheets, { scoreRule: { max: 100 }, scoreRules: { [signature]: { max: 20, threshold: 18 } } });
    expect(byName(remembered.ratings).map((r) => [r.held, r.level, r.threshold])).toEqual([[['branch', 'safety'], 2, 18]]);
  });

  it('warns when a √ mark contradicts its star score; the score decides', async () => {
    const out = await importXlsx('标记与得分.xlsx', [{
      name: '2024年第三季度',
      rows: [
        ['乡镇', '村名称', '支部过硬星', '支部过硬星得分', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星'],
        ['城关镇', '东关村', '√', 75, '√', '√', '×', '√'], // √ but 75 < 80: branch not held → 3
        ['城关镇', '西关村', '×', 85, '√', '√', '√', '√'], // × but 85: branch held → 5
        ['城关镇', '南关村', '√', 90, '×', '×', '√', '×'], // agree → 2
        ['城关镇', '北关村', null, 80, '×', '×', '×', '×'], // no mark: the score alone → 1
      ],
    }]);
    expect(out.report.rejected).toBe(0);
    expect(byName(out.ratings).map((r) => [r.name, r.held, r.level, r.score, r.scores, r.threshold])).toEqual([
      // Only 支部过硬星 is scored: no total.
      ['东关村', ['civility', 'ecology', 'industry'], 3, null, { branch: 75 }, 80],
      ['北关村', ['branch'], 1, null, { branch: 80 }, 80],
      ['南关村', ['branch', 'safety'], 2, null, { branch: 90 }, 80],
      ['西关村', ['branch', 'civility', 'ecology', 'industry', 'safety'], 5, null, { branch: 85 }, 80],
    ]);
    const mismatch = out.report.problems.filter((p) => p.code === 'mark_score_mismatch');
    expect(mismatch.map((p) => [p.severity, p.row, p.column, p.value])).toEqual([
      ['warning', 2, '支部过硬星', '√'],
      ['warning', 3, '支部过硬星', '×'],
    ]);
    expect(mismatch[0].message).toBe('标记与得分.xlsx / 2024年第三季度 / 第2行 / 支部过硬星 的标记"√"（达标）与支部过硬星的得分不符：“支部过硬星得分”为75分，未达到80分的获星线（满分100分）。已按得分计为未获得支部过硬星，请核对标记或得分。');
    expect(mismatch[1].message).toContain('的标记"×"（未达标）与支部过硬星的得分不符：“支部过硬星得分”为85分，达到80分的获星线');
    // Both columns are read: neither is kept as an extra column.
    expect(out.report.extras).toEqual([]);
    const mapping = out.report.files[0].sheets[0].mapping;
    expect(mapping.slice(2, 4)).toEqual([{ column: '支部过硬星', field: 'branch' }, { column: '支部过硬星得分', field: 'branch', score: true }]);
  });

  it('asks for the maximum when scores pass 100 and nothing names it, and reads the sheet once it is given', async () => {
    const sheets: SheetSpec[] = [{
      name: '2024年第三季度',
      rows: [
        ['乡镇', '村名称', '支部过硬星得分', '产业兴旺星得分', '生态宜居星得分', '平安法治星得分', '文明幸福星得分'],
        ['城关镇', '东关村', 135, 120, 119, 150, 90],
        ['城关镇', '西关村', 100, 140, 125, 110, 121],
      ],
    }];
    const out = await importXlsx('一百五十分.xlsx', sheets);
    expect(out.ratings).toEqual([]);
    expect(out.report.rejected).toBe(2);
    const errors = out.report.problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => [p.code, p.row])).toEqual([['score_max_unknown', null]]);
    expect(errors[0].message).toBe('一百五十分.xlsx / 2024年第三季度：“支部过硬星得分”、“产业兴旺星得分”、“生态宜居星得分”等5列是各星得分，最高有150分，超过100分，但表头没有写明满分，无法判断多少分算获星，本表2行未导入。请先在导入对话框的“按得分判定星级”中设置（命令行用 --score-max 和 --score-threshold）满分和达标分数，或在表头写明满分（如“支部过硬星得分（满分150）”）后重新导入。');
    expect(out.report.files[0].sheets[0].score_rule).toBeNull();
    expect(codes(out.report.problems)).not.toContain('score_rule');

    // Max 150 → threshold 120 (80%).
    const given = await importXlsx('一百五十分.xlsx', sheets, { scoreRule: { max: 150 } });
    expect(byName(given.ratings).map((r) => [r.name, r.held, r.level, r.score, r.threshold])).toEqual([
      ['东关村', ['branch', 'industry', 'safety'], 3, 614, 120], // 135 ✓ 120 ✓ 119 ✗ 150 ✓ 90 ✗
      ['西关村', ['civility', 'ecology', 'industry'], 3, 596, 120], // 100 ✗ 140 ✓ 125 ✓ 110 ✗ 121 ✓
    ]);
    // A maximum in the header does as well.
    const headed = await importXlsx('一百五十分.xlsx', [{
      ...sheets[0], rows: [sheets[0].rows[0].map((h, i) => (i >= 2 ? `${h}（满分150）` : h)), ...sheets[0].rows.slice(1)],
    }]);
    expect(byName(headed.ratings).map((r) => r.level)).toEqual([3, 3]);
    expect(headed.report.files[0].sheets[0].score_rule).toEqual({ max: 150, threshold: 120, inclusive: true, source: 'header' });
  });

  it('reads scores under a 得分 group row, and quarters of scores side by side', async () => {
    const out = await importXlsx('分组.xlsx', [{
      name: '分组',
      rows: [
        ['示例县2024年第三季度'],
        ['乡镇', '村名称', '得分（满分100）', null, null, null, null],
        [null, null, '支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星'],
        ['城关镇', '西关村', 81, 79, 95, 80, 100], // ✓ ✗ ✓ ✓ ✓ → 4, 435
      ],
      merges: ['A2:A3', 'B2:B3', 'C2:G2'],
    }, {
      name: '2024年',
      rows: [
        ['乡镇', '村名称', '一季度', null, null, null, null, '二季度', null, null, null, null],
        [null, null, ...['一', '二'].flatMap(() => ['支部过硬星得分', '产业兴旺星得分', '生态宜居星得分', '平安法治星得分', '文明幸福星得分'])],
        ['城关镇', '东关村', 85, 70, 80, 90, 60, 88, 82, 81, 90, 79], // Q1 ✓ ✗ ✓ ✓ ✗ → 3, 385; Q2 ✓ ✓ ✓ ✓ ✗ → 4, 420
      ],
      merges: ['A1:A2', 'B1:B2', 'C1:G1', 'H1:L1'],
    }]);
    expect(out.report.rejected).toBe(0);
    expect(out.ratings.map((r) => [r.name, `${r.year}Q${r.quarter}`, facts(r).held, r.level, r.score, r.star_threshold])).toEqual([
      ['西关村', '2024Q3', ['branch', 'civility', 'ecology', 'safety'], 4, 435, 80],
      ['东关村', '2024Q1', ['branch', 'ecology', 'safety'], 3, 385, 80],
      ['东关村', '2024Q2', ['branch', 'ecology', 'industry', 'safety'], 4, 420, 80],
    ]);
    expect(out.ratings[2].scores).toEqual({ branch: 88, industry: 82, ecology: 81, safety: 90, civility: 79 });
    expect(out.report.files[0].sheets[0].score_rule).toEqual({ max: 100, threshold: 80, inclusive: true, source: 'header' });
  });

  it('reads each column under the maximum its header states when they differ (no one threshold)', async () => {
    const out = await importXlsx('不同满分.xlsx', [{
      name: '2024年第三季度',
      rows: [
        ['乡镇', '村名称', '支部过硬星（30分）', '产业兴旺星（20分）', '生态宜居星（20分）', '平安法治星（15分）', '文明幸福星（15分）'],
        // thresholds 24, 16, 16, 12, 12: ✓ ✗ ✓ ✓ ✗ → 3; 25+15+16+12+11 = 79
        ['城关镇', '东关村', 25, 15, 16, 12, 11],
      ],
    }]);
    expect(byName(out.ratings).map((r) => [r.held, r.level, r.score, r.threshold])).toEqual([[['branch', 'ecology', 'safety'], 3, 79, null]]);
    expect(out.report.files[0].sheets[0].score_rule).toBe('mixed');
    expect(out.report.problems.find((p) => p.code === 'score_rule')!.message).toContain('各列满分不同，每列按表头所写满分的80%判定');
  });

  it('keeps a √ sheet with 0/1 marks and a 合计 row a sheet of marks', async () => {
    const out = await importXlsx('标记.xlsx', [{
      name: '2024年第三季度',
      rows: [
        ['乡镇', '村名称', '支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星', '观摩评比得分'],
        ['城关镇', '东关村', 1, 1, 0, 1, 1, 92],
        ['城关镇', '西关村', 0, 1, 1, 0, 0, 85],
        ['合计', null, 1, 2, 1, 1, 1, null],
      ],
    }]);
    expect(byName(out.ratings).map((r) => [r.name, r.held, r.level, r.score, r.scores, r.threshold])).toEqual([
      ['东关村', ['branch', 'civility', 'industry', 'safety'], 4, 92, undefined, undefined],
      ['西关村', ['ecology', 'industry'], 2, 85, undefined, undefined],
    ]);
    expect(out.report.files[0].sheets[0].score_rule).toBeUndefined();
    expect(toNormalizedCsv(out.ratings).split('\n')[0]).not.toContain('_score');
  });
});

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('xingtu check / summary with --score-max and --score-threshold', () => {
  const sheets: SheetSpec[] = [{
    name: '2024年第三季度',
    rows: [
      ['示例县2024年第三季度"五星"支部得分'],
      ['乡镇', '村名称', '支部过硬星得分', '产业兴旺星得分', '生态宜居星得分', '平安法治星得分', '文明幸福星得分'],
      ['城关镇', '东关村', 135, 120, 119, 150, 90], // 150/120: ✓ ✓ ✗ ✓ ✗ → 3;  150/100: ✓ ✓ ✓ ✓ ✗ → 4
      ['城关镇', '西关村', 100, 140, 125, 110, 121], // 150/120: ✗ ✓ ✓ ✗ ✓ → 3;  150/100: ✓ ✓ ✓ ✓ ✓ → 5
      ['城关镇', '南关村', 60, 80, 99, 30, 45], // 0 either way
    ],
  }];

  async function file(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'xingtu-scores-'));
    const path = join(dir, '得分150.xlsx');
    await writeFile(path, await xlsxBytes(sheets));
    return path;
  }

  it('check: refuses the sheet without a maximum, reads it with --score-max (threshold 80%) or both flags', async () => {
    const path = await file();
    const none = await run('check', path, '--json');
    expect(none.code).toBe(1);
    expect(JSON.parse(none.out).problems.filter((p: { severity: string }) => p.severity === 'error').map((p: { code: string }) => p.code))
      .toEqual(['score_max_unknown']);

    const max = await run('check', path, '--json', '--score-max', '150');
    expect(max.code).toBe(0);
    const report = JSON.parse(max.out);
    expect([report.accepted, report.rejected]).toEqual([3, 0]);
    expect(report.problems.find((p: { code: string }) => p.code === 'score_rule').message).toContain('满分150分，达到120分即获星（按设置的规则）');

    const both = await run('check', path, '--json', '--score-max=150', '--score-threshold', '100');
    expect(both.code).toBe(0);
    expect(JSON.parse(both.out).problems.find((p: { code: string }) => p.code === 'score_rule').message).toContain('满分150分，达到100分即获星');
  }, 120_000);

  it('summary: levels follow the rule the flags give', async () => {
    const path = await file();
    const count = (json: string) => JSON.parse(json).total;
    const a = await run('summary', path, '--json', '--by', 'county', '--score-max', '150');
    expect(a.code).toBe(0);
    const b = await run('summary', path, '--json', '--by', 'county', '--score-max', '150', '--score-threshold', '100');
    expect(b.code).toBe(0);
    // 150/120: levels 3, 3, 0;  150/100: levels 4, 5, 0.
    expect(levels(count(a.out))).toEqual({ 0: 1, 3: 2 });
    expect(levels(count(b.out))).toEqual({ 0: 1, 4: 1, 5: 1 });
  }, 120_000);

  it('refuses a bad value or a threshold above the maximum (exit 2)', async () => {
    const path = await file();
    const bad = await run('check', path, '--score-max', '满分');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--score-max 需要一个大于0的分数');
    const above = await run('check', path, '--score-max', '20', '--score-threshold', '80');
    expect(above.code).toBe(2);
    expect(above.err).toContain('达标分数不能超过满分');
  });
});

/** A summary row's unit counts by level, only the non-zero ones. */
function levels(row: { levels: number[] }): Record<number, number> {
  return Object.fromEntries(row.levels.map((n, l) => [l, n]).filter(([, n]) => n > 0));
}
