/**
 * Issue #10 in the pivot, the trends and the briefing's tables: a change measure (升星单位数,
 * 降星单位数, 增星数, 减星数) is counted over the units rated in both periods, and where no
 * unit of a cell has a previous rating it reads 无可比数据, never 0; a footnote says how many
 * units were left out.
 *
 * The county (all villages; level = stars held, in the order I E S C B, so level 3 = I E S):
 *
 *   unit        2022年 2023年 | 2024Q1 2024Q2 2024Q3 2024Q4
 *   a 一村 甲镇   2      3     |   3      4      4      -
 *   b 二村 甲镇   2      -     |   2      1      1      -
 *   g 七村 甲镇   -      1     |   -      -      -      -
 *   c 三村 乙镇   -      -     |   1      -      2      -     ← no Q2: not compared in Q3
 *   d 四村 乙镇   -      -     |   2      -      -      -
 *   e 五村 甲镇   -      -     |   -      3      3      -     ← new in Q2
 *   f 六村 乙镇   -      -     |   -      0      0      -     ← new in Q2: 乙镇's only unit then
 *   p 八村 甲镇   -      -     |   -      -      -      3     ← Q4: every unit new
 *   q 九村 甲镇   -      -     |   -      -      -      3
 *   r 十村 乙镇   -      -     |   -      -      -      1
 *
 * By hand, vs the previous quarter: Q1 has none (no 2023Q4). Q2 甲镇: a 3→4 rose and gained
 * 文明幸福星, b 2→1 fell and lost 生态宜居星, e new; 乙镇: f new, nothing to compare. Q3: a b e
 * f unchanged, c not compared. Q4: nothing to compare. By year: 2023 vs 2022: a 2→3 (gained
 * 平安法治星), g new; 2024 (Q4 values: p q r) is all new.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import type { Filter } from '../../shared/filter.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { runAnalysis } from '../../shared/engine/index.ts';
import type { MeasureSpec } from '../../shared/analysis/measures.ts';
import { type PivotConfig, pivotQuery, type PivotResult, shapePivot } from '../../shared/analysis/pivot.ts';
import { pivotToCsv } from '../../shared/analysis/pivot-export.ts';
import { pivotChangeNote, pivotComparisonConfig, pivotComparisonQuery } from '../../shared/analysis/pivot-comparable.ts';
import { heatmapCellNote, heatmapCellText, heatmapChangeNote, heatmapQuery } from '../../shared/analysis/trends.ts';
import type { Runner } from '../../shared/briefing/narrative.ts';
import { formatCell, itemTables } from '../../shared/briefing/tables.ts';
import { briefingToXlsx, type ExcelJSModule } from '../../shared/briefing/workbook.ts';
import { COMPARABLE_CSV } from '../support/comparable-county.ts';
import { both, pivotBoth } from '../support/analysis-run.ts';

const CSV = COMPARABLE_CSV;

const NC = '无可比数据';
const JIA = '甲镇';
const YI = '乙镇';
const CHANGES: MeasureSpec[] = [{ kind: 'unitsUp' }, { kind: 'unitsDown' }, { kind: 'starsGained' }, { kind: 'starsLost' }, { kind: 'units' }];

let db: Database;
let run: Runner;

beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'd1', name: '测试', source: 'comparable-pivot.csv', is_sample: false }, CSV);
  run = (q) => runAnalysis(db, q);
});
afterAll(async () => db?.close());

/** The values of the result row for a township (null: the total) and a period (null: the total). */
function cell(res: PivotResult, township: string | null, period: string | null): Array<number | null> {
  const r = res.rows.find((x) => (township == null ? x.rolled.township : x.dims.township === township)
    && (period == null ? x.rolled.period : x.dims.period === period));
  if (!r) throw new Error(`no row ${township} ${period}`);
  return Object.values(r.values);
}

