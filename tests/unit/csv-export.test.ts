import { describe, expect, it } from 'vitest';
import { toCsv } from '../../shared/csv-export.ts';

describe('CSV export for Excel', () => {
  it('neutralises formula-looking text and quotes what needs quoting', () => {
    const csv = toCsv([
      ['名称', '值'],
      ['=HYPERLINK("http://x","点我")', -3],
      ['+86', '@SUM(A1)'],
      ['含,逗号', '含"引号"'],
      ['-负号开头', '\t制表符'],
    ]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://x"",""点我"")",-3`);
    expect(lines[2]).toBe(`'+86,'@SUM(A1)`);
    expect(lines[3]).toBe(`"含,逗号","含""引号"""`);
    expect(lines[4]).toBe(`'-负号开头,'\t制表符`);
  });
});
