/**
 * 数据 screen export: exactly the rows the ratings grid shows under the current filter, column
 * filters and sort — all of them, not only the loaded page — as a hand-made looking Excel
 * sheet or as CSV.
 *
 * DuckDB does the work: the grid's own SQL (sql/grid.ts gridRowsSql) runs once without the
 * paging LIMIT, after a count checks it against the size limit (a sheet holds at most
 * 1,048,576 rows; CSV is held to limits.ts MAX_ROWS). The sheet has a title row naming the
 * place and period, a 制表单位 / 制表日期 / 口径 note row, merged header groups as the grid
 * groups its columns, thin borders, numbers as numbers with formats, a frozen header, A4
 * landscape and column widths from the content. Formula-safe like every export: text is
 * written as plain string cells and text starting with = + - @ tab or CR gets a ' in front
 * (csv-export.ts safeText).
 */
import { safeText, toCsv, type CsvCell } from './csv-export.ts';
import type { Filter } from './filter.ts';
import { formatCount, MAX_ROWS } from './limits.ts';
import { periodLabel } from './period.ts';
import { placeName, wholeName } from './scope.ts';
import { gridCountSql, gridRowsSql, type ColumnFilter, type Condition, type GridQuery } from './sql/grid.ts';
import { KIND_NAMES, STARS, type UnitKind } from './stars.ts';

export type DataColumnType = 'text' | 'kind' | 'period' | 'star' | 'level' | 'bool' | 'money' | 'score';

export interface DataColumn {
  id: string;
  /** The header as the grid names it. */
  header: string;
  /** The header group above it (单位 / 五星评定 / 结果). */
  group: string;
  type: DataColumnType;
}

/** The grid's columns in the grid's order, with the grid's Chinese headers (views/DataView.tsx). */
export const DATA_COLUMNS: readonly DataColumn[] = [
  { id: 'township', header: '乡镇（街道）', group: '单位', type: 'text' },
  { id: 'name', header: '村（社区）', group: '单位', type: 'text' },
  { id: 'kind', header: '类型', group: '单位', type: 'kind' },
  { id: 'period', header: '期次', group: '单位', type: 'period' },
  ...STARS.map((s): DataColumn => ({ id: s.id, header: s.short, group: '五星评定', type: 'star' })),
  { id: 'level', header: '星级', group: '结果', type: 'level' },
  { id: 'target_level', header: '创建目标', group: '结果', type: 'level' },
  { id: 'weak_branch', header: '软弱涣散', group: '结果', type: 'bool' },
  { id: 'collective_income', header: '集体经济收入（万元）', group: '结果', type: 'money' },
  { id: 'score', header: '观摩评分', group: '结果', type: 'score' },
  { id: 'source_row', header: '来源', group: '结果', type: 'text' },
];

/** Headers of the grid's columns by id, for the 口径 line (the grid's own names). */
const GRID_HEADERS: Record<string, string> = {
  ...Object.fromEntries(DATA_COLUMNS.map((c) => [c.id, c.header])),
  collective_income: '集体经济收入',
};

/** A star as the sheet shows it: √ held, blank not held, — not applicable to the unit's kind. */
export const STAR_MARKS = { held: '√', notHeld: '', notApplicable: '—' } as const;

/** Number formats: 星级 3 shows as 3星 (0 as 无星) and stays a number to sort and sum. */
export const DATA_NUM_FMT: Partial<Record<DataColumnType, string>> = {
  level: '[=0]"无星";0"星"',
  money: '0.0',
  score: '0.0',
};

/** Most data rows one export writes: a worksheet holds 1,048,576 rows (the title, note and header take 4). */
export const DATA_EXPORT_MAX_ROWS = { xlsx: 1_048_576 - 4, csv: MAX_ROWS } as const;
export type DataExportFormat = keyof typeof DATA_EXPORT_MAX_ROWS;

type Row = Record<string, unknown>;

