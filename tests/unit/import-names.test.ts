import { describe, expect, it } from 'vitest';
import { interpretSheets } from '../../shared/import/interpret.ts';
import { importFiles } from '../../shared/import/run.ts';
import type { Problem, RawCell, RawSheet } from '../../shared/import/types.ts';
import { unitIdFor } from '../../shared/unit-id.ts';

const sheet = (file: string, name: string, rows: RawCell[][]): RawSheet => ({ file, sheet: name, rows });
const HEADER = ['乡镇', '村（社区）', '星级'];
const only = (ps: Problem[], code: string) => ps.filter((p) => p.code === code);

describe('names that only look the same', () => {
  it('are one unit: invisible characters, full-width forms and spaces between characters do not make a new village', () => {
    const typed = ['王庄村', '王庄村\u200b', '王庄村 ', '\u200e王庄村', '王\u3000庄村', '王 庄 村'];
    const sheets = typed.map((name, i) => sheet(`示例县${2019 + i}年台账.xlsx`, `${2019 + i}年度`, [HEADER, ['城关镇', name, '三星']]));
    const { ratings, report } = interpretSheets(sheets);
    expect(ratings.map((r) => r.name)).toEqual(typed.map(() => '王庄村'));
    expect(new Set(ratings.map((r) => r.unit_id))).toEqual(new Set([unitIdFor('示例县', '城关镇', '王庄村')]));
    expect(report.units).toBe(1);
  });

  it('normalizes townships and full-width letters and digits the same way', () => {
    const s = sheet('示例县.xlsx', '2024年三季度', [
      HEADER,
      ['城关\u200b镇', '东关村１组', '三星'],
      ['城关镇', '东关村1组', '三星'],
      ['石门乡(街道)', '西坡村', '二星'],
    ]);
    const { ratings, report } = interpretSheets([s]);
    expect(ratings.map((r) => [r.township, r.name])).toEqual([['城关镇', '东关村1组'], ['石门乡（街道）', '西坡村']]);
    // The second row is the same unit and period as the first: a duplicate, not a second village.
    expect(report.rejected).toBe(1);
    expect(only(report.problems, 'duplicate_row').map((p) => p.row)).toEqual([3]);
  });

  it('warns once per sheet and column, with the count of cells and up to three examples made visible', () => {
    const rows: RawCell[][] = [
      HEADER,
      ['城关镇', '东关村\u200b', '三星'],
      ['城关镇', '西关村\u200b', '三星'],
      ['城关镇', '南关村\u202e', '三星'],
      ['城关镇', '北关村\ufeff', '三星'],
      ['城关镇\u3000', '前营村 ', '三星'], // outer spaces only: trimmed silently, as always
      ['城关 镇', '后营村', '三星'],
      ['合计', '小计\u200b', null], // not data: not counted
    ];
    const { ratings, report } = interpretSheets([sheet('示例县.csv', '2024年三季度', rows)]);
    expect(ratings).toHaveLength(6);
    const warnings = only(report.problems, 'name_normalized');
    expect(warnings.map((p) => [p.sheet, p.row, p.column, p.severity])).toEqual([
      ['2024年三季度', null, '乡镇', 'warning'],
      ['2024年三季度', null, '村（社区）', 'warning'],
    ]);
    const [township, name] = warnings;
    expect(township.message).toContain('1个单元格');
    expect(township.message).toContain('"城关 镇"→"城关镇"');
    expect(name.message).toContain('4个单元格');
    expect(name.message).toContain('"东关村[U+200B]"→"东关村"，"西关村[U+200B]"→"西关村"，"南关村[U+202E]"→"南关村" 等');
    expect(name.message).not.toContain('北关村');
    expect(name.message.startsWith('示例县.csv / 2024年三季度 / 村（社区）：')).toBe(true);
  });

  it('keeps other free text as typed', () => {
    const s = sheet('示例县.xlsx', '2024年三季度', [[...HEADER, '备注'], ['城关镇', '东关村', '三星', '　Ａ级\u200b示范 村']]);
    const { ratings, report } = interpretSheets([s]);
    expect(ratings[0].extras).toEqual([{ name: '备注', text: 'Ａ级\u200b示范 村', num: null }]);
    expect(only(report.problems, 'name_normalized')).toEqual([]);
  });
});

