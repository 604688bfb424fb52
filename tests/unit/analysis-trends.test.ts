import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import {
  heatmapQuery, levelDistributionQuery, shareTrendQuery, starRateTrendQuery,
} from '../../shared/analysis/trends.ts';
import { ANALYSIS_COUNTY_CSV, COUNTY_A, COUNTY_B, CHENGGUAN, DONGHU, HEKOU } from '../support/analysis-county.ts';
import { both } from '../support/analysis-run.ts';

let db: Database;

beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'd1', name: '测试', source: 'analysis.csv', is_sample: false }, ANALYSIS_COUNTY_CSV);
});
afterAll(async () => db?.close());

describe('三星以上 share per township (lines)', () => {
  it('has a line per township (county and name) and one for the whole scope, null where not rated', async () => {
    const t = await both(db, (source) => shareTrendQuery({ source }));
    expect(t.periods).toEqual(['2023Q4', '2024Q3', '2024Q4']);
    expect(t.labels).toEqual(['23Q4', '24Q3', '24Q4']);
    expect(t.townships).toEqual([
      // 2023Q4 a1 2, a2 1 → 0/2; 2024Q3 a1 4, a2 3, a3 2 → 2/3; 2024Q4 a1 5, a2 2, a3 3 → 2/3.
      { county: COUNTY_A, township: CHENGGUAN, values: [0, 2 / 3, 2 / 3], units: [2, 3, 3] },
      // 2023Q4 b1 3, b2 2; 2024Q3 b1 4, b2 2; 2024Q4 b1 3, b2 1 → 1/2 each time.
      { county: COUNTY_B, township: CHENGGUAN, values: [1 / 2, 1 / 2, 1 / 2], units: [2, 2, 2] },
      // not rated in 2023Q4; 2024Q3 only a4 (2) — a5 is missing; 2024Q4 a4 3, a5 1.
      { county: COUNTY_A, township: DONGHU, values: [null, 0, 1 / 2], units: [null, 1, 2] },
      { county: COUNTY_B, township: HEKOU, values: [null, 0, 0], units: [null, 2, 2] },
    ]);
    // 2023Q4 1 of 4 (b1); 2024Q3 a1 a2 b1 of 8; 2024Q4 4 of 9.
    expect(t.total).toEqual({ values: [1 / 4, 3 / 8, 4 / 9], units: [4, 8, 9] });
  });

  it('follows the scope and the level', async () => {
    const t = await both(db, (source) => shareTrendQuery({ source, level: 4, scope: { counties: [COUNTY_B] }, from: '2024Q3' }));
    expect(t.periods).toEqual(['2024Q3', '2024Q4']);
    // ≥ 4 stars: 2024Q3 b1 (4) of 乙县城关镇's 2; nobody in 2024Q4.
    expect(t.townships.map((x) => [x.township, x.values])).toEqual([[CHENGGUAN, [1 / 2, 0]], [HEKOU, [0, 0]]]);
  });

  it('is empty when nothing matches', async () => {
    const t = await both(db, (source) => shareTrendQuery({ source, scope: { townships: ['不存在的乡'] } }));
    expect(t).toMatchObject({ periods: [], townships: [], total: { values: [], units: [] } });
  });
});

describe('level distribution per period (stacked bars)', () => {
  it('counts units per level for each quarter', async () => {
    const d = await both(db, (source) => levelDistributionQuery({ source }));
    expect(d.periods).toEqual(['2023Q4', '2024Q3', '2024Q4']);
    // 2023Q4: a2 1 | a1 b2 2 | b1 3.  2024Q3: b4 1 | a3 a4 b2 b3 2 | a2 3 | a1 b1 4.  2024Q4: see the pivot test.
    expect(d.levels.map((l) => [l.name, l.values])).toEqual([
      ['无星', [0, 0, 1]], ['一星', [1, 1, 2]], ['二星', [2, 4, 2]], ['三星', [1, 1, 3]], ['四星', [0, 2, 0]], ['五星', [0, 0, 1]],
    ]);
    expect(d.units).toEqual([4, 8, 9]);
  });

  it('by year uses the annual rating, else Q4', async () => {
    const d = await both(db, (source) => levelDistributionQuery({ source, cadence: 'year' }));
    expect(d.periods).toEqual(['2023', '2024']);
    expect(d.labels).toEqual(['23年', '24年']);
    // 2023: a1 annual 3 (not its Q4 2), a2 1, b1 3, b2 2.
    expect(d.levels.map((l) => l.values)).toEqual([[0, 1], [1, 2], [1, 2], [2, 3], [0, 0], [0, 1]]);
  });
});

