import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { interpretSheets } from '../../shared/import/interpret.ts';
import type { RawCell, RawSheet } from '../../shared/import/types.ts';
import { unitIdFor } from '../../shared/unit-id.ts';

const HEADER = ['乡镇', '村（社区）', '星级'];
const sheet = (file: string, name: string, rows: RawCell[][]): RawSheet => ({ file, sheet: name, rows });
const TITLE_2024 = "示例县2024年第三季度'五星'支部创建情况统计表";

/** A 2024 file whose title names the county, and a 2023 file that names none. */
const titled = sheet('2024年三季度台账.xlsx', 'Sheet1', [[TITLE_2024], HEADER, ['城关镇', '东关村', '三星'], ['石门乡', '西坡村', '二星']]);
const bare = sheet('2023年台账.xlsx', '2023年四季度', [HEADER, ['城关镇', '东关村', '二星'], ['石门乡', '西坡村', '一星']]);

const countyWarnings = <P extends { code: string }>(ps: P[]): P[] => ps.filter((p) => p.code === 'county_assumed' || p.code === 'county_unknown');

describe('the county of a file that names none', () => {
  it('takes the one county of the other files of the import, so a village keeps one id', () => {
    const { ratings, report } = interpretSheets([titled, bare]);
    expect(ratings.map((r) => [r.year, r.county, r.township, r.name])).toEqual([
      [2024, '示例县', '城关镇', '东关村'],
      [2024, '示例县', '石门乡', '西坡村'],
      [2023, '示例县', '城关镇', '东关村'],
      [2023, '示例县', '石门乡', '西坡村'],
    ]);
    const east = unitIdFor('示例县', '城关镇', '东关村');
    const west = unitIdFor('示例县', '石门乡', '西坡村');
    expect(ratings.map((r) => r.unit_id)).toEqual([east, west, east, west]);
    expect(report.units).toBe(2);
    expect(report.files.map((f) => [f.file, f.county, f.county_source])).toEqual([
      ['2024年三季度台账.xlsx', '示例县', 'title'],
      ['2023年台账.xlsx', '示例县', 'import'],
    ]);
    const warnings = countyWarnings(report.problems);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ file: '2023年台账.xlsx', code: 'county_assumed', severity: 'warning', row: null, value: '示例县' });
    expect(warnings[0].message).toBe('文件“2023年台账.xlsx”未注明县（市、区），按 示例县 导入。如不对，请在导入对话框中为该文件指定县（市、区）。');
  });

  it('does not matter which file comes first', () => {
    const { ratings } = interpretSheets([bare, titled]);
    expect(new Set(ratings.map((r) => r.county))).toEqual(new Set(['示例县']));
    expect(new Set(ratings.map((r) => r.unit_id)).size).toBe(2);
  });

  it('takes the one county of the workspace when the import names none', () => {
    const { ratings, report } = interpretSheets([bare], { knownCounties: ['示例县'] });
    expect(ratings.map((r) => r.unit_id)).toEqual([unitIdFor('示例县', '城关镇', '东关村'), unitIdFor('示例县', '石门乡', '西坡村')]);
    expect(report.files.map((f) => [f.county, f.county_source])).toEqual([['示例县', 'workspace']]);
    expect(countyWarnings(report.problems).map((p) => p.code)).toEqual(['county_assumed']);
  });

  it('prefers what the file says over the workspace, without a warning', () => {
    const { ratings, report } = interpretSheets([titled], { knownCounties: ['别的县'] });
    expect(new Set(ratings.map((r) => r.county))).toEqual(new Set(['示例县']));
    expect(report.files[0].county_source).toBe('title');
    expect(countyWarnings(report.problems)).toEqual([]);
  });

  it('leaves the county empty and asks the user to choose when the workspace holds several', () => {
    const { ratings, report } = interpretSheets([bare], { knownCounties: ['甲县', '乙县'] });
    expect(ratings.map((r) => r.unit_id)).toEqual([unitIdFor('', '城关镇', '东关村'), unitIdFor('', '石门乡', '西坡村')]);
    expect(report.files.map((f) => [f.county, f.county_source])).toEqual([['', null]]);
    const w = countyWarnings(report.problems);
    expect(w.map((p) => [p.code, p.file])).toEqual([['county_unknown', '2023年台账.xlsx']]);
    expect(w[0].message).toContain('甲县、乙县');
    expect(w[0].message).toContain('请在导入对话框中为该文件指定县（市、区）');
  });

  it('asks the user to choose when the other files of the import name several counties', () => {
    const other = sheet('乙县2024年三季度台账.xlsx', 'Sheet1', [HEADER, ['新集镇', '前营村', '三星']]);
    const { ratings, report } = interpretSheets([titled, other, bare], { knownCounties: ['示例县'] });
    expect(ratings.filter((r) => r.year === 2023).map((r) => r.county)).toEqual(['', '']);
    expect(report.files.map((f) => [f.county, f.county_source])).toEqual([['示例县', 'title'], ['乙县', 'file'], ['', null]]);
    expect(countyWarnings(report.problems).map((p) => [p.code, p.file])).toEqual([['county_unknown', '2023年台账.xlsx']]);
  });

  it('has no county and says nothing when nothing names one', () => {
    const { ratings, report } = interpretSheets([bare]);
    expect(ratings[0].unit_id).toBe(unitIdFor('', '城关镇', '东关村'));
    expect(report.files[0]).toMatchObject({ county: '', county_source: null });
    expect(countyWarnings(report.problems)).toEqual([]);
  });
});