describe('characters a decoding lost (U+FFFD)', () => {
  const encode = (text: string) => new TextEncoder().encode(text);
  const join = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };

  it('gives one warning per file with the count and the first cell, and still imports', async () => {
    const lines = ['乡镇,村（社区）,星级,备注'];
    for (let i = 1; i <= 30; i++) lines.push(`城关镇,东关${i}村,三星,完成创建任务`);
    // Two bytes that are not UTF-8 in data row 3 (Excel row 4), column 村（社区）, and one in row 5's 备注.
    const text = lines.join('\n') + '\n';
    const at = text.indexOf('东关3村');
    const at2 = text.indexOf('完成', text.indexOf('东关5村'));
    const bytes = join(encode(text.slice(0, at + 2)), new Uint8Array([0xff, 0xfe]), encode(text.slice(at + 2, at2)), new Uint8Array([0xff]), encode(text.slice(at2)));
    const { report, ratings } = await importFiles([{ name: '示例县2024年三季度.csv', bytes }]);
    expect(ratings).toHaveLength(30);
    const w = only(report.problems, 'replacement_char');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ file: '示例县2024年三季度.csv', row: 4, column: '村（社区）', severity: 'warning' });
    expect(w[0].message).toContain('3个无法识别的字符');
    expect(w[0].message).toContain('文本编码');
    expect(w[0].message).toContain('UTF-8');
  });

  it('says nothing for a file that decodes cleanly', async () => {
    const { report } = await importFiles([{ name: '示例县2024年三季度.csv', bytes: encode('乡镇,村（社区）,星级\n城关镇,东关村,三星\n') }]);
    expect(only(report.problems, 'replacement_char')).toEqual([]);
  });
});

describe('a code column Excel turned into scientific notation', () => {
  const header = ['行政区划代码', ...HEADER];

  it('gives one warning for the column, and identifies those rows by name instead of a wrong code', () => {
    const rows: RawCell[][] = [
      header,
      ['410122100201', '城关镇', '东关村', '三星'],
      ['4.10122E+11', '城关镇', '西关村', '三星'],
      ['4.10122E+11', '城关镇', '南关村', '二星'],
      ['410122100204', '城关镇', '北关村', '一星'],
      ['4.10122e11', '城关镇', '前营村', '一星'],
    ];
    const { ratings, report } = interpretSheets([sheet('示例县.csv', '2024年三季度', rows)]);
    expect(report.accepted).toBe(5);
    expect(ratings.map((r) => r.unit_id)).toEqual([
      '410122100201', unitIdFor('示例县', '城关镇', '西关村'), unitIdFor('示例县', '城关镇', '南关村'), '410122100204', unitIdFor('示例县', '城关镇', '前营村'),
    ]);
    const w = only(report.problems, 'code_scientific');
    expect(w.map((p) => [p.row, p.column, p.value, p.severity])).toEqual([[null, '行政区划代码', '4.10122E+11', 'warning']]);
    expect(w[0].message).toContain('3个行政区划代码');
    expect(w[0].message).toContain('科学计数法');
    expect(w[0].message).toContain('"文本"');
    expect(only(report.problems, 'bad_unit_code')).toEqual([]);
  });

  it('distrusts codes that came back from scientific notation with zeros, next to codes with real tails', () => {
    const rows: RawCell[][] = [
      header,
      [410122100201, '城关镇', '东关村', '三星'],
      [410122000000, '城关镇', '西关村', '三星'],
      [410122000000, '城关镇', '南关村', '二星'],
      [4101221002011234567, '城关镇', '北关村', '一星'],
    ];
    const { ratings, report } = interpretSheets([sheet('示例县.xlsx', '2024年三季度', rows)]);
    expect(ratings.map((r) => r.unit_id)).toEqual([
      '410122100201', unitIdFor('示例县', '城关镇', '西关村'), unitIdFor('示例县', '城关镇', '南关村'), unitIdFor('示例县', '城关镇', '北关村'),
    ]);
    const w = only(report.problems, 'code_scientific');
    expect(w).toHaveLength(1);
    expect(w[0].message).toContain('3个行政区划代码');
  });

  it('keeps a column of good codes, and a lone code ending in 000 it has no reason to doubt', () => {
    const good = interpretSheets([sheet('示例县.xlsx', '2024年三季度', [header, ['410122100201', '城关镇', '东关村', '三星'], ['410122100202', '城关镇', '西关村', '三星']])]);
    expect(good.ratings.map((r) => r.unit_id)).toEqual(['410122100201', '410122100202']);
    const lone = interpretSheets([sheet('示例县.xlsx', '2024年三季度', [header, [410122100000, '城关镇', '东关村', '三星']])]);
    expect(lone.ratings.map((r) => r.unit_id)).toEqual(['410122100000']);
    expect([...good.report.problems, ...lone.report.problems].filter((p) => p.code === 'code_scientific')).toEqual([]);
  });
});