const num = (v: unknown): number | null => {
  if (v == null || v === '') return null;
  const n = typeof v === 'bigint' ? Number(v) : Number(v);
  return Number.isFinite(n) ? n : null;
};

const truthy = (v: unknown): boolean => v === true || v === 1 || v === 'true' || (typeof v === 'bigint' && v !== 0n);

/** One grid row as export cells, in DATA_COLUMNS order: strings are formula-safe, numbers stay numbers. */
export function dataCells(row: Row): Array<string | number | null> {
  return DATA_COLUMNS.map((c) => {
    const v = row[c.id];
    switch (c.type) {
      case 'text': return v == null ? '' : safeText(String(v));
      case 'kind': return v == null ? '' : safeText(KIND_NAMES[v as UnitKind] ?? String(v));
      case 'period': {
        const year = num(row.year);
        return year == null ? '' : periodLabel({ year, quarter: num(row.quarter) });
      }
      case 'star': return v == null ? STAR_MARKS.notApplicable : truthy(v) ? STAR_MARKS.held : STAR_MARKS.notHeld;
      case 'bool': return truthy(v) ? '是' : '';
      default: return num(v);
    }
  });
}

export interface DataExportMeta {
  /** 示例县2024年第三季度评定明细 (dataExportTitle). */
  title: string;
  /** 制表单位, e.g. 中共示例县委组织部. */
  unit: string;
  /** 制表日期, e.g. 2026年12月3日. */
  date: string;
  /** 口径: the filter in words (describeGridQuery). */
  scope: string;
}

/** The title: place and period of the filter, 各期 when every period is shown. */
export function dataExportTitle(q: Pick<GridQuery, 'filter' | 'allPeriods'>, loaded: readonly (string | null | undefined)[] = []): string {
  const f = q.filter as Pick<Filter, 'townships' | 'kind' | 'period'> & Partial<Pick<Filter, 'counties'>>;
  const counties = f.counties ?? [];
  const whole = wholeName(loaded);
  // 示例县城关镇: a township chosen in the one loaded county is named under it.
  const place = !counties.length && f.townships.length && whole !== '全县' && whole !== '全市' && !whole.includes('、')
    ? `${whole}${f.townships.join('、')}`
    : placeName({ townships: f.townships, counties }, loaded);
  const period = q.allPeriods || !f.period ? '各期' : periodLabel(f.period);
  return `${place}${period}评定明细`;
}

const TEXT_OPS: Record<string, string> = {
  contains: '含', notContains: '不含', equals: '为', notEqual: '不为', startsWith: '以', endsWith: '以',
};
const NUMBER_OPS: Record<string, string> = {
  equals: '=', notEqual: '≠', greaterThan: '>', greaterThanOrEqual: '≥', lessThan: '<', lessThanOrEqual: '≤',
};

function conditionWords(header: string, c: Condition): string {
  if (c.type === 'blank') return `${header}为空`;
  if (c.type === 'notBlank') return `${header}不为空`;
  if (c.filterType === 'number') {
    if (c.type === 'inRange') return `${header}在${c.filter}至${c.filterTo}之间`;
    return `${header}${NUMBER_OPS[c.type] ?? c.type}${c.filter}`;
  }
  const v = `“${c.filter ?? ''}”`;
  if (c.type === 'startsWith') return `${header}以${v}开头`;
  if (c.type === 'endsWith') return `${header}以${v}结尾`;
  return `${header}${TEXT_OPS[c.type] ?? c.type}${v}`;
}

function filterWords(header: string, f: ColumnFilter): string {
  if ('conditions' in f) return f.conditions.map((c) => conditionWords(header, c)).join(f.operator === 'OR' ? '或' : '且');
  return conditionWords(header, f);
}

/**
 * The 口径 note: the filter and the grid's column filters (its search) and sort in words, e.g.
 * 期次：2024年第三季度；乡镇：城关镇；类型：村；搜索：村（社区）含“王”；排序：星级降序.
 */
