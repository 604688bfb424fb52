/**
 * One resolver per view kind (issue #11, shared/views/): the 简报 shows the numbers the screen
 * shows. A merged two-county workspace with a county filter: the 简报's ranking table, the
 * 排名 screen's resolver and a plain-JS ranking over the input CSV rows of that county agree;
 * a pivot filtered in its own 筛选 well to one period, with another global period: the 简报
 * shows the well's period, counted as plain JS counts the CSV rows of that period.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { ItemSpec } from '../../shared/briefing/model.ts';
import { narrativeFacts, type Runner } from '../../shared/briefing/narrative.ts';
import { autoTitle, itemTables } from '../../shared/briefing/tables.ts';
import type { Database } from '../../shared/db.ts';
import { runAnalysis } from '../../shared/engine/index.ts';
import type { Filter } from '../../shared/filter.ts';
import { resolvePivotConfig } from '../../shared/views/pivot.ts';
import { resolveRanking } from '../../shared/views/ranking.ts';
import { loadSample, loadSecondCounty, SAMPLE_CSV, SECOND_COUNTY, secondCountyCsv } from '../support/workspace-county.ts';

interface CsvRow { county: string; township: string; year: number; quarter: number | null; level: number }

function parseCsv(csv: string): CsvRow[] {
  const [header, ...lines] = csv.trimEnd().split('\n');
  const cols = header.split(',');
  const at = (name: string) => cols.indexOf(name);
  return lines.map((line) => {
    const v = line.split(',');
    return {
      county: v[at('county')], township: v[at('township')], year: Number(v[at('year')]),
      quarter: v[at('quarter')] === '' ? null : Number(v[at('quarter')]), level: Number(v[at('level')]),
    };
  });
}

const SECOND_CSV = secondCountyCsv();
const ROWS = [...parseCsv(SAMPLE_CSV), ...parseCsv(SECOND_CSV)];
const COUNTY = SECOND_COUNTY;
const OTHER = ROWS.find((r) => r.county !== COUNTY)!.county;

/** The latest quarter both counties rate. */
const PERIOD = (() => {
  const keys = (c: string) => new Set(ROWS.filter((r) => r.county === c && r.quarter != null).map((r) => r.year * 10 + r.quarter!));
  const other = keys(OTHER);
  const both = [...keys(COUNTY)].filter((k) => other.has(k)).sort((a, b) => b - a);
  return { year: Math.floor(both[0] / 10), quarter: both[0] % 10 };
})();
/** A different period for the pivot's 筛选 well: a year earlier. */
const WELL = { year: PERIOD.year - 1, quarter: 2 };
const WELL_KEY = `${WELL.year}Q${WELL.quarter}`;

/** Plain JS: townships of one county ranked by 三星以上占比 in PERIOD (1, 2, 2, 4 on ties). */
function expectedRanking(county: string) {
  const towns = new Map<string, { units: number; n3: number; levels: number[] }>();
  for (const r of ROWS) {
    if (r.county !== county || r.year !== PERIOD.year || r.quarter !== PERIOD.quarter) continue;
    const t = towns.get(r.township) ?? { units: 0, n3: 0, levels: [0, 0, 0, 0, 0, 0] };
    t.units += 1;
    if (r.level >= 3) t.n3 += 1;
    t.levels[r.level] += 1;
    towns.set(r.township, t);
  }
  const list = [...towns].map(([township, t]) => ({ township, ...t }));
  // Exact comparison of n3/units as fractions.
  const better = (a: typeof list[number], b: typeof list[number]) => a.n3 * b.units > b.n3 * a.units;
  return list
    .map((t) => ({ rank: 1 + list.filter((o) => better(o, t)).length, township: t.township, value: t.n3 / t.units, units: t.units, levels: t.levels }))
    .sort((a, b) => a.rank - b.rank || a.township.localeCompare(b.township));
}

let db: Database;
let run: Runner;

beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadSample(db);
  await loadSecondCounty(db, SECOND_CSV);
  run = (q) => runAnalysis(db, q);
}, 60_000);
afterAll(async () => db?.close());

