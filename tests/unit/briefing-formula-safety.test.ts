/**
 * Formula safety of every export path (OWASP CSV injection): the CSV (csv-export.ts), the
 * pivot workbook (pivot-export.ts) and the briefing workbook (briefing/workbook.ts). Text
 * starting with = + - @ tab or CR is written with a ' in front, in CSV and XLSX alike, and
 * XLSX string cells are plain strings, never formulas.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { looksLikeFormula, safeCell, safeText, toCsv } from '../../shared/csv-export.ts';
import { pivotToCsv, pivotToXlsx, type ExcelJSLike } from '../../shared/analysis/pivot-export.ts';
import { shapePivot, type PivotConfig, type PivotRow } from '../../shared/analysis/pivot.ts';
import { briefingToXlsx, type ExcelJSModule } from '../../shared/briefing/workbook.ts';
import type { BriefingTable } from '../../shared/briefing/tables.ts';

const HOSTILE = ['=HYPERLINK("http://x","y")', '+1', '-2', '@SUM(A1)', '\tx', '\rx'];
const HARMLESS = ['城关镇', ' =1', '１+1', 'a=b', '', '27.3%'];

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** Every cell of a workbook that is a formula (there must be none). */
function formulas(wb: ExcelJS.Workbook): string[] {
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => {
    if (c.type === ExcelJS.ValueType.Formula || (c.value && typeof c.value === 'object' && 'formula' in c.value)) out.push(c.address);
  })));
  return out;
}

describe('the rule', () => {
  it('prefixes = + - @ tab and CR, and nothing else', () => {
    for (const h of HOSTILE) {
      expect(looksLikeFormula(h)).toBe(true);
      expect(safeText(h)).toBe(`'${h}`);
      expect(safeCell(h)).toBe(`'${h}`);
    }
    for (const t of HARMLESS) expect(safeText(t)).toBe(t);
    // Numbers stay numbers (a negative number is not text).
    expect(safeCell(-2)).toBe('-2');
    expect(safeCell(Number.NaN)).toBe('');
  });

  it('CSV: each hostile name is quoted text with the prefix', () => {
    const csv = toCsv(HOSTILE.map((h) => [h]));
    const body = csv.slice(1);
    expect(body).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(body).toContain(`'+1\r\n'-2\r\n'@SUM(A1)\r\n'\tx\r\n"'\rx"`);
  });
});

// A pivot by township whose township names are hostile, and a column group from the data.
const config: PivotConfig = { rows: ['township'], columns: ['kind'], measures: [{ kind: 'units' }] };
function pivotRows(): PivotRow[] {
  const rows: PivotRow[] = HOSTILE.map((t, i) => ({
    dims: { township: t, kind: 'village' }, rolled: { township: false, kind: false }, townshipCounty: '县', values: { m0: i + 1 },
  }));
  rows.push({ dims: { township: null, kind: 'village' }, rolled: { township: true, kind: false }, values: { m0: 21 } });
  return rows;
}

describe('pivot export', () => {
  it('CSV and XLSX write hostile township names as prefixed text', async () => {
    const table = shapePivot(pivotRows(), config);
    const csv = pivotToCsv(table, '=标题');
    expect(csv).toContain(`'=标题`);
    expect(csv).toContain(`'@SUM(A1)`);
    const wb = await readBack(await pivotToXlsx(table, '=标题', ExcelJS as unknown as ExcelJSLike));
    expect(formulas(wb)).toEqual([]);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe(`'=标题`);
    const names: unknown[] = [];
    ws.eachRow((row) => names.push(row.getCell(1).value));
    // XML turns a bare CR into LF on the way back; the ' prefix is what matters.
    for (const h of HOSTILE) expect(names.map((n) => String(n).replace(/\n/g, '\r'))).toContain(`'${h}`);
    ws.eachRow((row) => {
      const c = row.getCell(1);
      if (typeof c.value === 'string' && c.value.startsWith("'")) expect(c.type).toBe(ExcelJS.ValueType.String);
    });
  });
});

describe('briefing workbook', () => {
  it('writes hostile text anywhere (title, headers, groups, cells, notes) as prefixed strings; numbers stay numbers', async () => {
    const t: BriefingTable = {
      title: '+标题',
      groups: [[{ text: '@组', col: 1, span: 2 }]],
      columns: [{ header: '-名称', format: 'text' }, { header: '值', format: 'count' }, { header: '占比', format: 'percent' }],
      rows: HOSTILE.map((h, i) => ({ cells: [h, -(i + 1), 0.5] })),
      note: '=说明',
    };
    const wb = await readBack(await briefingToXlsx([t], ExcelJS as unknown as ExcelJSModule));
    expect(formulas(wb)).toEqual([]);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe(`'+标题`);
    expect(ws.getCell('B2').value).toBe(`'@组`);
    // The label column spans both header rows: its header is in the top one.
    expect(ws.getCell('A2').value).toBe(`'-名称`);
    expect(ws.getCell('A3').isMerged).toBe(true);
    HOSTILE.forEach((h, i) => {
      const c = ws.getCell(4 + i, 1);
      expect(String(c.value).replace(/\n/g, '\r')).toBe(`'${h}`);
      expect(c.type).toBe(ExcelJS.ValueType.String);
      expect(ws.getCell(4 + i, 2).value).toBe(-(i + 1));
      expect(ws.getCell(4 + i, 2).type).toBe(ExcelJS.ValueType.Number);
      expect(ws.getCell(4 + i, 3).numFmt).toBe('0.0%');
    });
    expect(ws.getCell(4 + HOSTILE.length + 1, 1).value).toBe(`'=说明`);
  });
});

describe('pivot export header', () => {
  it('keeps the row-dimension header when column groups stack the header over two rows', async () => {
    const table = shapePivot(pivotRows(), config);
    const ws = (await readBack(await pivotToXlsx(table, '标题', ExcelJS as unknown as ExcelJSLike))).worksheets[0];
    // Row 1 title, rows 2–3 header (kind group over the measure); A2:A3 merged, showing the label.
    expect(String(ws.getCell('A2').value)).toMatch(/乡镇/);
    expect(ws.getCell('A3').isMerged).toBe(true);
    expect(ws.getCell('A3').master.address).toBe('A2');
  });
});
