import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { gridCountSql, gridPageSql, type GridQuery } from '../../shared/sql/grid.ts';
import { SMALL_COUNTY_CSV, TOWNSHIP_A } from '../support/small-county.ts';

let db: Database;
beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'small', name: '测试', source: 'small.csv', is_sample: false }, SMALL_COUNTY_CSV);
});
afterAll(async () => db?.close());

const base: GridQuery = {
  filter: { period: { year: 2024, quarter: 3 }, townships: [], kind: null },
  allPeriods: false,
  filterModel: {},
  sortModel: [],
};
const names = async (q: GridQuery, start = 0, end = 100) =>
  (await db.query<{ name: string }>(gridPageSql(q, start, end))).map((r) => r.name);

describe('grid pages', () => {
  it('shows the selected period, or every period', async () => {
    expect(await db.query(gridCountSql(base))).toEqual([{ n: 5 }]);
    expect(await db.query(gridCountSql({ ...base, allPeriods: true }))).toEqual([{ n: 9 }]);
  });

  it('sorts by level descending, then by township and name', async () => {
    expect(await names({ ...base, sortModel: [{ colId: 'level', sort: 'desc' }] })).toEqual(['一村', '五村', '二村', '三社区', '四村']);
  });

  it('pages with start and end', async () => {
    expect(await names({ ...base, sortModel: [{ colId: 'level', sort: 'desc' }] }, 1, 3)).toEqual(['五村', '二村']);
  });

  it('applies text and number filters, combined with AND/OR', async () => {
    expect(await names({ ...base, filterModel: { township: { filterType: 'text', type: 'contains', filter: "'湖" } } })).toHaveLength(3);
    expect(await names({ ...base, filterModel: { level: { filterType: 'number', type: 'greaterThanOrEqual', filter: 4 } } })).toEqual(['一村', '五村']);
    const either = { filterType: 'number' as const, operator: 'OR' as const, conditions: [
      { filterType: 'number' as const, type: 'equals', filter: 0 }, { filterType: 'number' as const, type: 'equals', filter: 5 }] };
    expect((await names({ ...base, filterModel: { level: either } })).sort()).toEqual(['一村', '四村']);
    expect(await names({ ...base, filterModel: { name: { filterType: 'text', type: 'startsWith', filter: '三' } } })).toEqual(['三社区']);
  });

  it('keeps hostile filter text as data and refuses unknown columns', async () => {
    const q = { ...base, filterModel: { name: { filterType: 'text' as const, type: 'contains', filter: "x'); DROP TABLE ratings; --" } } };
    expect(await names(q)).toEqual([]);
    expect(await db.query(gridCountSql({ ...base, allPeriods: true }))).toEqual([{ n: 9 }]);
    expect(() => gridPageSql({ ...base, sortModel: [{ colId: 'level; DROP TABLE x', sort: 'asc' }] }, 0, 10)).toThrow('未知的列');
  });

  it('follows the township scope', async () => {
    expect(await db.query(gridCountSql({ ...base, filter: { ...base.filter, townships: [TOWNSHIP_A] } }))).toEqual([{ n: 3 }]);
  });
});
