import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { allMeasures, measureId, valueColumns } from '../../shared/analysis/measures.ts';
import {
  MAX_PIVOT_DIMS, type PivotColumnGroup, type PivotConfig, extraDim, type PivotLeafColumn, pivotPlan, pivotSource, pivotSql, shapePivot,
} from '../../shared/analysis/pivot.ts';
import { ANALYSIS_COUNTY_CSV, CG_A, DONGHU, Q4 } from '../support/analysis-county.ts';
import { pivotBoth } from '../support/analysis-run.ts';

let db: Database;

beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'd1', name: '测试', source: 'analysis.csv', is_sample: false }, ANALYSIS_COUNTY_CSV);
});
afterAll(async () => db?.close());

const share3 = { kind: 'shareAtLeast', level: 3 } as const;
const units = { kind: 'units' } as const;

describe('pivot: every measure, hand-computed (2024Q4, all nine units)', () => {
  it('gives each measure from the summaries and from the raw rows alike', async () => {
    const measures = allMeasures();
    const config: PivotConfig = { rows: [], columns: [], measures, filters: { periods: [Q4] } };
    expect(pivotSource(config)).toBe('summary');
    const res = await pivotBoth(db, config);
    expect(res.rows).toHaveLength(1);
    const byId: Record<string, unknown> = {};
    for (const c of valueColumns(measures)) {
      const id = measureId(measures[c.measure]);
      if (c.level != null) ((byId[id] ??= []) as number[]).push(res.rows[0].values[c.key]!);
      else byId[id] = res.rows[0].values[c.key];
    }
    // Levels in 2024Q4: b4 0 | a5 b2 1 | a2 b3 2 | a3 a4 b1 3 | a1 5  → [1, 2, 2, 3, 0, 1], sum of levels 20.
    expect(byId).toEqual({
      units: 9,
      atLeast1: 8, atLeast2: 6, atLeast3: 4, atLeast4: 1, atLeast5: 1,
      shareAtLeast1: 8 / 9, shareAtLeast2: 6 / 9, shareAtLeast3: 4 / 9, shareAtLeast4: 1 / 9, shareAtLeast5: 1 / 9,
      levels: [1, 2, 2, 3, 0, 1],
      avgLevel: 20 / 9,
      // 20 stars held of 9 units × 5 applicable stars.
      starRate: 20 / 45,
      // branch: a1 of 9; industry: a1 a4 of 7 villages; ecology: a1 a4 b1 b3; safety: all but b4;
      // civility: a1 a2 b1; cobuild: a3 of 2 communities; harmony: a3; business: none.
      starRate_branch: 1 / 9, starRate_industry: 2 / 7, starRate_ecology: 4 / 7, starRate_safety: 8 / 9,
      starRate_civility: 3 / 7, starRate_cobuild: 1 / 2, starRate_harmony: 1 / 2, starRate_business: 0,
      // This county marks stars with √: no star has a score, so the score measures are empty (never 0).
      ...Object.fromEntries(['branch', 'industry', 'ecology', 'safety', 'civility', 'cobuild', 'harmony', 'business']
        .flatMap((s) => [[`avgStarScore_${s}`, null], [`starScoreGap_${s}`, null]])),
      // level ≥ target: a1 (5 ≥ 5), a4 (3 ≥ 3); b4 has no target → 2 of 8.
      targetMet: 2, targetRate: 2 / 8,
      // vs 2024Q3: gained a1 B, a3 H, a4 E; lost a2 E, b1 I, b2 H, b4 S; a5 has no 2024Q3.
      starsGained: 3, starsLost: 4,
      starsGained_branch: 1, starsGained_industry: 0, starsGained_ecology: 1, starsGained_safety: 0,
      starsGained_civility: 0, starsGained_cobuild: 0, starsGained_harmony: 1, starsGained_business: 0,
      starsLost_branch: 0, starsLost_industry: 1, starsLost_ecology: 1, starsLost_safety: 1,
      starsLost_civility: 0, starsLost_cobuild: 0, starsLost_harmony: 1, starsLost_business: 0,
      unitsUp: 3, unitsDown: 4, weakUnits: 2,
      // income 20+8+12+5+10+9+3 = 67 over 7 units (communities have none); score sum 652 over 9.
      sum_collective_income: 67, avg_collective_income: 67 / 7, sum_score: 652, avg_score: 652 / 9,
    });
  });
});

