/** What the loaded data is called: the county's name, a few counties, 全市, or 全县 when unnamed. */
import { describe, expect, it } from 'vitest';
import { isPlaceholderUnit, issuingUnit, placeName, wholeName } from '../../shared/scope.ts';
import { scopeLabel } from '../../shared/filter.ts';

describe('the name of everything loaded', () => {
  it('is the county itself when one county is loaded', () => {
    expect(wholeName(['河口县'])).toBe('河口县');
    expect(wholeName(['中原区'])).toBe('中原区');
    // Blank and repeated names do not make a second county.
    expect(wholeName(['河口县', ' ', null, '河口县'])).toBe('河口县');
  });

  it('lists two or three counties, and says 全市 for more', () => {
    expect(wholeName(['甲县', '乙县'])).toBe('甲县、乙县');
    expect(wholeName(['甲县', '乙县', '丙县'])).toBe('甲县、乙县、丙县');
    expect(wholeName(['甲县', '乙县', '丙县', '丁区'])).toBe('全市');
  });

  it('falls back to 全县 only when the data names no county', () => {
    expect(wholeName([])).toBe('全县');
    expect(wholeName(['', null])).toBe('全县');
  });
});

describe('the issuing unit of a briefing', () => {
  it('is the county party committee organization department of the one county loaded', () => {
    expect(issuingUnit(['河口县'])).toBe('中共河口县委组织部');
    expect(issuingUnit(['新郑市'])).toBe('中共新郑市委组织部');
    expect(issuingUnit(['中原区'])).toBe('中共中原区委组织部');
  });

  it('is a visible placeholder to fill in when no county or several are loaded', () => {
    expect(issuingUnit([])).toBe('中共XX县委组织部');
    expect(issuingUnit(['甲县', '乙县'])).toBe('中共XX市委组织部');
    expect(isPlaceholderUnit('中共XX县委组织部')).toBe(true);
    expect(isPlaceholderUnit('中共XX市委组织部')).toBe(true);
    expect(isPlaceholderUnit('  ')).toBe(true);
    expect(isPlaceholderUnit('中共河口县委组织部')).toBe(false);
  });
});

describe('a filter in words', () => {
  it('names the chosen townships and counties, else the whole', () => {
    expect(placeName({ townships: [] }, ['河口县'])).toBe('河口县');
    expect(placeName({ townships: ['城关镇', '河湾乡'] }, ['河口县'])).toBe('城关镇、河湾乡');
    expect(placeName({ townships: ['城关镇'], counties: ['乙县'] }, ['甲县', '乙县'])).toBe('乙县城关镇');
    expect(placeName({ townships: [], counties: ['乙县'] }, ['甲县', '乙县'])).toBe('乙县');
    expect(placeName({ townships: [] }, ['甲县', '乙县'])).toBe('甲县、乙县');
    expect(placeName({ townships: [] })).toBe('全县');
  });

  it('scopeLabel (titles and file names) says the county instead of 全县', () => {
    expect(scopeLabel({ townships: [] }, ['河口县'])).toBe('河口县');
    expect(scopeLabel({ townships: [] })).toBe('全县');
  });
});
