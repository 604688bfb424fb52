/**
 * Issue #10: say what cannot be compared (无可比数据), never a false zero change. A unit
 * without a rating in the previous period has no change; counts of changes are over the
 * units rated in both periods, and the text says how many were left out.
 *
 * The county below (all villages; level = stars held, in the order I E S C B):
 *
 *   unit        2022年 2023年 | 2024Q1 2024Q2 2024Q3 2024Q4
 *   a 一村 甲镇   2      3     |   3      4      4      -
 *   b 二村 甲镇   2      -     |   2      1      1      -     ← loses 生态宜居星 in Q2
 *   g 七村 甲镇   -      1     |   -      -      -      -
 *   c 三村 乙镇   -      -     |   1      -      2      -     ← missing in the middle quarter
 *   d 四村 乙镇   -      -     |   2      -      -      -
 *   e 五村 甲镇   -      -     |   -      3      3      -     ← new in Q2
 *   f 六村 乙镇   -      -     |   -      0      0      -     ← new in Q2
 *   p 八村 甲镇   -      -     |   -      -      -      3     ← Q4: every unit new (other ids)
 *   q 九村 甲镇   -      -     |   -      -      -      3
 *   r 十村 乙镇   -      -     |   -      -      -      1
 *
 * Q1 has no previous quarter; Q2 has half its units new and two gone; Q3 has c, whose last
 * rating is two quarters back; Q4 shares no unit with Q3; 2023 compares with 2022 (a both,
 * g new, b gone).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { runAnalysis } from '../../shared/engine/index.ts';
import { comparisonQuery, townshipChangeNote } from '../../shared/analysis/comparable.ts';
import { demotionQuery, progressQuery, townshipBoardQuery, townshipRankingQuery } from '../../shared/analysis/ranking.ts';
import { narrativeFacts, writeNarrative, type Runner } from '../../shared/briefing/narrative.ts';
import {
  changeCount, type Comparison, comparisonState, formatChange, uncomparedNote, unitSetNote,
} from '../../shared/format.ts';
import { COMPARABLE_CSV } from '../support/comparable-county.ts';
import { both } from '../support/analysis-run.ts';

const CSV = COMPARABLE_CSV;

const Q1 = { year: 2024, quarter: 1 };
const Q2 = { year: 2024, quarter: 2 };
const Q3 = { year: 2024, quarter: 3 };
const Q4 = { year: 2024, quarter: 4 };
const Y2023 = { year: 2023, quarter: null };
const ALL = { townships: [], kind: null };

let db: Database;
let run: Runner;

beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'd1', name: '测试', source: 'comparable.csv', is_sample: false }, CSV);
  run = (q) => runAnalysis(db, q);
});
afterAll(async () => db?.close());

const comparison = (period: typeof Q1 | typeof Y2023, versus?: typeof Q1) =>
  both(db, (source) => comparisonQuery({ period, versus, source }));

describe('how many units can be compared', () => {
  it('counts units rated in both periods, new units and units gone, from the summaries and the raw rows alike', async () => {
    expect(await comparison(Q1)).toEqual({ period: '2024Q1', versus: '2023Q4', units: 4, comparable: 0, prevUnits: 0, gone: 0 });
    // Q2: a b rated in Q1; e f new; c d gone.
    expect(await comparison(Q2)).toMatchObject({ units: 4, comparable: 2, prevUnits: 4, gone: 2 });
    // Q3: c was last rated in Q1, so only a b e f compare with Q2.
    expect(await comparison(Q3)).toMatchObject({ units: 5, comparable: 4, prevUnits: 4, gone: 0 });
    // Q4: no id of Q3 appears again.
    expect(await comparison(Q4)).toMatchObject({ units: 3, comparable: 0, prevUnits: 5, gone: 5 });
    // 2023 vs 2022: a in both; g new; b gone.
    expect(await comparison(Y2023)).toEqual({ period: '2023', versus: '2022', units: 2, comparable: 1, prevUnits: 2, gone: 1 });
    // Over a span: Q3 vs Q1 pairs a b c; e f are new; d is gone.
    expect(await comparison(Q3, Q1)).toMatchObject({ versus: '2024Q1', units: 5, comparable: 3, prevUnits: 4, gone: 1 });
  });

  it('follows the scope', async () => {
    const town = await both(db, (source) => comparisonQuery({ period: Q2, scope: { townships: ['乙镇'] }, source }));
    // 乙镇 Q2: f (new); Q1: c d, both gone.
    expect(town).toMatchObject({ units: 1, comparable: 0, prevUnits: 2, gone: 2 });
  });
});

describe('the words for a change that cannot be computed', () => {
  const c = (units: number, comparable: number, prevUnits: number, gone: number): Comparison => ({ units, comparable, prevUnits, gone });

  it('a count of changes is 无可比数据 when no unit compares, never 0个', () => {
    expect(changeCount(0, c(3, 0, 0, 0))).toBe('无可比数据（无上期数据）');
    expect(changeCount(0, c(3, 0, 5, 5))).toBe('无可比数据');
    expect(changeCount(0, c(4, 2, 4, 2))).toBe('0个');
    expect(changeCount(1, c(4, 2, 4, 2))).toBe('1个');
    expect(comparisonState(c(4, 4, 4, 0))).toBe('full');
  });

  it('says how many units were left out, and why the two periods differ', () => {
    expect(uncomparedNote(c(4, 2, 4, 2))).toBe('另有2个单位上季度无评定记录，未参与比较');
    expect(uncomparedNote(c(3, 0, 5, 5))).toBe('本期3个单位上季度均无评定记录');
    expect(uncomparedNote(c(2, 1, 2, 1), '上年度')).toBe('另有1个单位上年度无评定记录，未参与比较');
    expect(uncomparedNote(c(4, 4, 4, 0))).toBe('');
    expect(unitSetNote(c(4, 2, 4, 2))).toBe('两期参评单位不完全相同：本期有2个单位上季度无评定记录，上季度有2个单位本期无评定记录');
    expect(unitSetNote(c(4, 4, 5, 1))).toBe('两期参评单位不完全相同：上季度有1个单位本期无评定记录');
    expect(unitSetNote(c(3, 0, 5, 5))).toBe('两期参评单位完全不同，本期3个单位上季度均无评定记录');
    expect(unitSetNote(c(4, 4, 4, 0))).toBe('');
  });

  it('a delta without a previous value reads 无可比数据, not a dash or a zero', () => {
    expect(formatChange('count', 5, null)).toEqual({ trend: 'none', short: '无可比数据', sentence: '无可比数据（无上期数据）', bare: '无可比数据' });
    expect(formatChange('percent', 0.5, null).short).toBe('无可比数据');
  });
});

describe('the narrative never states a false zero change', () => {
  const text = async (period: typeof Q1 | typeof Y2023) => {
    const f = await narrativeFacts(run, period, ALL);
    return { f, paragraphs: writeNarrative(f).split('\n\n') };
  };

  it('first quarter of data: 无可比数据, and nothing about rises or falls', async () => {
    const { f, paragraphs } = await text(Q1);
    // Q1: a 3, b 2, c 1, d 2 → 1 of 4 at ≥ 3.
    expect(paragraphs[0]).toBe(`截至2024年第一季度，${f.scopeName}共有参评单位4个，其中“五星”支部0个、“四星”支部0个、“三星”支部1个，三星以上占比25.0%，无可比数据（2023年第四季度无评定数据）。`);
    expect(paragraphs.join('')).not.toMatch(/没有单位|升星|摘星/);
  });

  it('half the units new: the changes are over the two comparable units, and the rest are counted', async () => {
    const { f, paragraphs } = await text(Q2);
    expect(f).toMatchObject({ unitsUp: 1, comparison: { units: 4, comparable: 2, prevUnits: 4, gone: 2 } });
    // Q2: a 4, e 3 → 2 of 4 = 50.0%; Q1: a 3 → 1 of 4 = 25.0%.
    expect(paragraphs[0]).toBe(`截至2024年第二季度，${f.scopeName}共有参评单位4个，其中“五星”支部0个、“四星”支部1个、“三星”支部1个，三星以上占比50.0%，较上季度提高25.0个百分点（两期参评单位不完全相同：本期有2个单位上季度无评定记录，上季度有2个单位本期无评定记录）。`);
    // a 3→4 rose; b 2→1 lost 生态宜居星; e and f are new and take no part.
    expect(paragraphs[1]).toBe(`与上季度相比，${f.scopeName}共有1个单位星级提升、1个单位被摘星；甲镇升星最多（1个）。另有2个单位上季度无评定记录，未参与比较。`);
    expect(paragraphs[3]).toBe('被摘星的单位有：二村（甲镇，摘除生态宜居星），需重点关注、督促整改。');
  });

  it('a unit missing in the middle quarter is not compared with an older rating', async () => {
    const { f, paragraphs } = await text(Q3);
    // c went 1 → 2 from Q1 to Q3, but has no Q2 rating: not a rise of this quarter.
    expect(f.unitsUp).toBe(0);
    // Q3: a 4, e 3 → 2 of 5 = 40.0%; Q2 50.0%.
    expect(paragraphs[0]).toContain('三星以上占比40.0%，较上季度下降10.0个百分点（两期参评单位不完全相同：本期有1个单位上季度无评定记录）。');
    // a b e f were compared and none changed: here "没有" is true.
    expect(paragraphs[1]).toBe(`与上季度相比，${f.scopeName}没有单位星级提升、没有单位被摘星。另有1个单位上季度无评定记录，未参与比较。`);
  });

  it('every unit new: the share change carries the note, rises and falls are 无可比数据', async () => {
    const { f, paragraphs } = await text(Q4);
    // Q4: p 3, q 3 → 2 of 3 = 66.7%; Q3 40.0%: 66.67 − 40.00 = 26.67 → 26.7 points.
    expect(paragraphs[0]).toContain('三星以上占比66.7%，较上季度提高26.7个百分点（两期参评单位完全不同，本期3个单位上季度均无评定记录）。');
    expect(paragraphs[1]).toBe(`与上季度相比，${f.scopeName}单位星级升降无可比数据（本期3个单位上季度均无评定记录）。`);
    expect(paragraphs.join('')).not.toMatch(/没有单位|升星|被摘星/);
  });

  it('an annual period compares with the previous year, over the units rated in both', async () => {
    const { f, paragraphs } = await text(Y2023);
    // 2023: a 3, g 1 → 50.0%; 2022: a 2, b 2 → 0.0%. a rose 2 → 3.
    expect(paragraphs[0]).toBe(`截至2023年度，${f.scopeName}共有参评单位2个，其中“五星”支部0个、“四星”支部0个、“三星”支部1个，三星以上占比50.0%，较上年度提高50.0个百分点（两期参评单位不完全相同：本期有1个单位上年度无评定记录，上年度有1个单位本期无评定记录）。`);
    expect(paragraphs[1]).toBe(`与上年度相比，${f.scopeName}共有1个单位星级提升、没有单位被摘星。另有1个单位上年度无评定记录，未参与比较。`);
  });
});

describe('rankings by a change', () => {
  it('a township with no comparable unit has no value (无可比数据), not 0, and ranks last', async () => {
    const up = await both(db, (source) => townshipRankingQuery({ period: Q2, measure: { kind: 'unitsUp' }, source }));
    // 甲镇: a b compared (a rose), e new; 乙镇: only f, new.
    expect(up.rows.map((r) => [r.township, r.rank, r.value, r.units, r.comparable])).toEqual([
      ['甲镇', 1, 1, 3, 2], ['乙镇', 2, null, 1, 0],
    ]);
    // Fewest stars lost is best: 乙镇 lost none of nothing and must not top the list.
    const lost = await both(db, (source) => townshipRankingQuery({ period: Q2, measure: { kind: 'starsLost' }, source }));
    expect(lost.rows.map((r) => [r.township, r.rank, r.value])).toEqual([['甲镇', 1, 1], ['乙镇', 2, null]]);
    const red = await both(db, (source) => townshipBoardQuery({ period: Q2, measure: { kind: 'starsLost' }, board: 'red', n: 5, source }));
    expect(red.rows.map((r) => r.township)).toEqual(['甲镇']);
  });

  it('no township has a value when every unit is new', async () => {
    const up = await both(db, (source) => townshipRankingQuery({ period: Q4, measure: { kind: 'unitsUp' }, source }));
    // Both tie (rank 1, no value); compare in name order.
    expect(up.rows.map((r) => [r.township, r.rank, r.value, r.comparable, r.delta]).sort()).toEqual([['乙镇', 1, null, 0, null], ['甲镇', 1, null, 0, null]]);
  });

  it('the share is still ranked with its change; comparable says how many units it rests on', async () => {
    const share = await both(db, (source) => townshipRankingQuery({ period: Q2, source }));
    // 甲镇 Q2: a 4, b 1, e 3 → 2/3; Q1: a 3, b 2 → 1/2. 乙镇 Q2: f 0 → 0; Q1: c 1, d 2 → 0.
    expect(share.rows.map((r) => [r.township, r.value, r.prevValue, r.units, r.comparable])).toEqual([
      ['甲镇', 2 / 3, 1 / 2, 3, 2], ['乙镇', 0, 0, 1, 0],
    ]);
    // What the 较上季度 column's 注 says for each township.
    expect(share.rows.map((r) => townshipChangeNote({ kind: 'shareAtLeast', level: 3 }, r, '上季度'))).toEqual([
      '两期参评单位不完全相同：本期有1个单位上季度无评定记录',
      '两期参评单位完全不同，本期1个单位上季度均无评定记录',
    ]);
    const up = await both(db, (source) => townshipRankingQuery({ period: Q2, measure: { kind: 'unitsUp' }, source }));
    expect(up.rows.map((r) => townshipChangeNote({ kind: 'unitsUp' }, r, '上季度'))).toEqual([
      '另有1个单位上季度无评定记录，未参与比较',
      '本期1个单位上季度均无评定记录',
    ]);
    // Q3: 甲镇's a b e all compare with Q2.
    const q3 = await both(db, (source) => townshipRankingQuery({ period: Q3, source }));
    expect(q3.rows.map((r) => [r.township, townshipChangeNote({ kind: 'shareAtLeast', level: 3 }, r, '上季度')])).toEqual([
      ['甲镇', ''], ['乙镇', '两期参评单位不完全相同：本期有1个单位上季度无评定记录'],
    ]);
  });

  it('进步星 and 降星 lists hold only units rated in both periods', async () => {
    expect((await both(db, (source) => progressQuery({ from: Q2, to: Q3, source }))).rows).toEqual([]);
    // Q1 → Q3: a 3→4 and c 1→2 rose (c skipped Q2, but is rated in both ends of the span).
    expect((await both(db, (source) => progressQuery({ from: Q1, to: Q3, source }))).rows.map((r) => r.unitId)).toEqual(['c', 'a']);
    expect((await both(db, (source) => demotionQuery({ period: Q4, source }))).rows).toEqual([]);
  });
});
