/**
 * Hostile files (issue #15): every file here is built in the test to lie, to be cut short or to
 * explode — Arrow batches claiming 400 million rows, Parquet footers that do not add up, zip
 * bombs, sheets with a cell at XFD1048576, workspaces with level 9 or 3.7, entries under
 * look-alike names. Each is imported correctly or refused with a Chinese message within the
 * time the test's name states, never a crash, a hang, or an out-of-memory abort.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Table, makeVector, tableFromArrays, tableToIPC } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';
import { deflateSync, strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { overview } from '../../shared/engine.ts';
import { ImportError } from '../../shared/import/errors.ts';
import { readImportFile } from '../../shared/import/read.ts';
import { importFiles } from '../../shared/import/run.ts';
import { MAX_COLUMNS, MAX_ENTRY_BYTES, MAX_ROWS } from '../../shared/limits.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import {
  WorkspaceError, exportWorkspace, readWorkspace, restoreWorkspace, type WorkspaceErrorCode,
} from '../../shared/workspace/index.ts';
import { sha256Hex } from '../../shared/workspace/sha256.ts';
import { SMALL_COUNTY_CSV } from '../support/small-county.ts';

/** Runs `fn` and fails when it took longer than `ms` (the vitest timeout is a backstop). */
async function within<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  expect(performance.now() - t0).toBeLessThan(ms);
  return out;
}

async function refusal(file: string, bytes: Uint8Array): Promise<ImportError> {
  const e = await readImportFile(file, bytes).then(() => null, (x: unknown) => x);
  expect(e, `${file} should be refused`).toBeInstanceOf(ImportError);
  const err = e as ImportError;
  // Names the file, in Chinese, says what to do, no stack or English.
  expect(err.message).toContain(`“${file}”`);
  expect(err.message).toMatch(/请/);
  expect(err.message).not.toMatch(/\bat \w|undefined|Error:|RangeError/);
  return err;
}

/** The same bytes with every little-endian int64 `from` replaced by `to` (an Arrow row count). */
function replaceInt64(bytes: Uint8Array, from: number, to: number): Uint8Array {
  const out = bytes.slice();
  const v = new DataView(out.buffer);
  let hits = 0;
  for (let i = 0; i + 8 <= out.length; i++) {
    if (v.getUint32(i, true) === from && v.getUint32(i + 4, true) === 0) {
      v.setUint32(i, to, true);
      hits++;
    }
  }
  expect(hits).toBeGreaterThan(0);
  return out;
}

// ---------------------------------------------------------------------------------------------
describe('Arrow files that lie', () => {
  const N = 12345;
  // Numbers only: no value's bytes look like the int64 row count N.
  const table = tableFromArrays({ 星级: Int32Array.from({ length: N }, (_, i) => i % 6), 收入: Float64Array.from({ length: N }, (_, i) => i + 0.5) });

  for (const format of ['stream', 'file'] as const) {
    it(`a 400-million-row claim in a ${format} of 150 KB is refused as damaged within 5 s`, async () => {
      const bytes = replaceInt64(tableToIPC(table, format), N, 400_000_000);
      const e = await within(5000, () => refusal('伪造.arrow', bytes));
      expect(e.code).toBe('arrow_unreadable');
      expect(e.message).toContain('400,000,000 行');
      expect(e.message).toMatch(/不可能装下/);
    });
  }

  it('the same file untouched imports every row within 5 s', async () => {
    const [s] = await within(5000, () => readImportFile('真.arrow', tableToIPC(table)));
    expect(s.rows).toHaveLength(N + 1);
    expect(s.rows[N]).toEqual([(N - 1) % 6, N - 1 + 0.5]);
  });

  it('a file cut in half is refused within 5 s', async () => {
    const bytes = tableToIPC(table, 'file');
    expect((await within(5000, () => refusal('半个.arrow', bytes.slice(0, bytes.length >> 1)))).code).toBe('arrow_unreadable');
  });

  it(`more rows than the limit (${MAX_ROWS}) is refused before a row is built, within 5 s`, async () => {
    const big = new Table({ 标记: makeVector(new Int8Array(MAX_ROWS + 1)) });
    const e = await within(5000, () => refusal('全省.arrow', tableToIPC(big)));
    expect(e.code).toBe('too_large');
    expect(e.message).toContain('2,000,001 行');
    expect(e.message).toContain('拆分');
  });

  it(`${MAX_COLUMNS + 88} columns: the first ${MAX_COLUMNS} are read, the other 88 reported by name, within 5 s`, async () => {
    const wide = tableFromArrays(Object.fromEntries(Array.from({ length: MAX_COLUMNS + 88 }, (_, i) => [`列${i + 1}`, Int32Array.from([i])])));
    const [s] = await within(5000, () => readImportFile('宽.arrow', tableToIPC(wide)));
    expect(s.rows[0]).toHaveLength(MAX_COLUMNS);
    expect(s.rows[1][MAX_COLUMNS - 1]).toBe(MAX_COLUMNS - 1);
    expect(s.notices).toHaveLength(1);
    expect(s.notices![0].code).toBe('too_many_columns');
    expect(s.notices![0].message).toContain('还有 88 列');
    expect(s.notices![0].message).toContain('第 SS 列（“列513”）');
  });
});

