/**
 * 期号 per year and the 版记 setting (issue 13): what parseBriefing keeps of `issued` and
 * `distribution` from untrusted JSON, and the suggestion next to 期号 (issueSuggestion, withIssued).
 */
import { describe, expect, it } from 'vitest';
import {
  briefingDistribution, emptyBriefing, issueSuggestion, parseBriefing, withIssued,
} from '../../shared/briefing/model.ts';
import {
  copiesText, DEFAULT_DISTRIBUTION, distributionLines, parseDistribution,
} from '../../shared/briefing/distribution.ts';

describe('issued: the 期号 exported per year', () => {
  it('keeps four-digit years 2000–2100 with whole numbers 1–9999', () => {
    expect(parseBriefing({ issued: { 2024: 12, '2025': 3 } }).issued).toEqual({ 2024: 12, 2025: 3 });
    expect(parseBriefing({ issued: { 2000: 1, 2100: 9999 } }).issued).toEqual({ 2000: 1, 2100: 9999 });
  });

  it('drops hostile or broken entries, and is {} when absent (older files)', () => {
    expect(parseBriefing({}).issued).toEqual({});
    expect(emptyBriefing().issued).toEqual({});
    for (const bad of [null, 'x', 3, [1, 2], [['2024', 3]]]) expect(parseBriefing({ issued: bad }).issued).toEqual({});
    const issued = parseBriefing(JSON.parse(`{"issued": {
      "1999": 3, "2101": 3, "202": 3, "20245": 3, " 2024": 3, "2024.0": 3, "abcd": 3, "__proto__": 5, "constructor": 5,
      "2030": 0, "2031": -1, "2032": 2.5, "2033": "4", "2034": 10000, "2035": null, "2036": {"n": 1}, "2037": 1e308,
      "2038": 7
    }}`)).issued;
    expect(issued).toEqual({ 2038: 7 });
    expect(Object.getPrototypeOf(issued)).toBe(Object.prototype);
  });
});

describe('distribution: 报/送/发 and 共印N份', () => {
  it('is absent in older files (the defaults print) and kept when valid', () => {
    expect(parseBriefing({}).distribution).toBeUndefined();
    expect(briefingDistribution(parseBriefing({}))).toEqual(DEFAULT_DISTRIBUTION);
    const d = { bao: '市委组织部', song: '', fa: '各乡镇党委', copies: 8 };
    expect(parseBriefing({ distribution: d }).distribution).toEqual(d);
    expect(parseBriefing({ distribution: { ...d, copies: null } }).distribution?.copies).toBeNull();
    expect(parseBriefing({ distribution: { ...d, copies: 9999 } }).distribution?.copies).toBe(9999);
    expect(parseBriefing({ distribution: { bao: 'x'.repeat(200) } }).distribution?.bao).toHaveLength(200);
  });

  it('drops hostile values: a line falls back to the default, 共印 to the blank', () => {
    for (const bad of [null, 'x', 3, ['a']]) expect(parseDistribution(bad)).toBeUndefined();
    const d = parseBriefing({
      distribution: { bao: 'x'.repeat(201), song: 42, fa: { toString: 'x' }, copies: 0, extra: '<script>' },
    }).distribution!;
    expect(d).toEqual({ bao: DEFAULT_DISTRIBUTION.bao, song: DEFAULT_DISTRIBUTION.song, fa: DEFAULT_DISTRIBUTION.fa, copies: null });
    expect(Object.keys(d).sort()).toEqual(['bao', 'copies', 'fa', 'song']);
    for (const copies of [-1, 2.5, 10000, '8', Infinity, NaN, true, [8]]) {
      expect(parseDistribution({ copies })?.copies).toBeNull();
    }
    // Control characters (line breaks, NUL, which Word's XML cannot hold) are removed.
    expect(parseDistribution({ bao: '市委\n组织部\u0000\u2028' })?.bao).toBe('市委组织部');
  });

  it('prints the lines given (empty ones left out) and 共印N份 or a blank', () => {
    expect(distributionLines({ bao: ' 市委组织部 ', song: '', fa: '各乡镇' })).toEqual([['报', '市委组织部'], ['发', '各乡镇']]);
    expect(copiesText(8)).toBe('（共印8份）');
    expect(copiesText(null)).toBe('（共印　　份）');
  });
});

describe('issueSuggestion: the next 期号, offered next to 期号', () => {
  const b = (date: string, issueNo: number, issued: Record<string, number>) => ({ date, issueNo, issued });

  it('nothing recorded: no suggestion', () => {
    expect(issueSuggestion(b('2025-03-01', 1, {}))).toBeNull();
    expect(issueSuggestion(b('2025-03-01', 7, {}))).toBeNull();
  });

  it('the year has 期号 up to N and the current one is not above it: 第N+1期', () => {
    expect(issueSuggestion(b('2025-03-01', 3, { 2025: 3 }))).toEqual({ year: '2025', last: 3, next: 4 });
    expect(issueSuggestion(b('2025-03-01', 1, { 2025: 3 }))).toEqual({ year: '2025', last: 3, next: 4 });
    expect(issueSuggestion(b('2025-03-01', 4, { 2025: 3 }))).toBeNull();
    expect(issueSuggestion(b('2025-03-01', 9999, { 2025: 9999 }))).toBeNull();
  });

  it('a new year (nothing recorded for it, something for another): 第1期 unless it is already 1', () => {
    expect(issueSuggestion(b('2026-01-05', 12, { 2025: 12 }))).toEqual({ year: '2026', last: null, next: 1 });
    expect(issueSuggestion(b('2026-01-05', 1, { 2025: 12 }))).toBeNull();
  });

  it('withIssued records the current 期号 for the date\'s year, raising it and never lowering it', () => {
    expect(withIssued(b('2025-03-01', 3, {}))).toEqual({ 2025: 3 });
    expect(withIssued(b('2025-03-01', 5, { 2025: 3, 2024: 9 }))).toEqual({ 2025: 5, 2024: 9 });
    const same = { 2025: 5 };
    expect(withIssued(b('2025-03-01', 2, same))).toBe(same);
    expect(withIssued(b('2025-03-01', 5, same))).toBe(same);
    expect(withIssued(b('1999-03-01', 5, same))).toBe(same);
    expect(withIssued(b('bad', 5, same))).toBe(same);
  });
});
