import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import { runAnalysis } from '../../shared/engine/index.ts';
import { unitSearchQuery } from '../../shared/analysis/search.ts';
import type { Database } from '../../shared/db.ts';
import { removeDataset, undoRemoval } from '../../shared/datasets.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { SMALL_COUNTY_CSV } from '../support/small-county.ts';

let db: Database;
beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'd1', name: '测试', source: 'small.csv', is_sample: false }, SMALL_COUNTY_CSV);
});
afterAll(async () => db?.close());

const names = async (text: string) => (await runAnalysis(db, unitSearchQuery(text, { initials: true }))).map((h) => [h.name, h.match]);

describe('unit search by pinyin initials', () => {
  it('finds 三社区 by "ssq" and 二村 by "ec", and still by name', async () => {
    expect(await names('ssq')).toEqual([['三社区', 'initials']]);
    expect(await names('ec')).toEqual([['二村', 'initials']]);
    expect(await names('五')).toEqual([['五村', 'name']]);
  });

  it('follows dataset changes: removed units are not found, undo brings them back', async () => {
    const removal = await removeDataset(db, 'd1');
    expect(await names('ssq')).toEqual([]);
    await undoRemoval(db, removal);
    expect(await names('ssq')).toEqual([['三社区', 'initials']]);
  });
});
