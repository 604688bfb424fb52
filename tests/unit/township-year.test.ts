/**
 * Issue #17, the township's year: 透视's built-in 乡镇年末对比 puts every township at the end of
 * each year side by side — the year's annual rating, or Q4 when there is none — with levels,
 * 三星以上 and the units that rose or fell since the previous year-end. Checked against plain JS
 * over the input rows, with a township renamed between the years (石门乡 → 石门镇).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { BUILTIN_VIEWS } from '../../shared/analysis/pivot/builtin-views.ts';
import { shapePivot } from '../../shared/analysis/pivot.ts';
import { runAnalysis } from '../../shared/engine/index.ts';
import { NORMALIZED_CSV_COLUMNS } from '../../shared/sql/schema.ts';
import { resolvePivot } from '../../shared/views/pivot.ts';

const COLS = Object.keys(NORMALIZED_CSV_COLUMNS);
interface In { id: string; township: string; year: number; quarter: number | null; level: number }
const INPUT: In[] = [
  // 2023: Q2 and Q4; a1 has an annual rating too (it wins over Q4).
  { id: 'a1', township: '城关镇', year: 2023, quarter: 2, level: 1 }, { id: 'a1', township: '城关镇', year: 2023, quarter: 4, level: 2 },
  { id: 'a1', township: '城关镇', year: 2023, quarter: null, level: 3 },
  { id: 'a2', township: '城关镇', year: 2023, quarter: 4, level: 4 },
  { id: 's1', township: '石门乡', year: 2023, quarter: 4, level: 2 },
  // 2024: 石门乡 became 石门镇; a2 fell, s1 and a1 rose, s2 is new.
  { id: 'a1', township: '城关镇', year: 2024, quarter: 4, level: 5 }, { id: 'a2', township: '城关镇', year: 2024, quarter: 4, level: 2 },
  { id: 's1', township: '石门镇', year: 2024, quarter: 2, level: 1 }, { id: 's1', township: '石门镇', year: 2024, quarter: 4, level: 3 },
  { id: 's2', township: '石门镇', year: 2024, quarter: 4, level: 4 },
];
const csvRow = (r: In) => {
  const v: Record<string, string | number> = {
    unit_id: r.id, county: '年末县', township: r.township, name: `${r.id}村`, kind: 'village', year: r.year, quarter: r.quarter ?? '',
    level: r.level, target_level: '', weak_branch: '', collective_income: '', score: '',
  };
  ['branch', 'industry', 'ecology', 'safety', 'civility'].forEach((s, i) => { v[s] = String(i < r.level); });
  for (const s of ['cobuild', 'harmony', 'business']) v[s] = '';
  return COLS.map((c) => v[c]).join(',');
};

/** Plain JS: each unit's year-end level (annual, else Q4), under its latest township name. */
function expected() {
  const latestTownship = new Map<string, string>();
  for (const r of [...INPUT].sort((a, b) => a.year - b.year)) latestTownship.set(r.id, r.township);
  const yearEnd = new Map<string, number>(); // `${id}|${year}` → level
  for (const r of INPUT) if (r.quarter === 4 && !yearEnd.has(`${r.id}|${r.year}`)) yearEnd.set(`${r.id}|${r.year}`, r.level);
  for (const r of INPUT) if (r.quarter === null) yearEnd.set(`${r.id}|${r.year}`, r.level);
  const out: Record<string, Record<number, { units: number; levels: number[]; ge3: number; share: number; up: number; down: number }>> = {};
  for (const [key, level] of yearEnd) {
    const [id, y] = key.split('|');
    const year = Number(y);
    const t = latestTownship.get(id)!;
    const cell = ((out[t] ??= {})[year] ??= { units: 0, levels: [0, 0, 0, 0, 0, 0], ge3: 0, share: 0, up: 0, down: 0 });
    cell.units++;
    cell.levels[level]++;
    if (level >= 3) cell.ge3++;
    const before = yearEnd.get(`${id}|${year - 1}`);
    if (before != null && level > before) cell.up++;
    if (before != null && level < before) cell.down++;
  }
  for (const years of Object.values(out)) for (const c of Object.values(years)) c.share = c.ge3 / c.units;
  return out;
}

let db: Database;
beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'ye', name: '年末', source: 'ye.csv', is_sample: false }, [COLS.join(','), ...INPUT.map(csvRow)].join('\n') + '\n');
});
afterAll(async () => db?.close());

describe('乡镇年末对比', () => {
  it('every township at each year-end: levels, 三星以上, share, units up and down vs the previous year-end', async () => {
    const view = BUILTIN_VIEWS.find((v) => v.name === '乡镇年末对比')!;
    // The global period does not narrow it: the view has years as columns.
    const table = shapePivot(await runAnalysis(db, resolvePivot(view.config, { period: { year: 2024, quarter: 4 }, townships: [], kind: null })));
    const leaves = table.leaves.filter((l) => l.role === 'value');
    const got: Record<string, Record<string, Record<string, unknown>>> = {};
    for (const row of table.rows.filter((r) => r.kind === 'cell')) {
      for (const l of leaves) ((got[row.labels[0]] ??= {})[String(l.columnPath?.[0])] ??= {})[l.headerName] = row.cells[l.colId];
    }
    const want = expected();
    // Townships in the 台账's order, 石门镇 under its new name.
    expect(table.rows.filter((r) => r.kind === 'cell').map((r) => r.labels[0])).toEqual(['城关镇', '石门镇']);
    for (const [township, years] of Object.entries(want)) {
      for (const [year, c] of Object.entries(years)) {
        const g = got[township][year];
        expect(g['单位数'], `${township} ${year}`).toBe(c.units);
        expect([0, 1, 2, 3, 4, 5].map((n) => g[`${['无', '一', '二', '三', '四', '五'][n]}星`] ?? g[`${n}星`]), `${township} ${year}`).toEqual(c.levels);
        expect(g['三星以上单位数'], `${township} ${year}`).toBe(c.ge3);
        expect(g['三星以上占比'] as number, `${township} ${year}`).toBeCloseTo(c.share, 10);
        if (year === '2024') {
          expect(g['升星单位数'], `${township} ${year}`).toBe(c.up);
          expect(g['降星单位数'], `${township} ${year}`).toBe(c.down);
        }
      }
    }
    // Hand check of the plain JS: 城关镇 2023 = a1 annual 3 + a2 Q4 4 → 2 of 2; 2024: a1 5 (up), a2 2 (down).
    expect(want['城关镇'][2023]).toMatchObject({ units: 2, ge3: 2 });
    expect(want['城关镇'][2024]).toMatchObject({ units: 2, ge3: 1, up: 1, down: 1 });
    expect(want['石门镇'][2024]).toMatchObject({ units: 2, ge3: 2, up: 1, down: 0 });
  });
});