export function describeGridQuery(q: GridQuery): string {
  const f = q.filter as GridQuery['filter'] & Partial<Pick<Filter, 'counties'>>;
  const parts = [`期次：${q.allPeriods || !f.period ? '全部期次' : periodLabel(f.period)}`];
  if (f.counties?.length) parts.push(`县（市、区）：${f.counties.join('、')}`);
  parts.push(`乡镇：${f.townships.length ? f.townships.join('、') : '全部'}`);
  parts.push(`类型：${f.kind ? KIND_NAMES[f.kind] : '村和社区'}`);
  const searches = Object.entries(q.filterModel ?? {}).map(([id, cf]) => filterWords(GRID_HEADERS[id] ?? id, cf));
  if (searches.length) parts.push(`搜索：${searches.join('，')}`);
  const sorts = (q.sortModel ?? []).map((s) => `${GRID_HEADERS[s.colId] ?? s.colId}${s.sort === 'desc' ? '降序' : '升序'}`);
  if (sorts.length) parts.push(`排序：${sorts.join('，')}`);
  return parts.join('；');
}

/** Why an export of `n` rows is refused, or null when it fits. */
export function dataExportTooLarge(n: number, format: DataExportFormat): string | null {
  const max = DATA_EXPORT_MAX_ROWS[format];
  if (n <= max) return null;
  return format === 'xlsx'
    ? `筛选结果共 ${formatCount(n)} 条评定记录，超过 Excel 一个工作表最多能放的 ${formatCount(max)} 行。请按乡镇或期次缩小筛选范围后分批导出，或改为导出CSV。`
    : `筛选结果共 ${formatCount(n)} 条评定记录，超过单次导出的上限 ${formatCount(max)} 条。请按乡镇或期次缩小筛选范围后分批导出。`;
}

/** The export refused for its size (the message says why and what to do). */
export class DataExportTooLargeError extends Error {}

/**
 * Every row the grid shows for `q`, in its order: a count first (refused with a Chinese message
 * when over the limit), then the grid's SQL without paging. `query` is the coordinator's.
 */
export async function fetchGridRows(query: (sql: string) => Promise<Row[]>, q: GridQuery, format: DataExportFormat): Promise<Row[]> {
  const [count] = await query(gridCountSql(q));
  const n = Number(count?.n ?? 0);
  const refused = dataExportTooLarge(n, format);
  if (refused) throw new DataExportTooLargeError(refused);
  return query(gridRowsSql(q));
}

/** Display width of a text in Excel's column units: a CJK (full-width) character counts two. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u0000-\u00ff]/.test(ch) ? 1 : 2;
  return w;
}

function noteLine(meta: DataExportMeta): string {
  return `制表单位：${meta.unit}　　制表日期：${meta.date}　　口径：${meta.scope}`;
}

/** CSV: the title, the header, every row, then the 制表单位 / 制表日期 / 口径 note. */
export function dataToCsv(rows: readonly Row[], meta: DataExportMeta): string {
  const out: CsvCell[][] = [[meta.title], DATA_COLUMNS.map((c) => c.header)];
  for (const r of rows) out.push(dataCells(r));
  out.push([], [noteLine(meta)], [`共 ${rows.length} 条评定记录`]);
  return toCsv(out);
}

interface CellLike { value?: unknown; numFmt?: string; font?: unknown; alignment?: unknown; border?: unknown; fill?: unknown }
interface RowLike { getCell(i: number): CellLike; height?: number }
interface Sheet {
  addRow(values: unknown[]): RowLike;
  mergeCells(top: number, left: number, bottom: number, right: number): void;
  getColumn(i: number): { width?: number };
  views?: unknown[];
  pageSetup?: Record<string, unknown>;
  autoFilter?: unknown;
}

/** Minimal structural type of the exceljs module (passed in: the browser loads it lazily). */
export interface DataExcelJS {
  Workbook: new () => {
    creator?: string;
    title?: string;
    addWorksheet(name: string, options?: Record<string, unknown>): Sheet;
    xlsx: { writeBuffer(): Promise<ArrayBuffer | Uint8Array> };
  };
}

