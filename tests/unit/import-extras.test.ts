/**
 * Extra columns of a 台账 (党员人数, 网格员, 备注 …): kept per accepted rating, carried in the
 * normalized CSV, loaded into rating_extras as data (hostile names and values unchanged).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { headerSignature, interpretSheets } from '../../shared/import/interpret.ts';
import { toNormalizedCsv } from '../../shared/import/normalized-csv.ts';
import { importFiles } from '../../shared/import/run.ts';
import type { NormalizedRating, RawCell, RawSheet } from '../../shared/import/types.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { EXTRA_CSV_COLUMNS, NORMALIZED_CSV_COLUMNS } from '../../shared/sql/schema.ts';
import { str } from '../../shared/sql/literal.ts';
import { EXTRA_HOSTILE_HEADER, extrasCsv } from '../support/fixtures.ts';

const sheet = (rows: RawCell[][], name = 'Sheet1'): RawSheet => ({ file: '2024年第三季度台账.xlsx', sheet: name, rows });
const extrasOf = (ratings: NormalizedRating[], name: string) => ratings.find((r) => r.name === name)?.extras;

describe('extra columns in the interpreter', () => {
  it('keeps every column no rating field stores, per accepted row, with its number', async () => {
    const f = extrasCsv(3);
    const { ratings, report } = await importFiles([{ name: f.name, bytes: f.bytes }]);
    expect(report.accepted).toBe(14);
    expect(report.rejected).toBe(0);
    // 村集体经济收入（万元） is a field; 上年村集体经济收入 is not (a previous year's figure): kept.
    expect(report.extras).toEqual(['党员人数', EXTRA_HOSTILE_HEADER, '上年村集体经济收入', '网格员', '备注']);
    expect(report.files[0].sheets[0].extras).toEqual(report.extras);
    expect(report.files[0].sheets[0].mapping.find((m) => m.column === '村集体经济收入（万元）')!.field).toBe('collective_income');
    // 东关村: every kind of value; the formula-like text stays text.
    expect(extrasOf(ratings, '东关村')).toEqual([
      { name: '党员人数', text: '32', num: 32 },
      { name: EXTRA_HOSTILE_HEADER, text: '=1+1', num: null },
      { name: '上年村集体经济收入', text: '１２.５', num: 12.5 },
      { name: '网格员', text: '张三', num: null },
    ]);
    expect(ratings.find((r) => r.name === '东关村')!.collective_income).toBe(28.5);
    // Full-width digits, 万, thousands separators read as numbers; the text stays as typed (outer spaces trimmed).
    expect(extrasOf(ratings, '西关村')!.slice(0, 2)).toEqual([
      { name: '党员人数', text: '２８', num: 28 }, { name: '上年村集体经济收入', text: '8万', num: 8 },
    ]);
    expect(extrasOf(ratings, '十里铺村')).toContainEqual({ name: '上年村集体经济收入', text: '1,020.5', num: 1020.5 });
    expect(extrasOf(ratings, '北街社区')).toEqual([
      { name: '党员人数', text: '51', num: 51 }, { name: '备注', text: '已整改,待复核', num: null },
    ]);
    expect(extrasOf(ratings, '王楼村')).toEqual([{ name: '党员人数', text: '待核实', num: null }]);
    expect(extrasOf(ratings, '南街社区')).toContainEqual({ name: '备注', text: '换届后新班子\n持续跟踪', num: null });
    expect(extrasOf(ratings, '幸福社区')).toContainEqual({ name: '备注', text: '说"好"', num: null });
  });

  it('names repeated and blank headers, skips 序号 and what the user ignores, and only keeps accepted rows', () => {
    const header = ['序号', '乡镇', '村名', '星级', '备注', '备注', null, '网格员', '党员人数'];
    const rows: RawCell[][] = [
      ["示例县2024年第三季度'五星'支部创建情况统计表"],
      header,
      [1, '城关镇', '东关村', '三星', '甲', '乙', 'x', null, 30],
      // No name: rejected, and its 网格员 value is not kept (so the column is not reported).
      [2, '城关镇', '', '二星', null, null, null, '李四', 12],
      [3, '城关镇', '西关村', '一星', null, '丙', null, null, new Date(Date.UTC(2024, 8, 30))],
      [4, '城关镇', '南关村', '二星', true, null, null, null, '  '],
    ];
    const { ratings, report } = interpretSheets([sheet(rows)]);
    expect(report.accepted).toBe(3);
    expect(report.extras).toEqual(['备注', '备注（2）', 'G列', '党员人数']);
    expect(extrasOf(ratings, '东关村')).toEqual([
      { name: '备注', text: '甲', num: null }, { name: '备注（2）', text: '乙', num: null },
      { name: 'G列', text: 'x', num: null }, { name: '党员人数', text: '30', num: 30 },
    ]);
    // A date cell as YYYY-MM-DD, not a number; a boolean as TRUE; a blank cell is no value.
    expect(extrasOf(ratings, '西关村')).toEqual([
      { name: '备注（2）', text: '丙', num: null }, { name: '党员人数', text: '2024-09-30', num: null },
    ]);
    expect(extrasOf(ratings, '南关村')).toEqual([{ name: '备注', text: 'TRUE', num: null }]);

    // The mapping editor's 'ignore' drops a column entirely.
    const labels = ['序号', '乡镇', '村名', '星级', '备注', '备注', 'G', '网格员', '党员人数'];
    const fields = [null, 'township', 'name', 'level', 'ignore', 'ignore', 'ignore', null, null] as const;
    const again = interpretSheets([sheet(rows)], { mappings: { [headerSignature(labels)]: [...fields] } });
    expect(again.report.extras).toEqual(['党员人数']);
    expect(extrasOf(again.ratings, '东关村')).toEqual([{ name: '党员人数', text: '30', num: 30 }]);
  });

  it('reports no extras for a ledger without other columns', async () => {
    const { ratings, report } = interpretSheets([sheet([
      ['乡镇', '村名', '支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星'],
      ['城关镇', '东关村', '√', '√', '', '', ''],
    ])]);
    expect(report.extras).toEqual([]);
    expect(report.files[0].sheets[0]).not.toHaveProperty('extras');
    expect(ratings[0]).not.toHaveProperty('extras');
  });
});

describe('extra columns through the normalized CSV into DuckDB', () => {
  let db: Database;
  let ratings: NormalizedRating[];
  let csv: string;
  beforeAll(async () => {
    const f = extrasCsv(3);
    ratings = (await importFiles([{ name: f.name, bytes: f.bytes }])).ratings;
    csv = toNormalizedCsv(ratings);
    db = await openNodeDuckDB();
    // A table named like the hostile header's payload: it must survive.
    await db.exec('CREATE TABLE x (v INTEGER)');
  });
  afterAll(async () => db?.close());

  it('adds the extra columns to the header and one row per value after its rating', () => {
    const lines = csv.split('\n');
    expect(lines[0]).toBe([...Object.keys(NORMALIZED_CSV_COLUMNS), 'source_row', ...EXTRA_CSV_COLUMNS].join(','));
    expect(lines[0].split(',')).toHaveLength(24);
    // 东关村's rating, then its four values; the hostile name quoted with its quote doubled.
    expect(lines[1]).toMatch(/^u[0-9a-f]{16},示例县,城关镇,东关村,village,2024,3,.*第3行,,,$/);
    expect(lines[2]).toBe(`${ratings[0].unit_id},,,,,2024,3${','.repeat(14)},党员人数,32,32`);
    expect(lines[3]).toBe(`${ratings[0].unit_id},,,,,2024,3${','.repeat(14)},"""; DROP TABLE x; --",=1+1,`);
    expect(toNormalizedCsv(ratings.map(({ extras: _, ...r }) => r)).split('\n')[0]).toBe([...Object.keys(NORMALIZED_CSV_COLUMNS), 'source_row'].join(','));
  });

  it('loads ratings and extras under one dataset id, every name and value unchanged', async () => {
    const n = await loadNormalizedCsv(db, { dataset_id: 'd1', name: '扩展列', source: 'extras.csv', is_sample: false }, csv);
    expect(n).toBe(14);
    expect((await db.query<{ n: number }>('SELECT count(*) AS n FROM ratings'))[0].n).toBe(14);
    expect((await db.query<{ n: number }>('SELECT count(*) AS n FROM units'))[0].n).toBe(14);
    expect((await db.query<{ n: number }>('SELECT count(*) AS n FROM x'))[0].n).toBe(0);
    // 14 党员人数 + 3 hostile + 4 上年 + 4 网格员 + 5 备注.
    const byName = await db.query<{ name: string; n: number; k: number; s: number | null }>(
      `SELECT name, count(*) AS n, count(num) AS k, sum(num) AS s FROM rating_extras WHERE dataset_id = 'd1' GROUP BY name ORDER BY name`);
    expect(Object.fromEntries(byName.map((r) => [r.name, [r.n, r.k, r.s]]))).toEqual({
      '党员人数': [14, 13, 418], // 32+28+45+51+19+26+22+38+60+17+24+15+41; 待核实 is no number
      [EXTRA_HOSTILE_HEADER]: [3, 0, null],
      '上年村集体经济收入': [4, 4, 1047], // 12.5 + 8 + 1020.5 + 6
      '网格员': [4, 0, null],
      '备注': [5, 0, null],
    });
    const texts = await db.query<{ text: string }>(`SELECT text FROM rating_extras WHERE name = ${str(EXTRA_HOSTILE_HEADER)} ORDER BY text`);
    expect(texts.map((r) => r.text)).toEqual(["'); DROP TABLE ratings; --", '=1+1', '=1+1']);
    const remarks = await db.query<{ text: string }>(`SELECT text FROM rating_extras WHERE name = '备注' ORDER BY text`);
    expect(remarks.map((r) => r.text).sort()).toEqual(['已整改,待复核', '换届后新班子\n持续跟踪', '示范村', '示范村', '说"好"'].sort());
    // Each value belongs to exactly one live rating.
    expect((await db.query<{ n: number }>('SELECT count(*) AS n FROM extra_facts'))[0].n).toBe(30);
  });

  it('loads the untraced form too', async () => {
    const db2 = await openNodeDuckDB();
    try {
      await loadNormalizedCsv(db2, { dataset_id: 'd1', name: '扩展列', source: 'extras.csv', is_sample: false }, toNormalizedCsv(ratings, { trace: false }));
      const [r] = await db2.query<{ n: number; src: string }>(`SELECT count(*) AS n, min(source_row) AS src FROM ratings`);
      expect(r.n).toBe(14);
      expect(r.src).toMatch(/^extras\.csv 第\d+行$/);
      expect((await db2.query<{ n: number }>('SELECT count(*) AS n FROM rating_extras'))[0].n).toBe(30);
    } finally {
      await db2.close();
    }
  });
});
