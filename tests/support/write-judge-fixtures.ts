/**
 * Writes the 观摩评比 judges' sheets of issue #16 to tests/fixtures/judge/. Run after changing them:
 *   npx tsx tests/support/write-judge-fixtures.ts
 * The expected rankings are worked out by hand in the tests (tests/unit/judge-*.test.ts), not here.
 * Node-only (exceljs, fflate): for tests, never the app.
 */
import ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const JUDGE_FIXTURE_DIR = fileURLToPath(new URL('../fixtures/judge/', import.meta.url));

type Cell = string | number | null;
const FIXED_DATE = new Date(Date.UTC(2026, 6, 1, 8, 0, 0));

/** exceljs output re-packed with fixed timestamps, so the bytes are the same on every run. */
async function workbookBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  wb.creator = '某某县委组织部';
  wb.lastModifiedBy = '某某县委组织部';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const parts = unzipSync(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  return zipSync(Object.fromEntries(Object.entries(parts).map(([k, b]) => [k, [b, { mtime: FIXED_DATE, level: 6 }]])) as never);
}

function csv(rows: Cell[][]): Uint8Array {
  const text = rows.map((r) => r.map((c) => (c == null ? '' : String(c))).join(',')).join('\r\n') + '\r\n';
  return new TextEncoder().encode(text);
}

function addRows(ws: ExcelJS.Worksheet, rows: Cell[][]): void {
  for (const r of rows) ws.addRow(r.map((c) => (c == null ? undefined : c)));
}

const JUDGES5 = ['评委一', '评委二', '评委三', '评委四', '评委五'];

/** Five judges, a merged title, 序号, a 合计-style note row and a signature line under the table. */
async function fiveJudges(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('评分表');
  addRows(ws, [
    ['2026年第三季度观摩评比评分表'],
    ['序号', '乡镇', ...JUDGES5],
    [1, '城关镇', 90, 92, 88, 95, 85],
    [2, '河口镇', 93, 91, 94, 90, 96],
    [3, '石门镇', 85, 87, 86, 88, 84],
    [4, '青山乡', 80.5, 82, 81.5, 79, 83],
    [],
    ['评委签字：'],
  ]);
  ws.mergeCells(1, 1, 1, 7);
  return workbookBytes(wb);
}

/** Seven judges, a title naming the 大比武, a CSV. */
function sevenJudges(): Uint8Array {
  return csv([
    ['创建思路大比武'],
    ['乡镇', '评委1', '评委2', '评委3', '评委4', '评委5', '评委6', '评委7'],
    ['城关镇', 88, 90, 85, 92, 87, 95, 80],
    ['河口镇', 91, 89, 90, 93, 88, 92, 94],
    ['石门镇', 86, 84, 90, 85, 88, 83, 87],
  ]);
}

/** Villages with their township; empty cells and 缺席 are missing scores. */
function missingScore(): Uint8Array {
  return csv([
    ['乡镇', '村', ...JUDGES5],
    ['城关镇', '东关村', 90, null, 88, 95, 85],
    ['城关镇', '西关村', 92, 91, '缺席', 93, 90],
    ['河口镇', '李庄村', 87, null, null, 89, null],
    ['河口镇', '王庄村', null, null, null, null, null],
  ]);
}

/** Three contestants on 92.00 after rounding (one at 91.99666…), judges 评委1–5. */
function tie(): Uint8Array {
  return csv([
    ['单位名称', '评委1', '评委2', '评委3', '评委4', '评委5'],
    ['甲村', 90, 91, 92, 93, 94],
    ['乙村', 92, 92, 92, 80, 99],
    ['丙村', 95, 95, 95, 95, 95],
    ['丁村', 88, 89, 90, 91, 92],
    ['戊村', 91.99, 92, 92, 80, 99],
  ]);
}

/** Two components in a merged two-row header: 现场观摩 over 评委1–5, 汇报 over 评委1–5. */
async function weighted(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('创建举措大比武');
  const judges = ['评委1', '评委2', '评委3', '评委4', '评委5'];
  addRows(ws, [
    ['2026年创建举措大比武评分表'],
    ['序号', '乡镇', '现场观摩（满分100）', null, null, null, null, '汇报（满分100）'],
    [null, null, ...judges, ...judges],
    [1, '城关镇', 90, 92, 88, 95, 85, 80, 85, 90, 70, 95],
    [2, '河口镇', 85, 86, 87, 88, 89, 95, 96, 94, 97, 93],
    [3, '石门镇', 91, 91, 91, 91, 91, 80, 80, 80, 80, 80],
  ]);
  ws.mergeCells(1, 1, 1, 12);
  ws.mergeCells(2, 1, 3, 1);
  ws.mergeCells(2, 2, 3, 2);
  ws.mergeCells(2, 3, 2, 7);
  ws.mergeCells(2, 8, 2, 12);
  return workbookBytes(wb);
}

/** One sheet per component, the maximum in the sheet's name. */
async function componentsBySheet(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const site = wb.addWorksheet('现场观摩（满分70）');
  addRows(site, [
    ['2026年创建成效大比武评分表'],
    ['乡镇', ...JUDGES5],
    ['城关镇', 60, 62, 58, 65, 55],
    ['河口镇', 63, 61, 64, 60, 66],
  ]);
  const talk = wb.addWorksheet('汇报（满分30）');
  addRows(talk, [
    ['2026年创建成效大比武评分表'],
    ['乡镇', ...JUDGES5],
    ['城关镇', 25, 26, 27, 28, 24],
    ['河口镇', 22, 23, 24, 21, 25],
  ]);
  return workbookBytes(wb);
}

/** 河口镇's 评委三 wrote 105 on a sheet out of 100 (Excel row 3). */
function overMax(): Uint8Array {
  return csv([
    ['乡镇', ...JUDGES5],
    ['城关镇', 90, 92, 88, 95, 85],
    ['河口镇', 93, 91, 105, 90, 96],
  ]);
}

export async function judgeFixtures(): Promise<Array<{ name: string; bytes: Uint8Array }>> {
  return [
    { name: 'five-judges.xlsx', bytes: await fiveJudges() },
    { name: 'seven-judges.csv', bytes: sevenJudges() },
    { name: 'missing-score.csv', bytes: missingScore() },
    { name: 'tie.csv', bytes: tie() },
    { name: 'weighted.xlsx', bytes: await weighted() },
    { name: 'components-by-sheet.xlsx', bytes: await componentsBySheet() },
    { name: 'over-max.csv', bytes: overMax() },
  ];
}

async function main(): Promise<void> {
  await mkdir(JUDGE_FIXTURE_DIR, { recursive: true });
  for (const f of await judgeFixtures()) {
    await writeFile(join(JUDGE_FIXTURE_DIR, f.name), f.bytes);
    console.log(`${f.name}  ${f.bytes.length} B`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
