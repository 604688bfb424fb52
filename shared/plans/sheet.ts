/**
 * 创建规划: a plan sheet per township for a year — how many 五星, 四星 and 三星 branches each
 * township plans to create and the 三星以上 share it aims for, written as people write them
 * (1个, 30%, 0.3, 30). Read from the RawSheets of shared/import/read.ts; pure.
 *
 *   乡镇（街道） | 规划五星 | 规划四星 | 规划三星 | 三星以上占比目标
 *   城关镇       | 1个      | 4       | 6个      | 30%
 *
 * A row named 合计 / 全县 / 总计 is the county's own plan; otherwise the county plan is the
 * sum of the townships' counts (its share has no plan then).
 */
import type { RawCell, RawSheet } from '../import/types.ts';

export interface TownshipPlan {
  township: string;
  five: number | null;
  four: number | null;
  three: number | null;
  /** 三星以上占比目标 as a fraction (0.3), or null when the sheet has none for the row. */
  share3plus: number | null;
}

export interface Plan {
  /** The plan's year (title, sheet or file name), or null when none says it. */
  year: number | null;
  townships: TownshipPlan[];
  /** The county's row (合计 / 全县), or the sum of the townships' counts. */
  county: Omit<TownshipPlan, 'township'>;
}

/** A problem with the plan sheet, in Chinese, naming file, sheet, row, column and value. */
export class PlanSheetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanSheetError';
  }
}

type Field = 'township' | 'five' | 'four' | 'three' | 'share3plus';

const text = (c: RawCell | undefined): string => (c == null ? '' : c instanceof Date ? c.toISOString() : String(c)).replace(/\s+/g, '');

/** Which plan field a header names, or null. */
function fieldOf(header: string): Field | null {
  const h = header.replace(/[“”"'（）()]/g, '');
  if (/^(乡镇|乡镇街道|街道|乡镇名称|单位)$/.test(h) || /^乡镇/.test(h)) return 'township';
  if (/占比|比例|比重/.test(h)) return 'share3plus';
  if (/五星/.test(h)) return 'five';
  if (/四星/.test(h)) return 'four';
  if (/三星/.test(h)) return 'three';
  return null;
}

const TOTAL = /^(合计|总计|全县|全区|全市|全旗|县合计|小计)$/;

/** "1个", 1, "１" → 1; '' → null; anything else is refused by the caller. */
function parseCount(c: RawCell | undefined): number | null | undefined {
  if (c == null || text(c) === '' || /^[-—/无]$/.test(text(c))) return null;
  if (typeof c === 'number') return Number.isInteger(c) && c >= 0 ? c : undefined;
  const m = /^(\d+)个?$/.exec(text(c).normalize('NFKC'));
  return m ? Number(m[1]) : undefined;
}

/** "30%", 0.3, "0.3", 30 → 0.3; '' → null. A bare number above 1 is a percentage. */
function parseShare(c: RawCell | undefined): number | null | undefined {
  if (c == null || text(c) === '' || /^[-—/无]$/.test(text(c))) return null;
  const t = text(c).normalize('NFKC');
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(t);
  const n = pct ? Number(pct[1]) / 100 : typeof c === 'number' ? c : /^\d+(?:\.\d+)?$/.test(t) ? Number(t) : NaN;
  if (!Number.isFinite(n)) return undefined;
  const share = !pct && n > 1 ? n / 100 : n;
  return share >= 0 && share <= 1 ? share : undefined;
}

function yearOf(sheet: RawSheet, headerRow: number): number | null {
  const sources = [...sheet.rows.slice(0, headerRow).flat().map(text), sheet.sheet, sheet.file];
  for (const s of sources) {
    const m = /(20\d{2})\s*年?/.exec(s);
    if (m) return Number(m[1]);
  }
  return null;
}

/** Reads the first sheet that has a township column and at least one plan column. */
export function readPlan(sheets: readonly RawSheet[]): Plan {
  for (const sheet of sheets) {
    for (let r = 0; r < Math.min(sheet.rows.length, 15); r++) {
      const fields = sheet.rows[r].map((c) => fieldOf(text(c)));
      const at = (f: Field) => fields.indexOf(f);
      if (at('township') < 0 || !(['five', 'four', 'three', 'share3plus'] as const).some((f) => at(f) >= 0)) continue;
      return readRows(sheet, r, at);
    }
  }
  const names = sheets.map((s) => `“${s.file}”工作表“${s.sheet}”`).join('、') || '文件';
  throw new PlanSheetError(`${names}中没有找到规划表的表头：需要“乡镇（街道）”列，以及“规划五星”“规划四星”“规划三星”或“三星以上占比目标”中的至少一列（表头须在前15行内）。`);
}

function readRows(sheet: RawSheet, headerRow: number, at: (f: Field) => number): Plan {
  const header = sheet.rows[headerRow];
  const townships: TownshipPlan[] = [];
  let countyRow: Omit<TownshipPlan, 'township'> | null = null;
  for (let r = headerRow + 1; r < sheet.rows.length; r++) {
    const row = sheet.rows[r];
    const name = text(row[at('township')]);
    if (!name) continue;
    const where = (f: Field) => `“${sheet.file}”工作表“${sheet.sheet}”第${r + 1}行“${text(header[at(f)])}”列`;
    const count = (f: 'five' | 'four' | 'three'): number | null => {
      if (at(f) < 0) return null;
      const v = parseCount(row[at(f)]);
      if (v === undefined) throw new PlanSheetError(`${where(f)}的值“${text(row[at(f)])}”不是个数。请填写整数，如 1 或 1个。`);
      return v;
    };
    const share = (): number | null => {
      if (at('share3plus') < 0) return null;
      const v = parseShare(row[at('share3plus')]);
      if (v === undefined) throw new PlanSheetError(`${where('share3plus')}的值“${text(row[at('share3plus')])}”不是占比。请填写如 30%、0.3 或 30。`);
      return v;
    };
    const plan = { five: count('five'), four: count('four'), three: count('three'), share3plus: share() };
    if (TOTAL.test(name)) countyRow = plan;
    else townships.push({ township: name, ...plan });
  }
  const sum = (f: 'five' | 'four' | 'three') => (townships.some((t) => t[f] != null) ? townships.reduce((a, t) => a + (t[f] ?? 0), 0) : null);
  return {
    year: yearOf(sheet, headerRow),
    townships,
    county: countyRow ?? { five: sum('five'), four: sum('four'), three: sum('three'), share3plus: null },
  };
}
