import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { removeDataset } from '../../shared/datasets.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { NORMALIZED_CSV_COLUMNS } from '../../shared/sql/schema.ts';
import { ANALYSIS_COUNTY_CSV } from '../support/analysis-county.ts';

let db: Database;

beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'd1', name: '测试', source: 'analysis.csv', is_sample: false }, ANALYSIS_COUNTY_CSV);
});
afterAll(async () => db?.close());

const unitPeriod = async (unit: string, pk: number) =>
  (await db.query(`SELECT * EXCLUDE (county, township, name, kind) FROM unit_periods WHERE unit_id = '${unit}' AND pk = ${pk}`))[0];

describe('unit_periods', () => {
  it('has one row per live rating', async () => {
    // 4 (2023Q4) + 1 (2023 annual) + 8 (2024Q3) + 9 (2024Q4) = 22
    expect(Number((await db.query('SELECT count(*) AS n FROM unit_periods'))[0].n)).toBe(22);
  });

  it('keeps the previous level and the stars gained and lost as bit masks', async () => {
    // a1 2024Q4 holds B I E S C = 1+2+4+8+16 = 31; in 2024Q3 I E S C = 30: gained branch (1), lost none.
    // Its year value compares with the 2023 annual rating (I E S = 14): gained B and C = 1 + 16 = 17.
    expect(await unitPeriod('a1', 20244)).toMatchObject({
      year: 2024, quarter: 4, mask: 31, level: 5, prev_level: 4, prev_mask: 30, gained: 1, lost: 0,
      yv: true, yprev_level: 3, yprev_mask: 14, ygained: 17, ylost: 0,
    });
    // a2 2024Q4: S C (24) after E S C (28): lost ecology (4).
    expect(await unitPeriod('a2', 20244)).toMatchObject({ mask: 24, prev_level: 3, gained: 0, lost: 4 });
  });

  it('leaves the previous rating NULL where the unit has none', async () => {
    // a5 has no 2024Q3 rating; nobody has 2024Q2.
    expect(await unitPeriod('a5', 20244)).toMatchObject({ prev_level: null, prev_mask: null, gained: null, lost: null });
    expect(await unitPeriod('a2', 20243)).toMatchObject({ prev_level: null, gained: null });
  });

  it('takes the annual rating as the year value, else Q4', async () => {
    expect(await unitPeriod('a1', 20235)).toMatchObject({ quarter: null, yv: true, level: 3 });
    expect(await unitPeriod('a1', 20234)).toMatchObject({ quarter: 4, yv: false });
    expect(await unitPeriod('a2', 20234)).toMatchObject({ quarter: 4, yv: true });
    // Q3 ratings are never year values.
    expect(await unitPeriod('a1', 20243)).toMatchObject({ yv: false, yprev_level: null });
  });
});

describe('cubes', () => {
  it('group by county and township, so the two 城关镇 stay apart', async () => {
    const rows = await db.query(`SELECT county, township, sum(n)::INTEGER AS n FROM cube_township WHERE pk = 20244
      GROUP BY ALL ORDER BY county, township`);
    expect(rows).toEqual([
      { county: '乙县', township: '城关镇', n: 2 },
      { county: '乙县', township: '河口镇', n: 2 },
      { county: '甲县', township: "东'湖乡", n: 2 },
      { county: '甲县', township: '城关镇', n: 3 },
    ]);
  });

  it('count units per level as columns and sum the additive measures', async () => {
    // 甲县城关镇 villages in 2024Q4: a1 level 5, a2 level 2; gained 1 (a1 B), lost 1 (a2 E);
    // income 20 + 8 = 28; target met: a1 (5 ≥ 5) only.
    const [r] = await db.query(`SELECT n0, n1, n2, n3, n4, n5, level_sum, gained, lost, up, down, income_sum, met, targeted,
        earn_civility, gain_branch, lose_ecology
      FROM cube_township WHERE pk = 20244 AND county = '甲县' AND township = '城关镇' AND kind = 'village'`);
    expect(r).toEqual({
      n0: 0, n1: 0, n2: 1, n3: 0, n4: 0, n5: 1, level_sum: 7, gained: 1, lost: 1, up: 1, down: 1, income_sum: 28,
      met: 1, targeted: 2, earn_civility: 2, gain_branch: 1, lose_ecology: 1,
    });
  });

  it('have one star row per applicable star', async () => {
    // 2024Q4: 7 villages × their 5 stars + 2 communities × theirs, over 8 star categories.
    const rows = await db.query(`SELECT star, sum(applicable)::INTEGER AS a, sum(earned)::INTEGER AS e FROM cube_star
      WHERE pk = 20244 GROUP BY star ORDER BY star`);
    expect(Object.fromEntries(rows.map((r) => [r.star, [r.e, r.a]]))).toEqual({
      branch: [1, 9], business: [0, 2], civility: [3, 7], cobuild: [1, 2], ecology: [4, 7], harmony: [1, 2],
      industry: [2, 7], safety: [8, 9],
    });
  });
});

