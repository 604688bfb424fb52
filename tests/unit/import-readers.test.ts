/**
 * The file readers: bytes → RawSheet[] or an ImportError (shared/import/{decode,csv,xlsx,
 * arrow,parquet,read,errors}.ts), on the real-shaped fixtures of tests/support/fixtures.ts.
 */
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Table, Utf8, Int32, Int64, DateDay, TimestampMillisecond, Dictionary, Decimal, makeData, makeVector, tableToIPC, vectorFromArray, Vector } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';
import { unzipSync } from 'fflate';
import { SUPPORTED_ENCODINGS, decodeText, normalizeEncoding, sniffUtf16 } from '../../shared/import/decode.ts';
import { CsvQuoteError, detectDelimiter, parseCsv, readCsv, readCsvDetailed, sheetNameOf } from '../../shared/import/csv.ts';
import { ImportError, MAX_IMPORT_BYTES, checkImportSize } from '../../shared/import/errors.ts';
import { readImportFile, sniffKind } from '../../shared/import/read.ts';
import { readXlsx } from '../../shared/import/xlsx.ts';
import type { RawSheet } from '../../shared/import/types.ts';
import { STARS } from '../../shared/stars.ts';
import * as fx from '../support/fixtures.ts';

async function refusal(file: string, bytes: Uint8Array, opts?: Parameters<typeof readImportFile>[2]): Promise<ImportError> {
  try {
    await readImportFile(file, bytes, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error(`expected ${file} to be refused`);
}

function expectRefusal(e: ImportError, code: string, file: string) {
  expect(e.code).toBe(code);
  expect(e.problem.code).toBe(code);
  expect(e.problem.file).toBe(file);
  expect(e.problem.severity).toBe('error');
  expect(e.problem.row).toBeNull();
  expect(e.message).toContain(`“${file}”`);
  expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  expect(e.message).toBe(e.problem.message);
}

const utf8 = (s: string) => new TextEncoder().encode(s);

// ---------------------------------------------------------------------------------------------
describe('decodeText', () => {
  test('GB18030 CSV is detected and decoded', () => {
    const f = fx.gb18030Csv();
    const d = decodeText(f.bytes);
    expect(d.encoding).toBe('gb18030');
    expect(d.detected).toBe(true);
    expect(d.text.startsWith("示例县2024年第三季度'五星'支部创建情况统计表,")).toBe(true);
    expect(d.text).toContain('城关镇,东关村,村,√,√,√,√,√,,,,5\r\n');
  });

  test('UTF-8 with BOM: BOM stripped, reported as utf-8-bom', () => {
    const d = decodeText(fx.utf8BomCsv().bytes);
    expect(d.encoding).toBe('utf-8-bom');
    expect(d.text.startsWith('乡镇（街道）,')).toBe(true);
  });

  test('plain UTF-8', () => {
    expect(decodeText(utf8('乡镇,村\n城关镇,东关村\n'))).toMatchObject({ encoding: 'utf-8', text: '乡镇,村\n城关镇,东关村\n' });
  });

  test('UTF-16 with and without BOM, both byte orders', () => {
    const rows = [['乡镇', '村（社区）', '星级'], ['城关镇', '东关村', '3']];
    const le = fx.utf16leNoBom(rows);
    const be = new Uint8Array(le.length);
    for (let i = 0; i < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1], le[i]];
    const text = '乡镇\t村（社区）\t星级\r\n城关镇\t东关村\t3\r\n';
    expect(sniffUtf16(le)).toBe('utf-16le');
    expect(sniffUtf16(be)).toBe('utf-16be');
    expect(decodeText(le)).toMatchObject({ encoding: 'utf-16le', text });
    expect(decodeText(be)).toMatchObject({ encoding: 'utf-16be', text });
    expect(decodeText(new Uint8Array([0xff, 0xfe, ...le]))).toMatchObject({ encoding: 'utf-16le', text });
    expect(decodeText(new Uint8Array([0xfe, 0xff, ...be]))).toMatchObject({ encoding: 'utf-16be', text });
  });

  test('Latin-1 text is not mistaken for Chinese', () => {
    const bytes = fx.encode('name,age\r\nJosé Álvarez,30\r\nMüller,25\r\n', 'latin1');
    expect(decodeText(bytes)).toMatchObject({ encoding: 'windows-1252', text: 'name,age\r\nJosé Álvarez,30\r\nMüller,25\r\n' });
  });

  test('UTF-8 with one broken sequence stays UTF-8', () => {
    const good = utf8('乡镇,村（社区）,星级\n城关镇,东关村,三星\n李庄乡,王楼村,一星\n高岗镇,河湾村,二星\n');
    const bytes = new Uint8Array([...good, 0xe2, 0x82, 0x28, 0x0a]);
    const d = decodeText(bytes);
    expect(d.encoding).toBe('utf-8');
    expect(d.replacements).toBeGreaterThan(0);
    expect(d.text.startsWith('乡镇,村（社区）')).toBe(true);
  });

  test('manual override and aliases', () => {
    const text = '鄉鎮,村\n城關鎮,東關村\n';
    expect(decodeText(fx.encode(text, 'big5'), { encoding: 'big5' })).toMatchObject({ encoding: 'big5', text, detected: false });
    expect(decodeText(fx.encode('名前,年齢\n', 'shift_jis'), { encoding: 'sjis' })).toMatchObject({ encoding: 'shift_jis', text: '名前,年齢\n' });
    expect(decodeText(fx.gb18030Csv().bytes, { encoding: 'GBK' }).encoding).toBe('gb18030');
    expect(decodeText(fx.encode('José', 'latin1'), { encoding: 'latin1' })).toMatchObject({ encoding: 'windows-1252', text: 'José' });
    expect(normalizeEncoding('UTF8')).toBe('utf-8');
    expect(normalizeEncoding('gb2312')).toBe('gb18030');
    expect(normalizeEncoding('auto')).toBe('auto');
    expect(normalizeEncoding('klingon')).toBeUndefined();
  });

  test('a wrong manual encoding is refused with a hint, an unknown one too', () => {
    const f = fx.gb18030Csv();
    let e: unknown;
    try {
      decodeText(f.bytes, { encoding: 'utf-8', file: f.name });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(ImportError);
    expectRefusal(e as ImportError, 'encoding', f.name);
    expect((e as ImportError).message).toContain('GB18030');
    expect(() => decodeText(f.bytes, { encoding: 'klingon', file: 'a.csv' })).toThrow(/不支持用“klingon”编码/);
  });

  test('NUL bytes are stripped and counted; binary data is refused', () => {
    const d = decodeText(utf8('col1|col2\nval1|val\u00002\n'));
    expect(d.text).toBe('col1|col2\nval1|val2\n');
    expect(d.nulsRemoved).toBe(1);
    expect(() => decodeText(fx.randomBytes(4096), { file: 'x.csv' })).toThrow(ImportError);
  });

  test('every encoding offered in the picker decodes, with a Chinese label', () => {
    expect(SUPPORTED_ENCODINGS[0].id).toBe('auto');
    for (const e of SUPPORTED_ENCODINGS) {
      expect(e.label).toMatch(/[\u4e00-\u9fff]/);
      if (e.id !== 'auto') expect(() => decodeText(utf8('a,b\n'), { encoding: e.id })).not.toThrow();
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe('parseCsv', () => {
  test('quoted fields, doubled quotes, quoted delimiters and line breaks', () => {
    expect(parseCsv('a,"b,c","say ""hi""","x\ny"\n', ',')).toEqual([['a', 'b,c', 'say "hi"', 'x\ny']]);
    expect(parseCsv('"",x\n', ',')).toEqual([['', 'x']]);
  });

  test('CRLF, LF, lone CR and mixed line ends', () => {
    expect(parseCsv('a,b\r\n1,2\r\n', ',')).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsv('a,b\r1,2\r', ',')).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsv('a\r\nb\nc\rd', ',')).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(parseCsv('"x\r\ny",1\r\n', ',')).toEqual([['x\r\ny', '1']]);
  });

  test('ragged rows kept, blank lines are empty rows, trailing blank lines dropped', () => {
    expect(parseCsv('a,b,c\n1,2\n\n1,2,3,4\n\n\n', ',')).toEqual([['a', 'b', 'c'], ['1', '2'], [], ['1', '2', '3', '4']]);
    expect(parseCsv('a,b,\n', ',')).toEqual([['a', 'b', '']]);
    expect(parseCsv('a,b,', ',')).toEqual([['a', 'b', '']]);
    expect(parseCsv(',,\n', ',')).toEqual([['', '', '']]);
    expect(parseCsv('\n\nx\n', ',')).toEqual([[], [], ['x']]);
    expect(parseCsv('', ',')).toEqual([]);
  });

  test('stray quotes: inside an unquoted field literal, after a closing quote kept', () => {
    expect(parseCsv('12",a\n', ',')).toEqual([['12"', 'a']]);
    expect(parseCsv('"AN"TON,2\n', ',')).toEqual([['ANTON', '2']]);
    expect(parseCsv('"abc"  ,2\n', ',')).toEqual([['abc', '2']]);
  });

  test('an unterminated quote is reported with its line', () => {
    expect(() => parseCsv('a,b\n1,2\n"3,4\n5,6\n', ',')).toThrow(CsvQuoteError);
    try {
      parseCsv('a,b\r\n1,"x\r\ny"\r\n"3,4\n5,6\n', ',');
    } catch (e) {
      expect((e as CsvQuoteError).line).toBe(4);
    }
  });

  test('other delimiters', () => {
    expect(parseCsv('a\tb\t"c\td"\n', '\t')).toEqual([['a', 'b', 'c\td']]);
    expect(parseCsv('a;"1,5";c\n', ';')).toEqual([['a', '1,5', 'c']]);
    expect(parseCsv('a|b||\n', '|')).toEqual([['a', 'b', '', '']]);
  });
});

describe('detectDelimiter', () => {
  test.each([
    [',', 'a,b,c\n1,2,3\n4,5,6\n'],
    ['\t', 'a\tb\tc\n1,5\t2\t3\n4\t5,1\t6\n'],
    [';', 'a;b;c\n1,5;2,3;3\n4;5;6\n'],
    ['|', 'a|b|c\n"x|y"|2|3\n4|5|6\n'],
    [',', '"a;b",c\n"1;2",3\n"4;5",6\n'],
    [',', '示例县统计表\n乡镇,村,星级\n城关镇,东关村,3\n李庄乡,王楼村,1\n'],
    [',', 'only one column\nvalue\n'],
  ])('%j', (want, text) => {
    expect(detectDelimiter(text)).toBe(want);
  });
});

// ---------------------------------------------------------------------------------------------
describe('readCsv on the 台账 fixtures', () => {
  test('(a) GB18030 with a title row, √ marks and a 合计 row', async () => {
    const f = fx.gb18030Csv();
    const [sheet] = await readImportFile(f.name, f.bytes);
    expect(sheet.file).toBe(f.name);
    expect(sheet.sheet).toBe('示例县2024年第三季度五星支部台账');
    expect(sheet.encoding).toBe('gb18030');
    expect(sheet.delimiter).toBe(',');
    expect(sheet.merges).toBeUndefined();
    // Excel line numbers: rows[n-1] is line n.
    expect(sheet.rows[0][0]).toBe("示例县2024年第三季度'五星'支部创建情况统计表");
    expect(sheet.rows[0]).toHaveLength(fx.GB_CSV_HEADER.length);
    expect(sheet.rows[f.headerRow - 1]).toEqual(['乡镇', '村（社区）', '类型', '支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星', '共建共享星', '幸福和谐星', '宜业兴业星', '星级']);
    expect(sheet.rows[f.firstDataRow - 1]).toEqual(['城关镇', '东关村', '村', '√', '√', '√', '√', '√', '', '', '', '5']);
    expect(sheet.rows[f.firstDataRow]).toEqual(['城关镇', '西关村 ', '村', '', '', '√', '√', '√', '', '', '', '3']);
    expect(sheet.rows[f.totalRow! - 1][0]).toBe('合计');
    expect(sheet.rows).toEqual(f.rows);
    // The fixture's truth agrees with the file: one 五星 (东关村) … as the level column says.
    const levels = sheet.rows.slice(f.firstDataRow - 1, f.lastDataRow).map((r) => Number(r[11]));
    expect([0, 1, 2, 3, 4, 5].map((l) => levels.filter((x) => x === l).length)).toEqual(f.truth.byLevel);
  });

  test('(b) UTF-8 BOM with quoted comma and line break in remarks', async () => {
    const f = fx.utf8BomCsv();
    const r = readCsvDetailed(f.name, f.bytes);
    expect(r.sheet.encoding).toBe('utf-8-bom');
    expect(r.encodingDetected).toBe(true);
    expect(r.sheet.rows).toEqual(f.rows);
    expect(r.sheet.rows[0][0]).toBe('乡镇（街道）');
    expect(r.sheet.rows[1].at(-1)).toBe('已整改,待复核');
    expect(r.sheet.rows[4].at(-1)).toBe('换届后新班子\n持续跟踪');
    expect(r.sheet.rows).toHaveLength(1 + fx.UNITS.length);
  });

  test('a header-only CSV is one row; names without extension', () => {
    expect(readCsv('表头.csv', utf8('乡镇,村,星级'))).toMatchObject({ sheet: '表头', rows: [['乡镇', '村', '星级']] });
    expect(sheetNameOf('C:\\台账\\2024.三季度.csv')).toBe('2024.三季度');
    expect(sheetNameOf('/tmp/无扩展名')).toBe('无扩展名');
  });

  test('a delimiter override must be one character', async () => {
    const e = await refusal('x.csv', utf8('a,b\n'), { delimiter: ',,' });
    expectRefusal(e, 'csv_unreadable', 'x.csv');
  });

  test('encoding and delimiter overrides are honoured', () => {
    const bytes = fx.encode('乡镇;村\n城关镇;东关村\n', 'gb18030');
    expect(readCsv('x.csv', bytes, { encoding: 'gb18030', delimiter: ';' })).toMatchObject({
      encoding: 'gb18030',
      delimiter: ';',
      rows: [['乡镇', '村'], ['城关镇', '东关村']],
    });
  });

  test('UTF-16 "Unicode 文本" from Excel: tab-separated', async () => {
    const rows = [['乡镇', '村（社区）', '星级'], ['城关镇', '东关村', '三星']];
    const [sheet] = await readImportFile('unicode.txt', fx.utf16leNoBom(rows));
    expect(sheet).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', rows });
  });

  test('an unterminated quote is refused with its line number', async () => {
    const e = await refusal('坏引号.csv', utf8('乡镇,村\n城关镇,东关村\n"李庄乡,王楼村\n高岗镇,河湾村\n'));
    expectRefusal(e, 'csv_unreadable', '坏引号.csv');
    expect(e.message).toContain('第 3 行');
  });
});

// ---------------------------------------------------------------------------------------------
describe('readXlsx', () => {
  test('(c) every sheet, in order, with title, merged two-row header and Excel row numbers', async () => {
    const f = await fx.multiSheetXlsx();
    const sheets = await readImportFile(f.name, f.bytes);
    expect(sheets.map((s) => s.sheet)).toEqual(['2024年第一季度', '2024年第二季度', '2024年第三季度', '填表说明']);
    for (const [i, truth] of f.sheets.entries()) {
      const s = sheets[i];
      expect(s.file).toBe(f.name);
      expect(s.encoding).toBeUndefined();
      // Row 1: the merged title, value in A1, the rest of the merge null.
      expect(s.rows[0][0]).toBe(truth.title);
      expect(s.rows[0].slice(1).every((c) => c === null)).toBe(true);
      // Row 2: 乡镇/村/类型, then the group label in D2 (index 3) only, E2..K2 null.
      expect(s.rows[1].slice(0, 4)).toEqual(['乡镇', '村（社区）', '类型', '五星创建情况']);
      expect(s.rows[1].slice(4, 11)).toEqual([null, null, null, null, null, null, null]);
      expect(s.rows[1].slice(11)).toEqual(['星级', '村集体经济收入（万元）', '备注']);
      // Row 3: nothing under the vertical merges, the star names under the group label.
      expect(s.rows[2]).toEqual([null, null, null, ...STARS.map((x) => x.name), null, null, null]);
      // Merges, 0-based inclusive.
      expect(s.merges).toHaveLength(truth.merges.length);
      expect(s.merges).toEqual(expect.arrayContaining(truth.merges));
      expect(s.merges).toContainEqual({ top: 1, left: 3, bottom: 1, right: 10 });
      expect(s.merges).toContainEqual({ top: 1, left: 0, bottom: 2, right: 0 });
      // Data rows where Excel shows them, cells untrimmed, full-width text as written.
      for (const d of truth.dataRows) expect(s.rows[d.excelRow - 1]).toEqual(d.cells);
      expect(s.rows[truth.blankRow - 1].every((c) => c === null)).toBe(true);
      expect(s.rows[truth.totalRow - 1][0]).toBe('合计');
      // Formula results in the 合计 row (COUNTIF of ★).
      expect(s.rows[truth.totalRow - 1].slice(3, 11)).toEqual(STARS.map((x) => truth.byStar[x.id]));
      expect(s.rows).toHaveLength(truth.totalRow);
    }
    const q3 = sheets[2];
    expect(q3.rows[3]).toEqual(['城关镇', '东关村', '村', '★', '★', '★', '★', '★', null, null, null, '五星', '２８．５', null]);
    const trailing = q3.rows.find((r) => typeof r[1] === 'string' && r[1].endsWith('  '));
    expect(trailing?.[1]).toBe('南街社区  ');
    expect(sheets[3].rows).toEqual(fx.NOTES_LINES.map((l) => [l]));
    expect(sheets[3].merges).toBeUndefined();
  });

  test('leading blank rows and columns are kept (table at C3)', async () => {
    const f = await fx.offsetXlsx();
    const sheets = await readXlsx(f.name, f.bytes);
    const s = sheets[0];
    expect(s.rows[0].every((c) => c === null)).toBe(true);
    expect(s.rows[1].every((c) => c === null)).toBe(true);
    expect(s.rows[2]).toEqual([null, null, ...f.header]);
    expect(s.rows[3]).toEqual([null, null, ...f.data[0]]);
    expect(s.rows[4]).toEqual([null, null, ...f.data[1]]);
    expect(sheets[1]).toMatchObject({ sheet: '空表', rows: [] });
  });

  test('cell types: numbers, booleans, dates, formulas (cached result), text untrimmed', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('类型');
    ws.addRow(['  城关镇  ', 3, true, new Date(Date.UTC(2024, 8, 30)), { formula: 'B1*2', result: 6 }, '０３']);
    ws.getCell('D1').numFmt = 'yyyy-mm-dd';
    const [s] = await readImportFile('类型.xlsx', new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    expect(s.rows).toEqual([['  城关镇  ', 3, true, new Date(Date.UTC(2024, 8, 30)), 6, '０３']]);
  });

  test('one sheet by name; a missing sheet is refused with the list', async () => {
    const f = await fx.multiSheetXlsx();
    const only = await readImportFile(f.name, f.bytes, { sheet: '2024年第二季度' });
    expect(only.map((s) => s.sheet)).toEqual(['2024年第二季度']);
    const e = await refusal(f.name, f.bytes, { sheet: '第四季度' });
    expectRefusal(e, 'sheet_not_found', f.name);
    expect(e.message).toContain('“2024年第三季度”');
  });

  test('a sheet over 512 KB of XML reads (stored re-zip path, no worker)', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('大表');
    ws.addRow(['乡镇', '村（社区）', ...STARS.map((s) => s.name), '星级']);
    for (let i = 0; i < 6000; i++) ws.addRow([`乡镇${i % 20}`, `村${i}`, ...STARS.map((_, j) => ((i + j) % 3 ? '★' : null)), '三星']);
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const sizes: Record<string, number> = {};
    unzipSync(bytes, { filter: (f) => ((sizes[f.name] = f.originalSize), false) });
    expect(sizes['xl/worksheets/sheet1.xml']).toBeGreaterThan(512 * 1024);
    const [s] = await readImportFile('大表.xlsx', bytes);
    expect(s.rows).toHaveLength(6001);
    expect(s.rows[6000].slice(0, 2)).toEqual(['乡镇19', '村5999']);
  });
});

// ---------------------------------------------------------------------------------------------
describe('hostile files', () => {
  test('empty file', async () => {
    expectRefusal(await refusal('空.csv', fx.emptyFile()), 'empty_file', '空.csv');
    expectRefusal(await refusal('空.xlsx', fx.emptyFile()), 'empty_file', '空.xlsx');
  });

  test('truncated XLSX (cut in half)', async () => {
    const e = await refusal('下载一半.xlsx', await fx.truncatedXlsx());
    expectRefusal(e, 'truncated_xlsx', '下载一半.xlsx');
  });

  test('a ZIP that is not a workbook', async () => {
    expectRefusal(await refusal('压缩包.xlsx', fx.zipNotXlsx()), 'not_xlsx', '压缩包.xlsx');
    const docx = await refusal('其实是Word.xlsx', fx.docxLike());
    expectRefusal(docx, 'not_xlsx', '其实是Word.xlsx');
    expect(docx.message).toContain('Word');
  });

  test('random bytes, named .xlsx and .csv', async () => {
    expectRefusal(await refusal('乱码.xlsx', fx.randomBytes(8192)), 'not_xlsx', '乱码.xlsx');
    expectRefusal(await refusal('乱码.csv', fx.randomBytes(8192)), 'binary_file', '乱码.csv');
  });

  test('a ZIP entry claiming 2 GB is refused before inflating', async () => {
    const bytes = await fx.hugeClaimXlsx();
    const t0 = performance.now();
    const e = await refusal('两个G.xlsx', bytes);
    expect(performance.now() - t0).toBeLessThan(2000);
    expectRefusal(e, 'too_large', '两个G.xlsx');
    expect(e.message).toContain('2 GB');
    expect(e.message).toContain('400 MB');
  });

  test('size limits are exported and stated in the message', () => {
    expect(MAX_IMPORT_BYTES.csv).toBe(500 * 1024 * 1024);
    expect(MAX_IMPORT_BYTES.xlsx).toBe(200 * 1024 * 1024);
    expect(() => checkImportSize('大.csv', MAX_IMPORT_BYTES.csv, 'csv')).not.toThrow();
    try {
      checkImportSize('大.xlsx', MAX_IMPORT_BYTES.xlsx + 1, 'xlsx');
      throw new Error('not refused');
    } catch (e) {
      expectRefusal(e as ImportError, 'too_large', '大.xlsx');
      expect((e as Error).message).toContain('200 MB');
    }
  });

  test('legacy .xls and encrypted workbooks', async () => {
    const xls = await refusal('2003版.xls', fx.legacyXls());
    expectRefusal(xls, 'xls_legacy', '2003版.xls');
    expect(xls.message).toContain('另存为');
    expect(xls.message).toContain('.xlsx');
    expectRefusal(await refusal('有密码.xlsx', fx.encryptedXlsx()), 'encrypted', '有密码.xlsx');
  });

  test('web-system "Excel" exports: HTML, XML 2003, and TSV named .xls', async () => {
    expectRefusal(await refusal('导出.xls', fx.htmlAsXls()), 'html_as_excel', '导出.xls');
    expectRefusal(await refusal('导出2003.xls', fx.xmlSpreadsheet2003()), 'xml_spreadsheet', '导出2003.xls');
    const tsv = fx.tsvAsXls();
    const [s] = await readImportFile('系统导出.xls', tsv.bytes);
    expect(s).toMatchObject({ sheet: '系统导出', encoding: 'gb18030', delimiter: '\t', rows: tsv.rows });
  });

  test('other formats are named', async () => {
    const pdf = await refusal('通知.pdf', fx.pdfFile());
    expectRefusal(pdf, 'unsupported_format', '通知.pdf');
    expect(pdf.message).toContain('PDF');
  });

  test('sniffing by content first, extension second', () => {
    expect(sniffKind('a.csv', fx.zipNotXlsx())).toBe('xlsx');
    expect(sniffKind('a.xlsx', fx.legacyXls())).toBe('xls');
    expect(sniffKind('a.bin', utf8('PAR1xxxxPAR1'))).toBe('parquet');
    expect(sniffKind('a.csv', utf8('PAR1,ARROW1\n1,2\n'))).toBe('text');
    expect(sniffKind('a.arrow', utf8('hello'))).toBe('arrow');
    expect(sniffKind('a.xls', utf8('a\tb'))).toBe('text');
  });
});

// ---------------------------------------------------------------------------------------------
describe('readArrow', () => {
  function sample(): Table {
    // Decimal(2, 10): 12.34 and -5.00 as 128-bit little-endian words.
    const dec = makeVector(
      makeData({ type: new Decimal(2, 10, 128), length: 3, nullCount: 1, nullBitmap: new Uint8Array([0b011]), data: new Uint32Array([1234, 0, 0, 0, 0xfffffe0c, 0xffffffff, 0xffffffff, 0xffffffff, 0, 0, 0, 0]) }),
    );
    return new Table({
      乡镇: vectorFromArray(['城关镇', '李庄乡', null], new Utf8()),
      星级: vectorFromArray([3, 0, null], new Int32()),
      big: vectorFromArray([12345678901234n, 2n ** 60n, null], new Int64()),
      评定日期: vectorFromArray([new Date(Date.UTC(2024, 8, 30)), null, new Date(Date.UTC(2024, 5, 30))], new DateDay()),
      ts: vectorFromArray([new Date(Date.UTC(2024, 9, 8, 8, 30)), null, null], new TimestampMillisecond()),
      类型: vectorFromArray(['村', '社区', '村'], new Dictionary(new Utf8(), new Int32())),
      达标: vectorFromArray([true, false, null]),
      收入: vectorFromArray([28.5, null, 3]),
      dec,
    });
  }

  const expected = [
    ['乡镇', '星级', 'big', '评定日期', 'ts', '类型', '达标', '收入', 'dec'],
    ['城关镇', 3, 12345678901234, new Date(Date.UTC(2024, 8, 30)), new Date(Date.UTC(2024, 9, 8, 8, 30)), '村', true, 28.5, 12.34],
    ['李庄乡', 0, '1152921504606846976', null, null, '社区', false, null, -5],
    [null, null, null, new Date(Date.UTC(2024, 5, 30)), null, '村', null, 3, null],
  ];

  test.each(['file', 'stream'] as const)('IPC %s format', async (format) => {
    const bytes = tableToIPC(sample(), format);
    const [s] = await readImportFile(`台账.${format === 'file' ? 'arrow' : 'arrows'}`, bytes);
    expect(s.sheet).toBe('台账');
    expect(s.rows).toEqual(expected);
  });

  test('sniffed without an extension; damaged files refused', async () => {
    const bytes = tableToIPC(sample(), 'file');
    expect((await readImportFile('导出', bytes))[0].rows).toEqual(expected);
    expectRefusal(await refusal('坏.arrow', bytes.slice(0, 200)), 'arrow_unreadable', '坏.arrow');
    expectRefusal(await refusal('不是.arrow', utf8('乡镇,村\n')), 'arrow_unreadable', '不是.arrow');
  });
});

// ---------------------------------------------------------------------------------------------
describe('readParquet (files written by native DuckDB)', () => {
  test('snappy, zstd, gzip and uncompressed read the same; brotli refused with its reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xingtu-pq-'));
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    try {
      const select = `SELECT * FROM (VALUES
          ('城关镇', '东关村', 3::INTEGER, 12345678901234::BIGINT, 9007199254740993::BIGINT, 28.5::DOUBLE, DATE '2024-09-30', TIMESTAMP '2024-10-08 08:30:00', true, 12.34::DECIMAL(10,2), NULL::VARCHAR, [1, 2], {'a': 1}),
          ('李庄乡', NULL, 0, 1, 2, NULL, NULL, NULL, false, NULL, '备注', NULL, NULL))
        t(乡镇, 村, 星级, big, huge, income, d, ts, flag, dec, remark, lst, st)`;
      const expected = [
        ['乡镇', '村', '星级', 'big', 'huge', 'income', 'd', 'ts', 'flag', 'dec', 'remark', 'lst', 'st'],
        ['城关镇', '东关村', 3, 12345678901234, '9007199254740993', 28.5, new Date(Date.UTC(2024, 8, 30)), new Date(Date.UTC(2024, 9, 8, 8, 30)), true, 12.34, null, '[1,2]', '{"a":1}'],
        ['李庄乡', null, 0, 1, 2, null, null, null, false, null, '备注', null, null],
      ];
      for (const codec of ['snappy', 'zstd', 'gzip', 'uncompressed']) {
        const path = join(dir, `${codec}.parquet`);
        await conn.run(`COPY (${select}) TO '${path}' (FORMAT parquet, COMPRESSION ${codec})`);
        const [s] = await readImportFile(`台账_${codec}.parquet`, new Uint8Array(readFileSync(path)));
        expect(s.sheet).toBe(`台账_${codec}`);
        expect(s.rows).toEqual(expected);
      }
      const path = join(dir, 'brotli.parquet');
      await conn.run(`COPY (${select}) TO '${path}' (FORMAT parquet, COMPRESSION brotli)`);
      const e = await refusal('b.parquet', new Uint8Array(readFileSync(path)));
      expectRefusal(e, 'parquet_unreadable', 'b.parquet');
      expect(e.message).toContain('BROTLI');
      const whole = new Uint8Array(readFileSync(join(dir, 'snappy.parquet')));
      expectRefusal(await refusal('半个.parquet', whole.slice(0, whole.length >> 1)), 'parquet_unreadable', '半个.parquet');
    } finally {
      conn.closeSync();
      inst.closeSync();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe('no eval on the reader paths (CSP without unsafe-eval)', () => {
  test('XLSX, CSV, Arrow and Parquet read with Function and eval disabled; Arrow builders would not', async () => {
    const xlsx = await fx.multiSheetXlsx();
    const csv = fx.gb18030Csv();
    const arrow = tableToIPC(
      new Table({ 乡镇: vectorFromArray(['城关镇', '李庄乡'], new Utf8()), 星级: vectorFromArray([3, 1], new Int32()) }),
      'stream',
    );
    const dir = mkdtempSync(join(tmpdir(), 'xingtu-pq-'));
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    const pq = join(dir, 'z.parquet');
    await conn.run(`COPY (SELECT '城关镇' AS 乡镇, 3 AS 星级) TO '${pq}' (FORMAT parquet, COMPRESSION zstd)`);
    const parquet = new Uint8Array(readFileSync(pq));
    conn.closeSync();
    inst.closeSync();
    rmSync(dir, { recursive: true, force: true });

    const g = globalThis as { Function: FunctionConstructor; eval: typeof eval };
    const realFunction = g.Function;
    const realEval = g.eval;
    const blocked = () => {
      throw new EvalError('blocked by CSP (test)');
    };
    g.Function = new Proxy(realFunction, { apply: blocked, construct: blocked });
    g.eval = blocked as unknown as typeof eval;
    let results: RawSheet[][];
    let builderError: unknown = null;
    try {
      try {
        vectorFromArray(['x', null], new Utf8());
      } catch (e) {
        builderError = e;
      }
      results = [
        await readImportFile(xlsx.name, xlsx.bytes),
        await readImportFile(csv.name, csv.bytes),
        await readImportFile('a.arrows', arrow),
        await readImportFile('z.parquet', parquet),
      ];
    } finally {
      g.Function = realFunction;
      g.eval = realEval;
    }
    expect(builderError).toBeInstanceOf(EvalError);
    expect(results[0]).toHaveLength(4);
    expect(results[1][0].rows).toEqual(csv.rows);
    expect(results[2][0].rows).toEqual([['乡镇', '星级'], ['城关镇', 3], ['李庄乡', 1]]);
    expect(results[3][0].rows).toEqual([['乡镇', '星级'], ['城关镇', 3]]);
  });

  test('sanity: the vector type used above is an Arrow Vector', () => {
    expect(vectorFromArray([1, 2], new Int32())).toBeInstanceOf(Vector);
  });
});
