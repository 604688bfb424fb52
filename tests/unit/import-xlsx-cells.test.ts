/**
 * shared/import/xlsx-cells.ts, the linear worksheet reader that replaced read-excel-file's
 * time-sliced parser (issue #12: 30 000 rows took ~46 s, 45 000 failed with a false "out of
 * memory"). It must read what read-excel-file read, the same way (compared cell by cell on
 * exceljs workbooks), plus the XML forms other writers produce.
 */
import { describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import readXlsxFile from 'read-excel-file/universal';
import { strToU8, zipSync } from 'fflate';
import { readImportFile } from '../../shared/import/read.ts';
import { ImportError } from '../../shared/import/errors.ts';
import { excelDate, isDateFormatCode, parseDateStyles, parseSharedStrings, parseSheetRows } from '../../shared/import/xlsx-cells.ts';
import { ledgerXlsx, LEDGER_XLSX_HEADER } from '../../bench/xlsx-data.ts';
import * as fx from '../support/fixtures.ts';

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

/** A minimal workbook from raw parts: one sheet, optional shared strings and styles. */
function workbook(sheetXml: string, extra: { strings?: string; styles?: string; workbookPr?: string } = {}): Uint8Array {
  const files: Record<string, string> = {
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels': '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': `<?xml version="1.0"?><workbook ${NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
      `${extra.workbookPr ?? ''}<sheets><sheet name="表一" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' +
      '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': sheetXml,
  };
  if (extra.strings) files['xl/sharedStrings.xml'] = extra.strings;
  if (extra.styles) files['xl/styles.xml'] = extra.styles;
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
}

/**
 * read-excel-file 9.3 (`trim: false`) as xlsx.ts used it before, for comparison. It floors
 * date-times to the millisecond (12:30 came out as 12:29:59.999); xlsx-cells rounds.
 */
async function viaReadExcelFile(bytes: Uint8Array) {
  const sheets = (await readXlsxFile(bytes.slice().buffer as ArrayBuffer, { trim: false })) as unknown as Array<{ sheet: string; data: unknown[][] }>;
  const cell = (c: unknown) => (c === undefined ? null : c instanceof Date ? new Date(Math.round(c.getTime() / 1000) * 1000) : c);
  return sheets.map((s) => ({ sheet: s.sheet, rows: s.data.map((r) => r.map(cell)) }));
}

describe('same cells as read-excel-file', () => {
  test('the multi-sheet 台账 fixture (merged headers, blank row, formulas, full-width digits)', async () => {
    const f = await fx.multiSheetXlsx();
    const ours = await readImportFile(f.name, f.bytes);
    expect(ours.map((s) => ({ sheet: s.sheet, rows: s.rows }))).toEqual(await viaReadExcelFile(f.bytes));
  });

  test('the table at C3 and an empty sheet', async () => {
    const f = await fx.offsetXlsx();
    const ours = await readImportFile(f.name, f.bytes);
    expect(ours.map((s) => ({ sheet: s.sheet, rows: s.rows }))).toEqual(await viaReadExcelFile(f.bytes));
  });

  test('types: text with spaces, numbers, booleans, dates in several formats, formulas, rich text, errors', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('类型');
    ws.addRow(['  城关镇  ', 3, -2.5, true, false, new Date(Date.UTC(2024, 8, 30)), { formula: 'B1*2', result: 6 }, '０３']);
    ws.getCell('F1').numFmt = 'yyyy-mm-dd';
    ws.addRow([
      new Date(Date.UTC(2023, 0, 15, 12, 30)), new Date(Date.UTC(2022, 5, 1)), 45000, 0.5,
      { richText: [{ text: '东关' }, { font: { bold: true }, text: '村' }] },
      { formula: '1/0', result: { error: '#DIV/0!' } }, { formula: 'A1&"x"', result: '  城关镇  x' }, '',
    ]);
    ws.getCell('A2').numFmt = 'yyyy/m/d h:mm';
    ws.getCell('B2').numFmt = 'yyyy"年"m"月"d"日"';
    ws.getCell('C2').numFmt = '#,##0';
    ws.getCell('D2').numFmt = '0.00%';
    ws.addRow([]);
    ws.addRow([null, null, 'after a blank row']);
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const [ours] = await readImportFile('类型.xlsx', bytes);
    const [theirs] = await viaReadExcelFile(bytes);
    expect(ours.rows).toEqual(theirs.rows);
    expect(ours.rows[0]).toEqual(['  城关镇  ', 3, -2.5, true, false, new Date(Date.UTC(2024, 8, 30)), 6, '０３']);
    expect(ours.rows[1]).toEqual([new Date(Date.UTC(2023, 0, 15, 12, 30)), new Date(Date.UTC(2022, 5, 1)), 45000, 0.5, '东关村', null, '  城关镇  x', null]);
    expect(ours.rows[2].every((c) => c === null)).toBe(true);
  });

  test('the generated benchmark ledger', async () => {
    const bytes = ledgerXlsx(300);
    const [ours] = await readImportFile('台账.xlsx', bytes);
    const [theirs] = await viaReadExcelFile(bytes);
    expect(ours.rows).toEqual(theirs.rows);
    expect(ours.rows[1]).toEqual(LEDGER_XLSX_HEADER);
    expect(ours.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: LEDGER_XLSX_HEADER.length - 1 }]);
  });
});

describe('XML forms of other writers', () => {
  test('namespace prefixes, inline strings, phonetic guides, escapes, rows and cells without r', async () => {
    const sheet = `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
      '<x:row><x:c t="inlineStr"><x:is><x:t xml:space="preserve"> 乡镇 </x:t></x:is></x:c><x:c t="s"><x:v>0</x:v></x:c></x:row>' +
      '<x:row r="3"><x:c r="B3" t="str"><x:f>A1</x:f><x:v>a_x000D_b &amp; &lt;c&gt;</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c></x:row>' +
      '<x:row><x:c r="A4"><x:v>1.5E3</x:v></x:c><x:c r="D4" s="1"/></x:row>' +
      '<x:row r="9"/>' +
      `</x:sheetData></x:worksheet>`;
    const strings = `<sst ${NS}><si><r><t>东</t></r><r><t>关村</t></r><rPh sb="0" eb="1"><t>ドン</t></rPh></si></sst>`;
    const [s] = await readImportFile('别家.xlsx', workbook(sheet, { strings }));
    expect(s.rows).toEqual([
      [' 乡镇 ', '东关村', null],
      [null, null, null],
      [null, 'a\rb & <c>', true],
      [1500, null, null],
    ]);
  });

  test('dates: built-in ids, custom formats, styles inherited from cellStyleXfs, the 1904 epoch, t="d"', async () => {
    const styles = `<styleSheet ${NS}><numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/>` +
      '<numFmt numFmtId="177" formatCode="0.0_);[Red]\\(0.0\\)"/></numFmts>' +
      '<cellStyleXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellStyleXfs>' +
      '<cellXfs count="5"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0"/><xf numFmtId="176" xfId="0"/><xf numFmtId="177" xfId="0"/><xf xfId="1"/></cellXfs></styleSheet>';
    const sheet = `<worksheet ${NS}><sheetData><row r="1">` +
      '<c r="A1" s="1"><v>45566</v></c><c r="B1" s="2"><v>45566</v></c><c r="C1" s="3"><v>45566</v></c><c r="D1" s="4"><v>45566</v></c>' +
      '<c r="E1" t="d"><v>2024-10-01T00:00:00Z</v></c><c r="F1" s="0"><v>45566</v></c></row></sheetData></worksheet>';
    const oct1 = new Date(Date.UTC(2024, 9, 1));
    const [s] = await readImportFile('日期.xlsx', workbook(sheet, { styles }));
    expect(s.rows).toEqual([[oct1, oct1, 45566, oct1, oct1, 45566]]);
    const [mac] = await readImportFile('日期1904.xlsx', workbook(sheet, { styles, workbookPr: '<workbookPr date1904="1"/>' }));
    expect(mac.rows[0][0]).toEqual(new Date(Date.UTC(2028, 9, 2)));
    expect(excelDate(61, false)).toEqual(new Date(Date.UTC(1900, 2, 1)));
    expect(excelDate(44941 + 12.5 / 24, false)).toEqual(new Date(Date.UTC(2023, 0, 15, 12, 30)));
  });

  test('the date-format test of custom codes', () => {
    for (const code of ['yyyy-mm-dd', 'yyyy"年"m"月"d"日"', '[$-804]yyyy"年"m"月";@', 'h:mm:ss', '[h]:mm', 'mm:ss.0', 'd-mmm-yy']) {
      expect(isDateFormatCode(code), code).toBe(true);
    }
    for (const code of ['0.00', '#,##0', '0%', '@', '"年"0', '0.0_);[Red]\\(0.0\\)', 'General']) {
      expect(isDateFormatCode(code), code).toBe(false);
    }
    expect(parseDateStyles('<styleSheet/>')).toEqual([]);
    expect(parseSharedStrings(`<sst ${NS}><si><t/></si><si><t>a</t></si></sst>`)).toEqual(['', 'a']);
  });

  test('a shared-string index past the table is a damaged file, in Chinese', async () => {
    const sheet = `<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="s"><v>7</v></c></row></sheetData></worksheet>`;
    const e = await readImportFile('坏.xlsx', workbook(sheet, { strings: `<sst ${NS}><si><t>a</t></si></sst>` })).catch((x) => x);
    expect(e).toBeInstanceOf(ImportError);
    expect((e as ImportError).code).toBe('xlsx_unreadable');
    expect((e as ImportError).message).toContain('坏.xlsx');
  });

  test('rows out of order are placed where their numbers say', () => {
    const xml = `<worksheet ${NS}><sheetData><row r="2"><c r="A2"><v>2</v></c></row><row r="1"><c r="B1"><v>1</v></c></row></sheetData></worksheet>`;
    expect(parseSheetRows(xml, { strings: [], dateStyles: [], epoch1904: false })).toEqual([[null, 1], [2, null]]);
  });
});

describe('large sheets', () => {
  test('50 000 rows read whole, in order, with their Excel row numbers (no stack overflow)', async () => {
    const bytes = ledgerXlsx(50_000);
    const [s] = await readImportFile('大台账.xlsx', bytes);
    expect(s.rows).toHaveLength(50_002);
    expect(s.rows[1]).toEqual(LEDGER_XLSX_HEADER);
    expect(s.rows[50_001][4]).toBe(2025);
    expect(s.rows[50_001][5]).toBe(4);
    expect(s.rows.every((r) => r.length === LEDGER_XLSX_HEADER.length)).toBe(true);
  });
});
