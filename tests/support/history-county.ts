/**
 * One county's 台账 over two years (2023Q1–2024Q4), as its files really differ (issue #10).
 *
 * 青禾县 (synthetic) has four townships. Over the two years:
 *  - 石门乡 becomes 石门镇 from 2024Q1 (撤乡设镇); its units' 行政区划代码 change with it
 *    (township segment 203 → 103);
 *  - 王庄村 becomes 王庄社区 from 2024Q3 (村改居): rated on community stars from then on, and
 *    its code's unit segment changes from a village's (2xx) to a community's (0xx);
 *  - 东坡村 is renamed 东坡新村 from 2024Q2 (same code);
 *  - 新城社区 appears from 2024Q1 (new); 柳树村 is last rated in 2023Q4 (merged into 河口村).
 *
 * Every unit has a true identity (`trueId`, e.g. "QH-2-02") that no file carries; files carry
 * names and (some of them) codes. The true records are the only source of the truth
 * (history-truth.ts) and of every file below, so the two cannot drift apart.
 *
 * Node-only (exceljs, iconv-lite, fflate): for tests and the fixture writer, never the app.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { unzipSync, zipSync } from 'fflate';
import { STARS, LEVEL_NAMES, KIND_NAMES, starsFor, type StarId, type UnitKind } from '../../shared/stars.ts';
import { unitIdFor } from '../../shared/unit-id.ts';

// ---------------------------------------------------------------------------------------------
// The county, as data.

export const HISTORY_COUNTY = '青禾县';
/** Synthetic county segment of the 12-digit codes (41 = 河南; 99 is no real prefecture). */
export const COUNTY_CODE = '419901';
export const HISTORY_SEED = 20240930;

export type Quarter = 1 | 2 | 3 | 4;
export interface HistoryPeriod {
  year: number;
  quarter: Quarter;
  /** "2024Q3" */
  key: string;
}

export const PERIODS: readonly HistoryPeriod[] = [2023, 2024].flatMap((year) =>
  ([1, 2, 3, 4] as const).map((quarter) => ({ year, quarter, key: `${year}Q${quarter}` })),
);
export const PERIOD_KEYS: readonly string[] = PERIODS.map((p) => p.key);

const QUARTER_CN = ['一', '二', '三', '四'] as const;
/** "2024年第三季度" */
export const periodTitle = (p: { year: number; quarter: number }): string => `${p.year}年第${QUARTER_CN[p.quarter - 1]}季度`;

/** A value that changes from a period on: [first period key, value], in period order. */
type Timeline<T> = ReadonlyArray<readonly [string, T]>;

function at<T>(timeline: Timeline<T>, period: string): T {
  let value = timeline[0][1];
  for (const [from, v] of timeline) if (from <= period) value = v; // "2023Q4" < "2024Q1" as text
  return value;
}

interface TownshipDef {
  /** Name and 3-digit code segment (1xx 镇, 2xx 乡) over time. */
  names: Timeline<{ name: string; code: string }>;
}

const TOWNSHIPS: readonly TownshipDef[] = [
  { names: [['2023Q1', { name: '城关镇', code: '101' }]] },
  { names: [['2023Q1', { name: '高岗镇', code: '102' }]] },
  {
    names: [
      ['2023Q1', { name: '石门乡', code: '203' }],
      ['2024Q1', { name: '石门镇', code: '103' }],
    ],
  },
  { names: [['2023Q1', { name: '李庄乡', code: '204' }]] },
];

interface UnitDef {
  /** Index into TOWNSHIPS. */
  township: number;
  /** Name, kind and the unit's 3-digit code segment (0xx 社区, 2xx 村) over time. */
  names: Timeline<{ name: string; kind: UnitKind; code: string }>;
  first?: string;
  last?: string;
}

const v = (name: string, code: string) => ({ name, kind: 'village' as const, code });
const c = (name: string, code: string) => ({ name, kind: 'community' as const, code });

