/**
 * Star scores as data (issue #12): ratings keep each star's score and the threshold of the
 * file's rule; the catalog's 平均得分 and 距获星平均差 measures answer from the summaries and
 * the raw rows alike, checked against numbers computed by hand; workspaces keep the scores,
 * and a version 2 workspace (no scores) opens with none.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { toNormalizedCsv } from '../../shared/import/normalized-csv.ts';
import type { NormalizedRating } from '../../shared/import/types.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { STAR_SCORE_COLUMNS } from '../../shared/sql/schema.ts';
import { exportWorkspace, readWorkspace, restoreWorkspace } from '../../shared/workspace/index.ts';
import { sha256Hex } from '../../shared/workspace/sha256.ts';
import { pivotBoth } from '../support/analysis-run.ts';
import type { AnalysisQuery } from '../../shared/analysis/common.ts';
import { itemTables } from '../../shared/briefing/tables.ts';
import { runAnalysis } from '../../shared/engine/index.ts';
import { resolveNearStar } from '../../shared/views/ranking.ts';

/** A village scored out of 100, held at 80: stars and level follow the scores. */
function village(id: string, township: string, quarter: number, s: [number, number, number, number, number], total?: number): NormalizedRating {
  const [branch, industry, ecology, safety, civility] = s;
  const stars = { branch: branch >= 80, industry: industry >= 80, ecology: ecology >= 80, safety: safety >= 80, civility: civility >= 80 };
  return {
    unit_id: id, county: '评分县', township, name: `${id}村`, kind: 'village', year: 2025, quarter,
    stars, level: Object.values(stars).filter(Boolean).length, target_level: null, weak_branch: null,
    collective_income: null, score: total ?? s.reduce((a, b) => a + b, 0),
    scores: { branch, industry, ecology, safety, civility }, star_threshold: 80, source_row: `评分.xlsx 第${id}行`,
  };
}

const RATINGS: NormalizedRating[] = [
  // 东镇 2025Q4: branch 90, 70, 85 → avg 81.67; gaps of the units without it: 80 − 70 = 10 → 10.
  village('a', '东镇', 4, [90, 82, 60, 75, 80]),
  village('b', '东镇', 4, [70, 79, 40, 81, 50]),
  village('c', '东镇', 4, [85, 60, 65, 90, 95]),
  // 西镇 2025Q4: branch 78, 76 → avg 77; gaps 2 and 4 → 3.
  village('d', '西镇', 4, [78, 88, 90, 90, 90]),
  village('e', '西镇', 4, [76, 50, 50, 50, 50]),
  // 2025Q3, one unit: branch 60 → gap 20.
  village('a', '东镇', 3, [60, 60, 60, 60, 60]),
];

let db: Database;
beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'd1', name: '评分县', source: '评分.xlsx', is_sample: false }, toNormalizedCsv(RATINGS));
});
afterAll(async () => db?.close());

describe('star scores in the data model', () => {
  it('keeps every score and the threshold of each rating', async () => {
    const rows = await db.query<{ unit_id: string; branch_score: number; safety_score: number; star_threshold: number; score: number; level: number }>(
      `SELECT unit_id, branch_score, safety_score, star_threshold, score, level FROM facts WHERE quarter = 4 ORDER BY unit_id`);
    expect(rows.map((r) => [r.unit_id, Number(r.branch_score), Number(r.safety_score), Number(r.star_threshold), Number(r.score), Number(r.level)])).toEqual([
      ['a', 90, 75, 80, 387, 3], ['b', 70, 81, 80, 320, 1], ['c', 85, 90, 80, 395, 3], ['d', 78, 90, 80, 436, 4], ['e', 76, 50, 80, 276, 0],
    ]);
  });

  it('averages a star\'s score and its gap to the threshold per township, from summaries and raw rows alike', async () => {
    const res = await pivotBoth(db, {
      rows: ['township'], columns: [],
      measures: [{ kind: 'avgStarScore', star: 'branch' }, { kind: 'starScoreGap', star: 'branch' }, { kind: 'avgStarScore', star: 'safety' }],
      filters: { periods: ['2025Q4'] }, totals: { rows: 'grand' },
    });
    const by = Object.fromEntries(res.rows.map((r) => [r.rolled.township ? '合计' : String(r.dims.township), [r.values.m0, r.values.m1, r.values.m2]]));
    const round = (v: (number | null | undefined)[]) => v.map((x) => (x == null ? null : Math.round(x * 1000) / 1000));
    // safety: 东镇 75, 81, 90 → 82; 西镇 90, 50 → 70; all five → 77.2.
    expect(round(by['东镇'])).toEqual([81.667, 10, 82]);
    expect(round(by['西镇'])).toEqual([77, 3, 70]);
    // All five: branch (90 + 70 + 85 + 78 + 76) / 5 = 79.8; gaps 10, 2, 4 → 16 / 3 = 5.333.
    expect(round(by['合计'])).toEqual([79.8, 5.333, 77.2]);
  });

  it('a file of √ marks has no scores: the score measures are empty, not zero', async () => {
    const marks = await openNodeDuckDB();
    try {
      const plain = RATINGS.map(({ scores: _s, star_threshold: _t, ...r }) => r);
      const csv = toNormalizedCsv(plain);
      expect(csv.split('\n')[0]).not.toContain('branch_score');
      await loadNormalizedCsv(marks, { dataset_id: 'd1', name: '√', source: 'marks.csv', is_sample: false }, csv);
      const res = await pivotBoth(marks, { rows: [], columns: [], measures: [{ kind: 'avgStarScore', star: 'branch' }], filters: { periods: ['2025Q4'] } });
      expect(res.rows[0].values.m0).toBeNull();
    } finally {
      await marks.close();
    }
  });
});

