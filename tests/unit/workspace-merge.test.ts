/**
 * Merging several counties' workspaces into one city-level view: county totals equal each
 * county alone, dataset ids stay distinct, the county filter and the county pivot dimension
 * give each county's own numbers, and conflicting unit ids are reported, not merged silently.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { levelSummary, listPeriods, overview, type Scope } from '../../shared/engine.ts';
import type { Filter } from '../../shared/filter.ts';
import type { Period } from '../../shared/period.ts';
import { scopeFromFilter } from '../../shared/analysis/common.ts';
import { runAnalysis } from '../../shared/engine/index.ts';
import { pivotQuery } from '../../shared/analysis/pivot.ts';
import { levelDistributionQuery } from '../../shared/analysis/trends.ts';
import {
  WorkspaceError, clearWorkspace, exportWorkspace, mergeWorkspaces, readWorkspace, restoreWorkspace, type Workspace,
} from '../../shared/workspace/index.ts';
import { loadSample, loadSecondCounty, SECOND_COUNTY, secondCountyCsv } from '../support/workspace-county.ts';

const FIRST_COUNTY = '示例县';
let a: Database;
let b: Database;
let city: Database;
let wsA: Workspace;
let wsB: Workspace;
let latest: Period;

async function workspaceOf(db: Database, name: string): Promise<Workspace> {
  return readWorkspace(await exportWorkspace(db, {}, { name, appVersion: 'test' }), { fileName: `${name}.xingtu` });
}

const county = (c: string): Scope => {
  const f: Pick<Filter, 'townships' | 'kind' | 'counties'> = { townships: [], kind: null, counties: [c] };
  return f;
};

beforeAll(async () => {
  [a, b, city] = await Promise.all([openNodeDuckDB(), openNodeDuckDB(), openNodeDuckDB()]);
  await loadSample(a);
  await loadSecondCounty(b);
  await b.exec(`INSERT INTO rating_extras (unit_id, year, quarter, dataset_id, name, text, num)
    SELECT unit_id, year, quarter, dataset_id, '党员人数', '12', 12 FROM ratings LIMIT 3`);
  wsA = await workspaceOf(a, FIRST_COUNTY);
  wsB = await workspaceOf(b, SECOND_COUNTY);
  latest = (await listPeriods(a)).at(-1)!;
  const result = await mergeWorkspaces(city, [wsA, wsB]);
  expect(result.counties).toEqual([FIRST_COUNTY, SECOND_COUNTY].sort());
}, 180_000);

afterAll(async () => {
  await Promise.all([a, b, city].map((d) => d?.close()));
});

describe('merging two counties', () => {
  it('the two counties really differ', async () => {
    const [oa, ob] = [await overview(a, latest), await overview(b, latest)];
    expect(oa.current!.units).not.toBe(ob.current!.units);
  });

  it('county totals equal each county alone, and the whole is their sum', async () => {
    for (const p of (await listPeriods(a)).slice(-3)) {
      const [oa, ob] = [await overview(a, p), await overview(b, p)];
      expect(await overview(city, p, county(FIRST_COUNTY))).toEqual(oa);
      expect(await overview(city, p, county(SECOND_COUNTY))).toEqual(ob);
      const all = await overview(city, p);
      expect(all.current!.units).toBe(oa.current!.units + ob.current!.units);
      expect(all.current!.n3plus).toBe(oa.current!.n3plus + ob.current!.n3plus);
      expect(all.current!.levels).toEqual(oa.current!.levels.map((n, i) => n + ob.current!.levels[i]));
    }
  });

  it('gives every dataset a fresh, distinct id and keeps the extra columns with their ratings', async () => {
    const ds = await city.query<{ dataset_id: string; name: string; seq: number }>(`SELECT dataset_id, name, seq FROM datasets ORDER BY seq`);
    expect(ds.map((d) => d.name)).toEqual(['示例数据（虚构县）', `${SECOND_COUNTY}台账`]);
    expect(new Set(ds.map((d) => d.dataset_id)).size).toBe(2);
    expect(ds.map((d) => d.dataset_id)).not.toContain('sample');
    const [{ n }] = await city.query(`SELECT count(*) AS n FROM ratings`);
    const [{ na }] = await a.query(`SELECT count(*) AS na FROM ratings`);
    const [{ nb }] = await b.query(`SELECT count(*) AS nb FROM ratings`);
    expect(Number(n)).toBe(Number(na) + Number(nb));
    const extras = await city.query<{ dataset_id: string; n: number }>(`SELECT dataset_id, count(*) AS n FROM rating_extras GROUP BY ALL`);
    expect(extras).toEqual([{ dataset_id: ds[1].dataset_id, n: 3 }]);
  });

  it('the county filter scopes the analysis builders (trends, pivot)', async () => {
    const scope = scopeFromFilter({ townships: [], kind: null, counties: [SECOND_COUNTY] });
    const t = await runAnalysis(city, levelDistributionQuery({ cadence: 'quarter', scope }));
    const tb = await runAnalysis(b, levelDistributionQuery({ cadence: 'quarter' }));
    expect(t).toEqual(tb);
    const config = { rows: ['township' as const], columns: [], measures: [{ kind: 'units' as const }], filters: { ...scope, periods: ['2025Q4'] } };
    const pc = await runAnalysis(city, pivotQuery(config));
    const pb = await runAnalysis(b, pivotQuery({ ...config, filters: { periods: ['2025Q4'] } }));
    // Same rows (the order of equal values is the pivot's business).
    const key = (r: { dims: Record<string, unknown> }) => String(r.dims.township ?? '~');
    expect([...pc.rows].sort((x, y) => key(x).localeCompare(key(y)))).toEqual([...pb.rows].sort((x, y) => key(x).localeCompare(key(y))));
  });

  it('pivots by county: one row per county with its own units', async () => {
    const config = { rows: ['county' as const], columns: [], measures: [{ kind: 'units' as const }, { kind: 'atLeast' as const, level: 3 }], filters: { periods: ['2025Q4'] } };
    const result = await runAnalysis(city, pivotQuery(config));
    const byCounty = new Map(result.rows.filter((r) => !r.rolled.county).map((r) => [r.dims.county, Object.values(r.values)]));
    const [oa, ob] = [await overview(a, latest), await overview(b, latest)];
    expect(byCounty.get(FIRST_COUNTY)).toEqual([oa.current!.units, oa.current!.n3plus]);
    expect(byCounty.get(SECOND_COUNTY)).toEqual([ob.current!.units, ob.current!.n3plus]);
    const summary = await levelSummary(city, latest, 'county');
    expect(summary.rows.map((r) => r.county)).toEqual([FIRST_COUNTY, SECOND_COUNTY].sort());
  });

  it('merging into an open workspace keeps its datasets and never reuses an id', async () => {
    const db = await openNodeDuckDB();
    try {
      await restoreWorkspace(db, wsA);
      const r = await mergeWorkspaces(db, [wsB, wsB]);
      const ids = (await db.query<{ dataset_id: string }>(`SELECT dataset_id FROM datasets`)).map((x) => x.dataset_id);
      expect(new Set(ids).size).toBe(3);
      expect(r.datasets.map((d) => d.from)).toEqual(['d1', 'd1']);
      // The same county merged twice counts once: the later copy supersedes the earlier.
      expect(await overview(db, latest, county(SECOND_COUNTY))).toEqual(await overview(b, latest));
      expect(r.unitsAdded).toBe(Number((await b.query(`SELECT count(*) AS n FROM units`))[0].n));
    } finally {
      await db.close();
    }
  });

  it('with replace, the merged files become the whole workspace in one step', async () => {
    const db = await openNodeDuckDB();
    try {
      await restoreWorkspace(db, wsA);
      await db.exec(`DELETE FROM ratings WHERE year = 2022`); // an unsaved change, and something in no file
      const r = await mergeWorkspaces(db, [wsB], { replace: true });
      expect(r.counties).toEqual([SECOND_COUNTY]);
      expect(r.datasets.map((d) => d.to)).toEqual(['d1']);
      expect(await overview(db, latest)).toEqual(await overview(b, latest));
      expect((await db.query(`SELECT count(*) AS n FROM removed_ratings`))[0].n).toBe(0);
      await clearWorkspace(db);
      expect((await overview(db, latest)).current).toBeNull();
      expect((await db.query(`SELECT count(*) AS n FROM units`))[0].n).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('reports units whose id means different units in different files, and merges only when asked', async () => {
    // A third file where one of 示例县's unit ids names a village of 丙县.
    const clash = await openNodeDuckDB();
    const db = await openNodeDuckDB();
    try {
      const [{ unit_id: stolen }] = await a.query<{ unit_id: string }>(`SELECT unit_id FROM units ORDER BY unit_id LIMIT 1`);
      const csv = secondCountyCsv('丙县', 11, 2025, 2025);
      const [header, firstLine, ...rest] = csv.trimEnd().split('\n');
      const firstId = firstLine.split(',')[0];
      const rewritten = [header, firstLine, ...rest].map((l) => (l.startsWith(firstId + ',') ? stolen + l.slice(firstId.length) : l));
      await loadSecondCounty(clash, rewritten.join('\n') + '\n');
      const wsC = await workspaceOf(clash, '丙县');
      await restoreWorkspace(db, wsA);
      const before = await overview(db, latest);
      const e = await mergeWorkspaces(db, [wsC]).then(() => null, (x) => x);
      expect(e).toBeInstanceOf(WorkspaceError);
      expect(e.code).toBe('unit-conflict');
      expect(e.message).toMatch(/有 1 个单位编码/);
      expect(e.details[0]).toContain(stolen);
      expect(e.details[0]).toContain('当前工作区');
      expect(e.details[0]).toContain('丙县.xingtu');
      // Nothing was merged.
      expect(await overview(db, latest)).toEqual(before);
      expect((await db.query(`SELECT count(*) AS n FROM datasets`))[0].n).toBe(1);
      const ok = await mergeWorkspaces(db, [wsC], { onUnitConflict: 'keep-first' });
      expect(ok.conflicts.map((c) => c.unit_id)).toEqual([stolen]);
      // One unit row; it is labelled by its latest rating, here the merged file's (same period, imported later).
      const kept = await db.query<{ county: string }>(`SELECT county FROM units WHERE unit_id = '${stolen}'`);
      expect(kept.map((r) => r.county)).toEqual(['丙县']);
    } finally {
      await clash.close();
      await db.close();
    }
  });
});