describe('what a file says about its county', () => {
  it('reads the sheet name, then the file name', () => {
    const bySheet = sheet('台账.xlsx', '示例县2024年三季度', [HEADER, ['城关镇', '东关村', '三星']]);
    const byFile = sheet('郑州市中原区2024年三季度.csv', '2024年三季度', [HEADER, ['林山街道', '东关社区', '三星']]);
    const { ratings, report } = interpretSheets([bySheet, byFile]);
    expect(ratings.map((r) => [r.county, r.unit_id])).toEqual([
      ['示例县', unitIdFor('示例县', '城关镇', '东关村')],
      ['中原区', unitIdFor('中原区', '林山街道', '东关社区')],
    ]);
    expect(report.files.map((f) => [f.county, f.county_source])).toEqual([['示例县', 'sheet'], ['中原区', 'file']]);
    expect(countyWarnings(report.problems)).toEqual([]);
  });

  it('gives every sheet of a workbook the county its title names', () => {
    const q3 = sheet('2024年台账.xlsx', '三季度', [[TITLE_2024], HEADER, ['城关镇', '东关村', '三星']]);
    const q4 = sheet('2024年台账.xlsx', '四季度', [HEADER, ['城关镇', '东关村', '四星']]);
    const { ratings, report } = interpretSheets([q3, q4]);
    expect(ratings.map((r) => [r.quarter, r.county])).toEqual([[3, '示例县'], [4, '示例县']]);
    expect(report.files).toHaveLength(1);
    expect(report.files[0]).toMatchObject({ county: '示例县', county_source: 'title' });
  });

  it('reads a county column row by row; blank cells take the county of the title', () => {
    const withColumn = sheet('全市台账.xlsx', 'Sheet1', [
      [TITLE_2024],
      ['县（市、区）', ...HEADER],
      ['甲县', '城关镇', '东关村', '三星'],
      ['乙县', '城关镇', '东关村', '二星'],
      ['', '石门乡', '西坡村', '一星'],
      ['合计', null, null, null],
    ]);
    const { ratings, report } = interpretSheets([withColumn]);
    expect(ratings.map((r) => [r.county, r.unit_id])).toEqual([
      ['甲县', unitIdFor('甲县', '城关镇', '东关村')],
      ['乙县', unitIdFor('乙县', '城关镇', '东关村')],
      ['示例县', unitIdFor('示例县', '石门乡', '西坡村')],
    ]);
    expect(report.files[0]).toMatchObject({ county: '甲县、乙县', county_source: 'column' });
    expect(countyWarnings(report.problems)).toEqual([]);
  });

  it('lends the one county of a county column to a file that names none', () => {
    const withColumn = sheet('a.xlsx', '2024年三季度', [['县', ...HEADER], ['示例县', '城关镇', '东关村', '三星']]);
    const { ratings, report } = interpretSheets([withColumn, bare]);
    expect(new Set(ratings.map((r) => r.county))).toEqual(new Set(['示例县']));
    expect(report.files.map((f) => f.county_source)).toEqual(['column', 'import']);
  });
});

