/**
 * A judge far from the others on one contestant, for the analyst to look at (never changes
 * a score). The rule: compare the judge's score x with the other judges' present scores
 * (mean m, sample standard deviation s, n − 1); flag when
 *   |x − m| > 2·s   and   |x − m| ≥ 10% of the component's maximum (10 points out of 100),
 * and only when at least 3 other judges scored (with fewer, "the others" say too little).
 * The absolute minimum keeps a close panel (s near 0) from flagging a judge a few points off:
 * judges 5–6 points apart on 100 are ordinary.
 */

export const OUTLIER_SD_FACTOR = 2;
export const OUTLIER_MIN_SHARE = 0.1;
export const OUTLIER_MIN_OTHERS = 3;

export interface Outlier {
  judge: number;
  score: number;
  /** Mean of the other judges' present scores (not rounded). */
  othersMean: number;
}

export function findOutliers(scores: ReadonlyArray<number | null>, max: number): Outlier[] {
  const present = scores.flatMap((v, judge) => (v == null ? [] : [{ judge, v }]));
  if (present.length - 1 < OUTLIER_MIN_OTHERS) return [];
  const minGap = OUTLIER_MIN_SHARE * max;
  const out: Outlier[] = [];
  for (const p of present) {
    const others = present.filter((o) => o.judge !== p.judge).map((o) => o.v);
    const m = others.reduce((a, b) => a + b, 0) / others.length;
    const s = Math.sqrt(others.reduce((a, b) => a + (b - m) ** 2, 0) / (others.length - 1));
    const gap = Math.abs(p.v - m);
    // A hair of tolerance so that binary noise does not decide a case exactly on the line.
    if (gap > OUTLIER_SD_FACTOR * s + 1e-9 && gap >= minGap - 1e-9) out.push({ judge: p.judge, score: p.v, othersMean: m });
  }
  return out;
}