describe('pivot: rows, columns and totals', () => {
  const config: PivotConfig = {
    rows: ['county', 'township'], columns: ['kind'], measures: [units, share3], filters: { periods: [Q4] },
  };

  it('rolls up rows (county subtotals, grand total) and columns (totals column) with GROUPING SETS', async () => {
    const res = await pivotBoth(db, config);
    const t = shapePivot(res);
    const view = t.rows.map((r) => [r.kind, r.labels.join('/'),
      r.cells['c:["village"]:m0'] ?? null, r.cells['c:["village"]:m1'] ?? null,
      r.cells['c:["community"]:m0'] ?? null, r.cells['c:["community"]:m1'] ?? null,
      r.cells['t:m0'], r.cells['t:m1']]);
    expect(view).toEqual([
      // 甲县: villages a1 a2 a4 a5 (≥3: a1 a4), community a3 (3).
      ['subtotal', '甲县/小计', 4, 2 / 4, 1, 1, 5, 3 / 5],
      ['cell', '甲县/城关镇', 2, 1 / 2, 1, 1, 3, 2 / 3],
      // 东'湖乡 has no community: its community cells are absent.
      ['cell', "甲县/东'湖乡", 2, 1 / 2, null, null, 2, 1 / 2],
      // 乙县: villages b1 b3 b4 (≥3: b1), community b2 (1).
      ['subtotal', '乙县/小计', 3, 1 / 3, 1, 0, 4, 1 / 4],
      ['cell', '乙县/城关镇', 1, 1, 1, 0, 2, 1 / 2],
      ['cell', '乙县/河口镇', 2, 0, null, null, 2, 0],
      ['total', '合计/', 7, 3 / 7, 2, 1 / 2, 9, 4 / 9],
    ]);
    expect(t.rows.find((r) => r.labels[1] === '城关镇' && r.path[0] === '乙县')!.parentId).toBe('r:"乙县"');
  });

  it('builds AG Grid header groups: one per column value, a leaf per measure, then totals', async () => {
    const t = shapePivot(await pivotBoth(db, config));
    const groups = t.columnDefs.filter((c): c is PivotColumnGroup => 'children' in c);
    expect(t.columnDefs.slice(0, 2).map((c) => (c as PivotLeafColumn).headerName)).toEqual(['县（市、区）', '乡镇（街道）']);
    expect(groups.map((g) => [g.headerName, g.children.map((c) => c.headerName)])).toEqual([
      ['村', ['单位数', '三星以上占比']],
      ['社区', ['单位数', '三星以上占比']],
      ['合计', ['单位数', '三星以上占比']],
    ]);
    expect(t.leaves.map((l) => l.colId)).toEqual([
      'c:["village"]:m0', 'c:["village"]:m1', 'c:["community"]:m0', 'c:["community"]:m1', 't:m0', 't:m1',
    ]);
    expect(t.leaves[1]).toMatchObject({ format: 'percent', columnKey: '["village"]', columnPath: ['village'] });
  });

  it('nests header groups for two column dimensions', async () => {
    const t = shapePivot(await pivotBoth(db, {
      rows: ['kind'], columns: ['year', 'quarter'], measures: [units], filters: { from: '2024Q3' }, totals: { columns: false },
    }));
    expect(t.columnDefs.slice(1).map((g) => [g.headerName, (g as PivotColumnGroup).children.map((c) => c.headerName)]))
      .toEqual([['2024年', ['第三季度', '第四季度']]]);
    // villages: 6 in 2024Q3 (a5 missing), 7 in 2024Q4.
    expect(t.rows[0].cells).toMatchObject({ r0: '村', 'c:[2024,3]:m0': 6, 'c:[2024,4]:m0': 7 });
  });

  it('keeps the two 城关镇 apart and labels them with their county', async () => {
    const t = shapePivot(await pivotBoth(db, { rows: ['township'], columns: [], measures: [units], filters: { periods: [Q4] } }));
    expect(t.rows.map((r) => [r.labels[0], r.townshipCounty ?? null, r.cells['v:m0']])).toEqual([
      ['城关镇（甲县）', '甲县', 3], ['城关镇（乙县）', '乙县', 2], [DONGHU, '甲县', 2], ['河口镇', '乙县', 2], ['合计', null, 9],
    ]);
  });

  it('keeps them apart whether or not the county is grouped beside the township', async () => {
    // County before township in the rows: every set with the township holds the county.
    const nested = await pivotBoth(db, { rows: ['county', 'township'], columns: [], measures: [units], filters: { periods: [Q4] }, totals: { rows: 'none' } });
    expect(nested.rows.map((r) => [r.dims.county, r.dims.township, r.townshipCounty, r.values.m0])).toEqual([
      ['甲县', '城关镇', '甲县', 3], ['甲县', DONGHU, '甲县', 2], ['乙县', '城关镇', '乙县', 2], ['乙县', '河口镇', '乙县', 2],
    ]);
    // County in the columns: the township totals column (no county) still keys by county.
    const t = shapePivot(await pivotBoth(db, { rows: ['township'], columns: ['county'], measures: [units], filters: { periods: [Q4] } }));
    expect(t.rows.map((r) => [r.labels[0], r.cells['c:["甲县"]:m0'] ?? null, r.cells['c:["乙县"]:m0'] ?? null, r.cells['t:m0']])).toEqual([
      ['城关镇（甲县）', 3, null, 3], ['城关镇（乙县）', null, 2, 2], [DONGHU, 2, null, 2], ['河口镇', null, 2, 2], ['合计', 5, 4, 9],
    ]);
  });

  it('refuses more dimensions than a reader can follow', () => {
    const many = Array.from({ length: MAX_PIVOT_DIMS + 1 }, (_, i) => extraDim(`列${i}`));
    expect(() => pivotPlan({ rows: many, columns: [], measures: [units] })).toThrow(/最多 12 个字段/);
  });

  it('sorts siblings by a value column, ties in natural order', async () => {
    const t = shapePivot(await pivotBoth(db, {
      rows: ['township'], columns: [], measures: [share3], filters: { periods: [Q4] }, sort: { value: 'm0', desc: true },
    }));
    // 2/3, then the 1/2 tie (城关镇（乙县） before 东'湖乡 in pinyin order), then 0.
    expect(t.rows.map((r) => r.labels[0])).toEqual(['城关镇（甲县）', '城关镇（乙县）', DONGHU, '河口镇', '合计']);
  });

  it('can leave out subtotals or every total', async () => {
    const grand = await pivotBoth(db, { ...config, totals: { rows: 'grand', columns: false } });
    expect(shapePivot(grand).rows.map((r) => r.kind)).toEqual(['cell', 'cell', 'cell', 'cell', 'total']);
    const none = await pivotBoth(db, { ...config, totals: { rows: 'none', columns: false } });
    expect(none.rows.every((r) => !r.rolled.county && !r.rolled.township && !r.rolled.kind)).toBe(true);
    expect(none.rows).toHaveLength(6); // 4 townships × kinds present: 2 + 1 + 2 + 1
  });
});

