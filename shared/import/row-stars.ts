/**
 * The stars and level of one data row: read the star marks and the declared 星级, then
 * decide the stars that count for the unit's kind and the level (the stars win over a
 * declared level that disagrees; level-only sheets take the level as given).
 */
import { STARS, type StarId, type UnitKind } from '../stars.ts';
import { cellToString } from './normalize.ts';
import { layoutProblems } from './layout-problems.ts';
import type { SheetPlan } from './sheet-plan.ts';
import type { StarList } from './star-list.ts';
import { problems } from './validate.ts';
import type { Problem, RawCell } from './types.ts';

/**
 * Reads the star marks into `marks` (one per plan.starCols; an unreadable mark is false)
 * and returns the declared level. Problems that reject the row go to `errors`.
 */
export function readMarksAndLevel(
  plan: SheetPlan, row: RawCell[], r: number, excelRow: number, marks: Array<boolean | null>, errors: Problem[],
): number | null {
  const { starCols, place, cell } = plan;
  const levelCol = plan.cols.level;
  // Stars listed in one cell: read it once; every star's mark is whether the list names it.
  let listed: StarList | null = null;
  if (starCols.length > 0 && starCols[0].list) {
    const c = cell(row, r, starCols[0].col);
    listed = plan.starList(c);
    if (!listed.ok) errors.push(layoutProblems.unknownStar(place(excelRow, starCols[0].col.label, cellToString(c)), listed.unknown));
  }
  for (let i = 0; i < starCols.length; i++) {
    const sc = starCols[i];
    if (listed) {
      marks[i] = listed.ok && listed.stars.includes(sc.star.id);
      continue;
    }
    const c = cell(row, r, sc.col);
    const m = sc.parse(c);
    if (m.ok) marks[i] = m.value;
    else {
      marks[i] = false;
      errors.push(problems.badMark(place(excelRow, sc.col.label, cellToString(c))));
    }
  }
  let declared: number | null = null;
  if (levelCol) {
    const levelCell = cell(row, r, levelCol);
    const l = plan.parsers.level(levelCell);
    if (l.ok) declared = l.value;
    else errors.push(problems.badLevel(place(excelRow, levelCol.label, cellToString(levelCell)), l.reason === 'out_of_range'));
  }
  if (declared == null && starCols.length === 0 && levelCol && errors.length === 0) {
    errors.push(problems.missingLevel(place(excelRow, levelCol.label, '')));
  }
  return declared;
}

/**
 * The stars of an accepted row (null where no column holds a star) and its level, from the
 * marks read by readMarksAndLevel. Warnings go to `warns`; `capstone` turns on the
 * 支部过硬星 rule.
 */
export function starsAndLevel(
  plan: SheetPlan, row: RawCell[], r: number, excelRow: number, kind: UnitKind, name: string,
  marks: ReadonlyArray<boolean | null>, declared: number | null, capstone: boolean, warns: Problem[],
): { stars: Record<StarId, boolean | null>; level: number } {
  const { starCols, place, cell } = plan;
  const levelCol = plan.cols.level;
  const stars: Record<StarId, boolean | null> = {
    branch: null, industry: null, ecology: null, safety: null, civility: null, cobuild: null, harmony: null, business: null,
  };
  let counted = 0;
  for (let i = 0; i < starCols.length; i++) {
    const { star, col: c, applies } = starCols[i];
    const m = marks[i];
    if (applies[kind]) {
      if (m === null) {
        warns.push(problems.naOnApplicable(place(excelRow, c.label, cellToString(cell(row, r, c))), kind, star));
        stars[star.id] = false;
      } else {
        stars[star.id] = m;
        if (m) counted++;
      }
    } else if (m === true) {
      warns.push(problems.starNotApplicable(place(excelRow, c.label, cellToString(cell(row, r, c))), kind, name, star));
    }
  }
  const missing = plan.missingStars[kind];
  let level: number;
  if (missing.length === 0) {
    level = counted;
    if (declared != null && declared !== counted) {
      const at = place(excelRow, levelCol!.label, cellToString(cell(row, r, levelCol)));
      if (starCols[0]?.list) {
        const held = starCols.filter((sc, i) => sc.applies[kind] && marks[i] === true).map((sc) => sc.star.id);
        warns.push(layoutProblems.listLevelMismatch(at, starCols[0].col.label, held, counted));
      } else warns.push(problems.levelMismatch(at, counted));
    }
  } else if (declared != null) {
    level = declared;
    if (counted > declared) {
      warns.push(problems.levelMismatch(place(excelRow, levelCol!.label, cellToString(cell(row, r, levelCol))), counted));
      level = counted;
    }
  } else level = counted;

  if (capstone && missing.length === 0 && stars.branch === true && counted < 5) {
    const lacking = STARS.filter((st) => st.id !== 'branch' && st.kinds.includes(kind) && stars[st.id] !== true);
    const bc = starCols.find((sc) => sc.star.id === 'branch')!.col;
    warns.push(problems.capstone(place(excelRow, bc.label, cellToString(cell(row, r, bc))), name, lacking));
  }
  return { stars, level };
}
