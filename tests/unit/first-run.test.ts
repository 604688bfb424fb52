/**
 * The first run (issue #10): the sample is a demo and never mixes with real data. The first
 * real import removes it without a replace / keep question, the period moves to the latest
 * imported period, one Ctrl+Z brings the sample back; counts count each live unit once.
 * Expected values come from the CSV rows written here, counted by hand or with plain JS.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import {
  datasetIds, loadedCounties, removeDataset, loadedStatus, onlySampleLoaded, placeCounts, workspaceEmpty,
} from '../../shared/datasets.ts';
import type { Database } from '../../shared/db.ts';
import { listPeriods } from '../../shared/engine.ts';
import { EMPTY_FILTER } from '../../shared/filter.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { periodKey } from '../../shared/period.ts';
import { NORMALIZED_CSV_COLUMNS } from '../../shared/sql/schema.ts';
import { commitImport, conflictsFor, latestPeriod } from '../../renderer/src/import/commit.ts';
import { Coordinator } from '../../renderer/src/data/coordinator.ts';
import { filterStore } from '../../renderer/src/state/filter-store.ts';
import { currentToasts } from '../../renderer/src/state/toast.ts';
import { undoStore } from '../../renderer/src/state/undo.ts';

const COLUMNS = Object.keys(NORMALIZED_CSV_COLUMNS);

/** One rating row of the normalized CSV: a village holding `level` stars (the first ones). */
function row(id: string, county: string, township: string, name: string, year: number, quarter: number, level: number): string {
  const stars = ['branch', 'industry', 'ecology', 'safety', 'civility'];
  const v: Record<string, string | number> = {
    unit_id: id, county, township, name, kind: 'village', year, quarter, level, target_level: 3,
    weak_branch: 'false', collective_income: 5, score: 70,
    cobuild: '', harmony: '', business: '',
  };
  stars.forEach((s, i) => (v[s] = String(i >= 5 - level)));
  return COLUMNS.map((c) => v[c]).join(',');
}
const csv = (rows: string[]) => [COLUMNS.join(','), ...rows].join('\n');

// The demo county: 2024Q3 and 2025Q4, two townships.
const SAMPLE_ROWS = [
  row('s1', '示例县', '城关镇', '赵村', 2024, 3, 2), row('s1', '示例县', '城关镇', '赵村', 2025, 4, 3),
  row('s2', '示例县', '城关镇', '钱村', 2024, 3, 1), row('s2', '示例县', '城关镇', '钱村', 2025, 4, 1),
  row('s3', '示例县', '石门镇', '孙村', 2025, 4, 4),
];
// A real county, 2024Q2 and 2024Q3 (2024Q3 overlaps the sample). It has a 城关镇 too.
const REAL_ROWS = [
  row('r1', '河口县', '城关镇', '东村', 2024, 2, 1), row('r1', '河口县', '城关镇', '东村', 2024, 3, 2),
  row('r2', '河口县', '城关镇', '西村', 2024, 2, 3), row('r2', '河口县', '城关镇', '西村', 2024, 3, 3),
  row('r3', '河口县', '河湾乡', '南村', 2024, 3, 5),
];
const SAMPLE = { dataset_id: 'sample', name: '示例数据（虚构县）', source: 'sample-county.csv', is_sample: true };

describe('latestPeriod', () => {
  it('picks the latest period key by period order, annual after Q4', () => {
    expect(latestPeriod(['2024Q3', '2023Q4', '2024Q1'])).toEqual({ year: 2024, quarter: 3 });
    expect(latestPeriod(['2024Q4', '2024'])).toEqual({ year: 2024, quarter: null });
    expect(latestPeriod(['第三季度'])).toBeNull();
  });
});

