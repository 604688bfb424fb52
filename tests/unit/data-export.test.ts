/**
 * 数据 export: the grid's rows under filter, column filter and sort, all of them, written as a
 * hand-made looking sheet (title, note, merged header groups, borders, number formats, frozen
 * header, landscape) that never turns imported text into a formula. Checked against a plain
 * JavaScript reading of the fixture, not against the engine.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import {
  DATA_COLUMNS, DATA_EXPORT_MAX_ROWS, DATA_HEAD_ROWS, dataExportTitle, dataExportTooLarge, dataToCsv, dataToXlsx,
  describeGridQuery, fetchGridRows, type DataExcelJS,
} from '../../shared/data-export.ts';
import type { Database } from '../../shared/db.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import type { GridQuery } from '../../shared/sql/grid.ts';
import { NORMALIZED_CSV_COLUMNS } from '../../shared/sql/schema.ts';

const HOSTILE = '=HYPERLINK("http://evil.example","点我")';

interface Fixture { id: string; township: string; name: string; kind: 'village' | 'community'; quarter: number; level: number; income: number }
const FIXTURE: Fixture[] = [
  { id: 'v1', township: '城关镇', name: '王庄村', kind: 'village', quarter: 3, level: 4, income: 12.5 },
  { id: 'v1', township: '城关镇', name: '王庄村', kind: 'village', quarter: 2, level: 3, income: 11 },
  { id: 'v2', township: '城关镇', name: HOSTILE, kind: 'village', quarter: 3, level: 2, income: 3.25 },
  { id: 'v3', township: '城关镇', name: '李家村', kind: 'village', quarter: 3, level: 0, income: 0 },
  { id: 'c1', township: '城关镇', name: '王府社区', kind: 'community', quarter: 3, level: 5, income: 30 },
  { id: 'v4', township: '河口镇', name: '王湾村', kind: 'village', quarter: 3, level: 1, income: 2 },
  { id: 'v5', township: '+河西乡', name: '@村', kind: 'village', quarter: 3, level: 3, income: 7 },
];

const csvField = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
const VILLAGE = ['branch', 'industry', 'ecology', 'safety', 'civility'];
const COMMUNITY = ['branch', 'safety', 'cobuild', 'harmony', 'business'];

function fixtureCsv(): string {
  const cols = Object.keys(NORMALIZED_CSV_COLUMNS);
  const lines = FIXTURE.map((f) => {
    const applies = f.kind === 'village' ? VILLAGE : COMMUNITY;
    const values: Record<string, string | number> = {
      unit_id: f.id, county: '甲县', township: f.township, name: f.name, kind: f.kind, year: 2024, quarter: f.quarter,
      level: f.level, target_level: 3, weak_branch: f.level === 0 ? 'true' : 'false', collective_income: f.income, score: 80,
    };
    for (const s of [...VILLAGE, ...COMMUNITY]) values[s] = applies.includes(s) ? String(applies.indexOf(s) < f.level) : '';
    return cols.map((c) => csvField(values[c])).join(',');
  });
  return [cols.join(','), ...lines].join('\n') + '\n';
}

let db: Database;
beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'fx', name: '测试台账', source: 'fx.csv', is_sample: false }, fixtureCsv());
});
afterAll(async () => db?.close());

const query = (sql: string) => db.query(sql) as Promise<Array<Record<string, unknown>>>;

const q: GridQuery = {
  filter: { period: { year: 2024, quarter: 3 }, townships: ['城关镇'], kind: 'village' },
  allPeriods: false,
  filterModel: {},
  sortModel: [{ colId: 'level', sort: 'desc' }],
};
const META = { title: '', unit: '中共甲县委组织部', date: '2026年12月3日', scope: '' };

async function readBack(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

describe('data export', () => {
  it('writes every matching row as a hand-made sheet: title, note, header groups, borders, formats, frozen header', async () => {
    const rows = await fetchGridRows(query, q, 'xlsx');
    const expected = FIXTURE.filter((f) => f.township === '城关镇' && f.kind === 'village' && f.quarter === 3)
      .sort((a, b) => b.level - a.level);
    expect(rows).toHaveLength(expected.length);

    const title = dataExportTitle(q, ['甲县']);
    expect(title).toBe('甲县城关镇2024年第三季度评定明细');
    const scope = describeGridQuery(q);
    expect(scope).toBe('期次：2024年第三季度；乡镇：城关镇；类型：村；排序：星级降序');
    const ws = await readBack(await dataToXlsx(rows, { ...META, title, scope }, ExcelJS as unknown as DataExcelJS));

    expect(ws.getCell('A1').value).toBe(title);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(String(ws.getCell('A2').value)).toContain('制表单位：中共甲县委组织部');
    expect(String(ws.getCell('A2').value)).toContain('制表日期：2026年12月3日');
    expect(String(ws.getCell('A2').value)).toContain(`口径：${scope}`);
    // Header groups merged over their columns, then the grid's headers.
    expect(ws.getCell(3, 1).value).toBe('单位');
    expect(ws.getCell(3, 5).value).toBe('五星评定');
    expect(ws.getCell(3, 6).isMerged).toBe(true);
    expect(ws.getRow(4).values).toEqual([undefined, ...DATA_COLUMNS.map((c) => c.header)]);
    expect(ws.views[0].state).toBe('frozen');
    expect((ws.views[0] as { ySplit?: number }).ySplit).toBe(DATA_HEAD_ROWS);
    expect(ws.pageSetup.orientation).toBe('landscape');

    // Data rows: the filter's rows, in the grid's sort, with numbers as numbers.
    const levelCol = DATA_COLUMNS.findIndex((c) => c.id === 'level') + 1;
    const nameCol = DATA_COLUMNS.findIndex((c) => c.id === 'name') + 1;
    const incomeCol = DATA_COLUMNS.findIndex((c) => c.id === 'collective_income') + 1;
    const dataRows: number[] = [];
    ws.eachRow((row, i) => { if (i > DATA_HEAD_ROWS && typeof row.getCell(levelCol).value === 'number') dataRows.push(i); });
    expect(dataRows).toHaveLength(expected.length);
    dataRows.forEach((r, i) => {
      expect(ws.getCell(r, levelCol).value).toBe(expected[i].level);
      expect(ws.getCell(r, levelCol).numFmt).toContain('星');
      expect(ws.getCell(r, incomeCol).value).toBe(expected[i].income);
      expect(ws.getCell(r, 1).border?.top?.style).toBe('thin');
      expect(ws.getCell(r, DATA_COLUMNS.length).border?.right?.style).toBe('thin');
    });
    // The hostile name is text shown with a ', never a formula.
    const hostile = dataRows.map((r) => ws.getCell(r, nameCol)).find((c) => String(c.value).includes('HYPERLINK'))!;
    expect(hostile.value).toBe(`'${HOSTILE}`);
    expect(hostile.type).toBe(ExcelJS.ValueType.String);
    expect(hostile.formula).toBeUndefined();
    // Stars: √ held, blank not held; a village's community stars are —.
    const first = ws.getRow(dataRows[0]);
    expect(first.getCell(5).value).toBe('√');
    expect(first.getCell(DATA_COLUMNS.findIndex((c) => c.id === 'cobuild') + 1).value).toBe('—');
    // Widths from content; a CJK character counts two.
    expect(ws.getColumn(nameCol).width!).toBeGreaterThanOrEqual(HOSTILE.length + 1);
    expect(ws.getColumn(1).width!).toBeGreaterThanOrEqual(2 * '乡镇（街道）'.length);
  });

  it('follows the column filters (the grid search) and all periods, and exports every row, not a page', async () => {
    const qq: GridQuery = {
      filter: { period: { year: 2024, quarter: 3 }, townships: [], kind: null },
      allPeriods: true,
      filterModel: { name: { filterType: 'text', type: 'contains', filter: '王' } },
      sortModel: [],
    };
    const rows = await fetchGridRows(query, qq, 'csv');
    expect(rows).toHaveLength(FIXTURE.filter((f) => f.name.includes('王')).length);
    expect(describeGridQuery(qq)).toBe('期次：全部期次；乡镇：全部；类型：村和社区；搜索：村（社区）含“王”');
    expect(dataExportTitle(qq, ['甲县'])).toBe('甲县各期评定明细');
    const csv = dataToCsv(rows, { ...META, title: '甲县各期评定明细', scope: describeGridQuery(qq) });
    expect(csv.startsWith('\uFEFF甲县各期评定明细\r\n乡镇（街道）,村（社区）,类型,期次,')).toBe(true);
    expect(csv).toContain('城关镇,王庄村,村,2024年第二季度,');
  });

  it('keeps imported text from becoming a formula in the CSV too', async () => {
    const rows = await fetchGridRows(query, { ...q, filter: { period: null, townships: [], kind: null }, sortModel: [] }, 'csv');
    const csv = dataToCsv(rows, { ...META, title: 't', scope: 's' });
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(csv).toContain(`'+河西乡,'@村`);
  });

  it('refuses exports over the limit with a Chinese message', async () => {
    expect(dataExportTooLarge(DATA_EXPORT_MAX_ROWS.xlsx, 'xlsx')).toBeNull();
    expect(dataExportTooLarge(DATA_EXPORT_MAX_ROWS.xlsx + 1, 'xlsx')).toMatch(/超过 Excel 一个工作表最多能放的 1,048,572 行/);
    expect(dataExportTooLarge(DATA_EXPORT_MAX_ROWS.csv + 1, 'csv')).toMatch(/超过单次导出的上限 2,000,000 条/);
    const big = async (sql: string) => (sql.includes('count(*)') ? [{ n: 3_000_000 }] : []);
    await expect(fetchGridRows(big, q, 'csv')).rejects.toThrow('请按乡镇或期次缩小筛选范围');
  });
});
