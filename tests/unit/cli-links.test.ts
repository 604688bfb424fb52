/**
 * The CLI over a county's files of two years (tests/fixtures/history): `check --json` lists the
 * units that are probably one unit (links: [{ from, to, reason }]), `summary` merges the
 * same-named ones by itself and the rest only with --accept-links; the counts then equal the
 * independent truth (plain JS over the generator's records).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { generateHistoryCounty } from '../support/history-county.ts';
import { periodTruth } from '../support/history-truth.ts';

const dir = fileURLToPath(new URL('../fixtures/history/', import.meta.url));
const FILES = ['2023年各村（社区）五星支部创建季度台账.csv', '青禾县2024年“五星”支部创建情况统计表.xlsx'];
const county = generateHistoryCounty();

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('xingtu check and summary across renamed units', () => {
  it('check --json lists the suggested links with from, to and a Chinese reason', async () => {
    const r = await run('check', ...FILES.map((f) => dir + f), '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    const links = report.links as Array<{ from: string; to: string; reason: string; rule: string; fromUnit: { name: string }; toUnit: { name: string } }>;
    expect(links.find((l) => l.rule === 'village-to-community')).toMatchObject({ fromUnit: { name: '王庄村' }, toUnit: { name: '王庄社区' } });
    expect(links.filter((l) => l.rule === 'township-renamed').every((l) => l.reason.includes('石门乡 → 石门镇'))).toBe(true);
    for (const l of links) expect(typeof l.from === 'string' && typeof l.to === 'string' && l.from !== l.to).toBe(true);
  });

  it('summary counts each unit once per township only with --accept-links, and says why otherwise', async () => {
    const args = ['summary', ...FILES.map((f) => dir + f), '--period', '2023Q4', '--by', 'township', '--json'];
    const truth = periodTruth(county, '2023Q4');
    const without = await run(...args);
    expect(without.code).toBe(0);
    expect(without.err).toMatch(/可能是同一单位.*--accept-links/);
    const withLinks = await run(...args, '--accept-links');
    expect(withLinks.code).toBe(0);
    const s = JSON.parse(withLinks.out) as { rows: Array<{ township: string; units: number; levels: number[] }>; total: { units: number; levels: number[] } };
    expect(Object.fromEntries(s.rows.map((r) => [r.township, r.units]))).toEqual(
      Object.fromEntries(Object.entries(truth.byTownship).map(([t, c]) => [t, c.units])));
    expect(s.total.units).toBe(truth.units);
    expect(s.total.levels).toEqual(truth.byLevel);
    // Without the links 石门乡's 2023 units keep their old township: the table shows 石门乡, not 石门镇.
    const plain = JSON.parse(without.out) as { rows: Array<{ township: string }> };
    expect(plain.rows.map((r) => r.township)).toContain('石门乡');
  });
});