describe('with the sample loaded', () => {
  let db: Database;
  let coordinator: Coordinator;

  beforeEach(async () => {
    db = await openNodeDuckDB();
    await loadNormalizedCsv(db, SAMPLE, csv(SAMPLE_ROWS));
    coordinator = new Coordinator(db);
    undoStore.clear();
    // As boot leaves it: the sample's latest period, 城关镇 picked.
    filterStore.set({ ...EMPTY_FILTER, period: { year: 2025, quarter: 4 }, townships: ['城关镇'] });
  });
  afterEach(async () => db?.close());

  const periods = async () => (await listPeriods(db)).map(periodKey);

  describe('the first real import while only the sample is loaded', () => {
    it('asks no replace / keep question: the sample never conflicts', async () => {
      expect(await onlySampleLoaded(db)).toBe(true);
      expect(await workspaceEmpty(db)).toBe(false);
      expect(await conflictsFor(coordinator, ['2024Q2', '2024Q3'])).toEqual([]);
    });

    it('removes the whole sample, moves the period to the latest imported one, and says so', async () => {
      await commitImport(coordinator, '河口县台账.csv', csv(REAL_ROWS), ['2024Q2', '2024Q3'], 'keep-both', { toastMs: 60_000 });
      expect(await datasetIds(db)).toEqual(['d1']);
      expect(await onlySampleLoaded(db)).toBe(false);
      expect(await loadedCounties(db)).toEqual(['河口县']);
      // The sample's 2025Q4 is gone with it; only the imported quarters remain.
      expect(await periods()).toEqual(['2024Q2', '2024Q3']);
      const f = filterStore.get();
      expect(f.period).toEqual({ year: 2024, quarter: 3 });
      // 城关镇 was the sample's: the township filter starts over.
      expect(f.townships).toEqual([]);
      expect(undoStore.get()).toHaveLength(1);
      const toast = currentToasts().at(-1)!;
      expect(toast.text).toContain('示例数据已移除');
      expect(toast.text).toContain('Ctrl+Z');
      expect(toast.action?.label).toBe('撤销');
      await removeDataset(db, 'd1');
      expect(await workspaceEmpty(db)).toBe(true);
      expect(await onlySampleLoaded(db)).toBe(false);
    });

    it('one undo restores the state before it: sample back, import gone, previous period and filter', async () => {
      await commitImport(coordinator, '河口县台账.csv', csv(REAL_ROWS), ['2024Q2', '2024Q3'], 'keep-both', { toastMs: 60_000 });
      const notice = currentToasts().at(-1)!;
      expect(notice.text).toContain('示例数据已移除');
      await undoStore.undo();
      // The notice and its 撤销 button leave with the import.
      expect(currentToasts().map((t) => t.id)).not.toContain(notice.id);
      expect(undoStore.get()).toHaveLength(0);
      expect(await datasetIds(db)).toEqual(['sample']);
      expect(await loadedCounties(db)).toEqual(['示例县']);
      expect(await periods()).toEqual(['2024Q3', '2025Q4']);
      const status = await loadedStatus(db);
      expect(status.ratings).toBe(SAMPLE_ROWS.length);
      expect(status.hasSample).toBe(true);
      expect(filterStore.get().period).toEqual({ year: 2025, quarter: 4 });
      expect(filterStore.get().townships).toEqual(['城关镇']);
    });
  });

  describe('later imports', () => {
    it('compare only with real data, and the period follows the newly imported data, even an earlier one', async () => {
      await commitImport(coordinator, '河口县台账.csv', csv(REAL_ROWS), ['2024Q2', '2024Q3'], 'keep-both', { toastMs: 50 });
      const older = [row('r1', '河口县', '城关镇', '东村', 2023, 4, 0), row('r1', '河口县', '城关镇', '东村', 2024, 3, 4)];
      const conflicts = await conflictsFor(coordinator, ['2023Q4', '2024Q3']);
      expect(conflicts.map((c) => [c.dataset_id, c.periods])).toEqual([['d1', ['2024Q3']]]);
      await commitImport(coordinator, '补报.csv', csv(older), ['2023Q4', '2024Q3'], 'keep-both', { toastMs: 50 });
      expect(filterStore.get().period).toEqual({ year: 2024, quarter: 3 });
      expect(await periods()).toEqual(['2023Q4', '2024Q2', '2024Q3']);
      // An ordinary import's notice does not talk about the sample.
      expect(currentToasts().at(-1)!.text).not.toContain('示例数据');
      await undoStore.undo();
      expect(await datasetIds(db)).toEqual(['d1']);
    });
  });

  describe('counts of live units', () => {
    it('count each unit once, and keep same-named townships of two counties apart', async () => {
      await commitImport(coordinator, '河口县台账.csv', csv(REAL_ROWS), ['2024Q2', '2024Q3'], 'keep-both', { toastMs: 50 });
      const other = [
        row('t1', '石门县', '城关镇', '北村', 2024, 3, 2), row('t1', '石门县', '城关镇', '北村', 2024, 2, 2),
        row('t2', '石门县', '城关镇', '中村', 2024, 3, 1),
      ];
      await commitImport(coordinator, '石门县台账.csv', csv(other), ['2024Q2', '2024Q3'], 'keep-both', { toastMs: 50 });
      const all = [...REAL_ROWS, ...other].map((l) => l.split(','));
      const status = await loadedStatus(db);
      expect(status.units).toBe(new Set(all.map((r) => r[0])).size);
      expect(status.ratings).toBe(all.length);
      expect(status.hasSample).toBe(false);
      // Expected per county and township: distinct unit ids among the rows.
      const expected = new Map<string, Set<string>>();
      for (const r of all) expected.set(`${r[1]}/${r[2]}`, (expected.get(`${r[1]}/${r[2]}`) ?? new Set()).add(r[0]));
      const places = await placeCounts(db);
      expect(Object.fromEntries(places.map((p) => [`${p.county}/${p.township}`, p.units])))
        .toEqual(Object.fromEntries([...expected].map(([k, s]) => [k, s.size])));
      expect(places.find((p) => p.county === '河口县' && p.township === '城关镇')!.units).toBe(2);
    });
  });
});