const UNIT_DEFS: readonly UnitDef[] = [
  { township: 0, names: [['2023Q1', c('东关社区', '001')]] },
  { township: 0, names: [['2023Q1', c('西关社区', '002')]] },
  { township: 0, names: [['2023Q1', v('南关村', '201')]] },
  { township: 0, names: [['2023Q1', v('北关村', '202')]] },
  { township: 0, names: [['2023Q1', v('十里铺村', '203')]] },
  { township: 0, names: [['2023Q1', v('孙庄村', '204')]] },

  { township: 1, names: [['2023Q1', c('幸福社区', '001')]] },
  { township: 1, names: [['2023Q1', v('高岗村', '201')]] },
  { township: 1, names: [['2023Q1', v('前营村', '202')]] },
  { township: 1, names: [['2023Q1', v('后营村', '203')]] },
  { township: 1, names: [['2023Q1', v('河湾村', '204')]] },
  { township: 1, names: [['2024Q1', c('新城社区', '002')]], first: '2024Q1' },

  { township: 2, names: [['2023Q1', v('石门村', '201')]] },
  {
    township: 2,
    names: [
      ['2023Q1', v('王庄村', '202')],
      ['2024Q3', c('王庄社区', '001')],
    ],
  },
  { township: 2, names: [['2023Q1', v('上庄村', '203')]] },
  { township: 2, names: [['2023Q1', v('下庄村', '204')]] },
  { township: 2, names: [['2023Q1', v('河口村', '205')]] },
  { township: 2, names: [['2023Q1', v('柳树村', '206')]], last: '2023Q4' },

  { township: 3, names: [['2023Q1', v('李庄村', '201')]] },
  { township: 3, names: [['2023Q1', v('王楼村', '202')]] },
  { township: 3, names: [['2023Q1', v('张寨村', '203')]] },
  {
    township: 3,
    names: [
      ['2023Q1', v('东坡村', '204')],
      ['2024Q2', v('东坡新村', '204')],
    ],
  },
  { township: 3, names: [['2023Q1', v('小李庄村', '205')]] },
  { township: 3, names: [['2023Q1', v('大河村', '206')]] },
];

// ---------------------------------------------------------------------------------------------
// The true records.

/** What one unit was in one period. */
export interface HistoryRecord {
  /** True identity: "QH-<township 1–4>-<unit 01–>", carried by no file. */
  trueId: string;
  period: string;
  year: number;
  quarter: Quarter;
  /** Township, name and kind as that period's files write them. */
  township: string;
  name: string;
  kind: UnitKind;
  /** The township's latest name (石门镇 for every period). */
  latestTownship: string;
  /** 12-digit 行政区划代码 in that period: county (6) + township (3) + unit (3). */
  code: string;
  /** One boolean per star of `kind` (and only those). */
  stars: Partial<Record<StarId, boolean>>;
  /** Number of stars held, 0–5. */
  level: number;
}

/** A unit's identity and its latest attributes. */
export interface HistoryUnit {
  trueId: string;
  /**
   * The township's latest name. For 柳树村 (last rated 2023Q4) that is 石门镇, although its own
   * ratings only ever say 石门乡: its township was renamed after it was merged away.
   */
  township: string;
  name: string;
  kind: UnitKind;
  code: string;
  /** Earlier names, oldest first (东坡村 for 东坡新村). */
  formerNames: string[];
  firstPeriod: string;
  lastPeriod: string;
}

export interface HistoryCounty {
  county: string;
  seed: number;
  periods: readonly HistoryPeriod[];
  units: HistoryUnit[];
  /** Ordered by period, then township, then unit: the order every file writes its rows in. */
  records: HistoryRecord[];
}

/** mulberry32: a small seeded PRNG, so the county is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The stars held at a level: the non-capstone stars in the unit's own order, 支部过硬星 only at
 * 五星 (the capstone rule), so a unit that gains a star keeps the ones it had.
 */
function starsAt(kind: UnitKind, level: number, order: readonly StarId[]): Partial<Record<StarId, boolean>> {
  const held = new Set<StarId>(level >= 5 ? starsFor(kind).map((s) => s.id) : order.slice(0, level));
  return Object.fromEntries(starsFor(kind).map((s) => [s.id, held.has(s.id)]));
}

