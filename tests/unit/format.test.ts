import { describe, expect, it } from 'vitest';
import { formatChange, formatDelta, formatMeasureValue, formatPercent } from '../../shared/format.ts';
import { measureLabel } from '../../shared/analysis/measures.ts';

describe('Chinese report formatting', () => {
  it('writes shares with one decimal and changes in 个百分点', () => {
    expect(formatPercent(0.273)).toBe('27.3%');
    expect(formatPercent(null)).toBe('—');
    expect(formatChange('percent', 0.273, 0.25).sentence).toBe('较上季度提高2.3个百分点');
    expect(formatChange('percent', 0.25, 0.273).short).toBe('−2.3个百分点');
    expect(formatChange('percent', 0.25, 0.273).bare).toBe('−2.3');
    expect(formatChange('percent', 0.25, 0.25).trend).toBe('flat');
    expect(formatChange('percent', 0.25, null).trend).toBe('none');
  });

  it('writes count changes with sign and unit', () => {
    expect(formatChange('count', 14, 11)).toMatchObject({ trend: 'up', short: '+3', sentence: '较上季度增加3个' });
    expect(formatChange('count', 9, 11).short).toBe('−2');
    expect(formatChange('count', 9, 11, '上年度').sentence).toBe('较上年度减少2个');
    expect(formatChange('count', 9, 9, '上年度')).toMatchObject({ trend: 'flat', short: '持平', sentence: '与上年度持平' });
  });

  it('writes a score change in 分 and money in 万元, one decimal', () => {
    expect(formatChange({ kind: 'avg', column: 'score' }, 86.5, 85).sentence).toBe('较上季度增加1.5分');
    expect(formatDelta({ kind: 'sum', column: 'collective_income' }, -2, '上年度').sentence).toBe('较上年度减少2.0万元');
    expect(formatDelta({ kind: 'avgLevel' }, 0.125).short).toBe('+0.13');
  });

  it('a change that cannot be computed reads 无可比数据, never a zero', () => {
    expect(formatChange('count', 5, null)).toEqual({ trend: 'none', short: '无可比数据', sentence: '无可比数据（无上期数据）', bare: '无可比数据' });
    expect(formatDelta('percent', null).short).toBe('无可比数据');
  });
});

describe('one value formatter for every view', () => {
  it('writes each measure with the same decimals wherever it is shown', () => {
    expect(formatMeasureValue({ kind: 'shareAtLeast', level: 3 }, 0.2734)).toBe('27.3%');
    expect(formatMeasureValue({ kind: 'avgLevel' }, 2.345)).toBe('2.35');
    // An average score: one decimal in 透视, 趋势, 排名 and the 简报 alike (it was 2 in some views).
    expect(formatMeasureValue({ kind: 'avg', column: 'score' }, 86.456)).toBe('86.5');
    expect(formatMeasureValue('score', 86.456)).toBe('86.5');
    expect(formatMeasureValue({ kind: 'sum', column: 'collective_income' }, 15)).toBe('15.0');
    expect(formatMeasureValue({ kind: 'units' }, 12)).toBe('12');
    expect(formatMeasureValue('count', 2.5)).toBe('2.5');
  });

  it('adds the unit on request and writes a missing value as asked', () => {
    expect(formatMeasureValue({ kind: 'units' }, 12, { unit: true })).toBe('12个');
    expect(formatMeasureValue('money', 15, { unit: true })).toBe('15.0万元');
    expect(formatMeasureValue('score', 86.46, { unit: true })).toBe('86.5分');
    expect(formatMeasureValue('percent', null)).toBe('—');
    expect(formatMeasureValue('percent', null, { empty: '' })).toBe('');
    // A change measure with no comparable unit has no value, not a zero.
    expect(formatMeasureValue({ kind: 'unitsUp' }, null)).toBe('无可比数据');
  });
});

describe('one name per measure', () => {
  it('calls a star’s earned / applicable share 达标率 in every view, as 总览 and 趋势 do', () => {
    expect(measureLabel({ kind: 'starRate', star: 'branch' })).toBe('支部过硬星达标率');
    expect(measureLabel({ kind: 'starRate' })).toBe('星级达标率');
    // Attainment of a 创建目标 is a different measure and keeps its name.
    expect(measureLabel({ kind: 'targetRate' })).toBe('创建目标达标率');
  });
});
