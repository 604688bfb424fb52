import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { runAnalysis } from '../../shared/engine/index.ts';
import {
  townshipCompareQuery, unitHistoryQuery, unitRadarQuery, yearOverYearQuery,
} from '../../shared/analysis/compare.ts';
import { buildUnitInitials, unitSearchQuery } from '../../shared/analysis/search.ts';
import { orderPivotRows, shapePivot } from '../../shared/analysis/pivot.ts';
import { ANALYSIS_COUNTY_CSV, CG_A, CG_B, COUNTY_A, INITIALS, Q3, Q4 } from '../support/analysis-county.ts';
import { both } from '../support/analysis-run.ts';

let db: Database;

beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'd1', name: '测试', source: 'analysis.csv', is_sample: false }, ANALYSIS_COUNTY_CSV);
});
afterAll(async () => db?.close());

describe('radar of the five stars', () => {
  it('has an axis per applicable star when kinds are mixed, null where a star does not apply', async () => {
    const r = await both(db, (source) => unitRadarQuery(['a3', 'a1'], Q4, source));
    expect(r.axes.map((a) => a.name)).toEqual(['支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星', '共建共享星', '幸福和谐星', '宜业兴业星']);
    // Caller's order is kept. a3 (community) S J H; a1 (village) all five.
    expect(r.units.map((u) => [u.unitId, u.kind, u.level, u.values])).toEqual([
      ['a3', 'community', 3, [0, null, null, 1, null, 1, 1, 0]],
      ['a1', 'village', 5, [1, 1, 1, 1, 1, null, null, null]],
    ]);
  });

  it('villages only: the five village stars; a unit without a rating that period is all null', async () => {
    const r = await both(db, (source) => unitRadarQuery(['a1', 'a5'], Q3, source));
    expect(r.axes.map((a) => a.star)).toEqual(['branch', 'industry', 'ecology', 'safety', 'civility']);
    expect(r.units).toEqual([
      { unitId: 'a1', name: '王庄村', county: COUNTY_A, township: '城关镇', kind: 'village', rated: true, level: 4, values: [0, 1, 1, 1, 1] },
      { unitId: 'a5', name: '刘岗村', county: COUNTY_A, township: "东'湖乡", kind: 'village', rated: false, level: null, values: [null, null, null, null, null] },
    ]);
  });

  it('takes one to six units', () => {
    expect(() => unitRadarQuery([], Q4)).toThrow(/请选择/);
    expect(() => unitRadarQuery(['a1', 'a2', 'a3', 'a4', 'a5', 'b1', 'b2'], Q4)).toThrow(/最多/);
  });
});

describe('level over time and the per-star table', () => {
  it('per quarter, with gains and losses vs the previous quarter only', async () => {
    const h = await both(db, (source) => unitHistoryQuery(['a2', 'a5'], { source }));
    expect(h.periods).toEqual(['2023Q4', '2024Q3', '2024Q4']);
    expect(h.labels).toEqual(['23Q4', '24Q3', '24Q4']);
    const [a2, a5] = h.units;
    expect(a2.levels).toEqual([1, 3, 2]);
    // a5 is missing everything before 2024Q4.
    expect(a5.levels).toEqual([null, null, 1]);
    const cells = (u: typeof a2) => Object.fromEntries(u.stars.map((s) => [s.star, s.cells.map((c) => `${c.held}${c.change ? `:${c.change}` : ''}`)]));
    // a2: S (2023Q4) → E S C (2024Q3, no 2024Q2 to compare with) → S C (lost 生态宜居).
    expect(cells(a2)).toEqual({
      branch: ['false', 'false', 'false'],
      industry: ['false', 'false', 'false'],
      ecology: ['false', 'true', 'false:lost'],
      safety: ['true', 'true', 'true'],
      civility: ['false', 'true', 'true'],
    });
    expect(cells(a5).safety).toEqual(['null', 'null', 'true']);
  });

  it('per year (annual, else Q4), changes vs the previous year; community stars for a community', async () => {
    const h = await both(db, (source) => unitHistoryQuery(['a1', 'b2'], { cadence: 'year', source }));
    expect(h.periods).toEqual(['2023', '2024']);
    const [a1, b2] = h.units;
    // a1: annual 2023 I E S (3) → 2024Q4 all five: +B +C.
    expect(a1.levels).toEqual([3, 5]);
    expect(a1.stars.filter((s) => s.cells[1].change).map((s) => [s.star, s.cells[1].change])).toEqual([['branch', 'gained'], ['civility', 'gained']]);
    // b2: 2023Q4 S J → 2024Q4 S: lost 共建共享星.
    expect(b2.stars.map((s) => s.star)).toEqual(['branch', 'safety', 'cobuild', 'harmony', 'business']);
    expect(b2.stars.find((s) => s.star === 'cobuild')!.cells).toEqual([{ held: true, change: null }, { held: false, change: 'lost' }]);
  });
});