const nonCapstone = (kind: UnitKind): StarId[] => starsFor(kind).filter((s) => s.id !== 'branch').map((s) => s.id);

export function generateHistoryCounty(seed: number = HISTORY_SEED): HistoryCounty {
  const rand = prng(seed);
  const unitNo = new Map<number, number>();
  const defs = UNIT_DEFS.map((d) => {
    const n = (unitNo.get(d.township) ?? 0) + 1;
    unitNo.set(d.township, n);
    return { ...d, trueId: `QH-${d.township + 1}-${String(n).padStart(2, '0')}` };
  });

  // Levels: a random walk per unit that drifts upwards, as the campaign intends,
  // with some setbacks (降星). Drawn per unit in a fixed order.
  const levels = new Map<string, Map<string, number>>();
  const orders = new Map<string, Record<UnitKind, StarId[]>>();
  for (const d of defs) {
    orders.set(d.trueId, { village: shuffled(nonCapstone('village'), rand), community: shuffled(nonCapstone('community'), rand) });
    const byPeriod = new Map<string, number>();
    let level = Math.floor(rand() * 4); // 0–3 at the start
    for (const p of PERIODS) {
      const step = rand();
      level = Math.max(0, Math.min(5, level + (step < 0.3 ? 1 : step < 0.5 ? -1 : 0)));
      byPeriod.set(p.key, level);
    }
    levels.set(d.trueId, byPeriod);
  }

  const active = (d: UnitDef, p: string) => (d.first ?? PERIOD_KEYS[0]) <= p && p <= (d.last ?? PERIOD_KEYS[PERIOD_KEYS.length - 1]);
  const records: HistoryRecord[] = [];
  for (const p of PERIODS) {
    for (const d of defs) {
      if (!active(d, p.key)) continue;
      const town = at(TOWNSHIPS[d.township].names, p.key);
      const unit = at(d.names, p.key);
      const level = levels.get(d.trueId)!.get(p.key)!;
      records.push({
        trueId: d.trueId,
        period: p.key,
        year: p.year,
        quarter: p.quarter,
        township: town.name,
        name: unit.name,
        kind: unit.kind,
        latestTownship: TOWNSHIPS[d.township].names[TOWNSHIPS[d.township].names.length - 1][1].name,
        code: COUNTY_CODE + town.code + unit.code,
        stars: starsAt(unit.kind, level, orders.get(d.trueId)![unit.kind]),
        level,
      });
    }
  }

  const units: HistoryUnit[] = defs.map((d) => {
    const own = records.filter((r) => r.trueId === d.trueId);
    const latest = own[own.length - 1];
    const names = [...new Set(own.map((r) => r.name))];
    return {
      trueId: d.trueId,
      township: latest.latestTownship,
      name: latest.name,
      kind: latest.kind,
      code: latest.code,
      formerNames: names.filter((n) => n !== latest.name),
      firstPeriod: own[0].period,
      lastPeriod: latest.period,
    };
  });
  return { county: HISTORY_COUNTY, seed, periods: PERIODS, units, records };
}

export function recordsIn(county: HistoryCounty, period: string): HistoryRecord[] {
  return county.records.filter((r) => r.period === period);
}

/**
 * The ids today's importer gives a record: its code when the file has a code column, else the
 * FNV hash of county + township + name (shared/unit-id.ts), with the county the file yields
 * ('' for file2023Csv, which names none; 青禾县 for the others).
 */
export function fileUnitId(r: HistoryRecord, file: { hasCodes: boolean; county: string }): string {
  return file.hasCodes ? r.code : unitIdFor(file.county, r.township, r.name);
}

// ---------------------------------------------------------------------------------------------
// The files.

export interface HistoryFile {
  name: string;
  bytes: Uint8Array;
}

/** The county each file yields to today's importer, and whether it carries codes. */
export const FILE_FACTS = {
  file2023Csv: { hasCodes: false, county: '' },
  file2023XlsxWithCodes: { hasCodes: true, county: HISTORY_COUNTY },
  file2024Xlsx: { hasCodes: true, county: HISTORY_COUNTY },
  file2024CsvNoCodes: { hasCodes: false, county: HISTORY_COUNTY },
} as const;