describe('ranking: one resolver for the 排名 screen and the 简报', () => {
  const filter: Filter = { period: PERIOD, counties: [COUNTY], townships: [], kind: null };
  const spec: ItemSpec = { kind: 'ranking', measure: { kind: 'shareAtLeast', level: 3 } };

  it('the 简报 table, the screen resolver and a plain-JS ranking of the chosen county agree', async () => {
    const expected = expectedRanking(COUNTY);
    expect(expected.length).toBeGreaterThan(1);
    // Both counties have townships: the filter must matter.
    expect(expectedRanking(OTHER).length).toBeGreaterThan(0);

    const screen = await run(resolveRanking({ measure: spec.measure }, filter)!);
    const [table] = await itemTables(run, spec, filter);
    expect(screen.rows.every((r) => r.county === COUNTY)).toBe(true);

    const screenRows = screen.rows.map((r) => ({ rank: r.rank, township: r.township, units: r.units, levels: r.levels }));
    const tableRows = table.rows.map((r) => ({
      rank: r.cells[0], township: r.cells[1], units: r.cells[5], levels: r.cells.slice(6, 12),
    }));
    const plainRows = expected.map((r) => ({ rank: r.rank, township: r.township, units: r.units, levels: r.levels }));
    // Ties keep the engine's order (county, township): compare as sets per rank.
    const byRank = <T extends { rank: unknown; township: unknown }>(xs: T[]) => [...xs].sort((a, b) => Number(a.rank) - Number(b.rank) || String(a.township).localeCompare(String(b.township)));
    expect(byRank(tableRows)).toEqual(byRank(screenRows));
    expect(byRank(screenRows)).toEqual(byRank(plainRows));
    for (const r of screen.rows) expect(r.value).toBeCloseTo(expected.find((e) => e.township === r.township)!.value, 12);
    table.rows.forEach((r, i) => expect(r.cells[2]).toBe(screen.rows[i].value));

    expect(autoTitle(spec, filter)).toContain(COUNTY);
  });

  it('the township boards rank within the chosen county too', async () => {
    const expected = expectedRanking(COUNTY);
    const tables = await itemTables(run, { kind: 'boards', target: 'township', measure: spec.measure, by: 'value', unitBy: 'level', n: 3 }, filter);
    const red = tables[0].rows.map((r) => ({ rank: r.cells[0], township: r.cells[1] }));
    expect(red.length).toBeGreaterThan(0);
    for (const r of red) expect(expected.find((e) => e.township === r.township)?.rank).toBe(r.rank);
    const sorted = <T extends { rank: unknown; township: unknown }>(xs: T[]) => [...xs].sort((x, y) => Number(x.rank) - Number(y.rank) || String(x.township).localeCompare(String(y.township)));
    expect(sorted(red)).toEqual(sorted(expected.filter((e) => e.rank <= 3).map((e) => ({ rank: e.rank, township: e.township }))));
  });

  it("the narrative's ranking facts stay in the chosen county", async () => {
    const f = await narrativeFacts(run, PERIOD, { counties: [COUNTY], townships: [], kind: null });
    expect(f.townships).toBe(expectedRanking(COUNTY).length);
    expect(f.units).toBe(ROWS.filter((r) => r.county === COUNTY && r.year === PERIOD.year && r.quarter === PERIOD.quarter).length);
    expect(f.scopeName).toBe(COUNTY);
  });
});

describe('pivot: a period in its own 筛选 well wins over the global period', () => {
  const spec: ItemSpec = {
    kind: 'pivot',
    pivot: { rows: ['township'], columns: [], measures: [{ kind: 'units' }], fieldFilters: [{ dim: 'period', values: [WELL_KEY] }] },
  };
  const filter: Filter = { period: PERIOD, counties: [COUNTY], townships: [], kind: null };

  it('the 简报 table shows the well period, counted as plain JS counts the CSV rows', async () => {
    expect(resolvePivotConfig(spec.pivot, filter).filters?.periods).toBeUndefined();
    const title = autoTitle(spec, filter);
    expect(title).toContain(`${WELL.year}年第二季度`);
    expect(title).not.toContain(`${PERIOD.year}年第`);

    const counts = new Map<string, number>();
    for (const r of ROWS) {
      if (r.county === COUNTY && r.year === WELL.year && r.quarter === WELL.quarter) counts.set(r.township, (counts.get(r.township) ?? 0) + 1);
    }
    expect(counts.size).toBeGreaterThan(1);
    const [table] = await itemTables(run, spec, filter, title);
    const cells = table.rows.filter((r) => r.kind == null).map((r) => [r.cells[0], r.cells[1]]);
    expect(cells.sort((a, b) => String(a[0]).localeCompare(String(b[0]))))
      .toEqual([...counts].sort((a, b) => a[0].localeCompare(b[0])));
    const total = table.rows.find((r) => r.kind === 'total')!;
    expect(total.cells[1]).toBe([...counts.values()].reduce((s, n) => s + n, 0));
  });
});
