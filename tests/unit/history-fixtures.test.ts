/**
 * The 青禾县 history fixtures themselves (issue #10): the generator is deterministic and tells
 * the story the issue needs, the committed files are what it writes now, every file says what
 * the true records say, and the truth functions agree with values counted by hand.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../shared/import/run.ts';
import { starsFor } from '../../shared/stars.ts';
import {
  FILE_FACTS, PERIOD_KEYS, file2023Csv, file2023XlsxWithCodes, file2024CsvNoCodes, file2024Xlsx, fileUnitId,
  generateHistoryCounty, historyFiles, type HistoryRecord,
} from '../support/history-county.ts';
import { historyTruth, levelHistory, periodTruth, quarterChange, yearEndChange } from '../support/history-truth.ts';
import { HISTORY_FIXTURE_DIR, TRUTH_FILE, truthJson } from '../support/write-history-fixtures.ts';

const county = generateHistoryCounty();
const rec = (name: string, period: string): HistoryRecord => {
  const r = county.records.find((x) => x.name === name && x.period === period);
  if (!r) throw new Error(`no ${name} in ${period}`);
  return r;
};

/**
 * The generator's level table as printed once and read by hand (2023Q1 … 2024Q4, '-' = not
 * rated). The hand-counted values below are read off this table.
 */
const HAND_TABLE = `
QH-1-01 东关社区 1 1 2 1 1 2 1 2
QH-1-02 西关社区 3 2 2 3 4 5 5 5
QH-1-03 南关村 3 3 4 5 5 5 5 5
QH-1-04 北关村 1 1 0 0 0 0 0 0
QH-1-05 十里铺村 1 1 0 1 0 0 1 2
QH-1-06 孙庄村 1 1 0 0 0 1 2 1
QH-2-01 幸福社区 3 4 4 4 4 3 3 3
QH-2-02 高岗村 2 2 2 2 3 3 2 2
QH-2-03 前营村 3 2 2 2 1 2 3 2
QH-2-04 后营村 0 0 0 1 0 0 0 0
QH-2-05 河湾村 2 1 2 2 3 3 2 2
QH-2-06 新城社区 - - - - 4 4 3 3
QH-3-01 石门村 2 2 2 3 3 3 2 2
QH-3-02 王庄社区 2 2 2 2 1 1 1 0
QH-3-03 上庄村 1 0 1 1 1 1 2 2
QH-3-04 下庄村 0 1 2 1 1 1 1 1
QH-3-05 河口村 0 0 0 0 0 0 1 2
QH-3-06 柳树村 2 2 2 1 - - - -
QH-4-01 李庄村 1 1 2 2 2 2 2 3
QH-4-02 王楼村 0 0 0 0 0 0 0 0
QH-4-03 张寨村 1 2 3 3 2 3 3 4
QH-4-04 东坡新村 1 1 2 1 1 1 1 0
QH-4-05 小李庄村 3 3 4 3 4 5 5 5
QH-4-06 大河村 2 3 3 3 4 3 3 3
`.trim();

