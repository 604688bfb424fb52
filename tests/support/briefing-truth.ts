/**
 * The briefing narrative's numbers for the sample county, computed here from the CSV rows in
 * plain JavaScript (no DuckDB, no engine code), for the e2e test to check the app against.
 */
import type { TruthRow } from './sample-truth.ts';

const STAR_NAMES: Record<string, string> = {
  branch: '支部过硬星', industry: '产业兴旺星', ecology: '生态宜居星', safety: '平安法治星', civility: '文明幸福星',
  cobuild: '共建共享星', harmony: '幸福和谐星', business: '宜业兴业星',
};

export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export interface NarrativeTruth {
  units: number;
  levels: number[];
  share: string;
  /** "较上季度提高2.3个百分点" / "较上季度下降…" / "与上季度持平". */
  change: string;
  unitsUp: number;
  demoted: number;
  weakest: { name: string; rate: string };
}

export function narrativeTruth(rows: TruthRow[], year: number, quarter: number): NarrativeTruth {
  const prevY = quarter === 1 ? year - 1 : year;
  const prevQ = quarter === 1 ? 4 : quarter - 1;
  const cur = rows.filter((r) => r.year === year && r.quarter === quarter);
  const prev = rows.filter((r) => r.year === prevY && r.quarter === prevQ);
  const levels = [0, 0, 0, 0, 0, 0];
  for (const r of cur) levels[r.level]++;
  const share = cur.filter((r) => r.level >= 3).length / cur.length;
  const prevShare = prev.filter((r) => r.level >= 3).length / prev.length;
  const pp = Math.round((share - prevShare) * 1000) / 10;
  const change = pp === 0 ? '与上季度持平' : `较上季度${pp > 0 ? '提高' : '下降'}${Math.abs(pp).toFixed(1)}个百分点`;

  const before = new Map(prev.map((r) => [r.unit_id, r]));
  let unitsUp = 0;
  let demoted = 0;
  for (const r of cur) {
    const p = before.get(r.unit_id);
    if (!p) continue;
    if (r.level > p.level) unitsUp++;
    if (Object.keys(r.stars).some((s) => r.stars[s] !== null && p.stars[s] === true && r.stars[s] === false)) demoted++;
  }

  let weakest = { name: '', rate: Infinity };
  for (const s of Object.keys(STAR_NAMES)) {
    const applicable = cur.filter((r) => r.stars[s] !== null && r.stars[s] !== undefined);
    if (!applicable.length) continue;
    const rate = applicable.filter((r) => r.stars[s]).length / applicable.length;
    if (Math.round(rate * 1000) < Math.round(weakest.rate * 1000)) weakest = { name: STAR_NAMES[s], rate };
  }
  return { units: cur.length, levels, share: pct(share), change, unitsUp, demoted, weakest: { name: weakest.name, rate: pct(weakest.rate) } };
}
