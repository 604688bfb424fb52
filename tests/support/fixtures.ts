/**
 * Real-shaped 台账 files for unit and e2e tests, generated deterministically from data.
 *
 * The ledger is defined once, as data (LEDGER: township, name, kind and the stars each unit
 * holds per quarter); every file below is rendered from it, and the expected answers
 * (per-period counts per level, first data rows, Excel row numbers) are derived from the same
 * data — tests never hard-code an answer separately from the fixture.
 *
 * Node-only (exceljs, iconv-lite, fflate): for tests, never imported by the app.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { zipSync, unzipSync, strToU8 } from 'fflate';
import { STARS, LEVEL_NAMES, KIND_NAMES, type StarId, type UnitKind } from '../../shared/stars.ts';

// ---------------------------------------------------------------------------------------------
// The ledger, as data.

export interface LedgerUnit {
  township: string;
  name: string;
  kind: UnitKind;
  /** 村集体经济收入（万元）, per quarter (cumulative), villages only. */
  income: number | null;
}

export type Quarter = 1 | 2 | 3;
export const YEAR = 2024;
export const QUARTERS: readonly Quarter[] = [1, 2, 3];
export const QUARTER_NAMES: Record<Quarter, string> = { 1: '第一季度', 2: '第二季度', 3: '第三季度' };
export const COUNTY = '示例县';

export const UNITS: readonly LedgerUnit[] = [
  { township: '城关镇', name: '东关村', kind: 'village', income: 28.5 },
  { township: '城关镇', name: '西关村', kind: 'village', income: 12 },
  { township: '城关镇', name: '南街社区', kind: 'community', income: null },
  { township: '城关镇', name: '北街社区', kind: 'community', income: null },
  { township: '城关镇', name: '十里铺村', kind: 'village', income: 6.8 },
  { township: '李庄乡', name: '李庄村', kind: 'village', income: 15.2 },
  { township: '李庄乡', name: '王楼村', kind: 'village', income: 3.5 },
  { township: '李庄乡', name: '张寨村', kind: 'village', income: 9 },
  { township: '李庄乡', name: '新区社区', kind: 'community', income: null },
  { township: '高岗镇', name: '高岗村', kind: 'village', income: 40.1 },
  { township: '高岗镇', name: '前营村', kind: 'village', income: 5 },
  { township: '高岗镇', name: '后营村', kind: 'village', income: 2.3 },
  { township: '高岗镇', name: '河湾村', kind: 'village', income: 7.7 },
  { township: '高岗镇', name: '幸福社区', kind: 'community', income: null },
];

/** Star level of each unit (index in UNITS) per quarter. */
const LEVELS: Record<Quarter, readonly number[]> = {
  1: [3, 1, 2, 0, 1, 2, 0, 1, 3, 4, 2, 0, 1, 2],
  2: [4, 2, 2, 1, 1, 3, 0, 2, 3, 4, 2, 1, 1, 3],
  3: [5, 3, 3, 1, 2, 3, 1, 2, 4, 5, 3, 1, 2, 3],
};

const KIND_STARS: Record<UnitKind, StarId[]> = {
  village: STARS.filter((s) => s.kinds.includes('village')).map((s) => s.id),
  community: STARS.filter((s) => s.kinds.includes('community')).map((s) => s.id),
};

/**
 * The stars a unit holds at a level: 支部过硬星 is the capstone (held only at 五星), the other
 * four are taken in an order rotated by the unit's index, so units differ in which they hold.
 */
export function starsAt(kind: UnitKind, level: number, unitIndex: number): StarId[] {
  const others = KIND_STARS[kind].filter((s) => s !== 'branch');
  const rotated = others.map((_, i) => others[(i + unitIndex) % others.length]);
  if (level >= 5) return [...KIND_STARS[kind]];
  return rotated.slice(0, level);
}

export interface LedgerRow extends LedgerUnit {
  year: number;
  quarter: Quarter;
  stars: StarId[];
  level: number;
}

export function ledgerRows(quarter: Quarter): LedgerRow[] {
  return UNITS.map((u, i) => {
    const level = LEVELS[quarter][i];
    const income = u.income === null ? null : Math.round(u.income * (quarter / 3) * 10) / 10;
    return { ...u, income, year: YEAR, quarter, level, stars: starsAt(u.kind, level, i) };
  });
}

export const periodId = (q: Quarter) => `${YEAR}Q${q}`;