describe('pivot: sources', () => {
  it('answers level, target and weak-branch pivots from cube_level', async () => {
    const config: PivotConfig = { rows: ['level'], columns: ['kind'], measures: [units], filters: { periods: [Q4] }, totals: { rows: 'none', columns: false } };
    expect(pivotPlan(config)).toMatchObject({ source: 'summary', from: 'cube_level' });
    const res = await pivotBoth(db, config);
    const cells = Object.fromEntries(res.rows.map((r) => [`${r.dims.kind}:${r.dims.level}`, r.values.m0]));
    // villages: b4 0, a5 1, a2 b3 2, a4 b1 3, a1 5; communities: b2 1, a3 3.
    expect(cells).toEqual({
      'village:0': 1, 'village:1': 1, 'village:2': 2, 'village:3': 2, 'village:5': 1, 'community:1': 1, 'community:3': 1,
    });
  });

  it('filters by weak branch and target level', async () => {
    const weak = await pivotBoth(db, { rows: [], columns: [], measures: [units, { kind: 'levels' }], filters: { periods: [Q4], weakBranch: true } });
    // a5 (level 1) and b4 (level 0).
    expect(weak.rows[0].values).toEqual({ m0: 2, m1_0: 1, m1_1: 1, m1_2: 0, m1_3: 0, m1_4: 0, m1_5: 0 });
    const byTarget = await pivotBoth(db, { rows: ['target_level'], columns: [], measures: [units, { kind: 'targetMet' }], filters: { periods: [Q4] }, totals: { rows: 'none' } });
    // targets: 3 → a2 a4 a5 b2 b3 (met: a4); 4 → a3 b1 (none); 5 → a1 (met); none → b4.
    expect(byTarget.rows.map((r) => [r.dims.target_level, r.values.m0, r.values.m1])).toEqual([
      [3, 5, 1], [4, 2, 0], [5, 1, 1], [null, 1, 0],
    ]);
  });

  it('answers star-category pivots from cube_star', async () => {
    const config: PivotConfig = {
      rows: ['star'], columns: [], filters: { periods: [Q4] },
      measures: [units, { kind: 'starRate' }, { kind: 'starsGained' }, { kind: 'starsLost' }],
    };
    expect(pivotPlan(config)).toMatchObject({ source: 'summary', from: 'cube_star', grain: 'star' });
    const t = shapePivot(await pivotBoth(db, config));
    expect(t.rows.map((r) => [r.labels[0], r.cells['v:m0'], r.cells['v:m1'], r.cells['v:m2'], r.cells['v:m3']])).toEqual([
      ['支部过硬星', 9, 1 / 9, 1, 0],
      ['产业兴旺星', 7, 2 / 7, 0, 1],
      ['生态宜居星', 7, 4 / 7, 1, 1],
      ['平安法治星', 9, 8 / 9, 0, 1],
      ['文明幸福星', 7, 3 / 7, 0, 0],
      ['共建共享星', 2, 1 / 2, 0, 0],
      ['幸福和谐星', 2, 1 / 2, 1, 1],
      ['宜业兴业星', 2, 0, 0, 0],
      // 45 unit-star pairs, 20 held; 3 gained, 4 lost.
      ['合计', 45, 20 / 45, 3, 4],
    ]);
  });

  it('counts a star filter over the units the star applies to', async () => {
    const res = await pivotBoth(db, {
      rows: ['township'], columns: [], measures: [units, { kind: 'starRate' }],
      filters: { periods: [Q4], stars: ['safety'], kind: 'community' },
    });
    // communities a3 (甲县城关镇) and b2 (乙县城关镇) both hold 平安法治星.
    expect(res.rows.map((r) => [r.dims.township, r.townshipCounty ?? null, r.values.m0, r.values.m1])).toEqual([
      ['城关镇', '甲县', 1, 1], ['城关镇', '乙县', 1, 1], [null, null, 2, 1],
    ]);
  });

  it('falls back to the raw rows for unit detail and for level measures by star', async () => {
    const byUnit: PivotConfig = { rows: ['unit'], columns: [], measures: [{ kind: 'avgLevel' }], filters: { periods: [Q4], townships: [CG_A] }, totals: { rows: 'none' } };
    expect(pivotSource(byUnit)).toBe('raw');
    const res = await pivotBoth(db, byUnit);
    expect(res.rows.map((r) => [r.dims.unit, r.unit?.name, r.values.m0])).toEqual([['a1', '王庄村', 5], ['a2', '李寨村', 2], ['a3', '幸福社区', 3]]);
    expect(pivotPlan({ rows: ['star'], columns: [], measures: [share3] })).toMatchObject({ source: 'raw', from: 'raw-star' });
    expect(pivotPlan({ rows: ['star', 'level'], columns: [], measures: [units] }).source).toBe('raw');
  });
});