describe('青禾县 generator', () => {
  it('is deterministic: the same records and the same file bytes on every call', async () => {
    expect(generateHistoryCounty()).toEqual(county);
    const a = await historyFiles();
    const b = await historyFiles(generateHistoryCounty());
    expect(a.map((f) => f.name)).toEqual(b.map((f) => f.name));
    a.forEach((f, i) => expect(Buffer.from(f.bytes).equals(Buffer.from(b[i].bytes)), f.name).toBe(true));
  });

  it('another seed moves the stars differently but keeps the units', () => {
    const other = generateHistoryCounty(7);
    expect(other.units).toEqual(county.units);
    expect(other.records.map((r) => r.level)).not.toEqual(county.records.map((r) => r.level));
  });

  it('has the level table read by hand above', () => {
    const lines = county.units.map((u) => {
      const levels = PERIOD_KEYS.map((p) => county.records.find((r) => r.trueId === u.trueId && r.period === p)?.level ?? '-');
      return `${u.trueId} ${u.name} ${levels.join(' ')}`;
    });
    expect(lines.join('\n')).toBe(HAND_TABLE);
  });

  it('rates each unit once per period, on the stars of its kind, level = stars held, 支部过硬星 only at 五星', () => {
    for (const p of PERIOD_KEYS) {
      const ids = county.records.filter((r) => r.period === p).map((r) => r.trueId);
      expect(new Set(ids).size).toBe(ids.length);
    }
    for (const r of county.records) {
      expect(Object.keys(r.stars).sort()).toEqual(starsFor(r.kind).map((s) => s.id).sort());
      expect(Object.values(r.stars).filter(Boolean).length).toBe(r.level);
      if (r.stars.branch) expect(r.level).toBe(5);
      expect(r.code).toMatch(/^419901\d{6}$/);
    }
  });

  it('has 4 townships of 5–8 units in every period, under their names of that period', () => {
    expect(new Set(county.records.filter((r) => r.year === 2023).map((r) => r.township))).toEqual(new Set(['城关镇', '高岗镇', '石门乡', '李庄乡']));
    expect(new Set(county.records.filter((r) => r.year === 2024).map((r) => r.township))).toEqual(new Set(['城关镇', '高岗镇', '石门镇', '李庄乡']));
    for (const p of PERIOD_KEYS) {
      const counts = new Map<string, number>();
      for (const r of county.records.filter((x) => x.period === p)) counts.set(r.township, (counts.get(r.township) ?? 0) + 1);
      expect(counts.size).toBe(4);
      for (const n of counts.values()) expect(n >= 5 && n <= 8).toBe(true);
    }
  });

  it('tells the story of issue #10: 撤乡设镇, 村改居, a rename, a new and a merged-away unit', () => {
    // 撤乡设镇: township and the codes of its villages change from 2024Q1.
    expect(rec('石门村', '2023Q4')).toMatchObject({ township: '石门乡', code: '419901203201', latestTownship: '石门镇' });
    expect(rec('石门村', '2024Q1')).toMatchObject({ township: '石门镇', code: '419901103201' });
    // 村改居: village through 2024Q2, community (community stars, new code) from 2024Q3.
    expect(rec('王庄村', '2024Q2')).toMatchObject({ kind: 'village', code: '419901103202' });
    expect(rec('王庄社区', '2024Q3')).toMatchObject({ kind: 'community', code: '419901103001' });
    expect(Object.keys(rec('王庄社区', '2024Q3').stars).sort()).toEqual(['branch', 'business', 'cobuild', 'harmony', 'safety']);
    expect(rec('王庄村', '2023Q1').trueId).toBe(rec('王庄社区', '2024Q4').trueId);
    // Rename: 东坡村 → 东坡新村 from 2024Q2, same code.
    expect(rec('东坡村', '2024Q1').code).toBe(rec('东坡新村', '2024Q2').code);
    expect(county.units.find((u) => u.name === '东坡新村')?.formerNames).toEqual(['东坡村']);
    // New from 2024, gone after 2023Q4.
    expect(county.records.filter((r) => r.name === '新城社区').map((r) => r.period)).toEqual(['2024Q1', '2024Q2', '2024Q3', '2024Q4']);
    expect(county.records.filter((r) => r.name === '柳树村').map((r) => r.period)).toEqual(['2023Q1', '2023Q2', '2023Q3', '2023Q4']);
  });
});

describe('committed fixtures', () => {
  const hint = '请运行 npx tsx tests/support/write-history-fixtures.ts 重新生成';

  it('tests/fixtures/history holds exactly the four files and truth.json the generator writes now', async () => {
    const files = await historyFiles();
    expect(readdirSync(HISTORY_FIXTURE_DIR).filter((n) => !n.startsWith('.')).sort()).toEqual([...files.map((f) => f.name), TRUTH_FILE].sort());
    for (const f of files) {
      const onDisk = readFileSync(join(HISTORY_FIXTURE_DIR, f.name));
      expect(onDisk.equals(Buffer.from(f.bytes)), `${f.name} 已过期，${hint}`).toBe(true);
      expect(onDisk.length).toBeLessThan(20_000);
    }
    expect(readFileSync(join(HISTORY_FIXTURE_DIR, TRUTH_FILE), 'utf8'), `${TRUTH_FILE} 已过期，${hint}`).toBe(truthJson());
  });

  it('truth.json parses back to the truth functions’ answers', () => {
    const parsed = JSON.parse(readFileSync(join(HISTORY_FIXTURE_DIR, TRUTH_FILE), 'utf8'));
    expect(parsed).toEqual(JSON.parse(JSON.stringify(historyTruth(county))));
  });
});

describe('every file says what the true records say, and imports today without a rejected row', () => {
  const cases = [
    { file: () => file2023Csv(), facts: FILE_FACTS.file2023Csv, year: 2023 },
    { file: () => file2023XlsxWithCodes(), facts: FILE_FACTS.file2023XlsxWithCodes, year: 2023 },
    { file: () => file2024Xlsx(), facts: FILE_FACTS.file2024Xlsx, year: 2024 },
    { file: () => file2024CsvNoCodes(), facts: FILE_FACTS.file2024CsvNoCodes, year: 2024 },
  ];
  const said = (period: string, township: string, name: string, kind: string, level: number, stars: object) =>
    [period, township, name, kind, level, JSON.stringify(stars)].join('|');

  for (const c of cases) {
    const label = `${c.year} ${c.facts.hasCodes ? 'with' : 'without'} codes`;
    it(`${label}: period, township, name, kind, stars and level of every row`, async () => {
      const f = await c.file();
      const { ratings, report } = await importFiles([f]);
      expect(report.rejected, f.name).toBe(0);
      expect(report.problems.filter((p) => p.code !== 'skipped_total')).toEqual([]);
      const expected = county.records.filter((r) => r.year === c.year).map((r) => said(r.period, r.township, r.name, r.kind, r.level, r.stars));
      const got = ratings.map((r) => {
        // The importer keeps all eight stars (null where one does not apply); compare the kind's own, in order.
        const own = Object.fromEntries(starsFor(r.kind).map((s) => [s.id, r.stars[s.id]]));
        return said(`${r.year}Q${r.quarter}`, r.township, r.name, r.kind, r.level, own);
      });
      expect(got.sort()).toEqual(expected.sort());
    });

    // Pins what today's importer yields as county and unit id (FILE_FACTS, fileUnitId): the ids
    // each file gives, which identity linking (issue #10) starts from.
    it(`${label}: county and unit id as the file gives them`, async () => {
      const { ratings } = await importFiles([await c.file()]);
      const byPlace = new Map(ratings.map((r) => [`${r.year}Q${r.quarter}|${r.township}|${r.name}`, r]));
      for (const r of county.records.filter((x) => x.year === c.year)) {
        const got = byPlace.get(`${r.period}|${r.township}|${r.name}`);
        expect(got?.county).toBe(c.facts.county);
        expect(got?.unit_id).toBe(fileUnitId(r, c.facts));
      }
    });
  }
});

