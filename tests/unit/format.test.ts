import { describe, expect, it } from 'vitest';
import { countDelta, formatPercent, shareDelta } from '../../shared/format.ts';

describe('Chinese report formatting', () => {
  it('writes shares with one decimal and changes in 个百分点', () => {
    expect(formatPercent(0.273)).toBe('27.3%');
    expect(formatPercent(null)).toBe('—');
    expect(shareDelta(0.273, 0.25).sentence).toBe('较上季度提高2.3个百分点');
    expect(shareDelta(0.25, 0.273).short).toBe('−2.3个百分点');
    expect(shareDelta(0.25, 0.25).trend).toBe('flat');
    expect(shareDelta(0.25, null).trend).toBe('none');
  });

  it('writes count changes with sign and unit', () => {
    expect(countDelta(14, 11)).toMatchObject({ trend: 'up', short: '+3', sentence: '较上季度增加3个' });
    expect(countDelta(9, 11).short).toBe('−2');
  });
});