describe('pivot: a change where no unit of the cell compares is NULL, not 0', () => {
  const config: PivotConfig = { rows: ['township'], columns: ['period'], measures: CHANGES, cadence: 'quarter' };

  it('by township and quarter, from the summaries and the raw rows alike', async () => {
    const res = await pivotBoth(db, config);
    // [升星, 降星, 增星, 减星, 单位数]
    expect(cell(res, JIA, '2024Q1')).toEqual([null, null, null, null, 2]);
    // 甲镇 Q2: a rose (gained C), b fell (lost E); e is new and takes no part.
    expect(cell(res, JIA, '2024Q2')).toEqual([1, 1, 1, 1, 3]);
    // 乙镇 Q2: f alone, new: nothing to compare.
    expect(cell(res, YI, '2024Q2')).toEqual([null, null, null, null, 1]);
    // The county in Q2 counts a and b only: 1 up, 1 down.
    expect(cell(res, null, '2024Q2')).toEqual([1, 1, 1, 1, 4]);
    // Q3: 乙镇's f compares (unchanged): a true 0; c has no Q2 and is left out.
    expect(cell(res, YI, '2024Q3')).toEqual([0, 0, 0, 0, 2]);
    expect(cell(res, JIA, '2024Q3')).toEqual([0, 0, 0, 0, 3]);
    // Q4: every unit new, in each township and in the county.
    for (const t of [JIA, YI, null]) expect(cell(res, t, '2024Q4').slice(0, 4)).toEqual([null, null, null, null]);
    expect(cell(res, null, '2024Q1').slice(0, 4)).toEqual([null, null, null, null]);
    // Over all quarters: 乙镇 has its Q3 comparison (0), the county a's rise and b's fall.
    expect(cell(res, YI, null)).toEqual([0, 0, 0, 0, 6]);
    expect(cell(res, null, null)).toEqual([1, 1, 1, 1, 16]);
  });

  it('the grid reads 无可比数据 in those cells and keeps the numbers elsewhere', async () => {
    const t = shapePivot(await pivotBoth(db, config));
    const text = (label: string, period: string, m: string) => t.rows.find((r) => r.labels[0] === label)!.cells[`c:${JSON.stringify([period])}:${m}`];
    expect(['2024Q1', '2024Q2', '2024Q3', '2024Q4'].map((p) => text(YI, p, 'm0'))).toEqual([NC, NC, 0, NC]);
    expect(['2024Q1', '2024Q2', '2024Q3', '2024Q4'].map((p) => text(JIA, p, 'm0'))).toEqual([NC, 1, 0, NC]);
    expect(['2024Q1', '2024Q2', '2024Q3', '2024Q4'].map((p) => text('合计', p, 'm3'))).toEqual([NC, 1, 0, NC]);
    // The unit count is no change: a number in every cell.
    expect(text(YI, '2024Q2', 'm4')).toBe(1);
    expect(t.leaves.filter((l) => l.change).map((l) => l.headerName)).toContain('升星单位数');
    expect(t.leaves.find((l) => l.colId === 't:m4')!.change).toBeUndefined();
  });

  it('the CSV export writes 无可比数据, not an empty cell', async () => {
    const t = shapePivot(await pivotBoth(db, { rows: ['township'], columns: [], measures: [{ kind: 'unitsUp' }], filters: { periods: ['2024Q2'] } }));
    const lines = pivotToCsv(t, '透视').split(/\r?\n/);
    expect(lines).toContain(`${JIA},1`);
    expect(lines).toContain(`${YI},${NC}`);
  });

  it('a township with no rating in a period has no cell there (blank), which is not 无可比数据', async () => {
    // All ratings as rated: 乙镇 has no annual rating; 甲镇's 2023 rating compares with 2022 (a 2→3).
    const t = shapePivot(await pivotBoth(db, { rows: ['township'], columns: ['period'], measures: [{ kind: 'unitsUp' }] }));
    const yi = t.rows.find((r) => r.labels[0] === YI)!;
    const jia = t.rows.find((r) => r.labels[0] === JIA)!;
    expect(yi.cells[`c:${JSON.stringify(['2023'])}:m0`]).toBeUndefined();
    expect(jia.cells[`c:${JSON.stringify(['2023'])}:m0`]).toBe(1);
    expect(jia.cells[`c:${JSON.stringify(['2022'])}:m0`]).toBe(NC);
  });

  it('by star category (the star summary and the raw unit × star rows)', async () => {
    const res = await pivotBoth(db, {
      rows: ['star'], columns: ['township'], measures: [{ kind: 'starsGained' }, { kind: 'starsLost' }], filters: { periods: ['2024Q2'] },
    });
    const of = (star: string, township: string | null) => {
      const r = res.rows.find((x) => x.dims.star === star && (township == null ? x.rolled.township : x.dims.township === township))!;
      return [r.values.m0, r.values.m1];
    };
    expect(of('civility', JIA)).toEqual([1, 0]);
    expect(of('ecology', JIA)).toEqual([0, 1]);
    expect(of('safety', JIA)).toEqual([0, 0]);
    for (const s of ['branch', 'industry', 'ecology', 'safety', 'civility']) expect(of(s, YI)).toEqual([null, null]);
    expect(of('civility', null)).toEqual([1, 0]);
  });

  it('by year: each year vs the one before', async () => {
    const res = await pivotBoth(db, {
      rows: ['period'], columns: [], cadence: 'year', totals: { rows: 'none' },
      measures: [{ kind: 'unitsUp' }, { kind: 'starsGained' }, { kind: 'units' }],
    });
    // 2022: nothing before; 2023: a 2→3 (gained S), g new; 2024 (Q4 values p q r): all new.
    expect(res.rows.map((r) => [r.dims.period, ...Object.values(r.values)])).toEqual([
      ['2022', null, null, 2], ['2023', 1, 1, 2], ['2024', null, null, 3],
    ]);
  });
});

