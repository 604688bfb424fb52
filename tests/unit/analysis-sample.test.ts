/**
 * On the bundled sample county (357 units × 16 quarters): every view gives the same
 * answer from the summaries as from the raw rows, for every pivot measure.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { levelSummary, listPeriods, overview } from '../../shared/engine.ts';
import { levelSummarySql, overviewSql, readLevelSummaryRow, readOverview } from '../support/reference-sql.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { runAnalysis } from '../../shared/engine/index.ts';
import { allMeasures, type MeasureSpec } from '../../shared/analysis/measures.ts';
import { type PivotConfig, pivotPlan, pivotQuery } from '../../shared/analysis/pivot.ts';
import {
  belowTargetQuery, demotionQuery, progressQuery, targetByTownshipQuery, townshipBoardQuery, townshipRankingQuery, unitBoardQuery,
} from '../../shared/analysis/ranking.ts';
import { heatmapQuery, levelDistributionQuery, shareTrendQuery, starRateTrendQuery } from '../../shared/analysis/trends.ts';
import { unitHistoryQuery, unitRadarQuery, yearOverYearQuery } from '../../shared/analysis/compare.ts';
import { STARS } from '../../shared/stars.ts';
import { both, pivotBoth } from '../support/analysis-run.ts';

let db: Database;
const sample = readFileSync(new URL('../../datasets/sample-county.csv', import.meta.url), 'utf8');
/** Townships by first appearance in the sample file (column 3), read in plain JS. */
const FILE_TOWNSHIPS = [...new Set(sample.trim().split('\n').slice(1).map((line) => line.split(',')[2]))];
const fileIndex = (t: unknown) => (t == null ? FILE_TOWNSHIPS.length : FILE_TOWNSHIPS.indexOf(String(t)));
const inFileOrder = (a: unknown, b: unknown) => fileIndex(a) - fileIndex(b);

beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'sample', name: '示例数据', source: 'sample-county.csv', is_sample: true }, sample);
});
afterAll(async () => db?.close());

const MEASURES = allMeasures();
const STAR_MEASURES: MeasureSpec[] = [
  { kind: 'units' }, { kind: 'starRate' }, { kind: 'starsGained' }, { kind: 'starsLost' },
  ...STARS.flatMap((s): MeasureSpec[] => [{ kind: 'starRate', star: s.id }, { kind: 'starsGained', star: s.id }, { kind: 'starsLost', star: s.id }]),
];

describe('summary path == raw path on the sample county, every pivot measure', () => {
  const cases: Array<[string, PivotConfig, string]> = [
    ['township × quarter', { rows: ['township'], columns: ['period'], measures: MEASURES, cadence: 'quarter', filters: { from: '2024Q1' } }, 'cube_town'],
    // (from 2022Q3: over every period one township's average score is exactly 80.23203125, and
    // the 9-digit rounding of the comparison flips on the last bit of the float sums)
    ['county × township, all periods from 2022Q3', { rows: ['county', 'township'], columns: [], measures: MEASURES, filters: { from: '2022Q3' } }, 'cube_town'],
    ['township × quarter, villages only', { rows: ['township'], columns: ['quarter'], measures: MEASURES, filters: { kind: 'village', from: '2025Q1' } }, 'cube_kind_town'],
    ['county × kind × year (all periods)', { rows: ['county', 'kind'], columns: ['year'], measures: MEASURES }, 'cube_kind_town'],
    ['level × kind', { rows: ['level'], columns: ['kind'], measures: MEASURES, filters: { periods: ['2025Q4', '2025Q3'] } }, 'cube_level'],
    ['target × weak branch by quarter', { rows: ['target_level', 'weak_branch'], columns: ['quarter'], measures: MEASURES, filters: { from: '2025Q1' } }, 'cube_level'],
    ['township by year (annual or Q4 values)', { rows: ['township'], columns: ['period'], measures: MEASURES, cadence: 'year' }, 'cube_township'],
    ['scoped: communities of two townships', { rows: ['township', 'period'], columns: [], measures: MEASURES, filters: { kind: 'community', townships: ['城关镇', '东湖街道'], from: '2024Q3', to: '2025Q2' } }, 'cube_kind_town'],
    ['levels filter', { rows: ['township'], columns: [], measures: MEASURES, filters: { periods: ['2025Q4'], levels: [3, 4, 5] } }, 'cube_level'],
    ['star × quarter', { rows: ['star'], columns: ['period'], measures: STAR_MEASURES, cadence: 'quarter', filters: { from: '2025Q1' } }, 'cube_star'],
    ['township × star by year', { rows: ['township', 'star'], columns: [], measures: STAR_MEASURES, cadence: 'year' }, 'cube_star'],
    ['star filter', { rows: ['kind'], columns: ['period'], measures: STAR_MEASURES, filters: { stars: ['branch', 'safety'], from: '2025Q3' } }, 'cube_star'],
  ];
  for (const [name, config, cube] of cases) {
    it(name, async () => {
      expect(pivotPlan(config)).toMatchObject({ source: 'summary', from: cube });
      const res = await pivotBoth(db, config);
      expect(res.rows.length).toBeGreaterThan(1);
    });
  }

  it('agrees with the overview level summary (shared/engine.ts)', async () => {
    const period = { year: 2025, quarter: 3 };
    const old = await levelSummary(db, period, 'township');
    const res = await runAnalysis(db, pivotQuery({
      rows: ['township'], columns: [], measures: [{ kind: 'units' }, { kind: 'levels' }, { kind: 'shareAtLeast' }],
      filters: { periods: ['2025Q3'] }, totals: { rows: 'grand' },
    }));
    const mine = res.rows.filter((r) => !r.rolled.township).map((r) => ({
      township: r.dims.township, units: r.values.m0, levels: [0, 1, 2, 3, 4, 5].map((k) => r.values[`m1_${k}`]),
      share3plus: Math.round(r.values.m2! * 10000) / 10000,
    }));
    expect(mine.sort((a, b) => String(a.township).localeCompare(String(b.township))))
      .toEqual([...old.rows].sort((a, b) => String(a.township).localeCompare(String(b.township))));
    expect(res.rows.find((r) => r.rolled.township)!.values.m0).toBe(old.total.units);
  });
});

