/**
 * The pivot over extra columns (rating_extras) and filters on any field (PivotConfig.fieldFilters),
 * checked by hand against the fixtures; and the extras' life cycle with their datasets.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import { runAnalysis } from '../../shared/engine/index.ts';
import {
  extraDim, extraFieldsQuery, fieldValuesQuery, type PivotConfig, pivotPlan, pivotQuery, pivotSql, shapePivot,
} from '../../shared/analysis/pivot.ts';
import { removeDataset, replacePeriods, undoRemoval } from '../../shared/datasets.ts';
import type { Database } from '../../shared/db.ts';
import { toNormalizedCsv } from '../../shared/import/normalized-csv.ts';
import { importFiles } from '../../shared/import/run.ts';
import type { NormalizedRating } from '../../shared/import/types.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { ANALYSIS_COUNTY_CSV, Q4 } from '../support/analysis-county.ts';
import { pivotBoth } from '../support/analysis-run.ts';
import { EXTRA_HOSTILE_HEADER, extrasCsv } from '../support/fixtures.ts';

const units = { kind: 'units' } as const;
const info = (id: string) => ({ dataset_id: id, name: `数据${id}`, source: `${id}.csv`, is_sample: false });
const PARTY = extraDim('党员人数');
const GRID = extraDim('网格员');
const REMARK = extraDim('备注');

async function extrasRatings(q: 1 | 2 | 3 = 3): Promise<NormalizedRating[]> {
  const f = extrasCsv(q);
  return (await importFiles([{ name: f.name, bytes: f.bytes }])).ratings;
}

/** The same ratings with every 党员人数 doubled (a corrected resubmission). */
function doubled(ratings: NormalizedRating[]): NormalizedRating[] {
  return ratings.map((r) => ({
    ...r,
    extras: r.extras?.map((x) => (x.name === '党员人数' && x.num != null ? { ...x, text: String(x.num * 2), num: x.num * 2 } : x)),
  }));
}

const run = (db: Database, config: PivotConfig) => runAnalysis(db, pivotQuery(config));
/** Label of the first row dimension → the first value column. */
const byLabel = (t: ReturnType<typeof shapePivot>, col = 'v:e0') => Object.fromEntries(t.rows.map((r) => [r.labels.join('/'), r.cells[col]]));

