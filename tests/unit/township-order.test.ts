/**
 * Issue #17: townships in the order of the first imported 台账 (城关镇 first, as the county
 * lists them), or in an order the analyst chose, in every list, table and chart — not pinyin.
 * Two years of a county: 2023 lists 城关镇, 石门乡, 东湖乡; 2024 opens with a new 白云镇 and
 * names 石门乡 石门镇 (撤乡设镇: same units). Pinyin would give 白云镇, 城关镇, 东湖乡, 石门镇.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { levelSummary, listTownships } from '../../shared/engine.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { shapePivot } from '../../shared/analysis/pivot.ts';
import { applyTownshipOrder } from '../../shared/analysis/summaries.ts';
import { runAnalysis } from '../../shared/engine/index.ts';
import type { AnalysisQuery } from '../../shared/analysis/common.ts';
import { NORMALIZED_CSV_COLUMNS } from '../../shared/sql/schema.ts';
import { resolvePivot } from '../../shared/views/pivot.ts';
import { resolveTrend } from '../../shared/views/trends.ts';
import { resolveRanking } from '../../shared/views/ranking.ts';

const COLS = Object.keys(NORMALIZED_CSV_COLUMNS);
function row(id: string, township: string, year: number, level: number): string {
  const v: Record<string, string | number> = {
    unit_id: id, county: '顺序县', township, name: `${id}村`, kind: 'village', year, quarter: 4, level, target_level: '',
    weak_branch: '', collective_income: '', score: '',
  };
  ['branch', 'industry', 'ecology', 'safety', 'civility'].forEach((s, i) => { v[s] = String(i < level); });
  for (const s of ['cobuild', 'harmony', 'business']) v[s] = '';
  return COLS.map((c) => v[c]).join(',');
}
const csv = (rows: string[]) => [COLS.join(','), ...rows].join('\n') + '\n';
const Y2023 = csv([row('c1', '城关镇', 2023, 3), row('c2', '城关镇', 2023, 1), row('s1', '石门乡', 2023, 2), row('d1', '东湖乡', 2023, 4)]);
const Y2024 = csv([row('b1', '白云镇', 2024, 5), row('d1', '东湖乡', 2024, 4), row('c1', '城关镇', 2024, 3), row('c2', '城关镇', 2024, 2),
  row('s1', '石门镇', 2024, 3)]);
const FIRST_TAIZHANG = ['城关镇', '石门镇', '东湖乡', '白云镇'];

let db: Database;
beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'y2023', name: '2023年台账', source: '2023.csv', is_sample: false }, Y2023);
  await loadNormalizedCsv(db, { dataset_id: 'y2024', name: '2024年台账', source: '2024.csv', is_sample: false }, Y2024);
});
afterAll(async () => db?.close());

const run = <T,>(q: AnalysisQuery<T>) => runAnalysis(db, q);
const Q4 = { year: 2024, quarter: 4 } as const;
const ALL = { townships: [], kind: null };

async function ordersEverywhere(): Promise<Record<string, string[]>> {
  const pivot = shapePivot(await run(resolvePivot({ rows: ['township'], columns: [], measures: [{ kind: 'units' }] }, { ...ALL, period: Q4 })));
  const trend = await run(resolveTrend({ panel: 'share', cadence: 'year' }, ALL));
  return {
    list: (await listTownships(db)).map((t) => t.township),
    levelTable: (await levelSummary(db, Q4, 'township')).rows.map((r) => String(r.township)),
    pivot: pivot.rows.filter((r) => r.kind === 'cell').map((r) => r.labels[0]),
    trendLines: trend.townships.map((t) => t.township),
  };
}

describe('township order', () => {
  it('follows the first imported 台账 in the filter list, the level table, the pivot and the trend lines', async () => {
    const o = await ordersEverywhere();
    for (const [where, names] of Object.entries(o)) expect(names, where).toEqual(FIRST_TAIZHANG);
    // A ranking still ranks by value: 石门镇, 东湖乡 and 白云镇 tie at 100% 三星以上 (listed in the
    // township order), 城关镇 (1 of 2) comes last.
    const ranking = await run(resolveRanking({ measure: { kind: 'shareAtLeast', level: 3 } }, { ...ALL, period: Q4 })!);
    expect(ranking.rows.map((r) => r.township)).toEqual(['石门镇', '东湖乡', '白云镇', '城关镇']);
  });

  it('takes the analyst\'s order (the rest by the 台账), and goes back to the 台账 when the order is cleared', async () => {
    await applyTownshipOrder(db, [{ county: '顺序县', township: '东湖乡' }, { county: '顺序县', township: '白云镇' }, { county: '顺序县', township: '已撤并镇' }]);
    const chosen = ['东湖乡', '白云镇', '城关镇', '石门镇'];
    for (const [where, names] of Object.entries(await ordersEverywhere())) expect(names, where).toEqual(chosen);
    await applyTownshipOrder(db, []);
    for (const [where, names] of Object.entries(await ordersEverywhere())) expect(names, where).toEqual(FIRST_TAIZHANG);
  });
});
