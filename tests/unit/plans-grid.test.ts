/** 创建规划 typed in the grid: the sheet's rules, the county row optional, shares written three ways. */
import { describe, expect, it } from 'vitest';
import { gridPlan, planGrid, type GridRow } from '../../shared/plans/grid.ts';
import { PlanSheetError } from '../../shared/plans/sheet.ts';

describe('plan grid', () => {
  it('reads counts and shares as people type them; the county is the townships\' sum without a 全县 row', () => {
    const rows: GridRow[] = [['城关镇', '1个', '2', '', '70%'], ['河口镇', '1', '0', '', '0.6'], ['新区街道', '', '', '', '30'], ['石门镇', '', '', '', ''], ['全县', '', '', '', '']];
    const p = gridPlan(rows, 2025);
    expect(p.year).toBe(2025);
    expect(p.townships).toEqual([
      { township: '城关镇', five: 1, four: 2, three: null, share3plus: 0.7 },
      { township: '河口镇', five: 1, four: 0, three: null, share3plus: 0.6 },
      { township: '新区街道', five: null, four: null, three: null, share3plus: 0.3 },
    ]);
    // 1 + 1 五星, 2 + 0 四星; no township sets 三星; no county share.
    expect(p.county).toEqual({ five: 2, four: 2, three: null, share3plus: null });
  });
  it('takes the county row when typed', () => {
    const p = gridPlan([['城关镇', '1', '', '', ''], ['全县', '3', '', '', '76%']], 2026);
    expect(p.county).toEqual({ five: 3, four: null, three: null, share3plus: 0.76 });
  });
  it('refuses a cell that is not a count, naming the township and column', () => {
    expect(() => gridPlan([['城关镇', '一个', '', '', '']], 2025)).toThrow(PlanSheetError);
    expect(() => gridPlan([['城关镇', '1', '', '', ''], ['河口镇', '一个', '', '', '']], 2025)).toThrow(/^河口镇“规划五星”列的值“一个”不是个数。请填写整数/);
  });
  it('shows a plan back as typed, with the townships not yet planned after it', () => {
    const p = gridPlan([['城关镇', '1', '2', '', '70%']], 2025);
    expect(planGrid(p, ['河口镇', '城关镇'])).toEqual([['城关镇', '1', '2', '', '70%'], ['河口镇', '', '', '', ''], ['全县', '', '', '', '']]);
  });
});