describe('冲星名单', () => {
  const run = <T,>(q: AnalysisQuery<T> | null) => runAnalysis(db, q!);
  const filter = { period: { year: 2025, quarter: 4 }, townships: [], kind: null };

  it('lists the units within N points of a star they lack, by township, the smallest gap first', async () => {
    // Within 5 of 80 (75 counts: inclusive): 东镇 b 产业兴旺 79 (1), a 平安法治 75 (5); 西镇 d 支部过硬 78 (2), e 76 (4).
    const d = await run(resolveNearStar({ within: 5 }, filter));
    expect(d.scored).toBe(5);
    expect(d.rows.map((r) => [r.township, r.name, r.star, r.score, r.gap])).toEqual([
      ['东镇', 'b村', 'industry', 79, 1], ['东镇', 'a村', 'safety', 75, 5], ['西镇', 'd村', 'branch', 78, 2], ['西镇', 'e村', 'branch', 76, 4],
    ]);
    // One star, and a township filter.
    expect((await run(resolveNearStar({ within: 5, star: 'branch' }, filter))).rows.map((r) => r.name)).toEqual(['d村', 'e村']);
    expect((await run(resolveNearStar({ within: 3 }, { ...filter, townships: ['西镇'] }))).rows.map((r) => [r.name, r.gap])).toEqual([['d村', 2]]);
  });

  it('is a 简报 table with the same rows', async () => {
    const [t] = await itemTables(run as never, { kind: 'nearStar', within: 5, star: null }, filter);
    expect(t.title).toContain('冲星名单（距获星5分以内）');
    expect(t.rows.map((r) => r.cells.slice(0, 3))).toEqual([['东镇', 'b村', '产业兴旺星'], ['东镇', 'a村', '平安法治星'], ['西镇', 'd村', '支部过硬星'], ['西镇', 'e村', '支部过硬星']]);
  });

  it('a file of √ marks has no list and says so', async () => {
    const [t] = await itemTables(run as never, { kind: 'nearStar', within: 5, star: null }, { ...filter, period: { year: 2030, quarter: 1 } });
    expect(t.rows).toEqual([]);
    expect(t.note).toContain('没有星级得分');
  });
});

describe('star scores in workspaces', () => {
  it('survive a save and an open', async () => {
    const bytes = await exportWorkspace(db, {}, { name: '评分县', appVersion: '0.1.0' });
    const target = await openNodeDuckDB();
    try {
      await restoreWorkspace(target, await readWorkspace(bytes, { fileName: '评分县.xingtu' }));
      const q = `SELECT unit_id, year, quarter, ${STAR_SCORE_COLUMNS.join(', ')} FROM ratings ORDER BY ALL`;
      expect(await target.query(q)).toEqual(await db.query(q));
    } finally {
      await target.close();
    }
  });

  it('a version 2 file, written before scores existed, opens with none', async () => {
    const files = unzipSync(await exportWorkspace(db, {}, { name: '评分县', appVersion: '0.1.0' }));
    const v2Ratings = await db.queryArrowIPC!(`SELECT * EXCLUDE (${STAR_SCORE_COLUMNS.join(', ')}) FROM ratings`);
    const m = JSON.parse(strFromU8(files['manifest.json']));
    m.version = 2;
    files['tables/ratings.arrow'] = new Uint8Array(v2Ratings);
    m.tables.find((t: { name: string }) => t.name === 'ratings').sha256 = await sha256Hex(v2Ratings);
    files['manifest.json'] = strToU8(JSON.stringify(m));
    const target = await openNodeDuckDB();
    try {
      await restoreWorkspace(target, await readWorkspace(zipSync(files), { fileName: '旧版.xingtu' }));
      const [r] = await target.query<{ n: number; scored: number; levels: number }>(
        `SELECT count(*) AS n, count(branch_score) AS scored, sum(level) AS levels FROM facts`);
      expect([Number(r.n), Number(r.scored), Number(r.levels)]).toEqual([6, 0, 3 + 1 + 3 + 4 + 0 + 0]);
    } finally {
      await target.close();
    }
  });
});
