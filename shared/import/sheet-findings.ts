/**
 * The problems of a sheet as a whole, once its rows are read: period unknown, stars
 * incomplete for a kind, names normalization changed, blank rows, no rows. Together with the
 * plan's own (township or kind inferred, no star columns, codes in scientific notation) and
 * in the order the report shows them.
 */
import { layoutProblems } from './layout-problems.ts';
import type { SheetRowsState } from './rating-row.ts';
import type { SheetPlan } from './sheet-plan.ts';
import { scoreProblems } from './score-problems.ts';
import { problems } from './validate.ts';
import type { Problem } from './types.ts';

export function sheetFindings(plan: SheetPlan, state: SheetRowsState): Problem[] {
  const { place, inferred } = plan;
  const out: Problem[] = [];
  const { wide } = plan;
  if (wide && !wide.ok) {
    out.push(wide.noYear
      ? layoutProblems.wideNoYear(place(null), wide.groups, state.periodless)
      : layoutProblems.wideAmbiguous(place(null), wide.groups, wide.reason, state.periodless));
  } else if (wide) {
    const groups = wide.blocks.map((b) => ({ label: b.label, period: b.period }));
    out.push(layoutProblems.wideRead(place(null), groups, wide.yearFrom, state.emptyBlocks));
  } else if (plan.scores.unknown) {
    out.push(scoreProblems.maxUnknown(place(null), plan.scores.unknown.columns, plan.scores.unknown.maxSeen, state.periodless));
  } else if (plan.mode === 'sheet' && !inferred.period && plan.rowsRead > 0) {
    out.push(problems.periodUnknown(place(null), state.periodless, inferred.year));
  }
  out.push(...plan.problems);
  for (const kind of ['village', 'community'] as const) {
    if (state.kindSeen[kind] && plan.starCols.length > 0 && plan.missingStars[kind].length > 0) {
      out.push(problems.starsIncomplete(place(null), kind, plan.missingStars[kind], plan.cols.level != null));
    }
  }
  for (const reader of [plan.countyReader, plan.townshipReader, plan.nameReader]) {
    if (reader && reader.count > 0) {
      out.push(problems.nameNormalized(place(null, reader.col.label, reader.examples[0][0]), reader.count, reader.examples));
    }
  }
  if (state.blankRows.length > 0) out.push(problems.skippedBlank(place(null), state.blankRows));
  if (plan.rowsRead === 0) out.push(problems.noRows(place(null), plan.header.headerRow!));
  return out;
}