// ---------------------------------------------------------------------------------------------
describe('Parquet files that lie or explode', () => {
  let dir: string;
  let inst: DuckDBInstance;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xingtu-hostile-'));
    inst = await DuckDBInstance.create(':memory:');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function parquet(name: string, select: string): Promise<Uint8Array> {
    const conn = await inst.connect();
    const path = join(dir, name);
    await conn.run(`COPY (${select}) TO '${path}' (FORMAT parquet, COMPRESSION zstd)`);
    return new Uint8Array(readFileSync(path));
  }

  it(`${MAX_ROWS + 100_000} rows of one value (a few KB) are refused from the footer within 5 s`, async () => {
    const bytes = await parquet('bomb.parquet', `SELECT 3 AS 星级 FROM range(${MAX_ROWS + 100_000})`);
    expect(bytes.length).toBeLessThan(200_000);
    const e = await within(5000, () => refusal('炸弹.parquet', bytes));
    expect(e.code).toBe('too_large');
    expect(e.message).toContain('2,100,000 行');
  });

  it('a footer whose row count disagrees with its row groups is refused as damaged within 5 s', async () => {
    const rows = 1_100_000; // zigzag varint 4 bytes, like the 134,000,000 it is replaced by
    const bytes = await parquet('lie.parquet', `SELECT 1 AS 星级 FROM range(${rows})`);
    const varint = (n: number) => {
      const out: number[] = [];
      let z = n * 2;
      while (z >= 0x80) {
        out.push((z & 0x7f) | 0x80);
        z = Math.floor(z / 128);
      }
      out.push(z);
      return out;
    };
    const footerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(bytes.length - 8, true);
    const from = varint(rows);
    const to = varint(134_000_000);
    expect(to).toHaveLength(from.length);
    const lie = bytes.slice();
    // The first occurrence in the footer is FileMetaData.num_rows (field 3, before the row groups).
    const footer = bytes.length - 8 - footerLength;
    let at = -1;
    for (let i = footer; i < bytes.length - 8 && at < 0; i++) if (from.every((b, k) => bytes[i + k] === b)) at = i;
    expect(at).toBeGreaterThan(0);
    lie.set(to, at);
    const e = await within(5000, () => refusal('篡改.parquet', lie));
    expect(e.code).toBe('parquet_unreadable');
    expect(e.message).toContain('134,000,000 行');
  });

  it(`${MAX_COLUMNS + 10} columns: ${MAX_COLUMNS} read, 10 reported by name, within 5 s`, async () => {
    const cols = Array.from({ length: MAX_COLUMNS + 10 }, (_, i) => `${i} AS "c${i + 1}"`).join(', ');
    const [s] = await within(5000, async () => readImportFile('宽.parquet', await parquet('wide.parquet', `SELECT ${cols}`)));
    expect(s.rows[0]).toHaveLength(MAX_COLUMNS);
    expect(s.rows[1][MAX_COLUMNS - 1]).toBe(MAX_COLUMNS - 1);
    expect(s.notices![0].message).toContain('还有 10 列');
    expect(s.notices![0].message).toContain('“c513”');
  });
});