describe('pivot: cadence and periods', () => {
  it('yearly: the annual rating, else Q4; changes vs the previous year', async () => {
    const res = await pivotBoth(db, {
      rows: ['period'], columns: [], cadence: 'year', totals: { rows: 'none' },
      measures: [units, share3, { kind: 'starsGained' }, { kind: 'starsLost' }, { kind: 'unitsUp' }, { kind: 'unitsDown' }],
    });
    expect(res.rows.map((r) => [r.dims.period, ...Object.values(r.values)])).toEqual([
      // 2023: a1 annual 3, a2 Q4 1, b1 Q4 3, b2 Q4 2 → 2 of 4 at ≥3; no 2022 to compare with:
      // the changes are NULL (无可比数据), not 0.
      ['2023', 4, 2 / 4, null, null, null, null],
      // 2024 vs 2023: a1 +B +C (3→5), a2 +C (1→2), b1 same, b2 −J (2→1).
      ['2024', 9, 4 / 9, 3, 1, 2, 1],
    ]);
  });

  it('all periods as rated: the annual rating sorts after Q4; quarter cadence drops it', async () => {
    const all = shapePivot(await pivotBoth(db, { rows: ['period'], columns: [], measures: [units], totals: { rows: 'none' } }));
    expect(all.rows.map((r) => [r.labels[0], r.cells['v:m0']])).toEqual([
      ['2023年第四季度', 4], ['2023年度', 1], ['2024年第三季度', 8], ['2024年第四季度', 9],
    ]);
    const quarterly = await pivotBoth(db, { rows: ['period'], columns: [], measures: [units], cadence: 'quarter', totals: { rows: 'none' } });
    expect(quarterly.rows.map((r) => r.dims.period)).toEqual(['2023Q4', '2024Q3', '2024Q4']);
  });

  it('compares 2024Q3 with a period nobody was rated in: no changes to count (无可比数据), not zero', async () => {
    const res = await pivotBoth(db, { rows: [], columns: [], measures: [{ kind: 'starsGained' }, { kind: 'unitsDown' }], filters: { periods: ['2024Q3'] } });
    expect(res.rows[0].values).toEqual({ m0: null, m1: null });
  });
});

