/**
 * Issue #17: 创建规划 sheets (counts and shares as people write them) and 软弱涣散 conversion
 * (vs the same quarter a year earlier), through `xingtu summary --plan`, against a county
 * built by hand: a unit converted and flagged again, a township renamed between the years.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { readImportFile } from '../../shared/import/read.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { PlanSheetError, readPlan } from '../../shared/plans/sheet.ts';
import { NORMALIZED_CSV_COLUMNS } from '../../shared/sql/schema.ts';
import { resolveConvertedUnits, resolveWeakSummary } from '../../shared/views/overview.ts';

const COLS = Object.keys(NORMALIZED_CSV_COLUMNS);

/** A village rated in Q4 of a year: its level (stars from branch on) and whether it is 软弱涣散. */
function row(id: string, township: string, year: number, level: number, weak: boolean): string {
  const stars = ['branch', 'industry', 'ecology', 'safety', 'civility'];
  const v: Record<string, string | number> = {
    unit_id: id, county: '规划县', township, name: `${id}村`, kind: 'village', year, quarter: 4, level, target_level: '',
    weak_branch: String(weak), collective_income: '', score: '',
  };
  stars.forEach((s, i) => { v[s] = String(i < level); });
  for (const s of ['cobuild', 'harmony', 'business']) v[s] = '';
  return COLS.map((c) => v[c]).join(',');
}

// 2024Q4 → 2025Q4 → 2026Q4.
//   w1 石门乡 → 石门镇 (撤乡设镇 in 2025): weak 2024, not 2025 (converted in 2025), weak again 2026 (newly weak in 2026).
//   w2 城关镇: weak 2024 and 2025 (not converted), not 2026 (converted in 2026).
//   w3 城关镇: never weak.   w4 城关镇: weak in 2025 only, first rated 2025 (weak, not newly: nothing to compare).
const CSV = [
  COLS.join(','),
  row('w1', '石门乡', 2024, 1, true), row('w1', '石门镇', 2025, 3, false), row('w1', '石门镇', 2026, 2, true),
  row('w2', '城关镇', 2024, 0, true), row('w2', '城关镇', 2025, 1, true), row('w2', '城关镇', 2026, 3, false),
  row('w3', '城关镇', 2024, 4, false), row('w3', '城关镇', 2025, 4, false), row('w3', '城关镇', 2026, 5, false),
  row('w4', '城关镇', 2025, 2, true), row('w4', '城关镇', 2026, 2, false),
].join('\n') + '\n';

let db: Database;
let dir: string;
beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'd1', name: '规划县', source: '规划县.csv', is_sample: false }, CSV);
  dir = mkdtempSync(join(tmpdir(), 'xingtu-plan-'));
  writeFileSync(join(dir, '规划县.csv'), CSV);
});
afterAll(async () => db?.close());

const run = async <T,>(q: { sql: string; read: (rows: never[]) => T }) => q.read((await db.query(q.sql)) as never[]);

describe('软弱涣散 conversion vs the same quarter a year earlier', () => {
  it('2025Q4: w1 converted (under its new township name), w2 still weak, w4 weak with nothing to compare', async () => {
    const s = await run(resolveWeakSummary({ year: 2025, quarter: 4 }, 'township', { townships: [], kind: null }));
    expect(s.versus).toBe('2024Q4');
    // Townships in the 台账's order: w1's rows open the file, so 石门镇 (its new name) comes first.
    expect(s.rows).toEqual([
      { group: '石门镇', weak: 0, converted: 1, newlyWeak: 0, comparable: 1 },
      { group: '城关镇', weak: 2, converted: 0, newlyWeak: 0, comparable: 2 },
    ]);
    expect(s.total).toEqual({ weak: 2, converted: 1, newlyWeak: 0, comparable: 3 });
  });

  it('lists the converted units with the stars they hold now and their record', async () => {
    const c25 = await run(resolveConvertedUnits({ year: 2025, quarter: 4 }, { townships: [], kind: null }));
    // w1: weak 1星 in 2024Q4 (as 石门乡), 3星 and not weak in 2025Q4, under its new township name.
    expect(c25).toEqual([{
      unitId: 'w1', name: 'w1村', county: '规划县', township: '石门镇', kind: 'village', level: 3, held: ['branch', 'industry', 'ecology'],
      history: [{ period: '2024Q4', level: 1, weak: true }, { period: '2025Q4', level: 3, weak: false }],
    }]);
    // 2026Q4: w2 (weak 2024 and 2025, 3星 now) and w4 (weak 2025, 2星 now); w1 flagged again is not listed.
    const c26 = await run(resolveConvertedUnits({ year: 2026, quarter: 4 }, { townships: [], kind: null }));
    expect(c26.map((u) => [u.unitId, u.level, u.history.map((h) => `${h.period}:${h.level}星${h.weak ? '弱' : ''}`).join(' ')])).toEqual([
      ['w2', 3, '2024Q4:0星弱 2025Q4:1星弱 2026Q4:3星'],
      ['w4', 2, '2025Q4:2星弱 2026Q4:2星'],
    ]);
  });

  it('2026Q4: w1 flagged again (newly weak, not converted), w2 and w4 converted', async () => {
    const s = await run(resolveWeakSummary({ year: 2026, quarter: 4 }, 'township', { townships: [], kind: null }));
    expect(s.total).toEqual({ weak: 1, converted: 2, newlyWeak: 1, comparable: 4 });
  });
});