const THIN = { style: 'thin', color: { argb: 'FF9CA3AF' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEAD_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F4F6' } };
const MUTED = { color: { argb: 'FF6B7280' } };

/** Rows of the sheet above the data: title, note, header group, header. */
export const DATA_HEAD_ROWS = 4;

/** The rows as one worksheet (see the module comment for its layout). */
export async function dataToXlsx(rows: readonly Row[], meta: DataExportMeta, ExcelJS: DataExcelJS): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = safeText(meta.unit);
  wb.title = safeText(meta.title);
  const ws = wb.addWorksheet('评定明细');
  const n = DATA_COLUMNS.length;

  const title = ws.addRow([safeText(meta.title)]);
  title.height = 28;
  title.getCell(1).font = { bold: true, size: 16 };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  ws.mergeCells(1, 1, 1, n);

  const note = ws.addRow([safeText(noteLine(meta))]);
  note.getCell(1).font = MUTED;
  note.getCell(1).alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
  ws.mergeCells(2, 1, 2, n);

  // Header groups (单位 / 五星评定 / 结果) merged over their columns.
  const groupLine: string[] = DATA_COLUMNS.map(() => '');
  const spans: Array<{ start: number; end: number }> = [];
  DATA_COLUMNS.forEach((c, i) => {
    const last = spans[spans.length - 1];
    if (last && DATA_COLUMNS[last.start].group === c.group) last.end = i;
    else { spans.push({ start: i, end: i }); groupLine[i] = c.group; }
  });
  const group = ws.addRow(groupLine);
  const head = ws.addRow(DATA_COLUMNS.map((c) => c.header));
  for (const r of [group, head]) {
    for (let i = 1; i <= n; i++) {
      const cell = r.getCell(i);
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
      cell.fill = HEAD_FILL;
    }
  }
  for (const s of spans) if (s.end > s.start) ws.mergeCells(3, s.start + 1, 3, s.end + 1);

  const widths = DATA_COLUMNS.map((c) => textWidth(c.header));
  for (const r of rows) {
    const values = dataCells(r);
    const row = ws.addRow(values);
    values.forEach((v, i) => {
      const c = DATA_COLUMNS[i];
      const cell = row.getCell(i + 1);
      cell.border = BORDER;
      const fmt = DATA_NUM_FMT[c.type];
      if (fmt) cell.numFmt = fmt;
      if (c.type === 'star' || c.type === 'bool' || c.type === 'kind') cell.alignment = { horizontal: 'center' };
      const shown = v == null ? '' : typeof v === 'number' ? (c.type === 'level' ? `${v}星` : v.toFixed(1)) : v;
      const w = textWidth(shown);
      if (w > widths[i]) widths[i] = w;
    });
  }

  ws.addRow([]);
  ws.addRow([`共 ${rows.length} 条评定记录`]).getCell(1).font = MUTED;

  DATA_COLUMNS.forEach((c, i) => {
    const [min, max] = c.type === 'text' ? [8, 40] : [6, 16];
    ws.getColumn(i + 1).width = Math.min(max, Math.max(min, widths[i] + 2));
  });
  // Header frozen, and the unit's township and name with it (the grid pins them too).
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: DATA_HEAD_ROWS, topLeftCell: `C${DATA_HEAD_ROWS + 1}` }];
  ws.autoFilter = { from: { row: DATA_HEAD_ROWS, column: 1 }, to: { row: DATA_HEAD_ROWS, column: n } };
  // A4 landscape (the table is wide), one page wide, the header rows repeated on every page.
  ws.pageSetup = {
    paperSize: 9, orientation: n > 7 ? 'landscape' : 'portrait',
    fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `3:${DATA_HEAD_ROWS}`,
    margins: { left: 0.5, right: 0.5, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 },
  };
  const buf = await wb.xlsx.writeBuffer();
  return buf instanceof Uint8Array ? buf : new Uint8Array(buf);
}