const STAR_NAMES = STARS.map((s) => s.name);
const applies = (r: HistoryRecord, s: StarId): boolean => r.stars[s] !== undefined;

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
const csvText = (rows: string[][], eol: string): string => rows.map((r) => r.map(csvField).join(',')).join(eol) + eol;

function yearRecords(county: HistoryCounty, year: number): HistoryRecord[] {
  return county.records.filter((r) => r.year === year);
}

/** Counts of each star held, for a 合计 row. */
function starTotals(rows: readonly HistoryRecord[]): string[] {
  return STARS.map((s) => String(rows.filter((r) => r.stars[s.id] === true).length));
}

/**
 * 2023, all four quarters in one GB18030 CSV as a township clerk keeps it: a title row naming
 * no county, no county and no code column, 季度 as "2023年第一季度", √/× marks and "/" where a
 * star does not apply, 星级 as "三星", a 合计 row at the bottom, CRLF.
 */
export function file2023Csv(county: HistoryCounty = generateHistoryCounty()): HistoryFile {
  const header = ['乡镇', '村（社区）名称', '类型', '季度', ...STAR_NAMES, '星级'];
  const rows = yearRecords(county, 2023);
  const data = rows.map((r) => [
    r.township,
    r.name,
    KIND_NAMES[r.kind],
    periodTitle(r),
    ...STARS.map((s) => (!applies(r, s.id) ? '/' : r.stars[s.id] ? '√' : '×')),
    LEVEL_NAMES[r.level],
  ]);
  const title = ['2023年度各村（社区）“五星”支部创建季度台账', ...Array<string>(header.length - 1).fill('')];
  const total = ['合计', `${rows.length}条`, '', '', ...starTotals(rows), ''];
  const text = csvText([title, header, ...data, total], '\r\n');
  return { name: '2023年各村（社区）五星支部创建季度台账.csv', bytes: new Uint8Array(iconv.encode(text, 'gb18030')) };
}

/**
 * 2024 as the same data exported from an online system: UTF-8 (no BOM), header on row 1 with
 * 县（市、区）, 乡镇（街道）, 村（社区）, 年度 and 季度 columns, 是/否 marks (empty where a star
 * does not apply), 星级 as a digit, no code column, LF.
 */
export function file2024CsvNoCodes(county: HistoryCounty = generateHistoryCounty()): HistoryFile {
  const header = ['县（市、区）', '乡镇（街道）', '村（社区）', '类型', '年度', '季度', ...STAR_NAMES, '星级'];
  const data = yearRecords(county, 2024).map((r) => [
    county.county,
    r.township,
    r.name,
    KIND_NAMES[r.kind],
    String(r.year),
    `第${QUARTER_CN[r.quarter - 1]}季度`,
    ...STARS.map((s) => (!applies(r, s.id) ? '' : r.stars[s.id] ? '是' : '否')),
    String(r.level),
  ]);
  return { name: '青禾县2024年五星支部创建数据（系统导出）.csv', bytes: new TextEncoder().encode(csvText([header, ...data], '\n')) };
}

const FIXED_DATE = new Date(Date.UTC(2025, 0, 15, 8, 0, 0));

/** exceljs output re-packed with fixed timestamps, so the bytes are the same on every run. */
async function workbookBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  wb.creator = '青禾县委组织部';
  wb.lastModifiedBy = '青禾县委组织部';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const parts = unzipSync(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  return zipSync(Object.fromEntries(Object.entries(parts).map(([k, b]) => [k, [b, { mtime: FIXED_DATE, level: 6 }]])) as never);
}

/**
 * 2024 as the county office's workbook: one sheet per quarter ("2024年第一季度"), a merged
 * title naming the county, a two-row merged header (五星创建情况 over the star columns),
 * 序号, 行政区划代码 stored as text, ★ marks (empty otherwise), 星级 as a number, a 合计 row.
 */