async function planWorkbook(file: string, rows: Array<Array<string | number | null>>, title = '规划县2026年“五星”支部创建规划'): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('创建规划');
  ws.addRow([title]);
  ws.addRow(['乡镇（街道）', '规划五星', '规划四星', '规划三星', '三星以上占比目标']);
  for (const r of rows) ws.addRow(r);
  const path = join(dir, file);
  await wb.xlsx.writeFile(path);
  return path;
}

describe('创建规划 sheets', () => {
  it('reads counts as 1个 or 1, shares as 30%, 0.3 or 30, and sums the county when it has no 合计 row', async () => {
    const path = await planWorkbook('plan.xlsx', [['城关镇', '1个', 2, '3个', '30%'], ['石门镇', 0, '1个', 2, 0.45], ['白马乡', 1, 1, 1, 60]]);
    const { readFile } = await import('node:fs/promises');
    const plan = readPlan(await readImportFile('plan.xlsx', new Uint8Array(await readFile(path))));
    expect(plan.year).toBe(2026);
    expect(plan.townships).toEqual([
      { township: '城关镇', five: 1, four: 2, three: 3, share3plus: 0.3 },
      { township: '石门镇', five: 0, four: 1, three: 2, share3plus: 0.45 },
      { township: '白马乡', five: 1, four: 1, three: 1, share3plus: 0.6 },
    ]);
    expect(plan.county).toEqual({ five: 2, four: 4, three: 6, share3plus: null });
  });

  it('names file, sheet, row, column and value of a value that is not a count', async () => {
    const path = await planWorkbook('bad.xlsx', [['城关镇', '一个', 2, 3, '30%']]);
    const { readFile } = await import('node:fs/promises');
    const sheets = await readImportFile('bad.xlsx', new Uint8Array(await readFile(path)));
    expect(() => readPlan(sheets)).toThrow(PlanSheetError);
    expect(() => readPlan(sheets)).toThrow('“bad.xlsx”工作表“创建规划”第3行“规划五星”列的值“一个”不是个数');
  });
});

describe('xingtu summary --plan', () => {
  it('adds weak, converted and each township\'s plan; the county plan from its 合计 row; names a planned township with no units', async () => {
    const plan = await planWorkbook('2026plan.xlsx', [['城关镇', '1个', 2, 3, '60%'], ['石门镇', 0, 1, 1, 0.5], ['白马乡', 1, 1, 1, 30], ['合计', 3, 5, 6, '55%']]);
    let out = '';
    let err = '';
    const code = await main(['summary', join(dir, '规划县.csv'), '--period', '2026Q4', '--plan', plan, '--json'], { out: (t) => { out += t; }, err: (t) => { err += t; } });
    expect(code).toBe(0);
    const s = JSON.parse(out);
    // 2026Q4: 城关镇 w2 (3, converted), w3 (5), w4 (2, converted); 石门镇 w1 (2, weak again).
    expect(s.rows).toEqual([
      // 石门镇 first: w1 (then 石门乡) opens the 台账.
      { township: '石门镇', units: 1, levels: [0, 0, 1, 0, 0, 0], share3plus: 0, weak: 1, converted: 0, plan: { five: 0, four: 1, share3plus: 0.5 } },
      { township: '城关镇', units: 3, levels: [0, 0, 1, 1, 0, 1], share3plus: 0.6667, weak: 0, converted: 2, plan: { five: 1, four: 2, share3plus: 0.6 } },
    ]);
    expect(s.total).toEqual({ units: 4, levels: [0, 0, 2, 1, 0, 1], share3plus: 0.5, weak: 1, converted: 2, plan: { five: 3, four: 5, share3plus: 0.55 } });
    expect(err).toContain('白马乡 在数据中没有单位');
  });
});
