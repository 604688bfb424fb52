/**
 * The briefing's tables as one Excel workbook, a sheet each, in the conventions of the
 * pivot export (analysis/pivot-export.ts): a title row, merged header groups, bold
 * headers and totals, number formats per measure. Formula-safe: strings are written as
 * plain string cells (never formulas) and text starting with = + - @ tab or CR gets a '
 * in front, the same rule as the CSV export (csv-export.ts safeText). A change column's
 * values (+8.3, −2, 持平) are written as numbers with a signed number format.
 */
import { safeText } from '../csv-export.ts';
import { NUM_FMT, xlsxValue } from '../analysis/pivot-export.ts';
import { cellFormat, type BriefingTable } from './tables.ts';

/** Characters Excel refuses in a sheet name. */
const BAD_SHEET_CHARS = /[[\]:*?/\\]/g;
export const SHEET_NAME_MAX = 31;

/**
 * A valid, unique sheet name from a title: no []:*?/\, no leading or trailing ', at most 31
 * characters, never empty, never 'History' (reserved), and not equal (case-insensitively)
 * to one already used — then 标题（2）, 标题（3）….
 */
export function sheetName(title: string, used: Set<string>): string {
  let base = title.replace(BAD_SHEET_CHARS, ' ').replace(/[\u0000-\u001f]/g, ' ').replace(/\s+/g, ' ').trim()
    .replace(/^'+|'+$/g, '').trim();
  if (!base || base.toLowerCase() === 'history') base = `表${used.size + 1}`;
  base = [...base].slice(0, SHEET_NAME_MAX).join('');
  let name = base;
  for (let n = 2; used.has(name.toLowerCase()); n++) {
    const suffix = `（${n}）`;
    name = [...base].slice(0, SHEET_NAME_MAX - suffix.length).join('').replace(/'+$/, '') + suffix;
  }
  used.add(name.toLowerCase());
  return name;
}

interface CellLike { numFmt?: string; font?: unknown; alignment?: unknown; border?: unknown; value?: unknown }
interface RowLike { getCell(i: number): CellLike }
interface Sheet {
  addRow(values: unknown[]): RowLike;
  getRow(i: number): RowLike;
  mergeCells(top: number, left: number, bottom: number, right: number): void;
  getColumn(i: number): { width?: number };
  views?: unknown[];
  pageSetup?: Record<string, unknown>;
}

/** Minimal structural type of the exceljs module (passed in: the browser loads it lazily). */
export interface ExcelJSModule {
  Workbook: new () => {
    creator?: string;
    title?: string;
    addWorksheet(name: string): Sheet;
    xlsx: { writeBuffer(): Promise<ArrayBuffer | Uint8Array> };
  };
}

const THIN = { style: 'thin', color: { argb: 'FF9CA3AF' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/**
 * A change written as the page writes it ("+8.3", "−2", "持平") as a number an analyst can
 * sort and sum, shown the same way (+8.3 / -2 / 持平) by its number format; any other text as is.
 */
export function changeCell(v: string): { value: number; numFmt: string } | null {
  const m = /^([+−-])(\d+)(?:\.(\d+))?$/.exec(v);
  if (!m) return null;
  const value = Number(`${m[1] === '+' ? '' : '-'}${m[2]}${m[3] ? `.${m[3]}` : ''}`);
  const d = m[3] ? `.${'0'.repeat(m[3].length)}` : '';
  return { value, numFmt: `+0${d};-0${d};"持平"` };
}

/** Display width of a text in Excel's units: a CJK character is about two. */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u0000-\u00ff]/.test(ch) ? 1 : 2;
  return w;
}

function writeTable(ws: Sheet, t: BriefingTable, meta?: WorkbookMeta): void {
  const width = Math.max(1, t.columns.length);
  const title = ws.addRow([safeText(t.title)]);
  title.getCell(1).font = { bold: true, size: 14 };
  if (width > 1) ws.mergeCells(1, 1, 1, width);
  let r = 1;
  // Text columns (row labels) have no group above them: their header spans every header row,
  // written in the top one (a merged range shows its top-left cell).
  const spanning = t.columns.map((c, i) => c.format === 'text' && t.groups.length > 0
    && !t.groups.some((g) => g.some((h) => i >= h.col && i < h.col + h.span && h.text)));
  for (const [gi, cells] of t.groups.entries()) {
    const line: string[] = t.columns.map((c, i) => (gi === 0 && spanning[i] ? safeText(c.header) : ''));
    for (const c of cells) line[c.col] = safeText(c.text);
    const row = ws.addRow(line);
    r++;
    for (const c of cells) {
      row.getCell(c.col + 1).font = { bold: true };
      row.getCell(c.col + 1).alignment = { horizontal: 'center', vertical: 'middle' };
      if (c.span > 1) ws.mergeCells(r, c.col + 1, r, c.col + c.span);
    }
  }
  const head = ws.addRow(t.columns.map((c, i) => (spanning[i] ? '' : safeText(c.header))));
  r++;
  t.columns.forEach((_, i) => {
    head.getCell(i + 1).font = { bold: true };
    head.getCell(i + 1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  t.columns.forEach((_, i) => {
    if (!spanning[i]) return;
    ws.mergeCells(2, i + 1, r, i + 1);
    ws.getRow(2).getCell(i + 1).font = { bold: true };
    ws.getRow(2).getCell(i + 1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  const headRows = 1 + t.groups.length;
  for (let hr = 2; hr <= headRows + 1; hr++) t.columns.forEach((_, i) => { ws.getRow(hr).getCell(i + 1).border = BORDER; });
  for (const tr of t.rows) {
    const row = ws.addRow(tr.cells.map(xlsxValue));
    tr.cells.forEach((v, i) => {
      const cell = row.getCell(i + 1);
      const f = cellFormat(t, tr, i);
      // Only a change column's own text becomes a number: imported text (a township named +1) stays text.
      const change = t.columns[i]?.change && typeof v === 'string' ? changeCell(v) : null;
      if (change) {
        cell.value = change.value;
        cell.numFmt = change.numFmt;
        cell.alignment = { horizontal: 'right' };
      } else if (f !== 'text') cell.numFmt = NUM_FMT[f];
      if (tr.kind) cell.font = { bold: true };
      cell.border = BORDER;
    });
  }
  if (t.note) {
    ws.addRow([]);
    ws.addRow([safeText(t.note)]).getCell(1).font = { italic: true, color: { argb: 'FF6B7280' } };
  }
  // 制表单位 and date under the table, as a hand-made 统计表 has them.
  if (meta) ws.addRow([safeText(`制表单位：${meta.unit}　　制表日期：${meta.date}`)]).getCell(1).font = { color: { argb: 'FF6B7280' } };
  t.columns.forEach((c, i) => {
    const longest = Math.max(textWidth(c.header), ...t.rows.map((row) => textWidth(String(row.cells[i] ?? ''))));
    const [min, max] = c.format === 'text' ? [10, 26] : [8, 14];
    ws.getColumn(i + 1).width = Math.min(max, Math.max(min, longest + 2));
  });
  ws.views = [{ state: 'frozen', ySplit: 1 + t.groups.length + 1 }];
  // A4, landscape for wide tables, one page wide, the header rows repeated on every page.
  ws.pageSetup = {
    paperSize: 9, orientation: t.columns.length > 7 ? 'landscape' : 'portrait',
    fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `2:${headRows + 1}`,
    margins: { left: 0.6, right: 0.6, top: 0.8, bottom: 0.8, header: 0.3, footer: 0.3 },
  };
}

/** 总体情况: the narrative as the first sheet, one paragraph a row, wrapped across the page width. */
function writeNarrative(ws: Sheet, meta: WorkbookMeta): void {
  ws.addRow([safeText(meta.title)]).getCell(1).font = { bold: true, size: 14 };
  ws.addRow([safeText(`${meta.unit}　　${meta.date}`)]).getCell(1).font = { color: { argb: 'FF6B7280' } };
  ws.addRow([]);
  ws.addRow(['一、总体情况']).getCell(1).font = { bold: true };
  for (const p of (meta.narrative ?? '').split(/\n+/).map((x) => x.trim()).filter(Boolean)) {
    const row = ws.addRow([safeText(p)]);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  }
  ws.getColumn(1).width = 100;
  ws.pageSetup = { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}

export interface WorkbookMeta {
  title: string;
  unit: string;
  date: string;
  /** 一、总体情况 as the page shows it: a first sheet when given. */
  narrative?: string;
}

/** One sheet per table, in briefing order. */
export async function briefingToXlsx(tables: BriefingTable[], ExcelJS: ExcelJSModule, meta?: WorkbookMeta): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  if (meta) {
    wb.creator = safeText(meta.unit);
    wb.title = safeText(meta.title);
  }
  const used = new Set<string>();
  if (tables.length === 0) {
    const ws = wb.addWorksheet(sheetName('简报', used));
    ws.addRow(['简报中没有表格。']);
  }
  if (meta?.narrative?.trim()) writeNarrative(wb.addWorksheet(sheetName('总体情况', used)), meta);
  for (const t of tables) writeTable(wb.addWorksheet(sheetName(t.title, used)), t, meta);
  const buf = await wb.xlsx.writeBuffer();
  return buf instanceof Uint8Array ? buf : new Uint8Array(buf);
}