describe('pivot by extra columns (2024Q3 ledger with 党员人数, 网格员, 备注 …)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openNodeDuckDB();
    await loadNormalizedCsv(db, info('d1'), toNormalizedCsv(await extrasRatings(3)));
  });
  afterAll(async () => db?.close());

  it('lists the extra columns, numeric when ≥ 90% of their values are numbers', async () => {
    const fields = await runAnalysis(db, extraFieldsQuery());
    expect(Object.fromEntries(fields.map((f) => [f.name, [f.values, f.numeric]]))).toEqual({
      '党员人数': [14, true], // 13 of 14 are numbers (王楼村: 待核实) = 92.9%
      '上年村集体经济收入': [4, true],
      '网格员': [4, false],
      '备注': [5, false],
      [EXTRA_HOSTILE_HEADER]: [3, false],
    });
  });

  it('groups by an extra text column: units per 网格员, (空) for units without one', async () => {
    const config: PivotConfig = { rows: [GRID], columns: [], measures: [units] };
    expect(pivotPlan(config)).toMatchObject({ source: 'raw', reason: '按扩展列分组、筛选或计算' });
    const t = shapePivot(await run(db, config));
    expect(t.columnDefs[0]).toMatchObject({ headerName: '网格员', role: 'dim', dim: GRID });
    // 张三: 东关村, 南街社区; 李四: 西关村; 王五: 李庄村; the other 10 have none. Pinyin order, (空) last.
    expect(t.rows.map((r) => [r.labels[0], r.cells['v:m0']])).toEqual([['李四', 1], ['王五', 1], ['张三', 2], ['（空）', 10], ['合计', 14]]);
  });

  it('sums and averages a numeric extra column by township', async () => {
    const t = shapePivot(await run(db, {
      rows: ['township'], columns: [], measures: [units],
      extraMeasures: [{ kind: 'sum', name: '党员人数' }, { kind: 'avg', name: '党员人数' }, { kind: 'sum', name: '上年村集体经济收入' }],
    }));
    expect(t.leaves.map((l) => [l.headerName, l.format])).toEqual([
      ['单位数', 'count'], ['党员人数合计', 'count'], ['平均党员人数', 'decimal'], ['上年村集体经济收入合计', 'count'],
    ]);
    expect(t.rows.map((r) => [r.labels[0], r.cells['v:m0'], r.cells['v:e0'], r.cells['v:e1'], r.cells['v:e2']])).toEqual([
      // 城关镇 32+28+45+51+19; 上年 12.5+8+1020.5.
      ['城关镇', 5, 175, 35, 1041],
      // Townships in the 台账's order (李庄乡's rows come before 高岗镇's), not pinyin.
      // 李庄乡 26+22+38 (王楼村 待核实 is left out of sum and average); 上年 6.
      ['李庄乡', 4, 86, 86 / 3, 6],
      // 高岗镇 60+17+24+15+41; no 上年.
      ['高岗镇', 5, 157, 157 / 5, null],
      ['合计', 14, 418, 418 / 13, 1047],
    ]);
  });

  it('only an extra measure: no default measure is added', async () => {
    const t = shapePivot(await run(db, { rows: ['kind'], columns: [], measures: [], extraMeasures: [{ kind: 'sum', name: '党员人数' }] }));
    expect(t.leaves.map((l) => l.headerName)).toEqual(['党员人数合计']);
    // communities: 南街 45, 北街 51, 新区 38, 幸福 41.
    expect(byLabel(t)).toEqual({ 村: 418 - 175, 社区: 175, 合计: 418 });
  });

  it('puts an extra column in the columns, beside built-in rows', async () => {
    const t = shapePivot(await run(db, { rows: ['township'], columns: [REMARK], measures: [units], totals: { columns: false } }));
    // Pinyin order (换 huan, 示 shi, 说 shuo, 已 yi), (空) last.
    expect(t.columnDefs.slice(1).map((g) => g.headerName)).toEqual([
      '换届后新班子\n持续跟踪', '示范村', '说"好"', '已整改,待复核', '（空）',
    ]);
    const gaogang = t.rows.find((r) => r.labels[0] === '高岗镇')!;
    // 高岗镇: 前营村 示范村, 幸福社区 说"好", three without.
    expect(gaogang.cells['c:["示范村"]:m0']).toBe(1);
    expect(gaogang.cells['c:["说\\"好\\""]:m0']).toBe(1);
    expect(gaogang.cells['c:[null]:m0']).toBe(3);
  });

  it('keeps a hostile column name and values as data', async () => {
    const config: PivotConfig = { rows: [extraDim(EXTRA_HOSTILE_HEADER)], columns: [], measures: [units] };
    const sql = pivotSql(config);
    expect(sql).toContain(`name = '"; DROP TABLE x; --'`);
    expect(sql.split(EXTRA_HOSTILE_HEADER)).toHaveLength(2);
    const t = shapePivot(await run(db, config));
    expect(t.columnDefs[0]).toMatchObject({ headerName: EXTRA_HOSTILE_HEADER });
    expect(t.rows.map((r) => [r.labels[0], r.cells['v:m0']])).toEqual([
      ["'); DROP TABLE ratings; --", 1], ['=1+1', 2], ['（空）', 11], ['合计', 14],
    ]);
    expect((await db.query<{ n: number }>('SELECT count(*) AS n FROM ratings'))[0].n).toBe(14);
  });

  it('filters by extra values (empty included) and lists the values a filter offers', async () => {
    const zhang = await run(db, { rows: ['township'], columns: [], measures: [units], fieldFilters: [{ dim: GRID, values: ['张三'] }] });
    expect(zhang.rows.map((r) => [r.dims.township, r.values.m0])).toEqual([['城关镇', 2], [null, 2]]);
    const none = await run(db, { rows: [], columns: [], measures: [units], fieldFilters: [{ dim: GRID, values: [null, '王五'] }] });
    expect(none.rows[0].values.m0).toBe(11);
    // An empty list filters nothing (and does not force the live rows).
    const all: PivotConfig = { rows: [], columns: [], measures: [units], fieldFilters: [{ dim: GRID, values: [] }] };
    expect(pivotPlan(all).source).toBe('summary');
    expect((await run(db, all)).rows[0].values.m0).toBe(14);

    const values = await runAnalysis(db, fieldValuesQuery(GRID));
    expect(values).toEqual([
      { value: '李四', label: '李四' }, { value: '王五', label: '王五' }, { value: '张三', label: '张三' }, { value: null, label: '（空）' },
    ]);
    expect(await runAnalysis(db, fieldValuesQuery('kind'))).toEqual([{ value: 'village', label: '村' }, { value: 'community', label: '社区' }]);
    expect(await runAnalysis(db, fieldValuesQuery('period'))).toEqual([{ value: '2024Q3', label: '2024年第三季度' }]);
    expect((await runAnalysis(db, fieldValuesQuery('unit'))).map((v) => v.label)).toContain('东关村（城关镇）');
  });

  it('rejects malformed extra settings', () => {
    expect(() => pivotSql({ rows: [PARTY], columns: [PARTY], measures: [units] })).toThrow(/重复/);
    expect(() => pivotSql({ rows: [extraDim('')], columns: [], measures: [units] })).toThrow(/未知的维度/);
    expect(() => pivotSql({ rows: [], columns: [], measures: [], extraMeasures: [{ kind: 'max' as never, name: '党员人数' }] })).toThrow(/扩展列指标/);
    expect(() => pivotSql({ rows: [], columns: [], measures: [units], fieldFilters: [{ dim: 'year', values: ['2024; DROP'] }] })).toThrow();
  });
});

