import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateSampleCsv } from '../../datasets/generate.ts';
import { STARS } from '../../shared/stars.ts';
import { readSampleRows, SAMPLE_FILE } from '../support/sample-truth.ts';

describe('the bundled sample county', () => {
  const rows = readSampleRows();

  it('is exactly what the seeded generator produces', () => {
    expect(generateSampleCsv()).toBe(readFileSync(SAMPLE_FILE, 'utf8'));
  });

  it('has a county-sized shape: ~12 townships, 300–450 units, 5–15% communities, 2022Q1–2025Q4', () => {
    const units = new Map(rows.map((r) => [r.unit_id, r]));
    const communities = [...units.values()].filter((u) => u.kind === 'community').length;
    expect(new Set(rows.map((r) => r.township)).size).toBe(12);
    expect(units.size).toBeGreaterThanOrEqual(300);
    expect(units.size).toBeLessThanOrEqual(450);
    expect(communities / units.size).toBeGreaterThanOrEqual(0.05);
    expect(communities / units.size).toBeLessThanOrEqual(0.15);
    const periods = new Set(rows.map((r) => `${r.year}Q${r.quarter}`));
    expect(periods.size).toBe(16);
    expect(rows.length).toBe(units.size * 16);
  });

  it('keeps level = stars held, stars only where they apply, and the capstone rule', () => {
    for (const r of rows) {
      const applicable = STARS.filter((s) => s.kinds.includes(r.kind as 'village' | 'community'));
      expect(STARS.filter((s) => r.stars[s.id] !== null).map((s) => s.id)).toEqual(applicable.map((s) => s.id));
      expect(r.level).toBe(applicable.filter((s) => r.stars[s.id]).length);
      if (r.stars.branch) expect(r.level).toBe(5);
    }
  });

  it('looks like real progress: most units at 一星–三星, few 五星, some losses', () => {
    const last = rows.filter((r) => r.year === 2025 && r.quarter === 4);
    const share = (pred: (l: number) => boolean) => last.filter((r) => pred(r.level)).length / last.length;
    expect(share((l) => l >= 1 && l <= 3)).toBeGreaterThan(0.5);
    expect(share((l) => l === 5)).toBeLessThan(0.15);
    // Rows come unit by unit in period order, so a loss is a drop from the previous row of the same unit.
    const losses = rows.filter((r, i) => i > 0 && rows[i - 1].unit_id === r.unit_id && r.level < rows[i - 1].level).length;
    expect(losses).toBeGreaterThan(0);
  });
});
