/**
 * 对比's preselected units (firstUnitsQuery, moved from the renderer into shared/analysis/compare.ts):
 * units rated in the period within the scope, villages first, then by township, name and id.
 * Townships and names sort by code point: 东 < 城 < 河, 李 < 王, 赵 < 陈, 和 < 幸, 刘 < 张.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { runAnalysis } from '../../shared/engine/index.ts';
import { firstUnitsQuery } from '../../shared/analysis/compare.ts';
import { parsePeriodKey } from '../../shared/period.ts';
import { ANALYSIS_COUNTY_CSV, CHENGGUAN, COUNTY_A, COUNTY_B, DONGHU, Q3, Q4 } from '../support/analysis-county.ts';

let db: Database;
const ids = async (...args: Parameters<typeof firstUnitsQuery>) => (await runAnalysis(db, firstUnitsQuery(...args))).map((u) => u.unitId);

beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'd1', name: '测试', source: 'analysis.csv', is_sample: false }, ANALYSIS_COUNTY_CSV);
});
afterAll(async () => db?.close());

describe('the units 对比 preselects', () => {
  const q3 = parsePeriodKey(Q3)!;
  const q4 = parsePeriodKey(Q4)!;

  it('takes the first two rated in the period: villages first, by township and name', async () => {
    expect(await runAnalysis(db, firstUnitsQuery(q3, {}))).toEqual([
      { unitId: 'a2', name: '李寨村', county: COUNTY_A, township: CHENGGUAN, kind: 'village' },
      { unitId: 'a1', name: '王庄村', county: COUNTY_A, township: CHENGGUAN, kind: 'village' },
    ]);
    // Townships in the 台账's order: 甲县城关镇 (a1 opens the file), 乙县城关镇, 东'湖乡, 河口镇.
    // a5 has no 2024Q3 rating.
    expect(await ids(q3, {}, 9)).toEqual(['a2', 'a1', 'b1', 'a4', 'b4', 'b3', 'a3', 'b2']);
    expect(await ids(q4, {}, 3)).toEqual(['a2', 'a1', 'b1']);
  });

  it('follows the scope', async () => {
    expect(await ids(q4, { kind: 'community' })).toEqual(['a3', 'b2']);
    expect(await ids(q4, { counties: [COUNTY_B] })).toEqual(['b1', 'b4']);
    expect(await ids(q4, { townships: [{ county: COUNTY_A, township: CHENGGUAN }] }, 6)).toEqual(['a2', 'a1', 'a3']);
  });
});