describe('truth, against values counted by hand from the table above', () => {
  it('石门镇 (石门乡 in 2023) in 2023Q4 and 2024Q1', () => {
    // 2023Q4: 石门3 王庄2 上庄1 下庄1 河口0 柳树1
    expect(periodTruth(county, '2023Q4').byTownship['石门镇']).toEqual({ units: 6, byLevel: [1, 3, 1, 1, 0, 0], atLeast3: 1, share: 1 / 6 });
    expect(periodTruth(county, '2023Q4').byTownship['石门乡']).toBeUndefined();
    // 2024Q1: 石门3 王庄1 上庄1 下庄1 河口0 (柳树 merged away)
    expect(periodTruth(county, '2024Q1').byTownship['石门镇']).toEqual({ units: 5, byLevel: [1, 3, 0, 1, 0, 0], atLeast3: 1, share: 1 / 5 });
    // 2024Q1 vs 2023Q4: 王庄 2→1 fell, the other four same.
    expect(quarterChange(county, '2024Q1')?.byTownship['石门镇']).toEqual({ rose: 0, fell: 1, same: 4, noPrevious: 0 });
    // 2024Q4 vs 2023Q4: 石门 3→2 and 王庄 2→0 fell, 上庄 1→2 and 河口 0→2 rose, 下庄 1→1.
    expect(yearEndChange(county, 2024)?.byTownship['石门镇']).toEqual({ rose: 2, fell: 2, same: 1, noPrevious: 0 });
  });

  it('the county in 2024Q1: levels, 三星以上, kinds', () => {
    const t = periodTruth(county, '2024Q1');
    expect(t.units).toBe(23);
    expect(t.byLevel).toEqual([6, 6, 2, 3, 5, 1]);
    expect(t.atLeast3).toBe(9);
    expect(t.share).toBe(9 / 23);
    // 东关1 西关4 幸福4 新城4; 王庄 is still a village.
    expect(t.byKind.community).toEqual({ units: 4, byLevel: [0, 1, 0, 0, 3, 0], atLeast3: 3, share: 3 / 4 });
    expect(t.byKind.village.units).toBe(19);
    // 2024Q3: 东关1 西关5 幸福3 新城3 王庄社区1.
    expect(periodTruth(county, '2024Q3').byKind.community).toEqual({ units: 5, byLevel: [0, 2, 0, 2, 0, 1], atLeast3: 3, share: 3 / 5 });
  });

  it('2024Q1 vs 2023Q4 across the year boundary: 进步 5, 降 5, one new (无可比数据), one gone', () => {
    const c = quarterChange(county, '2024Q1')!;
    expect(c.previous).toBe('2023Q4');
    expect(c.rose).toEqual(['QH-1-02', 'QH-2-02', 'QH-2-05', 'QH-4-05', 'QH-4-06']);
    expect(c.fell).toEqual(['QH-1-05', 'QH-2-03', 'QH-2-04', 'QH-3-02', 'QH-4-03']);
    expect(c.same.length).toBe(12);
    expect(c.noPrevious).toEqual(['QH-2-06']);
    expect(c.gone).toEqual(['QH-3-06']);
  });

  it('a rename or 村改居 is no new unit: 2024Q2 and 2024Q3 have nothing without a previous rating', () => {
    expect(quarterChange(county, '2024Q2')?.noPrevious).toEqual([]);
    expect(quarterChange(county, '2024Q3')?.noPrevious).toEqual([]);
    expect(quarterChange(county, '2023Q1')).toBeNull();
    expect(yearEndChange(county, 2023)).toBeNull();
  });

  it('one unit’s history by trueId, across its names and codes', () => {
    expect(levelHistory(county, 'QH-3-02').map((h) => h.level)).toEqual([2, 2, 2, 2, 1, 1, 1, 0]);
    expect(levelHistory(county, 'QH-3-06').map((h) => h.period)).toEqual(['2023Q1', '2023Q2', '2023Q3', '2023Q4']);
  });
});