// ---------------------------------------------------------------------------------------------
/** A minimal workbook around one worksheet's XML (inline strings, no shared strings). */
function xlsx(sheetXml: string, extra: Record<string, Uint8Array> = {}): Uint8Array {
  const rels = (body: string) => `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${body}</Relationships>`;
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    '_rels/.rels': strToU8(rels('<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>')),
    'xl/workbook.xml': strToU8('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="三季度" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    'xl/_rels/workbook.xml.rels': strToU8(rels('<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>')),
    'xl/worksheets/sheet1.xml': strToU8(`<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetXml}</sheetData></worksheet>`),
    ...extra,
  });
}
const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** Sets the declared uncompressed size of a zip entry, in its local header and the central directory. */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const v = new DataView(out.buffer);
  const enc = new TextEncoder().encode(name);
  let eocd = out.length - 22;
  while (v.getUint32(eocd, true) !== 0x06054b50) eocd--;
  let p = v.getUint32(eocd + 16, true);
  for (let i = 0; i < v.getUint16(eocd + 10, true); i++) {
    const nlen = v.getUint16(p + 28, true);
    if (nlen === enc.length && enc.every((b, k) => out[p + 46 + k] === b)) {
      v.setUint32(p + 24, size, true);
      v.setUint32(v.getUint32(p + 42, true) + 22, size, true);
      return out;
    }
    p += 46 + nlen + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
  }
  throw new Error(`no entry ${name}`);
}

describe('XLSX files that explode', () => {
  it('one cell at XFD1048576 (a 1 KB file, 17 billion cells) is refused within 5 s', async () => {
    const bytes = xlsx(`<row r="1">${cell('A1', '村名')}</row><row r="1048576">${cell('XFD1048576', '尾')}</row>`);
    expect(bytes.length).toBeLessThan(4096);
    const e = await within(5000, () => refusal('远角.xlsx', bytes));
    expect(e.code).toBe('too_large');
    expect(e.message).toContain('1,048,576 行 × 16,384 列');
  });

  it('an empty formatted cell at XFD1048576 costs nothing: the sheet imports within 5 s', async () => {
    const bytes = xlsx(`<row r="1">${cell('A1', '村名')}</row><row r="1048576" ht="20" customHeight="1"><c r="XFD1048576" s="1"/></row>`);
    const [s] = await within(5000, () => readImportFile('格式.xlsx', bytes));
    expect(s.rows).toEqual([['村名']]);
  });

  it('a part claiming 2 GB is refused without inflating, within 5 s', async () => {
    const bytes = declareSize(xlsx(`<row r="1">${cell('A1', '村名')}</row>`), 'xl/worksheets/sheet1.xml', 2 ** 31);
    const e = await within(5000, () => refusal('声称.xlsx', bytes));
    expect(e.code).toBe('too_large');
    expect(e.message).toContain('xl/worksheets/sheet1.xml');
  });

  it('a part that inflates far past its declared size is cut there and refused, within 5 s', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 1}">${cell(`A${i + 1}`, '村')}</row>`).join('');
    const honest = xlsx(rows);
    const bytes = declareSize(honest, 'xl/worksheets/sheet1.xml', 300);
    const e = await within(5000, () => refusal('谎报.xlsx', bytes));
    expect(['xlsx_unreadable', 'truncated_xlsx', 'not_xlsx']).toContain(e.code);
  });

  it('a workbook part under a look-alike name (“xl/workbook.xml ” with a space) is not an Excel file', async () => {
    const files = unzipSync(xlsx(`<row r="1">${cell('A1', '村名')}</row>`));
    files['xl/workbook.xml '] = files['xl/workbook.xml'];
    delete files['xl/workbook.xml'];
    const e = await within(5000, () => refusal('形似.xlsx', zipSync(files)));
    expect(e.code).toBe('not_xlsx');
  });

  it('702 columns: the first 512 read, column ZZ reported with its header, within 5 s', async () => {
    const bytes = xlsx(`<row r="1">${cell('A1', '村名')}${cell('ZZ1', '备注二')}</row><row r="2">${cell('A2', '东村')}${cell('ZZ2', '有')}</row>`);
    const [s] = await within(5000, () => readImportFile('宽.xlsx', bytes));
    expect(s.rows.every((r) => r.length <= MAX_COLUMNS)).toBe(true);
    expect(s.notices![0].message).toContain('还有 1 列');
    expect(s.notices![0].message).toContain('第 ZZ 列（“备注二”）');
  });
});

