/**
 * Workspace round trip on the real engine (duckdb-wasm in a worker thread): save, open in
 * a fresh database, and every table, every column type and every overview figure is the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { openNodeDuckDB, openNodeDuckDB as openNodeAppDatabase } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { datasetIds, nextDatasetId, removeDataset } from '../../shared/datasets.ts';
import { levelSummary, listPeriods, overview } from '../../shared/engine.ts';
import { loadNormalizedCsv, refreshDerived } from '../../shared/load.ts';
import { PERSISTENT_TABLES } from '../../shared/sql/schema.ts';
import { SUMMARY_TABLES } from '../../shared/analysis/summaries.ts';
import {
  WORKSPACE_FORMAT, WORKSPACE_VERSION, exportWorkspace, inspectArrowStream, readWorkspace, restoreWorkspace, tableColumns,
} from '../../shared/workspace/index.ts';
import { sha256Hex, sha256Js } from '../../shared/workspace/sha256.ts';
import { SMALL_COUNTY_CSV } from '../support/small-county.ts';
import { loadSample } from '../support/workspace-county.ts';

let source: Database;
let target: Database;
let bytes: Uint8Array;
const PARTS = { 'pivot-views': [{ name: '乡镇分类型', config: { rows: ['township', 'kind'], columns: [], measures: [{ kind: 'units' }] } }], settings: { a: 1 } };

async function tableRows(db: Database, name: string) {
  return db.query(`SELECT * FROM ${name} ORDER BY ALL`);
}

beforeAll(async () => {
  source = await openNodeDuckDB();
  await loadSample(source);
  // A dataset that is imported and then removed: it sits in the undo trash, never in the file.
  await loadNormalizedCsv(source, { dataset_id: 'd1', name: '测试县', source: 'small.csv', is_sample: false }, SMALL_COUNTY_CSV);
  await removeDataset(source, 'd1');
  // A second kept dataset, and edge values: an annual rating with NULL stars / target / flags,
  // a unit with no county, quotes and emoji in text.
  await loadNormalizedCsv(source, { dataset_id: 'd2', name: "带'引号\"的数据 🌟", source: 'edge.csv', is_sample: false }, SMALL_COUNTY_CSV);
  await source.exec(`INSERT INTO ratings (unit_id, year, quarter, level, dataset_id, source_row,
      orig_unit_id, orig_county, orig_township, orig_name, kind)
    VALUES ('x1', 2024, NULL, 0, 'd2', NULL, 'x1', '', '无县乡', '无县村', 'village')`);
  // Extra 台账 columns belong to d2's ratings.
  await source.exec(`INSERT INTO rating_extras (unit_id, year, quarter, dataset_id, name, text, num)
    VALUES ('v1', 2024, 3, 'd2', '党员人数', '23', 23), ('v1', 2024, 3, 'd2', '备注', '示范村', NULL)`);
  await refreshDerived(source);
  target = await openNodeDuckDB();
  // The target already holds something else: opening replaces it.
  await loadNormalizedCsv(target, { dataset_id: 'old', name: '旧数据', source: 'old.csv', is_sample: false }, SMALL_COUNTY_CSV);
  bytes = await exportWorkspace(source, PARTS, { name: '示例工作区', appVersion: '0.1.0' });
  const ws = await readWorkspace(bytes, { fileName: '示例工作区.xingtu' });
  await restoreWorkspace(target, ws);
}, 120_000);

afterAll(async () => {
  await source?.close();
  await target?.close();
});

describe('workspace round trip', () => {
  it('writes a zip with a versioned manifest, the tables as Arrow and the parts as JSON', () => {
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual([
      'manifest.json', 'parts/pivot-views.json', 'parts/settings.json',
      ...PERSISTENT_TABLES.map((t) => `tables/${t}.arrow`),
    ].sort());
    const m = JSON.parse(strFromU8(files['manifest.json']));
    expect(m.format).toBe(WORKSPACE_FORMAT);
    expect(m.version).toBe(WORKSPACE_VERSION);
    expect(m.app.version).toBe('0.1.0');
    expect(m.name).toBe('示例工作区');
    expect(m.counties).toEqual(['测试县', '示例县']);
    expect(m.periods[0]).toBe('2022Q1');
    expect(m.periods).toContain('2024');
    expect(m.parts).toEqual(['pivot-views', 'settings']);
    expect(m.tables.map((t: { name: string }) => t.name)).toEqual([...PERSISTENT_TABLES]);
    const ratings = m.tables.find((t: { name: string }) => t.name === 'ratings');
    expect(ratings.rows).toBe(5712 + 9 + 1);
    expect(ratings.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ratings.columns.find((c: { name: string }) => c.name === 'branch').type).toBe('BOOLEAN');
    expect(inspectArrowStream(files['tables/ratings.arrow']).rows).toBe(ratings.rows);
  });

  it('restores every persistent table row for row, with the same column types', async () => {
    for (const name of PERSISTENT_TABLES) {
      expect(await tableColumns(target, name), name).toEqual(await tableColumns(source, name));
      const [a, b] = [await tableRows(source, name), await tableRows(target, name)];
      expect(b.length, name).toBe(a.length);
      expect(b, name).toEqual(a);
    }
    // BOOLEAN NULLs stay NULL (not false): community rows have no 产业兴旺星.
    const nulls = `SELECT count(*) FILTER (WHERE industry IS NULL) AS n, count(*) FILTER (WHERE weak_branch IS NULL) AS w,
      count(*) FILTER (WHERE quarter IS NULL) AS q FROM ratings`;
    expect(await target.query(nulls)).toEqual(await source.query(nulls));
    expect(Number((await target.query(nulls))[0].n)).toBeGreaterThan(100);
  });

  it('gives identical overview and township figures for every period', async () => {
    const periods = await listPeriods(source);
    expect(await listPeriods(target)).toEqual(periods);
    for (const p of periods) {
      expect(await overview(target, p), JSON.stringify(p)).toEqual(await overview(source, p));
    }
    const last = periods.at(-2)!;
    expect(await levelSummary(target, last, 'township')).toEqual(await levelSummary(source, last, 'township'));
    expect(await levelSummary(target, last, 'county')).toEqual(await levelSummary(source, last, 'county'));
  });

  it('rebuilds the summaries and leaves the undo trash empty', async () => {
    const tables = (await target.query<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables()`)).map((r) => r.t);
    for (const s of SUMMARY_TABLES) expect(tables).toContain(s);
    const [{ n }] = await target.query(`SELECT count(*) AS n FROM unit_periods`);
    const [{ m }] = await source.query(`SELECT count(*) AS m FROM unit_periods`);
    expect(Number(n)).toBe(Number(m));
    expect((await target.query(`SELECT count(*) AS n FROM removed_ratings`))[0].n).toBe(0);
    expect(await datasetIds(target)).toEqual(['sample', 'd2']);
  });

  it('keeps import order working after opening: a new import sorts last and gets a new id', async () => {
    const id = await nextDatasetId(target);
    expect(['sample', 'd1', 'd2']).not.toContain(id);
    await loadNormalizedCsv(target, { dataset_id: id, name: '新导入', source: 'new.csv', is_sample: false }, SMALL_COUNTY_CSV);
    const rows = await target.query<{ dataset_id: string; seq: number }>(`SELECT dataset_id, seq FROM datasets ORDER BY seq`);
    expect(rows.at(-1)!.dataset_id).toBe(id);
    // The newer import now wins for the small county's units: no unit counted twice.
    const [{ dup }] = await target.query(`SELECT count(*) - count(DISTINCT (unit_id, year, quarter)) AS dup FROM facts`);
    expect(Number(dup)).toBe(0);
  });

  it('the app\'s own connection (the browser build\'s query queue) saves and opens workspaces too', async () => {
    const app = await openNodeAppDatabase();
    try {
      expect(typeof app.queryArrowIPC).toBe('function');
      expect(typeof app.insertArrowIPC).toBe('function');
      await restoreWorkspace(app, await readWorkspace(bytes));
      const again = await readWorkspace(await exportWorkspace(app, PARTS, { name: '再存一次', appVersion: '0.1.0' }));
      const fresh = await openNodeDuckDB();
      try {
        await restoreWorkspace(fresh, again);
        for (const name of PERSISTENT_TABLES) expect(await tableRows(fresh, name), name).toEqual(await tableRows(source, name));
      } finally {
        await fresh.close();
      }
    } finally {
      await app.close();
    }
  });

  it('hands the parts back as saved', async () => {
    const ws = await readWorkspace(bytes);
    expect(ws.parts).toEqual(PARTS);
    expect(ws.warnings).toEqual([]);
  });

  it('computes SHA-256 the same way with and without WebCrypto', async () => {
    for (const input of [new Uint8Array(0), new TextEncoder().encode('abc'), new Uint8Array(1000).map((_, i) => i * 7)]) {
      const hex = [...sha256Js(input)].map((b) => b.toString(16).padStart(2, '0')).join('');
      expect(hex).toBe(await sha256Hex(input));
    }
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