describe('per-star achievement rate per period', () => {
  it('for communities: only community stars, rated over communities', async () => {
    const t = await both(db, (source) => starRateTrendQuery({ source, scope: { kind: 'community' } }));
    expect(t.stars.map((s) => [s.name, s.values])).toEqual([
      // 2023Q4: b2 S J.  2024Q3: a3 S J, b2 S H.  2024Q4: a3 S J H, b2 S.
      ['支部过硬星', [0, 0, 0]],
      ['平安法治星', [1, 1, 1]],
      ['共建共享星', [1, 1 / 2, 1 / 2]],
      ['幸福和谐星', [0, 1 / 2, 1 / 2]],
      ['宜业兴业星', [0, 0, 0]],
    ]);
  });

  it('all eight stars when kinds are mixed; null where no unit in scope has the star', async () => {
    const t = await both(db, (source) => starRateTrendQuery({ source, scope: { townships: [DONGHU] } }));
    expect(t.periods).toEqual(['2024Q3', '2024Q4']);
    expect(Object.fromEntries(t.stars.map((s) => [s.star, s.values]))).toEqual({
      // a4 I S in 2024Q3; a4 I E S and a5 S in 2024Q4. No communities in 东'湖乡.
      branch: [0, 0], industry: [1, 1 / 2], ecology: [0, 1 / 2], safety: [1, 1], civility: [0, 0],
      cobuild: [null, null], harmony: [null, null], business: [null, null],
    });
  });
});

describe('township × period heatmap', () => {
  it('of units that rose a level', async () => {
    const h = await both(db, (source) => heatmapQuery({ kind: 'unitsUp' }, { source }));
    expect(h.label).toBe('升星单位数');
    expect(h.townships.map((t) => t.township)).toEqual([CHENGGUAN, CHENGGUAN, DONGHU, HEKOU]);
    // Only 2024Q4 has a previous quarter: a1 and a3 rose (甲县城关镇), a4 (东'湖乡). Before
    // it no unit compares: NULL (无可比数据), not 0.
    expect(h.values).toEqual([[null, null, 2], [null, null, 0], [null, null, 1], [null, null, 0]]);
    expect([h.min, h.max]).toEqual([0, 2]);
    // Units rated, and units also rated the quarter before (a5 has no 2024Q3).
    expect(h.comparison).toEqual({
      units: [[2, 3, 3], [2, 2, 2], [null, 1, 2], [null, 2, 2]],
      comparable: [[0, 0, 3], [0, 0, 2], [null, 0, 1], [null, 0, 2]],
      against: '上季度',
    });
  });

  it('by year of the 三星以上 share', async () => {
    const h = await both(db, (source) => heatmapQuery(undefined, { source, cadence: 'year' }));
    expect(h.periods).toEqual(['2023', '2024']);
    // 2023: 甲县城关镇 a1 3 (annual), a2 1 → 1/2; 乙县城关镇 b1 3, b2 2 → 1/2.
    expect(h.values).toEqual([[1 / 2, 2 / 3], [1 / 2, 1 / 2], [null, 1 / 2], [null, 0]]);
  });

  it('refuses the six-column levels measure', () => {
    expect(() => heatmapQuery({ kind: 'levels' })).toThrow(/单一数值/);
  });
});
