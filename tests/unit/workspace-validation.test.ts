/**
 * Every way a workspace file can be unreadable gets its own clear Chinese refusal, and a
 * refused file never touches the open workspace.
 */
import { STAR_SCORE_COLUMNS } from '../../shared/sql/schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { overview } from '../../shared/engine.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import {
  WORKSPACE_VERSION, WorkspaceError, exportWorkspace, readWorkspace, restoreWorkspace, type WorkspaceErrorCode,
} from '../../shared/workspace/index.ts';
import { sha256Hex } from '../../shared/workspace/sha256.ts';
import { SMALL_COUNTY_CSV } from '../support/small-county.ts';

let db: Database;
let good: Uint8Array;
const Q3 = { year: 2024, quarter: 3 };
const FILE = '城关镇.xingtu';

beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'd1', name: '测试县', source: 'small.csv', is_sample: false }, SMALL_COUNTY_CSV);
  good = await exportWorkspace(db, { 'pivot-views': [] }, { name: '城关镇', appVersion: '0.1.0' });
}, 120_000);
afterAll(async () => db?.close());

/** The good file with its entries changed by `edit` (manifest as an object). */
function tamper(edit: (files: Record<string, Uint8Array>, manifest: Record<string, any>) => void): Uint8Array {
  const files = unzipSync(good);
  const manifest = JSON.parse(strFromU8(files['manifest.json']));
  edit(files, manifest);
  files['manifest.json'] = strToU8(JSON.stringify(manifest));
  return zipSync(files);
}

async function refusal(bytes: Uint8Array): Promise<WorkspaceError> {
  try {
    await readWorkspace(bytes, { fileName: FILE });
  } catch (e) {
    expect(e).toBeInstanceOf(WorkspaceError);
    return e as WorkspaceError;
  }
  throw new Error('readWorkspace accepted a bad file');
}

function expectClear(e: WorkspaceError, code: WorkspaceErrorCode, text: RegExp) {
  expect(e.code).toBe(code);
  expect(e.message).toMatch(text);
  // Names the file, says what is wrong and what to do, in Chinese, no stack or English.
  expect(e.message).toContain(`“${FILE}”`);
  expect(e.advice).toMatch(/[请]/);
  expect(e.message).not.toMatch(/\bat \w|undefined|Error:/);
}

describe('reading a workspace refuses bad files clearly', () => {
  it('accepts the good file', async () => {
    const ws = await readWorkspace(good, { fileName: FILE });
    expect(ws.manifest.name).toBe('城关镇');
    expect(ws.warnings).toEqual([]);
  });

  it('random bytes: not a workspace', async () => {
    const random = new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24);
    expectClear(await refusal(random), 'not-zip', /不是星图工作区/);
  });

  it('an empty file: interrupted save', async () => {
    expectClear(await refusal(new Uint8Array(0)), 'not-zip', /空的.*中断/);
  });

  it('an Excel workbook (a zip without manifest): not a workspace, use 导入台账', async () => {
    const xlsx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>') });
    const e = await refusal(xlsx);
    expectClear(e, 'not-workspace', /manifest\.json/);
    expect(e.advice).toContain('导入台账');
  });

  it('a truncated zip: damaged', async () => {
    expectClear(await refusal(good.subarray(0, Math.floor(good.length / 2))), 'not-zip', /损坏|不是/);
  });

  it('a manifest that is not JSON', async () => {
    const files = unzipSync(good);
    files['manifest.json'] = strToU8('{"format": "xingtu-workspace", ');
    expectClear(await refusal(zipSync(files)), 'bad-manifest', /manifest\.json.*损坏/);
  });

  it('a manifest of something else', async () => {
    expectClear(await refusal(tamper((_, m) => { m.format = 'other-app'; })), 'not-workspace', /不是星图工作区/);
  });

  it('a newer format version: upgrade', async () => {
    const e = await refusal(tamper((_, m) => { m.version = WORKSPACE_VERSION + 1; m.app.version = '9.0.0'; }));
    expectClear(e, 'too-new', new RegExp(`第 ${WORKSPACE_VERSION + 1} 版.*9\\.0\\.0`));
    expect(e.message).toContain('请升级星图');
  });

  it('a missing table', async () => {
    const e = await refusal(tamper((files) => { delete files['tables/ratings.arrow']; }));
    expectClear(e, 'missing-table', /缺少数据表“ratings”/);
  });

  it('a table not listed in the manifest', async () => {
    const e = await refusal(tamper((_, m) => { m.tables = m.tables.filter((t: { name: string }) => t.name !== 'units'); }));
    expectClear(e, 'missing-table', /“units”/);
  });

  it('a table whose bytes changed after saving: checksum mismatch', async () => {
    const e = await refusal(tamper((files) => {
      const t = files['tables/ratings.arrow'].slice();
      t[t.length - 20] ^= 0xff;
      files['tables/ratings.arrow'] = t;
    }));
    expectClear(e, 'checksum', /“ratings”的校验值不符/);
    expect(e.details[0]).toMatch(/^期望 [0-9a-f]{64}$/);
  });

  it('a corrupt table (truncated, checksum recomputed): cannot be read', async () => {
    const files = unzipSync(good);
    const cut = files['tables/ratings.arrow'].slice(0, 200);
    const sha = await sha256Hex(cut);
    const e = await refusal(tamper((f, m) => {
      f['tables/ratings.arrow'] = cut;
      m.tables.find((t: { name: string }) => t.name === 'ratings').sha256 = sha;
    }));
    expectClear(e, 'corrupt-table', /“ratings”/);
  });

  it('a table with fewer rows than the manifest says', async () => {
    const e = await refusal(tamper((_, m) => { m.tables.find((t: { name: string }) => t.name === 'ratings').rows = 99; }));
    expectClear(e, 'corrupt-table', /应有 99 行/);
  });

  it('a damaged part is skipped with a warning, the data still opens', async () => {
    const ws = await readWorkspace(tamper((files) => { files['parts/pivot-views.json'] = strToU8('[{'); }), { fileName: FILE });
    expect(ws.parts).toEqual({});
    expect(ws.warnings[0]).toMatch(/pivot-views.*损坏.*跳过/);
  });
});