describe('the user decides', () => {
  it('a correction for one file wins over its title and its county column, and only for that file', () => {
    const withColumn = sheet('列.xlsx', '2024年三季度', [['县', ...HEADER], ['甲县', '新集镇', '前营村', '三星']]);
    const { ratings, report } = interpretSheets([titled, withColumn, bare], { countyByFile: { '2024年三季度台账.xlsx': '新县', '列.xlsx': '新县' } });
    expect(ratings.map((r) => [r.year, r.county])).toEqual([[2024, '新县'], [2024, '新县'], [2024, '新县'], [2023, '新县'], [2023, '新县']]);
    expect(ratings[2].unit_id).toBe(unitIdFor('新县', '新集镇', '前营村'));
    expect(report.files.map((f) => [f.county, f.county_source])).toEqual([['新县', 'user'], ['新县', 'user'], ['新县', 'import']]);
  });

  it('options.county puts every file in that county', () => {
    const { ratings, report } = interpretSheets([titled, bare], { county: '新县', knownCounties: ['示例县'] });
    expect(new Set(ratings.map((r) => r.county))).toEqual(new Set(['新县']));
    expect(ratings[0].unit_id).toBe(unitIdFor('新县', '城关镇', '东关村'));
    expect(report.files.map((f) => f.county_source)).toEqual(['user', 'user']);
    expect(countyWarnings(report.problems)).toEqual([]);
  });
});

describe('xingtu --county', () => {
  async function run(...argv: string[]) {
    let out = '';
    let err = '';
    const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  }
  const csv = (lines: string[]) => new TextEncoder().encode(lines.join('\r\n') + '\r\n');

  async function files(): Promise<string[]> {
    const dir = await mkdtemp(join(tmpdir(), 'xingtu-county-'));
    const a = join(dir, '2024年三季度台账.csv');
    const b = join(dir, '2023年四季度台账.csv');
    await writeFile(a, csv([TITLE_2024, '乡镇,村（社区）,星级', '城关镇,东关村,三星', '石门乡,西坡村,二星']));
    await writeFile(b, csv(['乡镇,村（社区）,星级', '城关镇,东关村,二星', '石门乡,西坡村,一星']));
    return [a, b];
  }

  it('check --json reports each file county and where it came from; --county overrides', async () => {
    const [a, b] = await files();
    const inferred = await run('check', a, b, '--json');
    expect(inferred.code).toBe(0);
    const r1 = JSON.parse(inferred.out);
    expect(r1.files.map((f: { county: string; county_source: string }) => [f.county, f.county_source])).toEqual([['示例县', 'title'], ['示例县', 'import']]);
    expect(r1.units).toBe(2);
    expect(r1.problems.filter((p: { code: string }) => p.code === 'county_assumed')).toHaveLength(1);

    const forced = await run('check', a, b, '--county', '新县', '--json');
    expect(forced.code).toBe(0);
    const r2 = JSON.parse(forced.out);
    expect(r2.files.map((f: { county: string; county_source: string }) => [f.county, f.county_source])).toEqual([['新县', 'user'], ['新县', 'user']]);

    const missing = await run('check', a, '--county');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--county');
  });

  it('summary --county counts every unit once, in that county', async () => {
    const [a, b] = await files();
    const r = await run('summary', a, b, '--county', '新县', '--by', 'county', '--period', '2024Q3', '--json');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary.rows.map((x: { county: string; units: number }) => [x.county, x.units])).toEqual([['新县', 2]]);
  });
});