describe('overview and level summary (shared/views/overview.ts, the catalog over cube_township) == reference SQL over the live rows read in plain JS', () => {
  const scopes = [
    { townships: [], kind: null },
    { townships: [], kind: 'community' as const },
    { townships: ['城关镇', '东湖街道'], kind: 'village' as const },
  ];
  it('for every period and scope', async () => {
    const periods = await listPeriods(db);
    expect(periods).toHaveLength(16);
    for (const period of [...periods, { year: 2021, quarter: 4 }]) {
      for (const scope of scopes) {
        const raw = readOverview(await db.query(overviewSql(period, scope)), period);
        expect(await overview(db, period, scope)).toEqual(raw);
        for (const by of ['township', 'county', 'kind'] as const) {
          const rows = (await db.query(levelSummarySql(period, scope, by)))
            // Townships come in the 台账's order (first appearance in the sample file), not by name.
            .sort((x, y) => (by === 'township' ? inFileOrder(x.grp, y.grp) : 0));
          const s = await levelSummary(db, period, by, scope);
          expect(s.rows).toEqual(rows.filter((r) => !r.is_total).map((r) => ({ [by]: r.grp == null ? null : String(r.grp), ...readLevelSummaryRow(r) })));
          const total = rows.find((r) => r.is_total);
          expect(s.total).toEqual(total ? readLevelSummaryRow(total) : { units: 0, levels: [0, 0, 0, 0, 0, 0], share3plus: null });
        }
      }
    }
  });
});

describe('summary path == raw path on the sample county, every other view', () => {
  it('trends', async () => {
    for (const cadence of ['quarter', 'year'] as const) {
      await both(db, (source) => shareTrendQuery({ source, cadence }));
      await both(db, (source) => levelDistributionQuery({ source, cadence }));
      await both(db, (source) => starRateTrendQuery({ source, cadence }));
      await both(db, (source) => heatmapQuery({ kind: 'starsGained' }, { source, cadence }));
      // cube_town row by row (no kind), and cube_township (villages only)
      await both(db, (source) => heatmapQuery({ kind: 'avg', column: 'collective_income' }, { source, cadence, from: '2024Q2', to: '2025Q3' }));
      await both(db, (source) => heatmapQuery(undefined, { source, cadence, scope: { kind: 'village' } }));
      await both(db, (source) => heatmapQuery({ kind: 'starRate' }, { source, cadence, scope: { townships: ['城关镇'] } }));
    }
  });

  it('rankings and boards', async () => {
    for (const measure of [undefined, { kind: 'avgLevel' }, { kind: 'unitsDown' }, { kind: 'starRate', star: 'industry' }] as Array<MeasureSpec | undefined>) {
      const r = await both(db, (source) => townshipRankingQuery({ period: '2025Q2', measure, source }));
      expect(r.rows).toHaveLength(12);
      await both(db, (source) => townshipRankingQuery({ period: '2025Q4', versus: '2024Q4', measure, scope: { kind: 'village' }, source }));
      await both(db, (source) => townshipBoardQuery({ period: '2025Q2', measure, board: 'red', by: 'change', n: 3, source }));
      await both(db, (source) => townshipBoardQuery({ period: '2025Q2', measure, board: 'black', n: 3, source }));
    }
    for (const by of ['level', 'levelChange', 'starsGained', 'score'] as const) {
      await both(db, (source) => unitBoardQuery({ period: '2025Q4', by, board: 'red', n: 10, source }));
    }
  });

  it('进步星, 降星, 目标达成', async () => {
    const p = await both(db, (source) => progressQuery({ from: '2024Q4', to: '2025Q4', limit: 10, source }));
    expect(p.rows.length).toBeGreaterThanOrEqual(10);
    await both(db, (source) => demotionQuery({ period: '2025Q3', source }));
    await both(db, (source) => targetByTownshipQuery({ period: '2025Q3', source }));
    await both(db, (source) => targetByTownshipQuery({ period: '2025Q3', scope: { kind: 'community' }, source }));
    await both(db, (source) => progressQuery({ from: '2022Q1', to: '2025Q4', scope: { townships: ['城关镇'] }, source }));
    const d = await both(db, (source) => demotionQuery({ period: '2025Q1', versus: '2023Q1', source }));
    expect(d.rows.length).toBeGreaterThan(0);
    await both(db, (source) => belowTargetQuery({ period: '2025Q3', source }));
  });

  it('compare', async () => {
    const ids = (await db.query<{ unit_id: string }>(`SELECT unit_id FROM units ORDER BY kind DESC, unit_id LIMIT 3`)).map((r) => r.unit_id);
    await both(db, (source) => unitRadarQuery(ids, '2025Q4', source));
    const h = await both(db, (source) => unitHistoryQuery(ids, { source }));
    expect(h.periods).toHaveLength(16);
    await both(db, (source) => unitHistoryQuery(ids, { source, cadence: 'year' }));
    const y = await both(db, (source) => yearOverYearQuery({ yearA: 2023, yearB: 2025, source }));
    expect(y.rows).toHaveLength(357);
  });
});
