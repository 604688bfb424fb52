/**
 * Issue #17: 规划完成 — a township plan against the level summary, numbers computed by hand;
 * the 'plans' workspace part read from untrusted JSON.
 */
import { describe, expect, it } from 'vitest';
import { metText, planAttainment, planForYear } from '../../shared/plans/attainment.ts';
import { checkPlans, plansJson } from '../../shared/plans/store-format.ts';
import type { Plan } from '../../shared/plans/sheet.ts';
import type { LevelSummary } from '../../shared/views/overview.ts';

// 2025Q4, by township (levels 0..5):
//   城关镇 10 units [1,2,2,2,2,1] → 三星以上 5/10 = 0.5
//   河口镇  4 units [0,1,1,1,1,0] → 2/4 = 0.5
//   东湖乡  2 units [2,0,0,0,0,0] → 0 (not in the plan)
//   total 16 units [3,3,3,3,3,1] → 7/16 = 0.4375
const SUMMARY: LevelSummary = {
  period: '2025Q4',
  rows: [
    { township: '城关镇', units: 10, levels: [1, 2, 2, 2, 2, 1], share3plus: 0.5 },
    { township: '河口镇', units: 4, levels: [0, 1, 1, 1, 1, 0], share3plus: 0.5 },
    { township: '东湖乡', units: 2, levels: [2, 0, 0, 0, 0, 0], share3plus: 0 },
  ],
  total: { units: 16, levels: [3, 3, 3, 3, 3, 1], share3plus: 0.4375 },
};

const PLAN: Plan = {
  year: 2025,
  townships: [
    // Written with a space, as a sheet might: still 城关镇.
    { township: '城关 镇', five: 1, four: 2, three: 3, share3plus: 0.5 },
    { township: '河口镇', five: 1, four: 0, three: null, share3plus: 0.6 },
    // A township with no rated unit.
    { township: '新区街道', five: 0, four: 1, three: null, share3plus: 0.3 },
  ],
  // The sum of the townships' counts, no county share.
  county: { five: 2, four: 3, three: 3, share3plus: null },
};

