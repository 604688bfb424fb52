import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { interpretSheets } from '../../shared/import/interpret.ts';
import { toNormalizedCsv } from '../../shared/import/normalized-csv.ts';
import type { RawCell } from '../../shared/import/types.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { NORMALIZED_CSV_COLUMNS } from '../../shared/sql/schema.ts';

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '=HYPERLINK("http://x")',
  '"引号"村',
  "东'湖村",
  '逗号,村',
  // Line breaks between Latin letters: between Chinese characters they are removed (one spelling of names).
  'line\nbreak村',
  'cr\r\nlf村',
  '😀村',
  '村'.repeat(200),
  '"',
  ',"',
];

describe('normalized CSV', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openNodeDuckDB();
  });
  afterAll(async () => {
    await db?.close();
  });

  const rows: RawCell[][] = [
    ['乡镇', '村（社区）', '类型', '支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星', '共建共享星', '幸福和谐星', '宜业兴业星',
      '星级', '创建目标', '软弱涣散', '村集体经济收入（万元）', '观摩评比得分'],
    ...HOSTILE.map((name, i): RawCell[] => ['城关,镇', name, '村', '×', '√', i % 2 ? '√' : '×', '√', '√', '/', '/', '/', null, '四星', '否', '12.5', 90 + i]),
    ['城关,镇', '南街社区', '社区', '×', '/', '/', '√', '/', '√', '√', '√', null, null, '是', '', null],
  ];
  const { ratings, report } = interpretSheets([{ file: '城关镇"台账".xlsx', sheet: '2024年三季度', rows }], { county: '示例县' });

  it('writes the columns of NORMALIZED_CSV_COLUMNS in order, then source_row', () => {
    const csv = toNormalizedCsv(ratings);
    expect(csv.slice(0, csv.indexOf('\n'))).toBe([...Object.keys(NORMALIZED_CSV_COLUMNS), 'source_row'].join(','));
    expect(toNormalizedCsv(ratings, { trace: false }).slice(0, csv.indexOf('\n') - ',source_row'.length)).toBe(Object.keys(NORMALIZED_CSV_COLUMNS).join(','));
    expect(toNormalizedCsv([])).toBe([...Object.keys(NORMALIZED_CSV_COLUMNS), 'source_row'].join(',') + '\n');
    // The community row: booleans as true/false, non-applicable stars and nulls empty.
    const last = ratings[ratings.length - 1];
    expect(csv.endsWith(
      `${last.unit_id},示例县,"城关,镇",南街社区,community,2024,3,false,,,true,,true,true,true,4,,true,,,"城关镇""台账"".xlsx / 2024年三季度 / 第${rows.length}行"\n`,
    )).toBe(true);
  });

  it('loads into DuckDB with every hostile name and value unchanged', async () => {
    expect(report.accepted).toBe(HOSTILE.length + 1);
    const n = await loadNormalizedCsv(db, { dataset_id: 'imp1', name: '导入', source: 'import', is_sample: false }, toNormalizedCsv(ratings));
    expect(n).toBe(HOSTILE.length + 1);
    const units = await db.query<{ name: string; township: string; county: string; kind: string }>(
      'SELECT name, township, county, kind FROM units ORDER BY name',
    );
    expect(units.map((u) => u.name).sort()).toEqual([...HOSTILE, '南街社区'].sort());
    expect(new Set(units.map((u) => u.township))).toEqual(new Set(['城关,镇']));
    expect(new Set(units.map((u) => u.county))).toEqual(new Set(['示例县']));

    const got = await db.query<Record<string, unknown>>(
      `SELECT u.name, r.year, r.quarter, r.branch, r.industry, r.ecology, r.cobuild, r.level, r.target_level, r.weak_branch,
              r.collective_income, r.score, r.source_row
       FROM ratings r JOIN units u USING (unit_id) WHERE r.dataset_id = 'imp1' ORDER BY r.score NULLS LAST`,
    );
    expect(got[1]).toEqual({
      name: '=HYPERLINK("http://x")', year: 2024, quarter: 3, branch: false, industry: true, ecology: true, cobuild: null,
      level: 4, target_level: 4, weak_branch: false, collective_income: 12.5, score: 91,
      source_row: '城关镇"台账".xlsx / 2024年三季度 / 第3行',
    });
    expect(got[got.length - 1]).toMatchObject({ name: '南街社区', branch: false, industry: null, cobuild: true, level: 4, weak_branch: true, collective_income: null, score: null });
  });
});
