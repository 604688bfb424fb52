/**
 * 创建规划 typed in a grid (issue #17): the grid's cells become a sheet of the plan sheet's own
 * layout and go through readPlan, so typed and imported plans follow one rule (1个, 30%, 0.3,
 * 30; 全县 row or the townships' sum) and one set of messages.
 */
import type { RawSheet } from '../import/types.ts';
import { type Plan, PlanSheetError, readPlan } from './sheet.ts';

export const GRID_HEADER = ['乡镇（街道）', '规划五星', '规划四星', '规划三星', '三星以上占比目标'] as const;
/** The row of the county's own targets (left empty: the townships' sum, no share target). */
export const COUNTY_ROW = '全县';

export type GridRow = [township: string, five: string, four: string, three: string, share: string];

/** The grid of a plan (or of the townships with nothing planned yet). */
export function planGrid(plan: Plan | null, townships: readonly string[]): GridRow[] {
  const cell = (v: number | null | undefined, share = false) => (v == null ? '' : share ? `${Math.round(v * 1000) / 10}%` : String(v));
  const names = [...(plan?.townships.map((t) => t.township) ?? []), ...townships.filter((t) => !plan?.townships.some((p) => p.township === t))];
  const rows: GridRow[] = names.map((name) => {
    const t = plan?.townships.find((p) => p.township === name);
    return [name, cell(t?.five), cell(t?.four), cell(t?.three), cell(t?.share3plus, true)];
  });
  // The county row shows only what the county sets itself: its share target.
  return [...rows, [COUNTY_ROW, '', '', '', cell(plan?.county.share3plus, true)]];
}

/** The grid read as a plan of `year`; throws PlanSheetError (in Chinese, naming the row) on a bad cell. */
export function gridPlan(rows: readonly GridRow[], year: number): Plan & { year: number } {
  const filled = rows.filter((r) => r[0].trim() !== '' && r.slice(1).some((c) => c.trim() !== ''));
  const sheet: RawSheet = {
    file: '手工录入的创建规划',
    sheet: `${year}年`,
    rows: [[`${year}年“五星”支部创建规划`], [...GRID_HEADER], ...filled.map((r) => [...r])],
  };
  try {
    return { ...readPlan([sheet]), year };
  } catch (e) {
    // The sheet's message names a row of the sheet built here: name the township instead.
    if (!(e instanceof PlanSheetError)) throw e;
    const m = /^“[^”]*”工作表“[^”]*”第(\d+)行(“[^”]*”列)(.*)$/s.exec(e.message);
    throw m ? new PlanSheetError(`${filled[Number(m[1]) - 3]?.[0] ?? ''}${m[2]}${m[3]}`) : e;
  }
}
