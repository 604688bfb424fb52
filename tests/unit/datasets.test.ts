import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import { datasetIds, findConflicts, nextDatasetId, purgeTrash, removeDataset, replacePeriods, undoRemoval } from '../../shared/datasets.ts';
import type { Database } from '../../shared/db.ts';
import { overview } from '../../shared/engine.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { SMALL_COUNTY_CSV } from '../support/small-county.ts';

let db: Database;
const Q3 = { year: 2024, quarter: 3 };
const info = (id: string) => ({ dataset_id: id, name: `数据${id}`, source: `${id}.csv`, is_sample: false });
// The same county again, but in Q3 everyone has dropped to 0 stars.
const ALL_ZERO_Q3 = SMALL_COUNTY_CSV.split('\n')
  .filter((l, i) => i === 0 || l.includes(',2024,3,'))
  .map((l, i) => (i === 0 ? l : l.replace(/true/g, 'false').replace(/,2024,3,([^,]*,){8}(\d)/, (m) => m.replace(/\d$/, '0'))))
  .join('\n');

beforeEach(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, info('d1'), SMALL_COUNTY_CSV);
});
afterEach(async () => db?.close());

describe('datasets in a workspace', () => {
  it('finds which datasets already hold the periods of a new import', async () => {
    expect(await findConflicts(db, ['2024Q3', '2025Q1'])).toEqual([{ dataset_id: 'd1', name: '数据d1', periods: ['2024Q3'], rows: 5 }]);
    expect(await findConflicts(db, ['2023Q1'])).toEqual([]);
  });

  it('counts a unit once when two datasets rate the same period: the later import wins', async () => {
    expect((await overview(db, Q3)).current!.n3plus).toBe(3);
    await loadNormalizedCsv(db, info('d2'), ALL_ZERO_Q3);
    const o = await overview(db, Q3);
    expect(o.current!.units).toBe(5);
    expect(o.current!.levels[0]).toBe(5);
    // Q2 only exists in d1 and is untouched.
    expect(o.before!.units).toBe(4);
  });

  it('replaces periods explicitly and undoes the replacement', async () => {
    await loadNormalizedCsv(db, info('d2'), ALL_ZERO_Q3);
    const removal = await replacePeriods(db, 'd2', ['2024Q3']);
    expect(await findConflicts(db, ['2024Q3'], 'd2')).toEqual([]);
    expect((await overview(db, Q3)).current!.levels[0]).toBe(5);
    await removeDataset(db, 'd2');
    // With d2 gone and d1's Q3 rows in the trash, Q3 is empty.
    expect((await overview(db, Q3)).current).toBeNull();
    await undoRemoval(db, removal!);
    expect((await overview(db, Q3)).current!.n3plus).toBe(3);
  });

  it('removes a dataset and undoes the removal, until the trash is purged', async () => {
    const id = await removeDataset(db, 'd1');
    expect(await datasetIds(db)).toEqual([]);
    expect((await overview(db, Q3)).current).toBeNull();
    await undoRemoval(db, id);
    expect(await datasetIds(db)).toEqual(['d1']);
    expect((await overview(db, Q3)).current!.units).toBe(5);
    const again = await removeDataset(db, 'd1');
    await purgeTrash(db);
    await undoRemoval(db, again);
    expect(await datasetIds(db)).toEqual([]);
  });

  it('never reuses a dataset id, even of a removed dataset', async () => {
    expect(await nextDatasetId(db)).toBe('d2');
    await loadNormalizedCsv(db, info('d2'), ALL_ZERO_Q3);
    await removeDataset(db, 'd2');
    expect(await nextDatasetId(db)).toBe('d3');
  });
});