describe('field filters on built-in dimensions (analysis county)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openNodeDuckDB();
    await loadNormalizedCsv(db, info('d1'), ANALYSIS_COUNTY_CSV);
  });
  afterAll(async () => db?.close());

  it('give the same answer from the summaries and the live rows', async () => {
    // Communities in 2024Q4: a3 (甲县城关镇, 3 stars) and b2 (乙县城关镇, 1 star).
    const kind: PivotConfig = { rows: ['county'], columns: [], measures: [units, { kind: 'atLeast', level: 3 }], fieldFilters: [{ dim: 'kind', values: ['community'] }, { dim: 'period', values: [Q4] }] };
    expect(pivotPlan(kind)).toMatchObject({ source: 'summary', from: 'cube_kind_town' });
    expect((await pivotBoth(db, kind)).rows.map((r) => [r.dims.county, r.values.m0, r.values.m1])).toEqual([['甲县', 1, 1], ['乙县', 1, 0], [null, 2, 1]]);

    // Level filter: answered from cube_level. 2024Q4 levels ≥ 3: a1 (5), a3 a4 b1 (3).
    const level: PivotConfig = { rows: [], columns: [], measures: [units], fieldFilters: [{ dim: 'level', values: [3, 5] }, { dim: 'period', values: [Q4] }] };
    expect(pivotPlan(level)).toMatchObject({ source: 'summary', from: 'cube_level' });
    expect((await pivotBoth(db, level)).rows[0].values.m0).toBe(4);

    // Target not set (null): b4 only.
    const target: PivotConfig = { rows: [], columns: [], measures: [units], fieldFilters: [{ dim: 'target_level', values: [null] }, { dim: 'period', values: [Q4] }] };
    expect((await pivotBoth(db, target)).rows[0].values.m0).toBe(1);

    // A star filter turns rows into unit × star: 平安法治星 applies to all 9 units.
    const star: PivotConfig = { rows: [], columns: [], measures: [units, { kind: 'starRate' }], fieldFilters: [{ dim: 'star', values: ['safety'] }, { dim: 'period', values: [Q4] }] };
    expect(pivotPlan(star)).toMatchObject({ source: 'summary', from: 'cube_star' });
    expect((await pivotBoth(db, star)).rows[0].values).toEqual({ m0: 9, m1: 8 / 9 });

    // Yearly cadence: the period filter takes the year.
    const yearly: PivotConfig = { rows: [], columns: [], cadence: 'year', measures: [units], fieldFilters: [{ dim: 'period', values: ['2023'] }] };
    expect((await pivotBoth(db, yearly)).rows[0].values.m0).toBe(4);

    // Annual ratings only (quarter null): a1 2023.
    const annual: PivotConfig = { rows: [], columns: [], measures: [units], fieldFilters: [{ dim: 'quarter', values: [null] }] };
    expect((await pivotBoth(db, annual)).rows[0].values.m0).toBe(1);
  });

  it('keeps filter values out of the SQL structure', () => {
    const sql = pivotSql({ rows: [], columns: [], measures: [units], fieldFilters: [{ dim: 'township', values: ["x'); DROP TABLE units; --"] }] });
    expect(sql).toContain("township IN ('x''); DROP TABLE units; --')");
  });
});

