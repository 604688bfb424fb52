/**
 * The 三星以上占比 target line of the 趋势 chart (issue #17): for each period on the axis, the
 * target the plan of that period's year sets — the county's (its 合计 row) or one township's —
 * or null where no plan of the year sets one. A step line: the target holds for the whole year.
 */
import { parsePeriodKey } from '../period.ts';
import { planForYear, townshipKey } from './attainment.ts';
import type { Plan } from './sheet.ts';

/** `township` null: the county's target. */
export function shareTargets(plans: readonly Plan[], periods: readonly string[], township: string | null): Array<number | null> {
  return periods.map((key) => {
    const year = parsePeriodKey(key)?.year ?? null;
    const plan = year == null ? null : planForYear(plans, year);
    if (!plan) return null;
    if (township == null) return plan.county.share3plus;
    return plan.townships.find((t) => townshipKey(t.township) === townshipKey(township))?.share3plus ?? null;
  });
}

/** Whether any period has a target (the line is drawn only then). */
export function hasTargets(values: ReadonlyArray<number | null>): boolean {
  return values.some((v) => v != null);
}
