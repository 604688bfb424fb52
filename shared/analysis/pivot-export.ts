/**
 * The pivot exactly as shown, for Excel/WPS: a title row, the column header groups as
 * merged header rows, then the rows with number formats. CSV gets the same header rows
 * (without merges). Text from the data is written as text, never as a formula: string
 * cells are plain strings, and text starting with = + - @ tab or CR gets a ' in front, the
 * same rule as the CSV (csv-export.ts safeText).
 */
import { safeText, toCsv, type CsvCell } from '../csv-export.ts';
import { formatMeasureValue } from '../format.ts';
import type { MeasureFormat } from './measures.ts';
import type { PivotColumnDef, PivotLeafColumn, PivotTable } from './pivot.ts';

export interface HeaderCell {
  text: string;
  /** 0-based column of the first leaf under this header. */
  col: number;
  span: number;
}

/** Header rows top-down: groups, then the leaves (row-dimension headers span all rows). */
export function headerRows(table: PivotTable): { rows: HeaderCell[][]; leaves: PivotLeafColumn[] } {
  const depth = (d: PivotColumnDef): number => ('children' in d ? 1 + Math.max(0, ...d.children.map(depth)) : 1);
  const height = Math.max(1, ...table.columnDefs.map(depth));
  const rows: HeaderCell[][] = Array.from({ length: height }, () => []);
  const leaves: PivotLeafColumn[] = [];
  const walk = (d: PivotColumnDef, level: number): number => {
    if ('children' in d) {
      const start = leaves.length;
      let span = 0;
      for (const c of d.children) span += walk(c, level + 1);
      rows[level].push({ text: d.headerName, col: start, span });
      return span;
    }
    // A leaf sits on the bottom row; above it, nothing (row-dimension columns are merged upward on export).
    rows[height - 1].push({ text: d.headerName, col: leaves.length, span: 1 });
    leaves.push(d);
    return 1;
  };
  for (const d of table.columnDefs) walk(d, 0);
  return { rows, leaves };
}


function rowCells(table: PivotTable, leaves: PivotLeafColumn[], formatted: boolean): CsvCell[][] {
  return table.rows.map((r) => leaves.map((l) => {
    const v = r.cells[l.colId];
    if (l.role === 'dim') return v == null ? '' : String(v);
    // A change column's 无可比数据 (shapePivot) is exported as the text it is.
    if (typeof v === 'string') return v;
    return formatted ? formatMeasureValue(l.format ?? 'count', v as number | null, { empty: '' }) : (v as number | null);
  }));
}

export function pivotToCsv(table: PivotTable, title: string): string {
  const { rows, leaves } = headerRows(table);
  const header = rows.map((cells) => {
    const line: string[] = leaves.map(() => '');
    for (const c of cells) line[c.col] = c.text;
    return line;
  });
  return toCsv([[title], ...header, ...rowCells(table, leaves, true)]);
}

/** A cell value for exceljs: text made formula-safe, non-finite numbers left empty. */
export function xlsxValue(v: CsvCell): string | number | boolean | null {
  if (v == null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  return safeText(String(v));
}

export const NUM_FMT: Record<MeasureFormat, string> = { count: '0', percent: '0.0%', decimal: '0.00', money: '0.0', score: '0.0' };

/** Minimal structural type of the exceljs module (passed in: the browser loads it lazily). */
export interface ExcelJSLike {
  Workbook: new () => {
    addWorksheet(name: string): {
      addRow(values: unknown[]): { font?: unknown; getCell(i: number): { numFmt?: string; font?: unknown; alignment?: unknown } };
      mergeCells(top: number, left: number, bottom: number, right: number): void;
      getColumn(i: number): { width?: number };
      views?: unknown[];
    };
    xlsx: { writeBuffer(): Promise<ArrayBuffer | Uint8Array> };
  };
}

export async function pivotToXlsx(table: PivotTable, title: string, ExcelJS: ExcelJSLike, sheetName = '透视表'): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  const { rows, leaves } = headerRows(table);
  const width = leaves.length;
  const titleRow = ws.addRow([safeText(title)]);
  titleRow.getCell(1).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, Math.max(1, width));
  // Row-dimension headers stand on the bottom header row of headerRows(); in the sheet they
  // go on the top header row, because a merge keeps only the top-left cell's value.
  const dimLeaf = (c: HeaderCell): boolean => leaves[c.col]?.role === 'dim' && c.span === 1;
  const bottom = rows.length - 1;
  rows.forEach((cells, i) => {
    const placed = i === 0 && bottom > 0
      ? [...cells, ...rows[bottom].filter(dimLeaf)]
      : i === bottom && bottom > 0 ? cells.filter((c) => !dimLeaf(c)) : cells;
    const line: string[] = leaves.map(() => '');
    for (const c of placed) line[c.col] = safeText(c.text);
    const row = ws.addRow(line);
    const excelRow = i + 2;
    for (const c of placed) {
      row.getCell(c.col + 1).font = { bold: true };
      row.getCell(c.col + 1).alignment = { horizontal: 'center', vertical: 'middle' };
      if (c.span > 1) ws.mergeCells(excelRow, c.col + 1, excelRow, c.col + c.span);
    }
  });
  // Row-dimension headers stand on the bottom header row; merge them upward over the group rows.
  const headerTop = 2;
  const headerBottom = rows.length + 1;
  leaves.forEach((l, i) => {
    if (l.role === 'dim' && headerBottom > headerTop) ws.mergeCells(headerTop, i + 1, headerBottom, i + 1);
  });
  for (const [ri, values] of rowCells(table, leaves, false).entries()) {
    const row = ws.addRow(values.map(xlsxValue));
    const kind = table.rows[ri].kind;
    leaves.forEach((l, i) => {
      const cell = row.getCell(i + 1);
      if (l.role === 'value') cell.numFmt = NUM_FMT[l.format ?? 'count'];
      if (kind !== 'cell') cell.font = { bold: true };
    });
  }
  leaves.forEach((l, i) => (ws.getColumn(i + 1).width = l.role === 'dim' ? 16 : Math.max(10, l.headerName.length * 2 + 2)));
  const buf = await wb.xlsx.writeBuffer();
  return buf instanceof Uint8Array ? buf : new Uint8Array(buf);
}
