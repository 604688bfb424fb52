import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import {
  belowTargetQuery, demotionQuery, progressQuery, RANK_RULE, targetByTownshipQuery, townshipBoardQuery,
  townshipRankingQuery, unitBoardQuery,
} from '../../shared/analysis/ranking.ts';
import { ANALYSIS_COUNTY_CSV, CHENGGUAN, COUNTY_A, COUNTY_B, DONGHU, HEKOU, PREV_YEAR_Q4, Q3, Q4 } from '../support/analysis-county.ts';
import { both } from '../support/analysis-run.ts';

let db: Database;

beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'd1', name: '测试', source: 'analysis.csv', is_sample: false }, ANALYSIS_COUNTY_CSV);
});
afterAll(async () => db?.close());

const key = (r: { county: string | null; township: string }) => `${r.county}${r.township}`;

describe('township ranking', () => {
  it('ranks by 三星以上占比 with ties 1, 2, 2, 4 and the change vs the previous quarter', async () => {
    const r = await both(db, (source) => townshipRankingQuery({ period: Q4, source }));
    expect(r).toMatchObject({ period: '2024Q4', versus: '2024Q3', label: '三星以上占比', order: 'desc', rule: RANK_RULE });
    expect(r.rows).toEqual([
      // 2024Q4: a1 5, a2 2, a3 3 → 2/3.  2024Q3: a1 4, a2 3, a3 2 → 2/3, rank 1.
      { county: COUNTY_A, township: CHENGGUAN, rank: 1, value: 2 / 3, units: 3, levels: [0, 0, 1, 1, 0, 1], comparable: 3, prevValue: 2 / 3, prevRank: 1, delta: 0, rankChange: 0 },
      // b1 3, b2 1 → 1/2 (2024Q3 b1 4, b2 2 → 1/2, rank 2).
      { county: COUNTY_B, township: CHENGGUAN, rank: 2, value: 1 / 2, units: 2, levels: [0, 1, 0, 1, 0, 0], comparable: 2, prevValue: 1 / 2, prevRank: 2, delta: 0, rankChange: 0 },
      // a4 3, a5 1 → 1/2 (2024Q3 only a4 2 → 0, rank 3 tied with 河口镇): up one place; a5 has no 2024Q3.
      { county: COUNTY_A, township: DONGHU, rank: 2, value: 1 / 2, units: 2, levels: [0, 1, 0, 1, 0, 0], comparable: 1, prevValue: 0, prevRank: 3, delta: 1 / 2, rankChange: 1 },
      // b3 2, b4 0 → 0 (2024Q3 0, rank 3): rank 4 after the tie.
      { county: COUNTY_B, township: HEKOU, rank: 4, value: 0, units: 2, levels: [1, 0, 1, 0, 0, 0], comparable: 2, prevValue: 0, prevRank: 3, delta: 0, rankChange: -1 },
    ]);
  });

  it('ranks lower-is-better measures ascending', async () => {
    // stars lost in 2024Q4: 东'湖乡 0; 甲县城关镇 1 (a2); 河口镇 1 (b4); 乙县城关镇 2 (b1, b2).
    const lost = await both(db, (source) => townshipRankingQuery({ period: Q4, measure: { kind: 'starsLost' }, source }));
    expect(lost.order).toBe('asc');
    expect(lost.rows.map((x) => [key(x), x.rank, x.value])).toEqual([
      // Ties in the 台账's township order: 甲县城关镇 (a1 opens the file) before 河口镇.
      [`${COUNTY_A}${DONGHU}`, 1, 0], [`${COUNTY_A}${CHENGGUAN}`, 2, 1], [`${COUNTY_B}${HEKOU}`, 2, 1], [`${COUNTY_B}${CHENGGUAN}`, 4, 2],
    ]);
    // weak branches: a5 (东'湖乡), b4 (河口镇).
    const weak = await both(db, (source) => townshipRankingQuery({ period: Q4, measure: { kind: 'weakUnits' }, source }));
    expect(weak.rows.map((x) => [x.rank, x.value])).toEqual([[1, 0], [1, 0], [3, 1], [3, 1]]);
  });

  it('has no rows for a period without ratings, and no previous figures where the previous quarter is empty', async () => {
    expect((await both(db, (source) => townshipRankingQuery({ period: '2020Q1', source }))).rows).toEqual([]);
    const q3 = await both(db, (source) => townshipRankingQuery({ period: Q3, source }));
    expect(q3.rows.every((x) => x.prevRank == null && x.delta == null && x.rankChange == null)).toBe(true);
    // 2024Q3: 甲县城关镇 2/3, 乙县城关镇 1/2, then 东'湖乡 and 河口镇 tie at 0.
    expect(q3.rows.map((x) => x.rank)).toEqual([1, 2, 3, 3]);
  });

  it('refuses the six-column levels measure', () => {
    expect(() => townshipRankingQuery({ period: Q4, measure: { kind: 'levels' } })).toThrow(/单一数值/);
  });
});