export async function file2024Xlsx(county: HistoryCounty = generateHistoryCounty()): Promise<HistoryFile> {
  const wb = new ExcelJS.Workbook();
  const lead = ['序号', '行政区划代码', '乡镇（街道）', '村（社区）', '类型'];
  const starCol = lead.length + 1; // 1-based first star column
  const levelCol = starCol + STARS.length;
  for (const p of county.periods.filter((q) => q.year === 2024)) {
    const ws = wb.addWorksheet(periodTitle(p));
    ws.getCell(1, 1).value = `${county.county}${periodTitle(p)}“五星”支部创建情况统计表`;
    ws.mergeCells(1, 1, 1, levelCol);
    lead.forEach((label, i) => {
      ws.getCell(2, i + 1).value = label;
      ws.mergeCells(2, i + 1, 3, i + 1);
    });
    ws.getCell(2, starCol).value = '五星创建情况';
    ws.mergeCells(2, starCol, 2, levelCol - 1);
    STARS.forEach((s, j) => (ws.getCell(3, starCol + j).value = s.name));
    ws.getCell(2, levelCol).value = '星级';
    ws.mergeCells(2, levelCol, 3, levelCol);
    const rows = recordsIn(county, p.key);
    rows.forEach((r, i) => {
      const row = 4 + i;
      ws.getCell(row, 1).value = i + 1;
      const code = ws.getCell(row, 2);
      code.value = r.code;
      code.numFmt = '@';
      ws.getCell(row, 3).value = r.township;
      ws.getCell(row, 4).value = r.name;
      ws.getCell(row, 5).value = KIND_NAMES[r.kind];
      STARS.forEach((s, j) => {
        if (r.stars[s.id]) ws.getCell(row, starCol + j).value = '★';
      });
      ws.getCell(row, levelCol).value = r.level;
    });
    const totalRow = 4 + rows.length;
    ws.getCell(totalRow, 1).value = '合计';
    ws.getCell(totalRow, 4).value = `${rows.length}个`;
    starTotals(rows).forEach((n, j) => (ws.getCell(totalRow, starCol + j).value = Number(n)));
  }
  return { name: '青禾县2024年“五星”支部创建情况统计表.xlsx', bytes: await workbookBytes(wb) };
}

/**
 * 2023 as a workbook with the old codes: one sheet, a title row, a one-row header with the
 * county filled in every row, 行政区划代码 stored as numbers (as pasted from a statistics
 * table), 年度 and 季度 ("一季度") columns, √ marks (empty otherwise), 星级 as "3星".
 */
export async function file2023XlsxWithCodes(county: HistoryCounty = generateHistoryCounty()): Promise<HistoryFile> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('2023年');
  const header = ['县（市、区）', '乡镇', '行政区划代码', '村（社区）名称', '类型', '年度', '季度', ...STAR_NAMES, '星级'];
  ws.getCell(1, 1).value = '2023年“五星”支部创建台账（含行政区划代码）';
  ws.mergeCells(1, 1, 1, header.length);
  header.forEach((label, i) => (ws.getCell(2, i + 1).value = label));
  yearRecords(county, 2023).forEach((r, i) => {
    const cells: Array<string | number | null> = [
      county.county,
      r.township,
      Number(r.code),
      r.name,
      KIND_NAMES[r.kind],
      r.year,
      `${QUARTER_CN[r.quarter - 1]}季度`,
      ...STARS.map((s) => (r.stars[s.id] ? '√' : null)),
      `${r.level}星`,
    ];
    cells.forEach((value, j) => {
      if (value !== null) ws.getCell(3 + i, j + 1).value = value;
    });
  });
  return { name: '2023年五星支部创建台账（含区划代码）.xlsx', bytes: await workbookBytes(wb) };
}

/** All four files, in the order the fixture writer lists them. */
export async function historyFiles(county: HistoryCounty = generateHistoryCounty()): Promise<HistoryFile[]> {
  return [file2023Csv(county), await file2023XlsxWithCodes(county), await file2024Xlsx(county), file2024CsvNoCodes(county)];
}