describe('planAttainment', () => {
  const a = planAttainment(PLAN, SUMMARY);
  const [cg, hk, xq] = a.townships;

  it('城关镇: 五星 1/1, 四星 2/2 met; 三星 2 of 3 missed (完成率 2/3); share 50% of 50% met', () => {
    expect(cg.township).toBe('城关 镇');
    expect(cg.units).toBe(10);
    expect(cg.five).toEqual({ planned: 1, actual: 1, gap: 0, rate: 1, met: true });
    expect(cg.four).toEqual({ planned: 2, actual: 2, gap: 0, rate: 1, met: true });
    expect(cg.three).toEqual({ planned: 3, actual: 2, gap: -1, rate: 2 / 3, met: false });
    expect(cg.share3plus).toEqual({ planned: 0.5, actual: 0.5, gap: 0, rate: null, met: true });
    expect(cg.met).toBe(false);
  });

  it('河口镇: 五星 0 of 1 (完成率 0), 四星 planned 0 (完成率 none, met), share 50% vs 60% missed by 10 points', () => {
    expect(hk.five).toEqual({ planned: 1, actual: 0, gap: -1, rate: 0, met: false });
    expect(hk.four).toEqual({ planned: 0, actual: 1, gap: 1, rate: null, met: true });
    expect(hk.three).toEqual({ planned: null, actual: 1, gap: null, rate: null, met: null });
    expect(hk.share3plus).toEqual({ planned: 0.6, actual: 0.5, gap: -0.1, rate: null, met: false });
    expect(hk.met).toBe(false);
  });

  it('a planned township with no units is shown: counts 0, share unknown and missed', () => {
    expect(xq.township).toBe('新区街道');
    expect(xq.units).toBe(0);
    expect(xq.five).toEqual({ planned: 0, actual: 0, gap: 0, rate: null, met: true });
    expect(xq.four).toEqual({ planned: 1, actual: 0, gap: -1, rate: 0, met: false });
    expect(xq.share3plus).toEqual({ planned: 0.3, actual: null, gap: null, rate: null, met: false });
    expect(xq.met).toBe(false);
  });

  it('the county: plan 2/3/3 against 1/3/3 of 16 units; no share target', () => {
    expect(a.county.township).toBe('全县');
    expect(a.county.units).toBe(16);
    expect(a.county.five).toEqual({ planned: 2, actual: 1, gap: -1, rate: 0.5, met: false });
    expect(a.county.four).toEqual({ planned: 3, actual: 3, gap: 0, rate: 1, met: true });
    expect(a.county.three).toEqual({ planned: 3, actual: 3, gap: 0, rate: 1, met: true });
    expect(a.county.share3plus).toEqual({ planned: null, actual: 0.4375, gap: null, rate: null, met: null });
    expect(a.county.met).toBe(false);
  });

  it('tallies, targets and the townships the plan leaves out', () => {
    expect(a.tally).toEqual({
      five: { met: 2, missed: 1 }, four: { met: 2, missed: 1 }, three: { met: 0, missed: 1 }, share3plus: { met: 1, missed: 2 },
    });
    expect(a.targets).toEqual(['five', 'four', 'three', 'share3plus']);
    expect(a.unplanned).toEqual(['东湖乡']);
    expect(a.year).toBe(2025);
    expect(a.period).toBe('2025Q4');
  });

  it('all met, with the county\'s own share target', () => {
    const plan: Plan = { year: 2025, townships: [{ township: '城关镇', five: 1, four: null, three: null, share3plus: 0.3 }],
      county: { five: 1, four: null, three: null, share3plus: 0.4 } };
    const r = planAttainment(plan, SUMMARY);
    expect(r.townships[0].met).toBe(true);
    expect(r.county.share3plus).toEqual({ planned: 0.4, actual: 0.4375, gap: 0.0375, rate: null, met: true });
    expect(r.county.met).toBe(true);
    expect(r.targets).toEqual(['five', 'share3plus']);
    expect(metText(true)).toBe('达到');
    expect(metText(false)).toBe('未达到');
    expect(metText(null)).toBe('—');
  });

  it('an empty period: every count 0, every share unknown', () => {
    const empty: LevelSummary = { period: '2026Q1', rows: [], total: { units: 0, levels: [0, 0, 0, 0, 0, 0], share3plus: null } };
    const r = planAttainment(PLAN, empty);
    expect(r.townships.map((t) => [t.five.actual, t.share3plus.actual])).toEqual([[0, null], [0, null], [0, null]]);
    expect(r.county.five).toEqual({ planned: 2, actual: 0, gap: -2, rate: 0, met: false });
  });
});

describe('the plans part', () => {
  it('round-trips and finds the plan of a year', () => {
    const json = JSON.parse(JSON.stringify(plansJson([PLAN])));
    const { value, notices } = checkPlans(json);
    expect(notices).toEqual([]);
    expect(value).toEqual([PLAN]);
    expect(planForYear(value, 2025)).toEqual(PLAN);
    expect(planForYear(value, 2024)).toBeNull();
  });

  it('drops what it cannot read and says so', () => {
    const { value, notices } = checkPlans({ version: 1, plans: [
      { year: '2025', townships: [] },
      { year: 2024, townships: [{ township: '城关镇', five: -1, four: 2.5, three: 1, share3plus: 30 }, { township: '' }], county: { five: 1 } },
      { year: 2024, townships: [{ township: '河口镇', five: 1 }] },
      { year: 2023, townships: [] },
    ] });
    expect(value).toEqual([{ year: 2024, townships: [{ township: '城关镇', five: null, four: null, three: 1, share3plus: null }],
      county: { five: 1, four: null, three: null, share3plus: null } }]);
    expect(notices).toEqual([
      '已忽略第 1 个创建规划：没有可识别的年度',
      '2024年创建规划中有 4 项无法识别，已清空',
      '2024年创建规划重复，只保留第一个',
      '已忽略2023年创建规划：没有乡镇',
    ]);
    expect(checkPlans('x')).toEqual({ value: [], notices: ['已忽略无法识别的创建规划数据'] });
    expect(checkPlans(undefined)).toEqual({ value: [], notices: [] });
  });
});