export interface PeriodTruth {
  period: string;
  units: number;
  villages: number;
  communities: number;
  /** Units per level, index 0–5. */
  byLevel: number[];
  /** Units with three stars or more. */
  atLeast3: number;
  /** Units holding each star. */
  byStar: Record<StarId, number>;
  /** name → level */
  levels: Record<string, number>;
}

export function truthFor(quarter: Quarter): PeriodTruth {
  const rows = ledgerRows(quarter);
  const byLevel = [0, 0, 0, 0, 0, 0];
  const byStar = Object.fromEntries(STARS.map((s) => [s.id, 0])) as Record<StarId, number>;
  for (const r of rows) {
    byLevel[r.level]++;
    for (const s of r.stars) byStar[s]++;
  }
  return {
    period: periodId(quarter),
    units: rows.length,
    villages: rows.filter((r) => r.kind === 'village').length,
    communities: rows.filter((r) => r.kind === 'community').length,
    byLevel,
    atLeast3: rows.filter((r) => r.level >= 3).length,
    byStar,
    levels: Object.fromEntries(rows.map((r) => [r.name, r.level])),
  };
}

// ---------------------------------------------------------------------------------------------
// (a) GB18030 CSV, as WPS/Excel save it on a Chinese Windows: title row, header, √ marks,
//     a 合计 row, CRLF, the title padded with commas to the table's width.

export const STAR_COLUMNS = STARS.map((s) => s.name);
export const GB_CSV_HEADER = ['乡镇', '村（社区）', '类型', ...STAR_COLUMNS, '星级'];
export const gbCsvTitle = (q: Quarter = 3) => `${COUNTY}${YEAR}年${QUARTER_NAMES[q]}'五星'支部创建情况统计表`;

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function gbCsvRows(q: Quarter): string[][] {
  const rows = ledgerRows(q);
  const data = rows.map((r, i) => [
    // A trailing space on some names, as typed by hand.
    r.township,
    i % 5 === 1 ? `${r.name} ` : r.name,
    KIND_NAMES[r.kind],
    ...STARS.map((s) => (r.stars.includes(s.id) ? '√' : '')),
    String(r.level),
  ]);
  const total = ['合计', '', '', ...STARS.map((s) => String(rows.filter((r) => r.stars.includes(s.id)).length)), ''];
  const width = GB_CSV_HEADER.length;
  const title = [gbCsvTitle(q), ...Array<string>(width - 1).fill('')];
  return [title, GB_CSV_HEADER, ...data, total];
}

export interface CsvFixture {
  name: string;
  bytes: Uint8Array;
  /** The rows a correct reader returns (rows[0] = line 1). */
  rows: string[][];
  encoding: string;
  delimiter: string;
  /** 1-based line numbers. */
  headerRow: number;
  firstDataRow: number;
  lastDataRow: number;
  totalRow: number | null;
  truth: PeriodTruth;
}

export function gb18030Csv(q: Quarter = 3): CsvFixture {
  const rows = gbCsvRows(q);
  const text = rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
  return {
    name: `${COUNTY}${YEAR}年${QUARTER_NAMES[q]}五星支部台账.csv`,
    bytes: new Uint8Array(iconv.encode(text, 'gb18030')),
    rows,
    encoding: 'gb18030',
    delimiter: ',',
    headerRow: 2,
    firstDataRow: 3,
    lastDataRow: 2 + UNITS.length,
    totalRow: 3 + UNITS.length,
    truth: truthFor(q),
  };
}

// ---------------------------------------------------------------------------------------------
// (b) UTF-8 with BOM, header on row 1, 是/否 marks, year and quarter columns, quoted remarks
//     (one with a comma, one with a line break), LF line ends.

export const BOM_CSV_HEADER = ['乡镇（街道）', '村（社区）名称', '类型', '年度', '季度', ...STAR_COLUMNS, '星级', '备注'];

function bomCsvRows(q: Quarter): string[][] {
  return ledgerRows(q).map((r, i) => [
    r.township,
    r.name,
    KIND_NAMES[r.kind],
    String(r.year),
    QUARTER_NAMES[q],
    ...STARS.map((s) => (!s.kinds.includes(r.kind) ? '' : r.stars.includes(s.id) ? '是' : '否')),
    String(r.level),
    i === 0 ? '已整改,待复核' : i === 3 ? '换届后新班子\n持续跟踪' : '',
  ]);
}