describe('pivot: empty results and validation', () => {
  it('returns only an empty grand total when nothing matches', async () => {
    for (const filters of [{ periods: ['2020Q1'] }, { townships: ['不存在的乡'] }, { kind: 'community' as const, townships: [DONGHU] }]) {
      const res = await pivotBoth(db, { rows: ['township'], columns: ['kind'], measures: [units, share3], filters });
      expect(res.rows).toHaveLength(1);
      expect(res.rows[0].values).toEqual({ m0: 0, m1: null });
      const t = shapePivot(res);
      // No column values: only the totals column (0 units, no share).
      expect(t.rows.map((r) => [r.kind, r.cells['t:m0'], r.cells['t:m1']])).toEqual([['total', 0, null]]);
      expect(t.leaves.map((l) => l.colId)).toEqual(['t:m0', 't:m1']);
    }
  });

  it('rejects unknown or repeated dimensions and bad periods', () => {
    expect(() => pivotSql({ rows: ['township'], columns: ['township'], measures: [units] })).toThrow(/重复/);
    expect(() => pivotSql({ rows: ['name' as never], columns: [], measures: [units] })).toThrow(/未知的维度/);
    expect(() => pivotSql({ rows: [], columns: [], measures: [units], filters: { periods: ['2024Q9'] } })).toThrow(/期次/);
    expect(() => pivotSql({ rows: ['unit'], columns: [], measures: [units] }, { source: 'summary' })).toThrow(/汇总表/);
  });

  it('keeps user text out of the SQL structure', () => {
    const sql = pivotSql({ rows: ['township'], columns: [], measures: [units], filters: { townships: ["x'); DROP TABLE units; --"] } });
    expect(sql).toContain("'x''); DROP TABLE units; --'");
  });
});
