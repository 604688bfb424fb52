import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { levelSummary, listPeriods, listTownships, overview } from '../../shared/engine.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { SMALL_COUNTY_CSV, TOWNSHIP_A, TOWNSHIP_B } from '../support/small-county.ts';

let db: Database;
const Q3 = { year: 2024, quarter: 3 };

beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'small', name: '测试', source: 'small.csv', is_sample: false }, SMALL_COUNTY_CSV);
});
afterAll(async () => db?.close());

describe('overview measures on a hand-computed county', () => {
  it('counts units, kinds and levels for the period and the quarter before', async () => {
    const o = await overview(db, Q3);
    expect(o.previous).toEqual({ year: 2024, quarter: 2 });
    expect(o.current).toMatchObject({ units: 5, villages: 4, communities: 1, levels: [1, 0, 1, 1, 1, 1], n3plus: 3, share3plus: 0.6 });
    // v4 is missing in Q2, so Q2 has four units.
    expect(o.before).toMatchObject({ units: 4, levels: [1, 1, 0, 1, 1, 0], n3plus: 2, share3plus: 0.5 });
  });

  it('rates each star only over the units it applies to', async () => {
    const { current } = await overview(db, Q3);
    const rates = Object.fromEntries(Object.entries(current!.stars).map(([k, v]) => [k, [v.earned, v.applicable]]));
    expect(rates).toEqual({
      branch: [1, 5], industry: [2, 4], ecology: [3, 4], safety: [4, 5], civility: [3, 4],
      cobuild: [1, 1], harmony: [0, 1], business: [0, 1],
    });
  });

  it('follows the kind and township scope, including a township name with a quote', async () => {
    const villages = await overview(db, Q3, { townships: [], kind: 'village' });
    expect(villages.current).toMatchObject({ units: 4, levels: [1, 0, 0, 1, 1, 1], share3plus: 0.75 });
    expect(villages.current!.stars.cobuild).toEqual({ applicable: 0, earned: 0, rate: null });
    const a = await overview(db, Q3, { townships: [TOWNSHIP_A], kind: null });
    expect(a.current).toMatchObject({ units: 3, levels: [0, 0, 1, 1, 0, 1] });
  });

  it('returns no figures for a period without ratings', async () => {
    const o = await overview(db, { year: 2020, quarter: 1 });
    expect(o.current).toBeNull();
    expect(o.before).toBeNull();
  });
});

describe('level summary', () => {
  it('gives each township and the total with 三星以上 shares to four decimals', async () => {
    const s = await levelSummary(db, Q3, 'township');
    expect(s.period).toBe('2024Q3');
    expect(s.rows).toEqual([
      { township: TOWNSHIP_A, units: 3, levels: [0, 0, 1, 1, 0, 1], share3plus: 0.6667 },
      { township: TOWNSHIP_B, units: 2, levels: [1, 0, 0, 0, 1, 0], share3plus: 0.5 },
    ]);
    expect(s.total).toEqual({ units: 5, levels: [1, 0, 1, 1, 1, 1], share3plus: 0.6 });
  });

  it('groups by kind', async () => {
    const s = await levelSummary(db, { year: 2024, quarter: 2 }, 'kind');
    expect(s.rows).toEqual([
      { kind: 'community', units: 1, levels: [0, 0, 0, 1, 0, 0], share3plus: 1 },
      { kind: 'village', units: 3, levels: [1, 1, 0, 0, 1, 0], share3plus: 0.3333 },
    ]);
  });

  it('has an empty total when the scope matches nothing', async () => {
    const s = await levelSummary(db, Q3, 'township', { townships: ['不存在的乡'], kind: null });
    expect(s.rows).toEqual([]);
    expect(s.total.units).toBe(0);
  });
});

describe('lists', () => {
  it('lists periods in order and townships with unit counts', async () => {
    expect(await listPeriods(db)).toEqual([{ year: 2024, quarter: 2 }, { year: 2024, quarter: 3 }]);
    expect(await listTownships(db)).toEqual([{ township: TOWNSHIP_A, units: 3 }, { township: TOWNSHIP_B, units: 2 }]);
  });
});