export function utf8BomCsv(q: Quarter = 2): CsvFixture {
  const rows = [BOM_CSV_HEADER, ...bomCsvRows(q)];
  const text = rows.map((r) => r.map(csvField).join(',')).join('\n') + '\n';
  const body = new TextEncoder().encode(text);
  const bytes = new Uint8Array(body.length + 3);
  bytes.set([0xef, 0xbb, 0xbf]);
  bytes.set(body, 3);
  return {
    name: `${YEAR}年${QUARTER_NAMES[q]}台账（导出）.csv`,
    bytes,
    rows,
    encoding: 'utf-8-bom',
    delimiter: ',',
    headerRow: 1,
    firstDataRow: 2,
    lastDataRow: 1 + UNITS.length,
    totalRow: null,
    truth: truthFor(q),
  };
}

// ---------------------------------------------------------------------------------------------
// (c) A multi-sheet XLSX as a county office keeps it: one sheet per quarter, a merged title,
//     a merged two-row header, ★ marks, "三星" levels, full-width digits, trailing spaces,
//     a blank row, a 合计 row with formulas; plus a 填表说明 sheet without a header.

export const XLSX_COLUMNS = {
  township: 0, // A, merged A2:A3
  name: 1, // B, merged B2:B3
  kind: 2, // C, merged C2:C3
  firstStar: 3, // D..K: star names on row 3 under "五星创建情况" merged D2:K2
  level: 3 + STARS.length, // L, merged L2:L3
  income: 4 + STARS.length, // M, merged M2:M3
  remark: 5 + STARS.length, // N, merged N2:N3
} as const;
export const XLSX_WIDTH = 6 + STARS.length; // 14 columns, A..N
export const XLSX_GROUP_LABEL = '五星创建情况';
export const XLSX_INCOME_HEADER = '村集体经济收入（万元）';
export const NOTES_SHEET = '填表说明';
export const NOTES_LINES = [
  '填表说明：',
  '1. 星级按实际评定结果填写，“★”表示已评定该星。',
  '2. 村集体经济收入为本年度截至本季度末累计数，单位万元。',
  '3. 社区不填写产业兴旺星、生态宜居星、文明幸福星。',
  '4. 本表由乡镇（街道）党委组织委员审核后于季度末报县委组织部。',
];

const FULL_WIDTH_DIGITS = '０１２３４５６７８９';
export function toFullWidth(s: string): string {
  return s.replace(/[0-9.]/g, (c) => (c === '.' ? '．' : FULL_WIDTH_DIGITS[Number(c)]));
}

export interface XlsxSheetTruth extends PeriodTruth {
  sheet: string;
  title: string;
  /** 1-based Excel rows. */
  titleRow: 1;
  headerRows: [2, 3];
  firstDataRow: number;
  lastDataRow: number;
  /** The blank row between the first township and the rest. */
  blankRow: number;
  totalRow: number;
  /** Expected merges, 0-based inclusive. */
  merges: Array<{ top: number; left: number; bottom: number; right: number }>;
  /** Cell values of each data row as they are written (rows[i] = Excel row firstDataRow+i, blank row skipped). */
  dataRows: Array<{ excelRow: number; cells: Array<string | number | null> }>;
}

export interface XlsxFixture {
  name: string;
  bytes: Uint8Array;
  sheets: XlsxSheetTruth[];
  notes: { sheet: string; lines: string[] };
}

export const xlsxSheetName = (q: Quarter) => `${YEAR}年${QUARTER_NAMES[q]}`;

function xlsxDataCells(r: LedgerRow, i: number): Array<string | number | null> {
  const name = i % 4 === 2 ? `${r.name}  ` : r.name; // trailing spaces
  const income = r.income === null ? null : i % 3 === 0 ? toFullWidth(String(r.income)) : r.income;
  return [
    r.township,
    name,
    KIND_NAMES[r.kind],
    ...STARS.map((s) => (r.stars.includes(s.id) ? '★' : null)),
    LEVEL_NAMES[r.level],
    income,
    i === 5 ? '软弱涣散整顿中' : null,
  ];
}

/** Re-packs an exceljs workbook with fixed timestamps, so the bytes are the same on every run. */
function deterministicZip(bytes: Uint8Array): Uint8Array {
  const parts = unzipSync(bytes);
  const mtime = new Date(Date.UTC(2024, 9, 8, 8, 0, 0));
  return zipSync(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, [v, { mtime, level: 6 }]])) as never);
}

async function workbookBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  const buf = await wb.xlsx.writeBuffer();
  return deterministicZip(new Uint8Array(buf as ArrayBuffer));
}

function colLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export async function multiSheetXlsx(): Promise<XlsxFixture> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '示例县委组织部';
  // Fixed dates: the bytes are the same on every run.
  wb.created = new Date(Date.UTC(2024, 9, 8));
  wb.modified = new Date(Date.UTC(2024, 9, 8));
  const sheets: XlsxSheetTruth[] = [];
  for (const q of QUARTERS) {
    const name = xlsxSheetName(q);
    const ws = wb.addWorksheet(name);
    const title = `${COUNTY}${YEAR}年${QUARTER_NAMES[q]}“五星”支部创建情况统计表`;
    const last = colLetter(XLSX_WIDTH - 1);
    ws.getCell('A1').value = title;
    ws.mergeCells(`A1:${last}1`);
    const header2: Array<[number, string]> = [
      [XLSX_COLUMNS.township, '乡镇'],
      [XLSX_COLUMNS.name, '村（社区）'],
      [XLSX_COLUMNS.kind, '类型'],
      [XLSX_COLUMNS.level, '星级'],
      [XLSX_COLUMNS.income, XLSX_INCOME_HEADER],
      [XLSX_COLUMNS.remark, '备注'],
    ];
    for (const [c, label] of header2) {
      ws.getCell(2, c + 1).value = label;
      ws.mergeCells(2, c + 1, 3, c + 1);
    }
    ws.getCell(2, XLSX_COLUMNS.firstStar + 1).value = XLSX_GROUP_LABEL;
    ws.mergeCells(2, XLSX_COLUMNS.firstStar + 1, 2, XLSX_COLUMNS.firstStar + STARS.length);
    STARS.forEach((s, j) => (ws.getCell(3, XLSX_COLUMNS.firstStar + 1 + j).value = s.name));

    const rows = ledgerRows(q);
    const firstTownship = rows[0].township;
    const blankAfter = rows.filter((r) => r.township === firstTownship).length; // data rows before the blank
    let excel = 4;
    const dataRows: XlsxSheetTruth['dataRows'] = [];
    let blankRow = 0;
    rows.forEach((r, i) => {
      if (i === blankAfter) {
        blankRow = excel;
        excel++;
      }
      const cells = xlsxDataCells(r, i);
      cells.forEach((v, c) => {
        if (v !== null) ws.getCell(excel, c + 1).value = v;
      });
      dataRows.push({ excelRow: excel, cells });
      excel++;
    });
    const firstDataRow = 4;
    const lastDataRow = excel - 1;
    const totalRow = excel;
    ws.getCell(totalRow, 1).value = '合计';
    STARS.forEach((s, j) => {
      const col = colLetter(XLSX_COLUMNS.firstStar + j);
      ws.getCell(totalRow, XLSX_COLUMNS.firstStar + 1 + j).value = {
        formula: `COUNTIF(${col}${firstDataRow}:${col}${lastDataRow},"★")`,
        result: rows.filter((r) => r.stars.includes(s.id)).length,
      };
    });
    ws.getCell(totalRow, XLSX_COLUMNS.name + 1).value = `${rows.length}个`;

    const merges = [
      { top: 0, left: 0, bottom: 0, right: XLSX_WIDTH - 1 },
      ...header2.map(([c]) => ({ top: 1, left: c, bottom: 2, right: c })),
      { top: 1, left: XLSX_COLUMNS.firstStar, bottom: 1, right: XLSX_COLUMNS.firstStar + STARS.length - 1 },
    ];
    sheets.push({
      ...truthFor(q),
      sheet: name,
      title,
      titleRow: 1,
      headerRows: [2, 3],
      firstDataRow,
      lastDataRow,
      blankRow,
      totalRow,
      merges,
      dataRows,
    });
  }
  const notes = wb.addWorksheet(NOTES_SHEET);
  NOTES_LINES.forEach((line, i) => (notes.getCell(i + 1, 1).value = line));
  return {
    name: `${COUNTY}${YEAR}年五星支部创建台账（1-3季度）.xlsx`,
    bytes: await workbookBytes(wb),
    sheets,
    notes: { sheet: NOTES_SHEET, lines: NOTES_LINES },
  };
}