describe('restoring refuses tables that do not fit, and leaves the open workspace intact', () => {
  /** A workspace whose ratings table comes from a differently shaped table. */
  async function withRatingsFrom(sql: string): Promise<Uint8Array> {
    const other = await openNodeDuckDB();
    try {
      const bytes = await other.queryArrowIPC!(sql);
      const sha = await sha256Hex(bytes);
      const rows = Number((await other.query(`SELECT count(*) AS n FROM (${sql})`))[0].n);
      return tamper((files, m) => {
        files['tables/ratings.arrow'] = bytes;
        Object.assign(m.tables.find((t: { name: string }) => t.name === 'ratings'), { sha256: sha, rows });
      });
    } finally {
      await other.close();
    }
  }

  // What a version 2 file records per rating (shared/sql/schema.ts RECORDED_COLUMNS).
  const RECORDED = `'v1' AS orig_unit_id, '' AS orig_county, '城关镇' AS orig_township, '某村' AS orig_name, 'village' AS kind`;
  const SCORES = STAR_SCORE_COLUMNS.map((c) => `NULL::DOUBLE AS ${c}`).join(', ');

  async function expectUntouched(bytes: Uint8Array, code: WorkspaceErrorCode, text: RegExp) {
    const before = await overview(db, Q3);
    const ws = await readWorkspace(bytes, { fileName: FILE });
    const e = await restoreWorkspace(db, ws).then(() => null, (x) => x);
    expect(e).toBeInstanceOf(WorkspaceError);
    expectClear(e, code, text);
    expect(await overview(db, Q3)).toEqual(before);
    const tables = (await db.query<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables() WHERE table_name LIKE '__ws_%'`));
    expect(tables).toEqual([]);
  }

  it('a ratings table without the level column', async () => {
    await expectUntouched(await withRatingsFrom(`SELECT 'v1' AS unit_id, 2024 AS year, 3 AS quarter, 'd1' AS dataset_id`), 'corrupt-table', /缺少列.*level/);
  });

  it('ratings of a dataset the file does not hold', async () => {
    const sql = `SELECT * REPLACE ('d9' AS dataset_id) FROM (SELECT 'v1' AS unit_id, 2024::INTEGER AS year, 3::INTEGER AS quarter,
      NULL::BOOLEAN AS branch, NULL::BOOLEAN AS industry, NULL::BOOLEAN AS ecology, NULL::BOOLEAN AS safety, NULL::BOOLEAN AS civility,
      NULL::BOOLEAN AS cobuild, NULL::BOOLEAN AS harmony, NULL::BOOLEAN AS business, 0 AS level, NULL::INTEGER AS target_level,
      NULL::BOOLEAN AS weak_branch, NULL::DOUBLE AS collective_income, NULL::DOUBLE AS score, 'd1' AS dataset_id,
      NULL::VARCHAR AS source_row, false AS superseded, ${RECORDED}, ${SCORES})`;
    await expectUntouched(await withRatingsFrom(sql), 'corrupt-table', /数据集不在工作区中/);
  });

  it('a NULL in a required column fails inside the transaction and rolls back', async () => {
    const sql = `SELECT 'v1' AS unit_id, 2024::INTEGER AS year, 3::INTEGER AS quarter,
      NULL::BOOLEAN AS branch, NULL::BOOLEAN AS industry, NULL::BOOLEAN AS ecology, NULL::BOOLEAN AS safety, NULL::BOOLEAN AS civility,
      NULL::BOOLEAN AS cobuild, NULL::BOOLEAN AS harmony, NULL::BOOLEAN AS business, NULL::INTEGER AS level, NULL::INTEGER AS target_level,
      NULL::BOOLEAN AS weak_branch, NULL::DOUBLE AS collective_income, NULL::DOUBLE AS score, 'd1' AS dataset_id,
      NULL::VARCHAR AS source_row, false AS superseded, ${RECORDED}, ${SCORES}`;
    await expectUntouched(await withRatingsFrom(sql), 'corrupt-table', /不符合要求/);
  });
});
