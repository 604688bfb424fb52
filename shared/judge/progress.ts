/**
 * Did the townships that ranked high in a 观摩评比 also gain stars? (issue #16) The round's
 * final scores are set against each township's change of a star measure in the round's period
 * (三星以上占比 vs the period before, from the 排名 screen's query), with Spearman's rank
 * correlation (average ranks for ties) and a plain Chinese reading of it.
 */

export interface ProgressInput {
  name: string;
  /** The round's final score; null when not scored. */
  score: number | null;
  rank: number | null;
}

export interface ProgressRow {
  name: string;
  rank: number;
  score: number;
  /** The star measure's change; null when the township has no rating in one of the two periods. */
  change: number | null;
}

export interface ProgressResult {
  rows: ProgressRow[];
  /** Townships of the round the data does not know (another name, or another county's data). */
  unmatched: string[];
  /** Spearman's ρ over the rows with a change; null with fewer than 3 or when one side has no spread. */
  rho: number | null;
  /** How many townships ρ is computed on. */
  n: number;
}

/** Ranks 1…n (1 = largest), ties sharing the mean of their places. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => b.v - a.v);
  const ranks = new Array<number>(values.length);
  for (let k = 0; k < order.length;) {
    let e = k;
    while (e + 1 < order.length && order[e + 1].v === order[k].v) e++;
    const mean = (k + e) / 2 + 1;
    for (let x = k; x <= e; x++) ranks[order[x].i] = mean;
    k = e + 1;
  }
  return ranks;
}

/** Spearman's ρ: Pearson's correlation of the average ranks; null with fewer than 3 pairs or no spread. */
export function spearman(a: readonly number[], b: readonly number[]): number | null {
  if (a.length !== b.length || a.length < 3) return null;
  const ra = averageRanks(a);
  const rb = averageRanks(b);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += (ra[i] - ma) * (rb[i] - mb);
    da += (ra[i] - ma) ** 2;
    db += (rb[i] - mb) ** 2;
  }
  if (da === 0 || db === 0) return null;
  return num / Math.sqrt(da * db);
}

/** The round's ranked townships with their change; `changes` maps a township name to its change (null: no comparable data). */
export function judgeProgress(rows: readonly ProgressInput[], changes: ReadonlyMap<string, number | null>): ProgressResult {
  const out: ProgressRow[] = [];
  const unmatched: string[] = [];
  for (const r of rows) {
    if (r.rank == null || r.score == null) continue;
    if (!changes.has(r.name)) {
      unmatched.push(r.name);
      continue;
    }
    out.push({ name: r.name, rank: r.rank, score: r.score, change: changes.get(r.name) ?? null });
  }
  const paired = out.filter((r) => r.change != null);
  const rho = spearman(paired.map((r) => r.score), paired.map((r) => r.change!));
  return { rows: out, unmatched, rho, n: paired.length };
}

/** ρ in words, for the screen and the 简报: "等级相关系数 0.72，较强的正相关：评比得分高的乡镇，…提升幅度也较大". */
export function describeProgress(rho: number | null, n: number, what: string): string {
  if (rho == null) return n < 3 ? `能与${what}对照的乡镇不足 3 个，无法计算相关程度。` : `各乡镇的得分或${what}没有差别，无法计算相关程度。`;
  const r = Math.round(rho * 100) / 100;
  const a = Math.abs(r);
  const strength = a < 0.3 ? '基本不相关' : a < 0.6 ? (r > 0 ? '一定的正相关' : '一定的负相关') : (r > 0 ? '较强的正相关' : '较强的负相关');
  const reading = a < 0.3 ? `评比得分高低与${what}关系不明显` : r > 0 ? `评比得分高的乡镇，${what}也较大` : `评比得分高的乡镇，${what}反而较小`;
  const caution = n < 8 ? `（只有 ${n} 个乡镇，仅供参考）` : '';
  return `评比得分与${what}的等级相关系数为 ${r.toFixed(2)}，${strength}：${reading}${caution}。`;
}