/** A sheet whose table starts at C3 (rows 1–2 and columns A–B empty), plus an empty sheet. */
export async function offsetXlsx(): Promise<{ name: string; bytes: Uint8Array; origin: { row: number; col: number }; header: string[]; data: Array<Array<string | number>> }> {
  const wb = new ExcelJS.Workbook();
  wb.created = new Date(Date.UTC(2024, 0, 1));
  wb.modified = new Date(Date.UTC(2024, 0, 1));
  const ws = wb.addWorksheet('Sheet1');
  const header = ['乡镇', '村（社区）', '星级'];
  const data: Array<Array<string | number>> = [
    ['城关镇', '东关村', 3],
    ['李庄乡', '王楼村', 1],
  ];
  [header, ...data].forEach((r, i) => r.forEach((v, j) => (ws.getCell(3 + i, 3 + j).value = v)));
  wb.addWorksheet('空表');
  return { name: '从C3开始的表.xlsx', bytes: await workbookBytes(wb), origin: { row: 3, col: 3 }, header, data };
}

// ---------------------------------------------------------------------------------------------
// (d) Hostile files.

/** Deterministic pseudo-random bytes (xorshift32). */
export function randomBytes(n: number, seed = 20241008): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export const emptyFile = (): Uint8Array => new Uint8Array(0);

/** A valid workbook cut in half, as an interrupted download leaves it. */
export async function truncatedXlsx(): Promise<Uint8Array> {
  const { bytes } = await multiSheetXlsx();
  return bytes.slice(0, Math.floor(bytes.length / 2));
}

/** A ZIP archive holding a text file: a ZIP, but not a workbook. */
export function zipNotXlsx(): Uint8Array {
  return zipSync({ '说明.txt': strToU8('这不是 Excel 文件，只是一个压缩包。') });
}

/** A minimal .docx-shaped ZIP (word/document.xml). */
export function docxLike(): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'word/document.xml': strToU8('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'),
  });
}

/**
 * A real workbook whose ZIP central directory claims the first sheet inflates to 2 GB
 * (local header patched too). A reader must refuse it before allocating anything.
 */
export async function hugeClaimXlsx(): Promise<Uint8Array> {
  const { bytes } = await offsetXlsx();
  const out = bytes.slice();
  const dv = new DataView(out.buffer);
  const target = 'xl/worksheets/sheet1.xml';
  let patched = 0;
  for (let i = 0; i + 46 < out.length; i++) {
    const sig = dv.getUint32(i, true);
    if (sig === 0x02014b50) {
      const nameLen = dv.getUint16(i + 28, true);
      const name = new TextDecoder().decode(out.subarray(i + 46, i + 46 + nameLen));
      if (name === target) {
        dv.setUint32(i + 24, 0x80000000, true);
        patched++;
      }
    } else if (sig === 0x04034b50) {
      const nameLen = dv.getUint16(i + 26, true);
      const name = new TextDecoder().decode(out.subarray(i + 30, i + 30 + nameLen));
      if (name === target) dv.setUint32(i + 22, 0x80000000, true);
    }
  }
  if (patched !== 1) throw new Error('hugeClaimXlsx: central directory entry not found');
  return out;
}

/** The first bytes of an OLE2 compound file: what a legacy .xls (or WPS .et) starts with. */
export function legacyXls(): Uint8Array {
  const out = new Uint8Array(4096);
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  // "Workbook" as a UTF-16LE directory entry name.
  Array.from('Workbook').forEach((c, i) => (out[1024 + 2 * i] = c.charCodeAt(0)));
  return out;
}

/** An OLE2 container with an EncryptedPackage stream: a password-protected .xlsx. */
export function encryptedXlsx(): Uint8Array {
  const out = legacyXls();
  Array.from('EncryptedPackage').forEach((c, i) => {
    out[2048 + 2 * i] = c.charCodeAt(0);
    out[2048 + 2 * i + 1] = 0;
  });
  return out;
}

/** A web page saved as .xls, as many 业务系统 "导出Excel" buttons produce. */
export function htmlAsXls(): Uint8Array {
  return new TextEncoder().encode(
    '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head>' +
      '<body><table><tr><td>乡镇</td><td>村</td></tr><tr><td>城关镇</td><td>东关村</td></tr></table></body></html>',
  );
}

/** Excel 2003 XML Spreadsheet saved as .xls. */
export function xmlSpreadsheet2003(): Uint8Array {
  return new TextEncoder().encode(
    '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n' +
      '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">' +
      '<Worksheet ss:Name="Sheet1"><Table><Row><Cell><Data ss:Type="String">乡镇</Data></Cell></Row></Table></Worksheet></Workbook>',
  );
}