describe('红榜 / 黑榜', () => {
  it('townships by value keep ties at the boundary', async () => {
    const red = await both(db, (source) => townshipBoardQuery({ period: Q4, board: 'red', n: 2, source }));
    expect(red.rows.map((x) => [key(x), x.boardRank])).toEqual([
      [`${COUNTY_A}${CHENGGUAN}`, 1], [`${COUNTY_B}${CHENGGUAN}`, 2], [`${COUNTY_A}${DONGHU}`, 2],
    ]);
    const black = await both(db, (source) => townshipBoardQuery({ period: Q4, board: 'black', n: 1, source }));
    expect(black.rows.map((x) => [key(x), x.boardRank, x.value])).toEqual([[`${COUNTY_B}${HEKOU}`, 1, 0]]);
  });

  it('townships by change vs the previous quarter', async () => {
    const red = await both(db, (source) => townshipBoardQuery({ period: Q4, board: 'red', by: 'change', n: 1, source }));
    expect(red.rows.map((x) => [key(x), x.delta])).toEqual([[`${COUNTY_A}${DONGHU}`, 1 / 2]]);
    // The other three did not change: a three-way tie for the worst change.
    const black = await both(db, (source) => townshipBoardQuery({ period: Q4, board: 'black', by: 'change', n: 1, source }));
    expect(black.rows.map((x) => [key(x), x.boardRank, x.delta])).toEqual([
      // In the 台账's township order: 甲县城关镇 (a1), 乙县城关镇 (b1), 河口镇 (b4 in 2024Q3).
      [`${COUNTY_A}${CHENGGUAN}`, 1, 0], [`${COUNTY_B}${CHENGGUAN}`, 1, 0], [`${COUNTY_B}${HEKOU}`, 1, 0],
    ]);
  });

  it('units by level, level change, stars gained, score and income', async () => {
    const ids = async (o: Parameters<typeof unitBoardQuery>[0]) =>
      (await both(db, (source) => unitBoardQuery({ ...o, source }))).rows.map((r) => [r.unitId, r.boardRank, r.value]);
    expect(await ids({ period: Q4, by: 'level', board: 'red', n: 1 })).toEqual([['a1', 1, 5]]);
    // −1: a2 b1 b2 b4 (a5 has no 2024Q3 and is left out).
    expect(await ids({ period: Q4, by: 'levelChange', board: 'black', n: 1 })).toEqual([['b2', 1, -1], ['a2', 1, -1], ['b1', 1, -1], ['b4', 1, -1]]);
    // One star gained each: a4 (东'湖乡), a3 and a1 (城关镇).
    expect(await ids({ period: Q4, by: 'starsGained', board: 'red', n: 3 })).toEqual([['a4', 1, 1], ['a3', 1, 1], ['a1', 1, 1]]);
    // Fewest stars lost is best: a1 a3 a4 b3 lost none.
    expect((await ids({ period: Q4, by: 'starsLost', board: 'red', n: 1 })).map((x) => x[0])).toEqual(['a4', 'a3', 'a1', 'b3']);
    expect(await ids({ period: Q4, by: 'score', board: 'black', n: 2 })).toEqual([['b4', 1, 50], ['a5', 2, 60]]);
    expect(await ids({ period: Q4, by: 'collective_income', board: 'red', n: 1, scope: { counties: [COUNTY_B] } })).toEqual([['b1', 1, 10]]);
    const a1 = (await both(db, (source) => unitBoardQuery({ period: Q4, by: 'level', board: 'red', n: 1, source }))).rows[0];
    expect(a1).toMatchObject({ name: '王庄村', county: COUNTY_A, township: CHENGGUAN, kind: 'village', level: 5, prevLevel: 4, gained: ['branch'], lost: [] });
  });
});