describe('pivot: the footnote says how many units had no previous rating', () => {
  const atPeriod = (period: string, rows: PivotConfig['rows'] = ['township']): PivotConfig =>
    ({ rows, columns: [], measures: [{ kind: 'unitsUp' }, { kind: 'units' }], filters: { periods: [period] } });

  const note = async (config: PivotConfig) => {
    // The comparison counts agree between the summaries and the raw rows.
    await pivotBoth(db, pivotComparisonConfig(config));
    const c = await run(pivotComparisonQuery(config)!);
    return { c, text: pivotChangeNote(c, shapePivot(await run(pivotQuery(config)))) };
  };

  it('Q2: half the units are new; 乙镇 reads 无可比数据', async () => {
    const { c, text } = await note(atPeriod('2024Q2'));
    expect(c).toEqual({ units: 4, comparable: 2, against: '上季度', onePeriod: true, labels: ['升星单位数'] });
    expect(text).toBe('升星单位数只计两期均有评定的单位；另有2个单位上季度无评定记录，未参与比较；标“无可比数据”的格子内各单位上季度均无评定记录。');
  });

  it('Q3: one unit left out, no cell without a comparison', async () => {
    const { text } = await note(atPeriod('2024Q3', []));
    expect(text).toBe('升星单位数只计两期均有评定的单位；另有1个单位上季度无评定记录，未参与比较。');
  });

  it('Q4: every unit new', async () => {
    const { c, text } = await note(atPeriod('2024Q4'));
    expect([c.units, c.comparable]).toEqual([3, 0]);
    expect(text).toBe('升星单位数：无可比数据（本期3个单位上季度均无评定记录）。');
  });

  it('over every quarter the units are counted once per quarter (单位次)', async () => {
    const { c, text } = await note({ rows: ['township'], columns: ['period'], measures: [{ kind: 'starsLost' }], cadence: 'quarter' });
    // 4 + 4 + 5 + 3 unit-quarters; comparable 0 + 2 + 4 + 0.
    expect([c.units, c.comparable, c.against, c.onePeriod]).toEqual([16, 6, '上季度', false]);
    expect(text).toBe('较上期减星数只计两期均有评定的单位；另有10个单位次上季度无评定记录，未参与比较；标“无可比数据”的格子内各单位上季度均无评定记录。');
  });

  it('no note without a change measure, or when every unit compares', async () => {
    expect(pivotComparisonQuery({ ...atPeriod('2024Q2'), measures: [{ kind: 'units' }] })).toBeNull();
    const { text } = await note({ ...atPeriod('2024Q3'), filters: { periods: ['2024Q3'], townships: [JIA] } });
    expect(text).toBe('');
  });
});

describe('trends: the heatmap of a change measure', () => {
  it('quarterly: cells without a comparable unit read 无可比数据; blank cells are townships not rated', async () => {
    const h = await both(db, (source) => heatmapQuery({ kind: 'unitsUp' }, { source }));
    expect(h.townships.map((t) => t.township)).toEqual([JIA, YI]);
    expect(h.periods).toEqual(['2024Q1', '2024Q2', '2024Q3', '2024Q4']);
    expect(h.values).toEqual([[null, 1, 0, null], [null, null, 0, null]]);
    expect(h.comparison).toEqual({ units: [[2, 3, 3, 2], [2, 1, 2, 1]], comparable: [[0, 2, 3, 0], [0, 0, 1, 0]], against: '上季度' });
    const texts = h.townships.map((_, t) => h.periods.map((_, p) => heatmapCellText(h, t, p, String)));
    expect(texts).toEqual([[NC, '1', '0', NC], [NC, NC, '0', NC]]);
    expect(heatmapCellNote(h, 0, 1)).toBe('另有1个单位上季度无评定记录，未参与比较');
    expect(heatmapCellNote(h, 0, 2)).toBe('');
    // None: 甲镇 Q1 Q4, 乙镇 Q1 Q2 Q4; left out: e (甲镇 Q2) and c (乙镇 Q3).
    expect(heatmapChangeNote(h)).toBe('升星单位数只计两期均有评定的单位：5格无可比数据（该乡镇该期各单位上季度均无评定记录）；其余格子另有2个单位次上季度无评定记录，未参与比较。');
  });

  it('yearly: compared with the previous year; 乙镇 has no rating before 2024 (blank)', async () => {
    const h = await both(db, (source) => heatmapQuery({ kind: 'starsGained' }, { source, cadence: 'year' }));
    expect(h.periods).toEqual(['2022', '2023', '2024']);
    expect(h.values).toEqual([[null, 1, null], [null, null, null]]);
    expect(h.townships.map((_, t) => h.periods.map((_, p) => heatmapCellText(h, t, p, String)))).toEqual([[NC, '1', NC], ['—', '—', NC]]);
    expect(h.comparison?.against).toBe('上年度');
  });

  it('a measure that is no change has no comparison and no note', async () => {
    const h = await run(heatmapQuery({ kind: 'units' }));
    expect(h.comparison).toBeUndefined();
    expect(heatmapChangeNote(h)).toBe('');
    expect(heatmapCellText(h, 1, 0, String)).toBe('2');
  });
});