/** A tab-separated text saved with an .xls name (another common "导出Excel"). */
export function tsvAsXls(): { bytes: Uint8Array; rows: string[][] } {
  const rows = [
    ['乡镇', '村（社区）', '星级'],
    ['城关镇', '东关村', '三星'],
  ];
  const text = rows.map((r) => r.join('\t')).join('\r\n') + '\r\n';
  return { bytes: new Uint8Array(iconv.encode(text, 'gb18030')), rows };
}

/** The start of a PDF. */
export function pdfFile(): Uint8Array {
  return new TextEncoder().encode('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
}

/** UTF-16LE text without a BOM (a tab-separated "Unicode 文本"). */
export function utf16leNoBom(rows: string[][]): Uint8Array {
  const text = rows.map((r) => r.join('\t')).join('\r\n') + '\r\n';
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 * i] = c & 0xff;
    out[2 * i + 1] = c >> 8;
  }
  return out;
}

/** Encodes text with iconv-lite (for fixtures in other encodings). */
export function encode(text: string, encoding: string): Uint8Array {
  return new Uint8Array(iconv.encode(text, encoding));
}

// ---------------------------------------------------------------------------------------------
// (e) Extra columns: a UTF-8 CSV whose 台账 carries columns no rating field stores —
//     党员人数 (full-width digits, a trailing space, one 待核实), a column with a hostile
//     header and a formula-like value, 上年村集体经济收入 (１２.５ / 8万 / 1,020.5: the
//     field 村集体经济收入 is taken by its own column), 网格员 (names) and 备注 (a comma,
//     a line break, a quote).

export const EXTRA_HOSTILE_HEADER = '"; DROP TABLE x; --';
export const EXTRAS_CSV_HEADER = [
  '乡镇', '村（社区）', '类型', ...STAR_COLUMNS, '星级', XLSX_INCOME_HEADER, '党员人数', EXTRA_HOSTILE_HEADER, '上年村集体经济收入', '网格员', '备注',
];
/** 党员人数 per unit (index in UNITS), as typed. */
export const EXTRA_PARTY_MEMBERS: readonly string[] = ['32', '２８', '45', '51 ', '19', '26', '待核实', '22', '38', '60', '17', '24', '15', '41'];
/** The hostile column: empty except three rows. */
export const EXTRA_HOSTILE_VALUES: Readonly<Record<number, string>> = { 0: '=1+1', 9: '=1+1', 12: "'); DROP TABLE ratings; --" };
/** 上年村集体经济收入 (万元): four villages. */
export const EXTRA_LAST_YEAR_INCOME: Readonly<Record<number, string>> = { 0: '１２.５', 1: '8万', 4: '1,020.5', 5: '6' };
export const EXTRA_GRID_MEMBERS: Readonly<Record<number, string>> = { 0: '张三', 1: '李四', 2: '张三', 5: '王五' };
export const EXTRA_REMARKS: Readonly<Record<number, string>> = { 2: '换届后新班子\n持续跟踪', 3: '已整改,待复核', 7: '示范村', 10: '示范村', 13: '说"好"' };

export function extrasCsv(q: Quarter = 3): CsvFixture {
  const data = ledgerRows(q).map((r, i) => [
    r.township,
    r.name,
    KIND_NAMES[r.kind],
    ...STARS.map((s) => (r.stars.includes(s.id) ? '√' : '')),
    String(r.level),
    r.income == null ? '' : String(r.income),
    EXTRA_PARTY_MEMBERS[i],
    EXTRA_HOSTILE_VALUES[i] ?? '',
    EXTRA_LAST_YEAR_INCOME[i] ?? '',
    EXTRA_GRID_MEMBERS[i] ?? '',
    EXTRA_REMARKS[i] ?? '',
  ]);
  const title = [`${COUNTY}${YEAR}年${QUARTER_NAMES[q]}“五星”支部创建台账（含党员人数）`, ...Array<string>(EXTRAS_CSV_HEADER.length - 1).fill('')];
  const rows = [title, EXTRAS_CSV_HEADER, ...data];
  const text = rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
  return {
    name: `${COUNTY}${YEAR}年${QUARTER_NAMES[q]}台账（扩展列）.csv`,
    bytes: new TextEncoder().encode(text),
    rows,
    encoding: 'utf-8',
    delimiter: ',',
    headerRow: 2,
    firstDataRow: 3,
    lastDataRow: 2 + UNITS.length,
    totalRow: null,
    truth: truthFor(q),
  };
}