// ---------------------------------------------------------------------------------------------
describe('columns past the limit reach the import report', () => {
  it(`a CSV 台账 with a column past the ${MAX_COLUMNS}th: rows import, a warning names the column, within 5 s`, async () => {
    // 乡镇,村,类型,年份,季度,星级, then blank columns, then 备注二 as column MAX_COLUMNS + 21.
    const line = (cells: string[], last: string) => [...cells, ...Array(MAX_COLUMNS + 20 - cells.length).fill(''), last].join(',');
    const csv = strToU8([
      line(['乡镇', '村', '类型', '年份', '季度', '星级'], '备注二'),
      line(['城关镇', '东村', '村', '2024', '3', '3'], '已核实'),
    ].join('\n'));
    const out = await within(5000, () => importFiles([{ name: '宽表.csv', bytes: csv }]));
    expect(out.report.accepted).toBe(1);
    const w = out.report.problems.find((p) => p.code === 'too_many_columns');
    expect(w?.severity).toBe('warning');
    expect(w?.file).toBe('宽表.csv');
    expect(w?.message).toContain(`第 ${MAX_COLUMNS} 列之后还有 1 列`);
    expect(w?.message).toContain('“备注二”');
  });
});

// ---------------------------------------------------------------------------------------------
describe('workspace files that lie, explode or hold impossible values', () => {
  let db: Database;
  let good: Uint8Array;
  const FILE = '城关镇.xingtu';
  const Q3 = { year: 2024, quarter: 3 };

  beforeAll(async () => {
    db = await openNodeDuckDB();
    await loadNormalizedCsv(db, { dataset_id: 'd1', name: '测试县', source: 'small.csv', is_sample: false }, SMALL_COUNTY_CSV);
    good = await exportWorkspace(db, { 'pivot-views': [] }, { name: '城关镇', appVersion: '0.1.0' });
  }, 120_000);
  afterAll(async () => db?.close());

  function tamper(edit: (files: Record<string, Uint8Array>, manifest: Record<string, any>) => void): Uint8Array {
    const files = unzipSync(good);
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    edit(files, manifest);
    files['manifest.json'] = strToU8(JSON.stringify(manifest));
    return zipSync(files);
  }

  async function readRefusal(bytes: Uint8Array, code: WorkspaceErrorCode): Promise<WorkspaceError> {
    const e = await readWorkspace(bytes, { fileName: FILE }).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(WorkspaceError);
    const err = e as WorkspaceError;
    expect(err.code).toBe(code);
    expect(err.message).toContain(`“${FILE}”`);
    expect(err.advice).toMatch(/请/);
    return err;
  }

  const zeros = new Uint8Array(30 * 1024 * 1024);

  it('a bomb entry the manifest never names is not inflated: the file opens within 5 s', async () => {
    const bytes = declareSize(tamper((files) => { files['tables/ratings.arrow.bak'] = zeros; }), 'tables/ratings.arrow.bak', 0xfffffff0);
    const ws = await within(5000, () => readWorkspace(bytes, { fileName: FILE }));
    expect(Object.keys(ws.tables)).toContain('ratings');
  });

  it('a table that inflates past its declared size stops there and is refused as damaged within 5 s', async () => {
    const bomb = tamper((files) => { files['tables/ratings.arrow'] = zeros; });
    const e = await within(5000, () => readRefusal(declareSize(bomb, 'tables/ratings.arrow', 4096), 'not-zip'));
    expect(e.problem).toMatch(/损坏/);
  });

  it(`a table declaring more than ${MAX_ENTRY_BYTES / 2 ** 20} MB is refused by name before inflating, within 5 s`, async () => {
    const e = await within(5000, () => readRefusal(declareSize(good, 'tables/ratings.arrow', MAX_ENTRY_BYTES + 1), 'too-large'));
    expect(e.problem).toContain('tables/ratings.arrow');
    expect(e.problem).toContain('400 MB');
  });

  it('named entries declaring more than 1 GB together are refused within 5 s', async () => {
    const big = declareSize(declareSize(declareSize(good, 'tables/ratings.arrow', 390 * 2 ** 20), 'tables/units.arrow', 390 * 2 ** 20),
      'tables/datasets.arrow', 390 * 2 ** 20);
    const e = await within(5000, () => readRefusal(big, 'too-large'));
    expect(e.problem).toContain('1 GB');
  });

  it('a table stored under a look-alike name (zero-width space) is missing, and is not read', async () => {
    const bytes = tamper((files) => {
      files['tables/ratings.arrow\u200b'] = files['tables/ratings.arrow'];
      delete files['tables/ratings.arrow'];
    });
    const e = await within(5000, () => readRefusal(bytes, 'missing-table'));
    expect(e.problem).toContain('“ratings”');
  });

  it('a table whose Arrow batch claims 400 million rows (manifest agreeing) is refused within 5 s', async () => {
    const files = unzipSync(good);
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    const entry = manifest.tables.find((t: { name: string }) => t.name === 'ratings');
    const lie = replaceInt64(files['tables/ratings.arrow'], entry.rows, 400_000_000);
    const bytes = tamper((f, m) => {
      f['tables/ratings.arrow'] = lie;
      Object.assign(m.tables.find((t: { name: string }) => t.name === 'ratings'), { rows: 400_000_000 });
    });
    // The checksum must match for the lie to get that far.
    const sha = await sha256Hex(lie);
    const fixed = tamper((f, m) => {
      f['tables/ratings.arrow'] = lie;
      Object.assign(m.tables.find((t: { name: string }) => t.name === 'ratings'), { rows: 400_000_000, sha256: sha });
    });
    await within(5000, () => readRefusal(bytes, 'checksum'));
    const e = await within(5000, () => readRefusal(fixed, 'corrupt-table'));
    expect(e.problem).toContain('“ratings”');
  });

  /** A workspace whose `table` is the result of `sql` over the open database, checksum and rows fixed. */
  async function withTable(table: string, sql: string, edit: (m: Record<string, any>) => void = () => {}): Promise<Uint8Array> {
    const bytes = await db.queryArrowIPC!(sql);
    const sha = await sha256Hex(bytes);
    const rows = Number((await db.query(`SELECT count(*) AS n FROM (${sql})`))[0].n);
    return tamper((files, m) => {
      files[`tables/${table}.arrow`] = new Uint8Array(bytes);
      Object.assign(m.tables.find((t: { name: string }) => t.name === table), { sha256: sha, rows });
      edit(m);
    });
  }

  async function expectBadValue(bytes: Uint8Array, text: RegExp) {
    const before = await overview(db, Q3);
    const ws = await readWorkspace(bytes, { fileName: FILE });
    const e = await restoreWorkspace(db, ws).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(WorkspaceError);
    const err = e as WorkspaceError;
    expect(err.code).toBe('bad-value');
    expect(err.message).toMatch(text);
    expect(err.message).toContain(`“${FILE}”`);
    expect(err.advice).toMatch(/请/);
    // The open data is untouched, and nothing staged is left behind.
    expect(await overview(db, Q3)).toEqual(before);
    expect(await db.query(`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '__ws_%'`)).toEqual([]);
  }

  const one = `unit_id = 'v1' AND quarter = 3`;

  it('level 9 is refused naming the column and the value, the open data untouched, within 10 s', async () => {
    await within(10_000, async () => expectBadValue(
      await withTable('ratings', `SELECT * REPLACE (CASE WHEN ${one} THEN 9 ELSE level END AS level) FROM ratings`),
      /“ratings”的“level”列有 1 个值.*“9”.*0–5 的整数/));
  });

  it('level 3.7 is refused, not rounded to 4, within 10 s', async () => {
    await within(10_000, async () => expectBadValue(
      await withTable('ratings', `SELECT * REPLACE ((CASE WHEN ${one} THEN 3.7 ELSE level END)::DOUBLE AS level) FROM ratings`),
      /“level”列有 1 个值.*“3\.7”/));
  });

  it('quarter 7 is refused within 10 s', async () => {
    await within(10_000, async () => expectBadValue(
      await withTable('ratings', `SELECT * REPLACE (CASE WHEN ${one} THEN 7 ELSE quarter END AS quarter) FROM ratings`),
      /“quarter”列.*“7”.*季度应为 1–4/));
  });

  it("kind 'alien' is refused, in ratings and in units, within 10 s each", async () => {
    await within(10_000, async () => expectBadValue(
      await withTable('ratings', `SELECT * REPLACE (CASE WHEN ${one} THEN 'alien' ELSE kind END AS kind) FROM ratings`),
      /“ratings”的“kind”列.*“alien”.*village（村）或 community（社区）/));
    await within(10_000, async () => expectBadValue(
      await withTable('units', `SELECT * REPLACE (CASE WHEN unit_id = 'v1' THEN 'alien' ELSE kind END AS kind) FROM units`),
      /“units”的“kind”列.*“alien”/));
  });

  it('a village-only star on a community is refused within 10 s', async () => {
    await within(10_000, async () => expectBadValue(
      await withTable('ratings', `SELECT * REPLACE (CASE WHEN unit_id = 'c1' THEN true ELSE industry END AS industry) FROM ratings`),
      /“industry”列.*c1.*产业兴旺星只适用于村/));
  });

  it('a star flag of 7 is not a yes/no, within 10 s', async () => {
    await within(10_000, async () => expectBadValue(
      await withTable('ratings', `SELECT * REPLACE ((CASE WHEN ${one} THEN 7 ELSE branch::INTEGER END) AS branch) FROM ratings`),
      /“branch”列.*“7”.*是或否/));
  });

  it('a version 1 file (ratings without kind): stars are checked against the unit’s kind, within 10 s', async () => {
    const v1 = (extra: string) => withTable('ratings',
      `SELECT * EXCLUDE (orig_unit_id, orig_county, orig_township, orig_name, kind) ${extra} FROM ratings`,
      (m) => { m.version = 1; });
    await within(10_000, async () => expectBadValue(
      await v1(`REPLACE (CASE WHEN unit_id = 'c1' THEN false ELSE civility END AS civility)`),
      /“civility”列.*c1.*文明幸福星只适用于村/));
    // The same file without the impossible star opens, with the same figures.
    const before = await overview(db, Q3);
    await within(10_000, async () => restoreWorkspace(db, await readWorkspace(await v1(''), { fileName: FILE })));
    expect(await overview(db, Q3)).toEqual(before);
  });
});
