/**
 * Link suggestions on hand-made histories, 合并为同一单位 / 拆分 with undo, and opening a
 * version 1 workspace that lists a unit once per name it had (the old multiplication bug).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import {
  historiesOf, LinkError, loadImport, mergeUnits, restoreLinks, splitUnit, suggestLinks, suggestionsFor, unitNames,
  type UnitHistory,
} from '../../shared/identity/index.ts';
import { toNormalizedCsv } from '../../shared/import/normalized-csv.ts';
import { importFiles } from '../../shared/import/run.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { unitSearchQuery } from '../../shared/analysis/search.ts';
import { exportWorkspace, readWorkspace, restoreWorkspace, WORKSPACE_VERSION } from '../../shared/workspace/index.ts';
import { sha256Hex } from '../../shared/workspace/sha256.ts';
import { file2023Csv, file2024CsvNoCodes, generateHistoryCounty, PERIOD_KEYS } from '../support/history-county.ts';
import { periodTruth, quarterChange } from '../support/history-truth.ts';
import { SMALL_COUNTY_CSV } from '../support/small-county.ts';

const H = (id: string, first: number, last: number, township: string, name: string, kind: 'village' | 'community' = 'village', county = '甲县'): UnitHistory => ({
  id, first, last, firstAttrs: { county, township, name, kind }, lastAttrs: { county, township, name, kind }, incoming: true,
});
const HASH_A = 'u00000000000000aa';
const HASH_B = 'u00000000000000bb';
const Q = (y: number, q: number) => y * 4 + q - 1;

describe('suggestLinks', () => {
  it('links a code and a hash id of the same township and name automatically, two codes strongly', () => {
    const auto = suggestLinks([H(HASH_A, Q(2023, 1), Q(2023, 4), '城关镇', '南关村'), H('410100000001', Q(2024, 1), Q(2024, 4), '城关镇', '南关村')]);
    expect(auto.map((s) => [s.from, s.to, s.rule, s.confidence])).toEqual([[HASH_A, '410100000001', 'same-name', 'auto']]);
    const codes = suggestLinks([H('410100000001', Q(2023, 1), Q(2023, 4), '城关镇', '南关村'), H('410100000009', Q(2024, 1), Q(2024, 4), '城关镇', '南关村')]);
    expect(codes.map((s) => [s.rule, s.confidence])).toEqual([['code-changed', 'strong']]);
  });

  it('never links units rated in the same period, or across counties, or across unrelated townships', () => {
    expect(suggestLinks([H(HASH_A, Q(2023, 1), Q(2024, 1), '城关镇', '南关村'), H('410100000001', Q(2024, 1), Q(2024, 4), '城关镇', '南关村')])).toEqual([]);
    expect(suggestLinks([H(HASH_A, Q(2023, 1), Q(2023, 4), '城关镇', '南关村', 'village', '甲县'), H(HASH_B, Q(2024, 1), Q(2024, 4), '城关镇', '南关村', 'village', '乙县')])).toEqual([]);
    expect(suggestLinks([H(HASH_A, Q(2023, 1), Q(2023, 4), '城关镇', '南关村'), H(HASH_B, Q(2024, 1), Q(2024, 4), '河口镇', '南关村')])).toEqual([]);
  });

  it('reads 撤乡设镇, 村改居 and a similar new name, and marks a tie as weak', () => {
    const s = suggestLinks([
      H(HASH_A, Q(2023, 1), Q(2023, 4), '石门乡', '上庄村'), H(HASH_B, Q(2024, 1), Q(2024, 4), '石门镇', '上庄村'),
      H('u0000000000000011', Q(2023, 1), Q(2024, 2), '石门镇', '王庄村'), H('u0000000000000012', Q(2024, 3), Q(2024, 4), '石门镇', '王庄社区', 'community'),
      H('u0000000000000021', Q(2023, 1), Q(2024, 1), '李庄乡', '东坡村'), H('u0000000000000022', Q(2024, 2), Q(2024, 4), '李庄乡', '东坡新村'),
    ]);
    expect(s.map((x) => [x.fromUnit.name, x.toUnit.name, x.rule, x.confidence]).sort()).toEqual([
      ['上庄村', '上庄村', 'township-renamed', 'strong'],
      ['东坡村', '东坡新村', 'similar-name', 'weak'],
      ['王庄村', '王庄社区', 'village-to-community', 'strong'],
    ]);
    expect(s.find((x) => x.rule === 'township-renamed')?.township).toEqual({ county: '甲县', from: '石门乡', to: '石门镇' });
    // Two equally good later units for one earlier unit: nobody can tell which, so it is only weak.
    const tie = suggestLinks([H(HASH_A, Q(2023, 1), Q(2023, 4), '石门乡', '上庄村'), H(HASH_B, Q(2024, 1), Q(2024, 4), '石门镇', '上庄村'),
      H('u00000000000000cc', Q(2024, 1), Q(2024, 4), '石门街道', '上庄村')]);
    expect(tie.map((x) => x.confidence)).toEqual(['weak']);
  });
});

describe('合并为同一单位 and 拆分, with undo', () => {
  const county = generateHistoryCounty();
  let db: Database;
  beforeAll(async () => {
    db = await openNodeDuckDB();
    // 2023 without codes and naming no county, 2024 without codes: only the weak 东坡村 → 东坡新村 is left unlinked.
    const { ratings } = await importFiles([file2023Csv(county), file2024CsvNoCodes(county)].map((f) => ({ name: f.name, bytes: f.bytes })));
    const suggestions = await suggestionsFor(db, historiesOf(ratings));
    await loadImport(db, { dataset_id: 'd1', name: 'h', source: 'h', is_sample: false }, toNormalizedCsv(ratings),
      suggestions.filter((s) => s.confidence !== 'weak'));
  }, 120_000);
  afterAll(async () => db?.close());

  const unitsNow = async () => Number((await db.query<{ n: number }>(`SELECT count(*) AS n FROM units`))[0].n);
  const idOf = async (name: string) => String((await db.query<{ id: string }>(`SELECT unit_id AS id FROM units WHERE name = '${name}'`))[0].id);
  const upIn = async (key: string) => {
    const [y, q] = key.split('Q').map(Number);
    const [r] = await db.query<{ up: number; none: number }>(`SELECT count(*) FILTER (WHERE level > prev_level) AS up,
      count(*) FILTER (WHERE prev_level IS NULL) AS none FROM unit_periods WHERE year = ${y} AND quarter = ${q}`);
    return { up: Number(r.up), none: Number(r.none) };
  };

  it('merges the renamed village, splits it again, and undoes both', async () => {
    const truth = quarterChange(county, '2024Q2')!;
    expect(await unitsNow()).toBe(county.units.length + 1);
    expect((await upIn('2024Q2')).none).toBe(truth.noPrevious.length + 1);

    const from = await idOf('东坡村');
    const to = await idOf('东坡新村');
    const merged = await mergeUnits(db, from, to);
    expect(await unitsNow()).toBe(county.units.length);
    expect(await upIn('2024Q2')).toEqual({ up: truth.rose.length, none: truth.noPrevious.length });
    expect((await unitNames(db, to)).map((n) => [n.name, n.first, n.last])).toEqual([['东坡村', '2023Q1', '2024Q1'], ['东坡新村', '2024Q2', '2024Q4']]);
    const [{ former }] = await db.query<{ former: string }>(`SELECT former_names AS former FROM units WHERE unit_id = '${to}'`);
    expect(former).toBe('东坡村');
    // Searching the old name finds the unit under its new one, saying why.
    const q = unitSearchQuery('东坡村');
    expect(q.read(await db.query(q.sql)).map((h) => [h.name, h.match, h.formerNames])).toEqual([['东坡新村', 'former', '东坡村']]);

    const removed = await splitUnit(db, merged.fromIds);
    expect(await unitsNow()).toBe(county.units.length + 1);
    await restoreLinks(db, merged.fromIds, removed); // undo of the split
    expect(await unitsNow()).toBe(county.units.length);
    await restoreLinks(db, merged.fromIds, merged.previous); // undo of the merge
    expect(await unitsNow()).toBe(county.units.length + 1);
    for (const key of PERIOD_KEYS) {
      const [y, q] = key.split('Q').map(Number);
      const [r] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM facts WHERE year = ${y} AND quarter = ${q}`);
      expect(Number(r.n)).toBe(periodTruth(county, key).units);
    }
  });

  it('refuses to merge two units rated in the same period, naming the period', async () => {
    const e = await mergeUnits(db, await idOf('南关村'), await idOf('北关村')).then(() => null, (x) => x);
    expect(e).toBeInstanceOf(LinkError);
    expect(e.message).toMatch(/同一期次（2023Q1.*）都有评定记录/);
  });
});

describe('a unit with one code whose name, township and kind change inside one file', () => {
  it('stays one unit: counted once a period, its kind as it was then, labelled by its latest attributes', async () => {
    const head = '县（市、区）,行政区划代码,乡镇（街道）,村（社区）名称,类型,年度,季度,支部过硬星,产业兴旺星,生态宜居星,平安法治星,文明幸福星,共建共享星,幸福和谐星,宜业兴业星';
    const csv = [head,
      '甲县,410100000001,石门乡,王庄村,村,2024,1,否,是,是,否,否,,,',
      '甲县,410100000002,石门乡,李庄村,村,2024,1,否,是,否,否,否,,,',
      '甲县,410100000001,石门镇,王庄村,村,2024,2,否,是,是,是,否,,,',
      '甲县,410100000002,石门镇,李庄村,村,2024,2,否,是,否,否,否,,,',
      '甲县,410100000001,城关镇,王庄社区,社区,2024,3,否,,,是,,是,是,否',
      '甲县,410100000002,石门镇,李庄村,村,2024,3,否,是,是,否,否,,,',
    ].join('\n');
    const db = await openNodeDuckDB();
    try {
      const { ratings, report } = await importFiles([{ name: '甲县台账.csv', bytes: new TextEncoder().encode(csv) }]);
      expect(report.rejected).toBe(0);
      await loadImport(db, { dataset_id: 'd1', name: 'x', source: 'x', is_sample: false }, toNormalizedCsv(ratings), []);
      const units = await db.query<Record<string, string>>(`SELECT unit_id, township, name, kind, former_names FROM units ORDER BY unit_id`);
      expect(units.map((u) => ({ ...u }))).toEqual([
        { unit_id: '410100000001', township: '城关镇', name: '王庄社区', kind: 'community', former_names: '王庄村' },
        { unit_id: '410100000002', township: '石门镇', name: '李庄村', kind: 'village', former_names: null },
      ]);
      const perPeriod = await db.query<{ quarter: number; n: number; village: number; levels: number }>(
        `SELECT quarter, count(*) AS n, count(*) FILTER (WHERE kind = 'village') AS village, sum(level) AS levels FROM facts GROUP BY quarter ORDER BY quarter`);
      // By hand: Q1 levels 2 + 1, Q2 3 + 1, Q3 王庄 as a community holds 平安法治、共建共享、幸福和谐 = 3, 李庄 2.
      expect(perPeriod.map((r) => [Number(r.quarter), Number(r.n), Number(r.village), Number(r.levels)])).toEqual([[1, 2, 2, 3], [2, 2, 2, 4], [3, 2, 1, 5]]);
      const [{ up }] = await db.query<{ up: number }>(`SELECT count(*) FILTER (WHERE level > prev_level) AS up FROM unit_periods WHERE quarter = 2`);
      expect(Number(up)).toBe(1);
    } finally {
      await db.close();
    }
  });
});

describe('opening a version 1 workspace', () => {
  it('migrates a file that lists a unit under two names: one unit, the same numbers', async () => {
    const src = await openNodeDuckDB();
    const db = await openNodeDuckDB();
    try {
      await loadNormalizedCsv(src, { dataset_id: 'd1', name: '测试县', source: 'small.csv', is_sample: false }, SMALL_COUNTY_CSV);
      const good = await exportWorkspace(src, {}, { name: '测试县', appVersion: '0.1.0' });
      const [{ id }] = await src.query<{ id: string }>(`SELECT min(unit_id) AS id FROM units`);
      // Version 1: no recorded columns, no links, and the unit listed a second time under another name.
      const v1Ratings = await src.queryArrowIPC!(`SELECT * EXCLUDE (orig_unit_id, orig_county, orig_township, orig_name, kind) FROM ratings`);
      const v1Units = await src.queryArrowIPC!(`SELECT unit_id, county, township, name, kind FROM units
        UNION ALL SELECT unit_id, county, township, name || '（旧名）', kind FROM units WHERE unit_id = '${id}'`);
      const files = unzipSync(good);
      const m = JSON.parse(strFromU8(files['manifest.json']));
      m.version = 1;
      m.tables = m.tables.filter((t: { name: string }) => t.name !== 'unit_links');
      delete files['tables/unit_links.arrow'];
      for (const [name, bytes, rows] of [['ratings', v1Ratings, null], ['units', v1Units, 1]] as const) {
        files[`tables/${name}.arrow`] = new Uint8Array(bytes);
        const t = m.tables.find((x: { name: string }) => x.name === name);
        t.sha256 = await sha256Hex(bytes);
        if (rows) t.rows += rows;
      }
      files['manifest.json'] = strToU8(JSON.stringify(m));
      await restoreWorkspace(db, await readWorkspace(zipSync(files), { fileName: '旧版.xingtu' }));

      const [u] = await db.query<{ n: number; d: number }>(`SELECT count(*) AS n, count(DISTINCT unit_id) AS d FROM units`);
      const [srcUnits] = await src.query<{ n: number }>(`SELECT count(*) AS n FROM units`);
      expect([Number(u.n), Number(u.d)]).toEqual([Number(srcUnits.n), Number(srcUnits.n)]);
      const count = `SELECT year, quarter, count(*) AS n, sum(level) AS s FROM facts GROUP BY ALL ORDER BY ALL`;
      expect(await db.query(count)).toEqual(await src.query(count));
      // A saved copy is of the current version and opens again unchanged.
      const again = await exportWorkspace(db, {}, { name: '测试县', appVersion: '0.1.0' });
      expect(JSON.parse(strFromU8(unzipSync(again)['manifest.json'])).version).toBe(WORKSPACE_VERSION);
    } finally {
      await src.close();
      await db.close();
    }
  });

  it('refuses a version 2 file whose units table lists a unit twice', async () => {
    const src = await openNodeDuckDB();
    const db = await openNodeDuckDB();
    try {
      await loadNormalizedCsv(src, { dataset_id: 'd1', name: '测试县', source: 'small.csv', is_sample: false }, SMALL_COUNTY_CSV);
      const good = await exportWorkspace(src, {}, { name: '测试县', appVersion: '0.1.0' });
      const dup = await src.queryArrowIPC!(`SELECT * FROM units UNION ALL (SELECT * FROM units LIMIT 1)`);
      const files = unzipSync(good);
      const m = JSON.parse(strFromU8(files['manifest.json']));
      files['tables/units.arrow'] = new Uint8Array(dup);
      const t = m.tables.find((x: { name: string }) => x.name === 'units');
      t.sha256 = await sha256Hex(dup);
      t.rows += 1;
      files['manifest.json'] = strToU8(JSON.stringify(m));
      const e = await restoreWorkspace(db, await readWorkspace(zipSync(files), { fileName: '坏.xingtu' })).then(() => null, (x) => x);
      expect(e?.message).toMatch(/单位编号重复/);
    } finally {
      await src.close();
      await db.close();
    }
  });
});