describe('cube_town (kind-free, one row per township and period)', () => {
  it('has one row per county, township and period, even where Q4 rows split by yv', async () => {
    // 2023Q4 甲县城关镇: a1 (Q4 is not its year value: it has an annual rating) and a2 (it is):
    // two cube_township rows (yv false / true), one cube_town row.
    const split = await db.query(`SELECT count(*)::INTEGER AS n FROM cube_township WHERE pk = 20234 AND county = '甲县' AND township = '城关镇'`);
    expect(split[0].n).toBe(2);
    const [dup] = await db.query(`SELECT count(*)::INTEGER AS n, count(DISTINCT (county, township, pk))::INTEGER AS d FROM cube_town`);
    expect(dup.n).toBe(dup.d);
    const [r] = await db.query(`SELECT n, n1, n2, level_sum, app_industry, app_cobuild, earn_safety FROM cube_town
      WHERE pk = 20234 AND county = '甲县' AND township = '城关镇'`);
    // a1 I S (2), a2 S (1): two villages.
    expect(r).toEqual({ n: 2, n1: 1, n2: 1, level_sum: 3, app_industry: 2, app_cobuild: 0, earn_safety: 2 });
  });

  it('counts the units each star applies to by kind (app_*) and sums cube_township over kind', async () => {
    // 2024Q4 乙县城关镇: b1 village E S C (3), b2 community S (1).
    const [r] = await db.query(`SELECT n, app_industry, app_cobuild, app_branch, earn_safety, lost, income_sum FROM cube_town
      WHERE pk = 20244 AND county = '乙县' AND township = '城关镇'`);
    // b1 lost I (vs I E S C), b2 lost H (vs S H): 2; income: b1 10, b2 none.
    expect(r).toEqual({ n: 2, app_industry: 1, app_cobuild: 1, app_branch: 2, earn_safety: 2, lost: 2, income_sum: 10 });
    const cols = ['n', 'n0', 'n3', 'met', 'targeted', 'gained', 'lost', 'up', 'down', 'weak', 'level_sum', 'score_sum', 'earn_branch', 'gain_harmony'];
    const diff = await db.query(`SELECT t.county, t.township, t.pk FROM cube_town t
      JOIN (SELECT county, township, pk, ${cols.map((c) => `sum(${c}) AS ${c}`).join(', ')} FROM cube_township GROUP BY ALL) k
        USING (county, township, pk)
      WHERE ${cols.map((c) => `t.${c} IS DISTINCT FROM k.${c}`).join(' OR ')}`);
    expect(diff).toEqual([]);
  });
});

describe('cube_kind_town (one row per township, kind and period)', () => {
  it('merges the yv split of cube_township and keeps every column', async () => {
    const [dup] = await db.query(`SELECT count(*)::INTEGER AS n, count(DISTINCT (county, township, kind, pk))::INTEGER AS d FROM cube_kind_town`);
    expect(dup.n).toBe(dup.d);
    const [r] = await db.query(`SELECT n, n1, n2, app_industry, app_cobuild FROM cube_kind_town
      WHERE pk = 20234 AND county = '甲县' AND township = '城关镇' AND kind = 'village'`);
    expect(r).toEqual({ n: 2, n1: 1, n2: 1, app_industry: 2, app_cobuild: 0 });
    const cols = ['n', 'n5', 'met', 'gained', 'lost', 'weak', 'income_n', 'score_sum', 'earn_safety', 'lose_ecology'];
    const diff = await db.query(`SELECT t.county, t.township, t.kind, t.pk FROM cube_kind_town t
      FULL JOIN (SELECT county, township, kind, pk, ${cols.map((c) => `sum(${c}) AS ${c}`).join(', ')} FROM cube_township GROUP BY ALL) k
        USING (county, township, kind, pk)
      WHERE ${cols.map((c) => `t.${c} IS DISTINCT FROM k.${c}`).join(' OR ')}`);
    expect(diff).toEqual([]);
    // and cube_town is cube_kind_town over kind
    const [c] = await db.query(`SELECT (SELECT sum(n) FROM cube_town)::INTEGER AS a, (SELECT sum(n) FROM cube_kind_town)::INTEGER AS b,
      (SELECT sum(app_cobuild) FROM cube_town)::INTEGER AS ca, (SELECT sum(n) FROM cube_township WHERE kind = 'community')::INTEGER AS cb`);
    expect(c.a).toBe(c.b);
    expect(c.ca).toBe(c.cb);
  });

  it('gives every township one rank of its own (pivots group townships by it)', async () => {
    for (const cube of ['cube_kind_town', 'cube_town']) {
      const [r] = await db.query(`SELECT count(*) FILTER (WHERE trank IS NULL)::INTEGER AS missing,
        count(DISTINCT trank)::INTEGER AS ranks, count(DISTINCT (county, township))::INTEGER AS townships,
        count(DISTINCT (trank, county, township))::INTEGER AS pairs FROM ${cube}`);
      expect(r.missing).toBe(0);
      expect(r.ranks).toBe(r.townships);
      expect(r.pairs).toBe(r.townships);
    }
  });
});

