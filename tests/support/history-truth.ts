/**
 * The independent answers for the 青禾县 history fixtures (history-county.ts): plain loops over
 * the generator's true records, keyed by trueId. Never over the importer's output, never DuckDB.
 *
 * Conventions, as the workbench should answer them once identity is solved (issue #10):
 *  - a unit counts once per period;
 *  - townships are grouped under their LATEST name (石门乡's 2023 ratings count under 石门镇);
 *  - kind is the kind in that period (王庄 is a 村 until 2024Q2, a 社区 from 2024Q3);
 *  - a comparison with an earlier period puts a unit with no rating then under `noPrevious`
 *    (无可比数据), never under rose or fell.
 */
import type { UnitKind } from '../../shared/stars.ts';
import { recordsIn, type HistoryCounty, type HistoryRecord } from './history-county.ts';

export interface LevelCounts {
  units: number;
  /** Units per level, index 0–5. */
  byLevel: number[];
  /** Units with three stars or more (三星以上). */
  atLeast3: number;
  /** atLeast3 / units (0 when there are no units). */
  share: number;
}

export interface PeriodTruth extends LevelCounts {
  period: string;
  /** By the township's latest name. */
  byTownship: Record<string, LevelCounts>;
  /** By kind in that period. */
  byKind: Record<UnitKind, LevelCounts>;
}

export interface ChangeCounts {
  rose: number;
  fell: number;
  same: number;
  noPrevious: number;
}

export interface ChangeTruth {
  period: string;
  previous: string;
  /** trueIds, sorted. */
  rose: string[];
  fell: string[];
  same: string[];
  /** Rated now, not rated in `previous` (无可比数据): new units. */
  noPrevious: string[];
  /** Rated in `previous`, not now (merged away). */
  gone: string[];
  /** Counts by the township's latest name. */
  byTownship: Record<string, ChangeCounts>;
}

export function levelCounts(records: readonly HistoryRecord[]): LevelCounts {
  const levels = new Map<string, number>(); // by trueId: a unit counts once
  for (const r of records) levels.set(r.trueId, r.level);
  const byLevel = [0, 0, 0, 0, 0, 0];
  for (const level of levels.values()) byLevel[level]++;
  const atLeast3 = byLevel[3] + byLevel[4] + byLevel[5];
  return { units: levels.size, byLevel, atLeast3, share: levels.size === 0 ? 0 : atLeast3 / levels.size };
}

function groupBy<K extends string>(records: readonly HistoryRecord[], key: (r: HistoryRecord) => K): Map<K, HistoryRecord[]> {
  const out = new Map<K, HistoryRecord[]>();
  for (const r of records) {
    const k = key(r);
    if (!out.has(k)) out.set(k, []);
    out.get(k)!.push(r);
  }
  return out;
}

export function periodTruth(county: HistoryCounty, period: string): PeriodTruth {
  const records = recordsIn(county, period);
  const byTownship: Record<string, LevelCounts> = {};
  for (const [t, rs] of groupBy(records, (r) => r.latestTownship)) byTownship[t] = levelCounts(rs);
  const kinds = groupBy(records, (r) => r.kind);
  return {
    period,
    ...levelCounts(records),
    byTownship,
    byKind: { village: levelCounts(kinds.get('village') ?? []), community: levelCounts(kinds.get('community') ?? []) },
  };
}

/** Levels by trueId in one period. */
export function levelsIn(county: HistoryCounty, period: string): Map<string, number> {
  return new Map(recordsIn(county, period).map((r) => [r.trueId, r.level]));
}

/** `period` against an earlier period. Null when nothing was rated in `previous`. */
export function changeBetween(county: HistoryCounty, period: string, previous: string): ChangeTruth | null {
  const before = levelsIn(county, previous);
  if (before.size === 0) return null;
  const now = recordsIn(county, period);
  const out: ChangeTruth = { period, previous, rose: [], fell: [], same: [], noPrevious: [], gone: [], byTownship: {} };
  for (const r of now) {
    const b = before.get(r.trueId);
    const bucket = b === undefined ? 'noPrevious' : r.level > b ? 'rose' : r.level < b ? 'fell' : 'same';
    out[bucket].push(r.trueId);
    out.byTownship[r.latestTownship] ??= { rose: 0, fell: 0, same: 0, noPrevious: 0 };
    out.byTownship[r.latestTownship][bucket]++;
  }
  const ids = new Set(now.map((r) => r.trueId));
  out.gone = [...before.keys()].filter((id) => !ids.has(id));
  for (const list of [out.rose, out.fell, out.same, out.noPrevious, out.gone]) list.sort();
  return out;
}

const previousQuarterKey = (period: string): string => {
  const [year, quarter] = period.split('Q').map(Number);
  return quarter === 1 ? `${year - 1}Q4` : `${year}Q${quarter - 1}`;
};

/** A quarter against the quarter before (2024Q1 against 2023Q4). Null for the first quarter. */
export function quarterChange(county: HistoryCounty, period: string): ChangeTruth | null {
  return changeBetween(county, period, previousQuarterKey(period));
}

/** A year's Q4 against the previous year's Q4. Null when the previous year has no Q4. */
export function yearEndChange(county: HistoryCounty, year: number): ChangeTruth | null {
  return changeBetween(county, `${year}Q4`, `${year - 1}Q4`);
}

/** One unit's level per period it was rated in, by trueId, in period order. */
export function levelHistory(county: HistoryCounty, trueId: string): Array<{ period: string; level: number }> {
  return county.records.filter((r) => r.trueId === trueId).map((r) => ({ period: r.period, level: r.level }));
}

export interface HistoryTruth {
  county: string;
  seed: number;
  periods: string[];
  units: HistoryCounty['units'];
  byPeriod: PeriodTruth[];
  /** Every quarter that has a previous quarter in the data. */
  quarterChanges: ChangeTruth[];
  /** Every year whose previous year has a Q4. */
  yearEndChanges: ChangeTruth[];
  /** trueId → period → level. */
  levels: Record<string, Record<string, number>>;
}

/** Everything above for every period: what tests/fixtures/history/truth.json holds. */
export function historyTruth(county: HistoryCounty): HistoryTruth {
  const keys = county.periods.map((p) => p.key);
  const years = [...new Set(county.periods.map((p) => p.year))];
  const levels: Record<string, Record<string, number>> = {};
  for (const u of county.units) {
    levels[u.trueId] = Object.fromEntries(levelHistory(county, u.trueId).map((h) => [h.period, h.level]));
  }
  return {
    county: county.county,
    seed: county.seed,
    periods: keys,
    units: county.units,
    byPeriod: keys.map((p) => periodTruth(county, p)),
    quarterChanges: keys.map((p) => quarterChange(county, p)).filter((c): c is ChangeTruth => c !== null),
    yearEndChanges: years.map((y) => yearEndChange(county, y)).filter((c): c is ChangeTruth => c !== null),
    levels,
  };
}