describe('townships compared', () => {
  it('on the default measures for one period', async () => {
    const res = await runAnalysis(db, townshipCompareQuery([CG_A, CG_B], { period: Q4 }));
    expect(res.plan.source).toBe('summary');
    const t = shapePivot(res);
    expect(t.rows.map((r) => [r.labels[0], r.cells['v:m0'], r.cells['v:m1'], [0, 1, 2, 3, 4, 5].map((k) => r.cells[`v:m2_${k}`])])).toEqual([
      ['城关镇（甲县）', 3, 2 / 3, [0, 0, 1, 1, 0, 1]],
      ['城关镇（乙县）', 2, 1 / 2, [0, 1, 0, 1, 0, 0]],
    ]);
  });

  it('per period as column groups', async () => {
    const res = await runAnalysis(db, townshipCompareQuery([CG_A], { measures: [{ kind: 'avgLevel' }] }));
    // 甲县城关镇 average level: 2023Q4 (2+1)/2; 2024Q3 (4+3+2)/3; 2024Q4 (5+2+3)/3.
    expect(orderPivotRows(res).map((r) => [r.dims.period, r.values.m0])).toEqual([['2023Q4', 3 / 2], ['2024Q3', 3], ['2024Q4', 10 / 3]]);
  });
});

describe('year over year', () => {
  it("lists every unit's level in both years (annual, else Q4) with the change", async () => {
    const y = await both(db, (source) => yearOverYearQuery({ yearA: 2023, yearB: 2024, source }));
    expect(y.rows.map((r) => [r.unitId, r.levelA, r.levelB, r.change])).toEqual([
      // By county, then township in the 台账's order (城关镇 first), largest change first.
      ['b1', 3, 3, 0], ['b2', 2, 1, -1], ['b4', null, 0, null], ['b3', null, 2, null],
      ['a1', 3, 5, 2], ['a2', 1, 2, 1], ['a3', null, 3, null], ['a5', null, 1, null], ['a4', null, 3, null],
    ]);
    expect(y.rows.find((r) => r.unitId === 'a1')).toMatchObject({ quarterA: null, quarterB: 4, gained: ['branch', 'civility'], lost: [] });
    expect(y.rows.find((r) => r.unitId === 'b2')).toMatchObject({ quarterA: 4, gained: [], lost: ['cobuild'] });
    expect(y.summary).toEqual({ up: 2, down: 1, same: 1, onlyA: 0, onlyB: 5 });
  });

  it('filters by township', async () => {
    const y = await both(db, (source) => yearOverYearQuery({ yearA: 2023, yearB: 2024, scope: { townships: [CG_A] }, source }));
    expect(y.rows.map((r) => r.unitId)).toEqual(['a1', 'a2', 'a3']);
    expect(y.summary).toEqual({ up: 2, down: 0, same: 0, onlyA: 0, onlyB: 1 });
    const none = await both(db, (source) => yearOverYearQuery({ yearA: 2019, yearB: 2020, source }));
    expect(none.rows).toEqual([]);
  });
});

describe('unit search', () => {
  const ids = async (text: string, o: Parameters<typeof unitSearchQuery>[1] = {}) =>
    (await runAnalysis(db, unitSearchQuery(text, o))).map((u) => `${u.unitId}:${u.match}`);

  it('finds names by substring, then units of a matching township', async () => {
    expect(await ids('王庄')).toEqual(['a1:name', 'b1:name']);
    expect(await ids('王庄', { scope: { counties: [COUNTY_A] } })).toEqual(['a1:name']);
    // Township hits: shorter names first, then by name.
    expect(await ids('城关')).toEqual(['a2:township', 'a1:township', 'b1:township', 'b2:township', 'a3:township']);
    expect(await ids('城关', { limit: 1 })).toEqual(['a2:township']);
    expect(await ids('  ')).toEqual([]);
    // A quote is data: it finds the units of 东'湖乡.
    expect(await ids("'")).toEqual(['a5:township', 'a4:township']);
  });

  it('matches pinyin initials once an initials index is built', async () => {
    expect(await ids('wz')).toEqual([]);
    expect(await buildUnitInitials(db, (name) => INITIALS[name] ?? '')).toBe(9);
    expect(await ids('wz', { initials: true })).toEqual(['a1:initials', 'b1:initials']);
    expect(await ids('SQ', { initials: true })).toEqual(['b2:initials', 'a3:initials']);
    expect(await ids('幸福', { initials: true })).toEqual(['a3:name']);
  });
});