describe('the briefing: tables and workbook say 无可比数据, never 0', () => {
  const Q1F: Filter = { period: { year: 2024, quarter: 1 }, townships: [], kind: null };
  const Q2F: Filter = { period: { year: 2024, quarter: 2 }, townships: [], kind: null };

  it('overview: no previous quarter reads 无可比数据（无上期数据）; a different set of units is noted', async () => {
    const [q1] = await itemTables(run, { kind: 'overview' }, Q1F);
    expect(q1.rows.find((r) => r.cells[0] === '参评单位数')!.cells).toEqual(['参评单位数', 4, null, '无可比数据（无上期数据）']);
    expect(q1.note).toBeUndefined();
    const [q2] = await itemTables(run, { kind: 'overview' }, Q2F);
    // Q2 4 units vs Q1 4 units: 持平, but over different units.
    expect(q2.rows.find((r) => r.cells[0] === '参评单位数')!.cells).toEqual(['参评单位数', 4, 4, '持平']);
    expect(q2.note).toBe('两期参评单位不完全相同：本期有2个单位上季度无评定记录，上季度有2个单位本期无评定记录。');
  });

  it('pivot: 乙镇 reads 无可比数据, the county counts a and b, the note counts the new units', async () => {
    const [t] = await itemTables(run, { kind: 'pivot', pivot: { rows: ['township'], columns: [], measures: [{ kind: 'unitsUp' }, { kind: 'units' }] } }, Q2F);
    expect(t.rows.map((r) => r.cells)).toEqual([[JIA, 1, 3], [YI, NC, 1], ['合计', 1, 4]]);
    expect(formatCell(t.rows[1].cells[1], 'count')).toBe(NC);
    expect(t.note).toBe('升星单位数只计两期均有评定的单位；另有2个单位上季度无评定记录，未参与比较；标“无可比数据”的格子内各单位上季度均无评定记录。');
  });

  it('ranking by a change: the value and the change read 无可比数据 where they cannot be computed', async () => {
    const [t] = await itemTables(run, { kind: 'ranking', measure: { kind: 'unitsUp' } }, Q2F);
    // Q1 had nothing to compare with: neither township has a change of its 升星单位数.
    expect(t.rows.map((r) => r.cells.slice(0, 4))).toEqual([[1, JIA, 1, NC], [2, YI, NC, NC]]);
    expect(t.note).toContain('升星单位数只计两期均有评定的单位：另有2个单位上季度无评定记录，未参与比较。');
  });

  it('heatmap and workbook: the text is written as text, not as 0 or an empty cell', async () => {
    const [heat] = await itemTables(run, { kind: 'trend', panel: 'heatmap', cadence: 'quarter', measure: { kind: 'unitsUp' } }, Q2F);
    expect(heat.rows.map((r) => r.cells)).toEqual([[JIA, NC, 1, 0, NC], [YI, NC, NC, 0, NC]]);
    expect(heat.note).toContain('5格无可比数据');
    const [pivot] = await itemTables(run, { kind: 'pivot', pivot: { rows: ['township'], columns: [], measures: [{ kind: 'unitsUp' }] } }, Q2F);
    const bytes = await briefingToXlsx([pivot, heat], ExcelJS as unknown as ExcelJSModule);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const [ps, hs] = wb.worksheets;
    // Title, header, then 甲镇, 乙镇, 合计.
    expect([ps.getCell('A3').value, ps.getCell('B3').value]).toEqual([JIA, 1]);
    expect([ps.getCell('A4').value, ps.getCell('B4').value]).toEqual([YI, NC]);
    expect(ps.getCell('B5').value).toBe(1);
    expect(ps.getCell('A7').value).toBe(pivot.note);
    expect([hs.getCell('B3').value, hs.getCell('C3').value, hs.getCell('C4').value, hs.getCell('D4').value]).toEqual([NC, 1, NC, 0]);
  });
});
