/**
 * One component's score from its judges: drop the N highest and N lowest present scores,
 * average the rest. A judge without a score is skipped; dropping applies to the present
 * scores only, and when fewer than 2N+1 are present nothing is dropped (with a warning).
 */
import { add, divInt, fromNumber, sum, toNumber, type Fraction } from './exact.ts';

export interface ComponentScore {
  /** Judge indices whose scores were dropped, in judge order. */
  dropped: number[];
  /** Exact mean of the kept scores; null when no judge scored. */
  exact: Fraction | null;
  /** Present (non-null) scores. */
  present: number;
  /** Max − min of the present scores; null when none. */
  spread: number | null;
  /** True when `drop` was asked for but too few scores were present to apply it. */
  tooFew: boolean;
}

export function scoreComponent(scores: ReadonlyArray<number | null>, drop: number): ComponentScore {
  const present: Array<{ judge: number; value: number }> = [];
  scores.forEach((value, judge) => {
    if (value != null) present.push({ judge, value });
  });
  if (present.length === 0) return { dropped: [], exact: null, present: 0, spread: null, tooFew: drop > 0 };
  const tooFew = drop > 0 && present.length < 2 * drop + 1;
  const n = tooFew ? 0 : drop;
  // Equal scores: the lower judge index counts as lower, so which judge is dropped is fixed
  // (the dropped values are the same either way).
  const sorted = present.slice().sort((a, b) => a.value - b.value || a.judge - b.judge);
  const dropped = n === 0 ? [] : [...sorted.slice(0, n), ...sorted.slice(sorted.length - n)].map((p) => p.judge).sort((a, b) => a - b);
  const kept = sorted.slice(n, sorted.length - n);
  const exact = divInt(sum(kept.map((p) => fromNumber(p.value))), kept.length);
  const lo = fromNumber(sorted[0].value);
  const hi = fromNumber(sorted[sorted.length - 1].value);
  const diff = add(hi, { n: -lo.n, d: lo.d });
  return { dropped, exact, present: present.length, spread: toNumber(diff), tooFew };
}