describe('township_order', () => {
  it('ranks every (county, township) once, in the views\' order (pinyin, then county), and the town cubes carry it', async () => {
    const rows = await db.query(`SELECT county, township, trank FROM township_order ORDER BY trank`);
    // 城关镇 (chéng) of 甲县 (jiǎ) and 乙县 (yǐ): by county after the name; then 东'湖乡 (dōng), 河口镇 (hé).
    expect(rows).toEqual([
      { county: '甲县', township: '城关镇', trank: 1 },
      { county: '乙县', township: '城关镇', trank: 2 },
      { county: '甲县', township: "东'湖乡", trank: 3 },
      { county: '乙县', township: '河口镇', trank: 4 },
    ]);
    const [m] = await db.query(`SELECT count(*) FILTER (WHERE trank IS NULL)::INTEGER AS missing,
        count(DISTINCT (trank, county, township))::INTEGER AS pairs, count(DISTINCT trank)::INTEGER AS ranks FROM cube_town`);
    expect(m).toEqual({ missing: 0, pairs: 4, ranks: 4 });
    const [k] = await db.query(`SELECT count(*) FILTER (WHERE trank IS NULL)::INTEGER AS missing FROM cube_kind_town`);
    expect(k.missing).toBe(0);
  });
});

describe('unit ids (uid)', () => {
  it('give each unit one small integer, the same in every period', async () => {
    const rows = await db.query(`SELECT unit_id, count(DISTINCT uid)::INTEGER AS n, min(uid) AS uid FROM unit_periods GROUP BY unit_id ORDER BY unit_id`);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.uid)).size).toBe(rows.length);
  });
});

describe('refresh after dataset changes', () => {
  it('rebuilds on import and on removal', async () => {
    // A later dataset rates a1 2024Q4 with no stars: it supersedes d1's row.
    const cols = Object.keys(NORMALIZED_CSV_COLUMNS);
    const values: Record<string, string | number> = {
      unit_id: 'a1', county: '甲县', township: '城关镇', name: '王庄村', kind: 'village', year: 2024, quarter: 4,
      branch: 'false', industry: 'false', ecology: 'false', safety: 'false', civility: 'false',
      cobuild: '', harmony: '', business: '', level: 0, target_level: 5, weak_branch: 'false', collective_income: 1, score: 1,
    };
    await loadNormalizedCsv(db, { dataset_id: 'd2', name: '更正', source: 'fix.csv', is_sample: false },
      `${cols.join(',')}\n${cols.map((c) => values[c]).join(',')}\n`);
    const level = async () => (await db.query(`SELECT level, lost FROM unit_periods WHERE unit_id = 'a1' AND pk = 20244`))[0];
    const n5 = async () => Number((await db.query(`SELECT sum(n5) AS n FROM cube_township WHERE pk = 20244`))[0].n);
    // a1 was the only 五星 unit; now it lost I E S C (30) vs 2024Q3.
    expect(await level()).toEqual({ level: 0, lost: 30 });
    expect(await n5()).toBe(0);
    await removeDataset(db, 'd2');
    expect(await level()).toEqual({ level: 5, lost: 0 });
    expect(await n5()).toBe(1);
  });
});