describe('进步星 and 降星', () => {
  it('进步星: units whose level rose over a span, with the stars gained', async () => {
    const p = await both(db, (source) => progressQuery({ from: PREV_YEAR_Q4, to: Q4, source }));
    expect(p).toMatchObject({ from: '2023Q4', to: '2024Q4' });
    expect(p.rows).toEqual([
      // a1: I S (10) → all five (31): +B +E +C, 2 → 5.
      { unitId: 'a1', name: '王庄村', county: COUNTY_A, township: CHENGGUAN, kind: 'village', rank: 1, fromLevel: 2, toLevel: 5, net: 3, gained: ['branch', 'ecology', 'civility'], lost: [] },
      // a2: S (8) → S C (24): +C. b1 unchanged and b2 fell; the others were not rated in 2023Q4.
      { unitId: 'a2', name: '李寨村', county: COUNTY_A, township: CHENGGUAN, kind: 'village', rank: 2, fromLevel: 1, toLevel: 2, net: 1, gained: ['civility'], lost: [] },
    ]);
  });

  it('ties share a rank; the limit keeps every tie; a unit missing a period is no candidate', async () => {
    const p = await both(db, (source) => progressQuery({ from: Q3, to: Q4, limit: 1, source }));
    // +1 each: a4 (东'湖乡), a3, a1 (城关镇); a5 had no 2024Q3 rating.
    expect(p.rows.map((r) => [r.unitId, r.rank, r.gained])).toEqual([['a4', 1, ['ecology']], ['a3', 1, ['harmony']], ['a1', 1, ['branch']]]);
    expect((await both(db, (source) => progressQuery({ from: PREV_YEAR_Q4, to: Q4, scope: { counties: [COUNTY_B] }, source }))).rows).toEqual([]);
  });

  it('降星: units that lost stars vs the previous quarter, with which stars', async () => {
    const d = await both(db, (source) => demotionQuery({ period: Q4, source }));
    expect(d).toMatchObject({ from: '2024Q3', to: '2024Q4' });
    expect(d.rows.map((r) => [r.unitId, r.rank, r.fromLevel, r.toLevel, r.lost, r.gained])).toEqual([
      ['b2', 1, 2, 1, ['harmony'], []],
      ['a2', 1, 3, 2, ['ecology'], []],
      ['b1', 1, 4, 3, ['industry'], []],
      ['b4', 1, 1, 0, ['safety'], []],
    ]);
    // 2024Q3 has no previous quarter: nobody lost anything.
    expect((await both(db, (source) => demotionQuery({ period: Q3, source }))).rows).toEqual([]);
    // Against 2023Q4 instead: b2 S J → S lost 共建共享星.
    const vsYear = await both(db, (source) => demotionQuery({ period: Q4, versus: PREV_YEAR_Q4, source }));
    expect(vsYear.rows.map((r) => [r.unitId, r.lost])).toEqual([['b2', ['cobuild']]]);
  });
});

describe('目标达成', () => {
  it('per township: with a target, reaching it, below it', async () => {
    const t = await both(db, (source) => targetByTownshipQuery({ period: Q4, source }));
    expect(t.townships).toEqual([
      // In the 台账's township order.
      { county: COUNTY_A, township: CHENGGUAN, units: 3, targeted: 3, met: 1, below: 2, rate: 1 / 3 },
      { county: COUNTY_B, township: CHENGGUAN, units: 2, targeted: 2, met: 0, below: 2, rate: 0 },
      { county: COUNTY_A, township: DONGHU, units: 2, targeted: 2, met: 1, below: 1, rate: 1 / 2 },
      // b4 has no target.
      { county: COUNTY_B, township: HEKOU, units: 2, targeted: 1, met: 0, below: 1, rate: 0 },
    ]);
    expect(t.total).toEqual({ units: 9, targeted: 8, met: 2, below: 6, rate: 1 / 4 });
    const none = await both(db, (source) => targetByTownshipQuery({ period: '2020Q1', source }));
    expect(none).toEqual({ period: '2020Q1', townships: [], total: { units: 0, targeted: 0, met: 0, below: 0, rate: null } });
  });

  it('lists units below their target with the stars still missing', async () => {
    const rows = await both(db, (source) => belowTargetQuery({ period: Q4, source }));
    expect(rows.map((r) => [r.unitId, r.level, r.target, r.gap])).toEqual([
      // By county, then township in the 台账's order (城关镇's rows come first), largest gap first.
      ['b2', 1, 3, 2], ['b1', 3, 4, 1], ['b3', 2, 3, 1], ['a3', 3, 4, 1], ['a2', 2, 3, 1], ['a5', 1, 3, 2],
    ]);
    expect(rows.find((r) => r.unitId === 'a5')).toMatchObject({ held: ['safety'], missing: ['branch', 'industry', 'ecology', 'civility'] });
    expect(rows.find((r) => r.unitId === 'b2')).toMatchObject({ held: ['safety'], missing: ['branch', 'cobuild', 'harmony', 'business'] });
    const inTownship = await both(db, (source) => belowTargetQuery({ period: Q4, scope: { townships: [DONGHU] }, source }));
    expect(inTownship.map((r) => r.unitId)).toEqual(['a5']);
  });
});
