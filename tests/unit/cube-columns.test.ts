/**
 * The summary tables hold exactly the measure columns of the typed contract
 * (shared/analysis/cube-columns.ts) that the measure catalog reads: a column renamed or
 * dropped in the summary builder fails here, not as a silently empty measure.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import { ADDITIVE_COLUMNS, TOWN_COLUMNS, TOWNSHIP_COLUMNS } from '../../shared/analysis/cube-columns.ts';
import type { Database } from '../../shared/db.ts';
import { loadSample } from '../support/workspace-county.ts';

let db: Database;
beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadSample(db);
});

async function columnsOf(table: string): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`);
  return rows.map((r) => String(r.column_name));
}

const GRAIN = ['county', 'township', 'kind', 'year', 'quarter', 'pk', 'yv', 'trank', 'level', 'target_level', 'weak_branch'];
const measureColumns = async (table: string) => (await columnsOf(table)).filter((c) => !GRAIN.includes(c)).sort();

describe('summary tables against the column contract', () => {
  it('cube_township has every township column and nothing else', async () => {
    expect(await measureColumns('cube_township')).toEqual([...TOWNSHIP_COLUMNS].sort());
  });
  it('cube_kind_town and cube_town have the town columns (no yearly ones, with app_{star})', async () => {
    expect(await measureColumns('cube_kind_town')).toEqual([...TOWN_COLUMNS].sort());
    expect(await measureColumns('cube_town')).toEqual([...TOWN_COLUMNS].sort());
  });
  it('cube_level has the additive columns', async () => {
    expect(await measureColumns('cube_level')).toEqual([...ADDITIVE_COLUMNS].sort());
  });
});
