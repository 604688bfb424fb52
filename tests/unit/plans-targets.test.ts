/** The 趋势 target line: each period reads the target of its own year's plan, county or township. */
import { describe, expect, it } from 'vitest';
import { hasTargets, shareTargets } from '../../shared/plans/targets.ts';
import type { Plan } from '../../shared/plans/sheet.ts';

const plan = (year: number, county: number | null, chengguan: number | null): Plan => ({
  year,
  townships: [{ township: '城关镇', five: 1, four: 2, three: null, share3plus: chengguan }, { township: '石门镇', five: 0, four: 1, three: null, share3plus: null }],
  county: { five: 1, four: 3, three: null, share3plus: county },
});

describe('share targets over periods', () => {
  const plans = [plan(2024, 0.6, 0.7), plan(2025, 0.75, 0.8)];
  it('gives every quarter of a year its plan\'s target, nothing where no plan exists', () => {
    expect(shareTargets(plans, ['2023Q4', '2024Q1', '2024Q4', '2025Q2', '2026Q1'], null)).toEqual([null, 0.6, 0.6, 0.75, null]);
    expect(shareTargets(plans, ['2024Q3', '2025Q3'], '城关镇')).toEqual([0.7, 0.8]);
  });
  it('reads yearly axes and annual periods', () => {
    expect(shareTargets(plans, ['2023', '2024', '2025'], null)).toEqual([null, 0.6, 0.75]);
  });
  it('has no line for a township without a share target or not in the plan', () => {
    const s = shareTargets(plans, ['2024Q4', '2025Q4'], '石门镇');
    expect(s).toEqual([null, null]);
    expect(hasTargets(s)).toBe(false);
    expect(hasTargets(shareTargets(plans, ['2024Q4'], '新区街道'))).toBe(false);
  });
});
