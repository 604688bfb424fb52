/**
 * The stars and level of one data row: read the star marks and the declared 星级, then
 * decide the stars that count for the unit's kind and the level (the stars win over a
 * declared level that disagrees; level-only sheets take the level as given).
 */
import { STARS, type StarId, type UnitKind } from '../stars.ts';
import { cellToString } from './normalize.ts';
import { isBlankCell } from './sheet-cells.ts';
import { layoutProblems } from './layout-problems.ts';
import { scoreProblems } from './score-problems.ts';
import { earnedBy } from './score-rule.ts';
import type { SheetPlan, StarColumn } from './sheet-plan.ts';
import type { Mark } from './values.ts';
import type { StarList } from './star-list.ts';
import { problems } from './validate.ts';
import type { Problem, RawCell } from './types.ts';

/**
 * Per star of plan.starCols, what its score column said: the score (null when blank or "/"),
 * and the star's own mark beside it (undefined without a mark column). Buffers reused per row.
 */
export interface RowScores {
  scores: Array<number | null>;
  marks: Array<Mark | undefined>;
}

/**
 * Reads the star marks into `marks` (one per plan.starCols; an unreadable mark is false)
 * and returns the declared level. A star with a score column takes its mark from the score
 * (score-rule.ts), its own √ mark going to `scored` for the mismatch check. Problems that
 * reject the row go to `errors`.
 */
export function readMarksAndLevel(
  plan: SheetPlan, row: RawCell[], r: number, excelRow: number, marks: Array<boolean | null>, errors: Problem[],
  scored?: RowScores,
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
    if (sc.score && scored) {
      marks[i] = readScore(plan, sc, row, r, excelRow, scored, i, errors);
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
 * A star's mark from its score column: earned when the score reaches the rule's threshold.
 * Blank or "/" → not earned (the mark column decides when there is one); not a number, negative
 * or above the maximum → the row is rejected.
 */
function readScore(
  plan: SheetPlan, sc: StarColumn, row: RawCell[], r: number, excelRow: number, scored: RowScores, i: number, errors: Problem[],
): boolean | null {
  const { place, cell } = plan;
  const score = sc.score!;
  scored.scores[i] = null;
  scored.marks[i] = undefined;
  let own: Mark | undefined;
  if (!sc.markless) {
    const mc = cell(row, r, sc.col);
    const m = sc.parse(mc);
    // A blank mark beside a score says nothing: only a written √ or × is compared with the score.
    if (m.ok) own = isBlankCell(mc) ? undefined : m.value;
    else errors.push(problems.badMark(place(excelRow, sc.col.label, cellToString(mc))));
  }
  scored.marks[i] = own;
  const c = cell(row, r, score.col);
  const v = score.parse(c);
  if (!v.ok) {
    errors.push(scoreProblems.badScore(place(excelRow, score.col.label, cellToString(c)), sc.star, score.rule));
    return false;
  }
  if (v.value == null) return own === undefined ? false : own;
  const { rule } = score;
  if (v.value < 0 || (rule.max != null && v.value > rule.max)) {
    errors.push(scoreProblems.outOfRange(place(excelRow, score.col.label, cellToString(c)), sc.star, v.value, rule));
    return false;
  }
  scored.scores[i] = v.value;
  return earnedBy(v.value, rule);
}

/**
 * The stars of an accepted row (null where no column holds a star) and its level, from the
 * marks read by readMarksAndLevel. Warnings go to `warns`; `capstone` turns on the
 * 支部过硬星 rule. With star scores (`scored`), also the applicable stars' scores and their
 * sum (null when some applicable star has no score).
 */
export function starsAndLevel(
  plan: SheetPlan, row: RawCell[], r: number, excelRow: number, kind: UnitKind, name: string,
  marks: ReadonlyArray<boolean | null>, declared: number | null, capstone: boolean, warns: Problem[],
  scored?: RowScores,
): { stars: Record<StarId, boolean | null>; level: number; scores?: Partial<Record<StarId, number | null>>; sum: number | null } {
  const { starCols, place, cell } = plan;
  const levelCol = plan.cols.level;
  const stars: Record<StarId, boolean | null> = {
    branch: null, industry: null, ecology: null, safety: null, civility: null, cobuild: null, harmony: null, business: null,
  };
  let counted = 0;
  const scoreOf: Partial<Record<StarId, number | null>> | undefined = plan.scores.scored && scored ? {} : undefined;
  // The total is the sum only when every applicable star has a score column.
  let sum: number | null = plan.missingStars[kind].length === 0 ? 0 : null;
  for (let i = 0; i < starCols.length; i++) {
    const { star, col: c, applies } = starCols[i];
    const m = marks[i];
    if (scoreOf && starCols[i].score) {
      const s = scored!.scores[i];
      if (applies[kind]) {
        scoreOf[star.id] = s;
        sum = s == null || sum == null ? null : sum + s;
        scoreWarnings(plan, row, r, excelRow, starCols[i], s, scored!.marks[i], m === true, plan.cols.score == null, warns);
        stars[star.id] = m === true;
        if (m === true) counted++;
      } else if (s != null || m === true) {
        const at = starCols[i].markless || s != null ? starCols[i].score!.col : c;
        warns.push(problems.starNotApplicable(place(excelRow, at.label, cellToString(cell(row, r, at))), kind, name, star));
      }
      continue;
    }
    if (applies[kind]) {
      sum = null;
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
      const held = starCols.filter((sc, i) => sc.applies[kind] && marks[i] === true).map((sc) => sc.star.id);
      if (starCols[0]?.list) {
        warns.push(layoutProblems.listLevelMismatch(at, starCols[0].col.label, held, counted));
      } else if (scoreOf) warns.push(scoreProblems.levelMismatch(at, held, counted));
      else warns.push(problems.levelMismatch(at, counted));
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
  return { stars, level, ...(scoreOf ? { scores: scoreOf } : {}), sum: scoreOf ? sum : null };
}

/** A score with no value on an applicable star, or a √ / × mark that its score contradicts. */
function scoreWarnings(
  plan: SheetPlan, row: RawCell[], r: number, excelRow: number, sc: StarColumn, score: number | null, own: Mark | undefined,
  earned: boolean, totalFromStars: boolean, warns: Problem[],
): void {
  const { place, cell } = plan;
  const scoreCol = sc.score!.col;
  if (score == null) {
    if (own == null) {
      warns.push(scoreProblems.missingScore(place(excelRow, scoreCol.label, cellToString(cell(row, r, scoreCol))), sc.star, totalFromStars));
    }
    return;
  }
  if (own === undefined || own === null || own === earned) return;
  warns.push(scoreProblems.markMismatch(place(excelRow, sc.col.label, cellToString(cell(row, r, sc.col))), sc.star, scoreCol.label, score, sc.score!.rule, earned));
}