describe('extras live and die with their ratings', () => {
  let db: Database;
  let d1: NormalizedRating[];
  const partySum = async () => (await run(db, { rows: [], columns: [], measures: [units], extraMeasures: [{ kind: 'sum', name: '党员人数' }] })).rows[0].values;
  const extraRows = async (table: string) => Number((await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0].n);

  beforeEach(async () => {
    db = await openNodeDuckDB();
    d1 = await extrasRatings(3);
    await loadNormalizedCsv(db, info('d1'), toNormalizedCsv(d1));
  });
  afterEach(async () => db?.close());

  it('keep both: the later import counts, never both', async () => {
    expect(await partySum()).toEqual({ m0: 14, e0: 418 });
    await loadNormalizedCsv(db, info('d2'), toNormalizedCsv(doubled(d1)));
    expect(await partySum()).toEqual({ m0: 14, e0: 836 });
    const fields = await runAnalysis(db, extraFieldsQuery());
    expect(fields.find((f) => f.name === '党员人数')!.values).toBe(14);
    expect(await extraRows('rating_extras')).toBe(60);
  });

  it('replace moves the old extras to the trash; undo brings them back', async () => {
    await loadNormalizedCsv(db, info('d2'), toNormalizedCsv(doubled(d1)));
    const removal = await replacePeriods(db, 'd2', ['2024Q3']);
    expect(await partySum()).toEqual({ m0: 14, e0: 836 });
    expect(await extraRows('rating_extras')).toBe(30);
    expect(await extraRows('removed_extras')).toBe(30);
    // Undo the import itself (remove d2), then the replacement: d1's extras count again.
    await removeDataset(db, 'd2');
    expect(await partySum()).toEqual({ m0: 0, e0: null });
    await undoRemoval(db, removal!);
    expect(await partySum()).toEqual({ m0: 14, e0: 418 });
    expect(await extraRows('rating_extras')).toBe(30);
  });

  it('removing a dataset removes its extras; undo restores them', async () => {
    const removal = await removeDataset(db, 'd1');
    expect(await runAnalysis(db, extraFieldsQuery())).toEqual([]);
    expect(await extraRows('rating_extras')).toBe(0);
    await undoRemoval(db, removal);
    expect(await partySum()).toEqual({ m0: 14, e0: 418 });
    expect((await runAnalysis(db, extraFieldsQuery())).map((f) => f.name)).toContain('党员人数');
    expect(await extraRows('removed_extras')).toBe(0);
  });
});
