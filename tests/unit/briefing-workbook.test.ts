/**
 * The briefing model (plain JSON, versioned, validated) and its tables and workbook, against
 * the hand-computed analysis county (tests/support/analysis-county.ts).
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import type { Filter } from '../../shared/filter.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { runAnalysis } from '../../shared/engine/index.ts';
import {
  BRIEFING_VERSION, chineseDate, chineseNumber, emptyBriefing, makeItem, moveItem, parseBriefing, type ItemSpec,
} from '../../shared/briefing/model.ts';
import type { Runner } from '../../shared/briefing/narrative.ts';
import { autoTitle, effectivePivotConfig, formatCell, itemTables } from '../../shared/briefing/tables.ts';
import { formatDelta } from '../../shared/format.ts';
import { briefingToXlsx, sheetName, type ExcelJSModule } from '../../shared/briefing/workbook.ts';
import { ANALYSIS_COUNTY_CSV, CHENGGUAN, DONGHU, HEKOU } from '../support/analysis-county.ts';

let db: Database;
let run: Runner;
const Q4F: Filter = { period: { year: 2024, quarter: 4 }, townships: [], kind: null };

beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'd1', name: '测试', source: 'analysis.csv', is_sample: false }, ANALYSIS_COUNTY_CSV);
  run = (q) => runAnalysis(db, q);
});
afterAll(async () => db?.close());

describe('briefing model', () => {
  it('numbers sections and dates the Chinese way', () => {
    expect([1, 2, 9, 10, 11, 12, 20, 21, 35].map(chineseNumber)).toEqual(['一', '二', '九', '十', '十一', '十二', '二十', '二十一', '三十五']);
    expect(chineseDate('2024-10-05')).toBe('2024年10月5日');
  });

  it('round-trips through JSON and drops what it does not understand', () => {
    const b = emptyBriefing(new Date(2024, 9, 5));
    b.items.push(makeItem({ kind: 'ranking', measure: { kind: 'shareAtLeast', level: 3 } }, Q4F, 'a'));
    b.items.push(makeItem({ kind: 'trend', panel: 'share', cadence: 'quarter', level: 3 }, Q4F, 'b'));
    b.items[1].caption = '说明';
    b.narrative = '自己写的';
    expect(parseBriefing(JSON.parse(JSON.stringify(b)))).toEqual(b);
    expect(b.version).toBe(BRIEFING_VERSION);
    expect(b.date).toBe('2024-10-05');

    const broken = parseBriefing({
      title: 3, date: 'yesterday', narrative: 5,
      items: [
        { id: 'x', spec: { kind: 'nope' } },
        { id: 'y', spec: { kind: 'ranking', measure: { kind: 'levels' } } },
        { id: 'z', spec: { kind: 'pivot', pivot: { rows: ['township', 'bogus'], columns: [], measures: [{ kind: 'units' }, { kind: 'evil' }] } }, filter: { period: { year: 2024, quarter: 9 }, townships: ['城关镇', 3], kind: 'x' } },
        { id: 'z', spec: { kind: 'overview' } },
        'junk',
      ],
    });
    expect(broken.title).toBe(emptyBriefing().title);
    expect(broken.narrative).toBeNull();
    expect(broken.items.map((i) => i.spec.kind)).toEqual(['pivot', 'overview']);
    expect(broken.items[0].spec).toEqual({ kind: 'pivot', pivot: { rows: ['township'], columns: [], measures: [{ kind: 'units' }] } });
    expect(broken.items[0].filter).toEqual({ period: null, townships: ['城关镇'], kind: null });
    // Duplicate ids are renamed.
    expect(new Set(broken.items.map((i) => i.id)).size).toBe(2);
    expect(parseBriefing(null).items).toEqual([]);
  });

  it('moves items', () => {
    expect(moveItem(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b'], 0, 5)).toEqual(['a', 'b']);
  });
});

describe('sheet names', () => {
  it('are at most 31 characters, without []:*?/\\, and unique', () => {
    const used = new Set<string>();
    expect(sheetName('a[b]:c*d?e/f\\g', used)).toBe('a b c d e f g');
    const long = '2024年第三季度全县各乡镇三星以上占比排名（仅村）以及更多的文字';
    const a = sheetName(long, used);
    const b = sheetName(long, used);
    const c = sheetName(long, used);
    expect([...a].length).toBe(31);
    expect([...b].length).toBeLessThanOrEqual(31);
    expect(b.endsWith('（2）')).toBe(true);
    expect(c.endsWith('（3）')).toBe(true);
    expect(new Set([a, b, c]).size).toBe(3);
    expect(sheetName("'引号'", used)).toBe('引号');
    expect(sheetName('', used)).toMatch(/^表\d+$/);
    expect(sheetName('History', used)).toMatch(/^表\d+$/);
    expect(sheetName('ABC', used)).toBe('ABC');
    expect(sheetName('abc', used)).toBe('abc（2）');
  });
});

describe('item tables from the engine', () => {
  it('overview: levels, 三星以上占比 and star rates for the period and the one before', async () => {
    const [t] = await itemTables(run, { kind: 'overview' }, Q4F);
    expect(t.title).toBe('2024年第四季度全县“五星”支部创建主要指标');
    expect(t.columns.map((c) => c.header)).toEqual(['指标', '2024年第四季度', '2024年第三季度', '较上季度']);
    const row = (label: string) => t.rows.find((r) => r.cells[0] === label)!.cells;
    expect(row('参评单位数')).toEqual(['参评单位数', 9, 8, '+1']);
    expect(row('“五星”支部数')).toEqual(['“五星”支部数', 1, 0, '+1']);
    expect(row('三星以上单位数')).toEqual(['三星以上单位数', 4, 3, '+1']);
    const share = row('三星以上占比');
    expect(share[1]).toBeCloseTo(4 / 9, 12);
    expect(share[3]).toBe('+6.9个百分点');
    expect(row('宜业兴业星达标率').slice(1)).toEqual([0, 0, '持平']);
  });

  it('ranking: the township ranking with change and levels', async () => {
    const [t] = await itemTables(run, { kind: 'ranking', measure: { kind: 'shareAtLeast', level: 3 } }, Q4F);
    expect(t.title).toBe('2024年第四季度各乡镇三星以上占比排名');
    expect(t.columns.map((c) => c.header)).toEqual(['名次', '乡镇（街道）', '三星以上占比', '较上季度（百分点）', '名次变化', '单位数', '无星', '一星', '二星', '三星', '四星', '五星']);
    // See analysis-ranking.test.ts: 甲县城关镇 2/3, 乙县城关镇 1/2, 东'湖乡 1/2 (from 0), 河口镇 0.
    // The two 城关镇 are told apart by their county, as on the 排名 screen.
    expect(t.rows.map((r) => [r.cells[0], r.cells[1], formatCell(r.cells[2], 'percent'), r.cells[3], r.cells[4]])).toEqual([
      [1, `${CHENGGUAN}（甲县）`, '66.7%', '持平', '持平'],
      [2, `${CHENGGUAN}（乙县）`, '50.0%', '持平', '持平'],
      [2, DONGHU, '50.0%', '+50.0', '上升1'],
      [4, HEKOU, '0.0%', '持平', '下降1'],
    ]);
    expect(t.note).toContain('并列');
  });

  it('pivot: the view config with the filter applied; townships × kind with totals', async () => {
    const spec: ItemSpec = { kind: 'pivot', pivot: { rows: ['township'], columns: ['kind'], measures: [{ kind: 'units' }] } };
    const f: Filter = { period: { year: 2024, quarter: 4 }, townships: [HEKOU, DONGHU], kind: null };
    expect(effectivePivotConfig(spec.pivot, f).filters).toEqual({ townships: [HEKOU, DONGHU], kind: null, periods: ['2024Q4'] });
    const [t] = await itemTables(run, spec, f);
    expect(t.title).toBe(`2024年第四季度${HEKOU}、${DONGHU}统计表（按乡镇、类型）`);
    expect(t.groups).toEqual([[{ text: '村', col: 1, span: 1 }, { text: '合计', col: 2, span: 1 }]]);
    expect(t.columns.map((c) => c.header)).toEqual(['乡镇（街道）', '单位数', '单位数']);
    expect(t.rows.map((r) => r.cells)).toEqual([[DONGHU, 2, 2], [HEKOU, 2, 2], ['合计', 4, 4]]);
    expect(t.rows[2].kind).toBe('total');
  });

  it('trends: share per township and the level structure per quarter', async () => {
    const [share] = await itemTables(run, { kind: 'trend', panel: 'share', cadence: 'quarter', level: 3 }, Q4F);
    expect(share.columns.map((c) => c.header)).toEqual(['乡镇（街道）', '2023年第四季度', '2024年第三季度', '2024年第四季度']);
    expect(share.rows[0].cells[0]).toBe('全县');
    expect(share.rows[0].cells.slice(2)).toEqual([3 / 8, 4 / 9]);
    const [levels] = await itemTables(run, { kind: 'trend', panel: 'levels', cadence: 'quarter' }, Q4F);
    expect(levels.rows.map((r) => r.cells[0])).toEqual(['五星', '四星', '三星', '二星', '一星', '无星', '合计']);
    expect(levels.rows.at(-1)!.cells).toEqual(['合计', 4, 8, 9]);
  });

  it('boards and year over year', async () => {
    const boards = await itemTables(run, { kind: 'boards', target: 'township', measure: { kind: 'shareAtLeast', level: 3 }, by: 'value', unitBy: 'level', n: 1 }, Q4F);
    expect(boards.map((b) => b.title)).toEqual(['2024年第四季度乡镇红黑榜（三星以上占比） · 红榜', '2024年第四季度乡镇红黑榜（三星以上占比） · 黑榜']);
    expect(boards[0].rows.map((r) => r.cells[1])).toEqual([CHENGGUAN]);
    expect(boards[1].rows.map((r) => r.cells[1])).toEqual([HEKOU]);
    const [yoy] = await itemTables(run, { kind: 'yearOverYear', yearA: 2023, yearB: 2024 }, Q4F);
    // 2023: a1 annual 3, a2 Q4 1, b1 Q4 3, b2 Q4 2 → 2024 Q4: a1 5, a2 2, b1 3, b2 1.
    expect(yoy.rows.map((r) => [r.cells[1], r.cells[4]])).toEqual([['王庄村', '升2星'], ['李寨村', '升1星'], ['和平社区', '降1星']]);
    expect(yoy.note).toContain('升星2个，降星1个，持平1个');
  });

  it('writes them all into one workbook, a sheet each, with number formats', async () => {
    const specs: ItemSpec[] = [
      { kind: 'overview' },
      { kind: 'ranking', measure: { kind: 'shareAtLeast', level: 3 } },
      { kind: 'pivot', pivot: { rows: ['township'], columns: ['kind'], measures: [{ kind: 'units' }, { kind: 'shareAtLeast', level: 3 }] } },
    ];
    const tables = (await Promise.all(specs.map((s) => itemTables(run, s, Q4F)))).flat();
    const bytes = await briefingToXlsx(tables, ExcelJS as unknown as ExcelJSModule, { title: '简报', unit: '中共XX县委组织部', date: '2024-10-05' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(tables.map((t) => t.title.slice(0, 31)));
    const ranking = wb.worksheets[1];
    expect(ranking.getCell('A1').value).toBe('2024年第四季度各乡镇三星以上占比排名');
    expect(ranking.getCell('C2').value).toBe('三星以上占比');
    expect(ranking.getCell('C3').value).toBeCloseTo(2 / 3, 12);
    expect(ranking.getCell('C3').numFmt).toBe('0.0%');
    const pivot = wb.worksheets[2];
    // Title, the kind group row, the leaf header row; 乡镇 merged over both header rows.
    expect(pivot.getCell('B2').value).toBe('村');
    expect(pivot.getCell('A2').value).toBe('乡镇（街道）');
    expect(pivot.getCell('A3').isMerged).toBe(true);
  });

  it('writes changes as numbers, borders, 制表单位 and a narrative sheet; wide tables print landscape', async () => {
    const tables = await itemTables(run, { kind: 'ranking', measure: { kind: 'shareAtLeast', level: 3 } }, Q4F);
    const bytes = await briefingToXlsx(tables, ExcelJS as unknown as ExcelJSModule,
      { title: '简报', unit: '中共XX县委组织部', date: '2024-10-05', narrative: '截至2024年第四季度，全县共有参评单位7个。\n\n与上季度相比，1个单位星级提升。' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const [story, ranking] = wb.worksheets;
    expect(story.name).toBe('总体情况');
    expect([4, 5, 6].map((r) => story.getCell(`A${r}`).value)).toEqual(['一、总体情况', '截至2024年第四季度，全县共有参评单位7个。', '与上季度相比，1个单位星级提升。']);
    // 东'湖乡 rose 50.0 points: a number (not the text '+50.0), shown with its sign; a flat change reads 持平.
    const donghu = ranking.getRows(3, 4)!.find((r) => r.getCell(2).value === DONGHU)!;
    expect(donghu.getCell(4).value).toBe(50);
    expect(donghu.getCell(4).numFmt).toBe('+0.0;-0.0;"持平"');
    expect(ranking.getCell('D3').value).toBe('持平');
    expect(ranking.getCell('A3').border?.top?.style).toBe('thin');
    expect(ranking.pageSetup.orientation).toBe('landscape');
    const cells: string[] = [];
    ranking.eachRow((row) => cells.push(String(row.getCell(1).value ?? '')));
    expect(cells).toContain('制表单位：中共XX县委组织部　　制表日期：2024-10-05');
  });

  it('titles and deltas', () => {
    expect(autoTitle({ kind: 'trend', panel: 'heatmap', cadence: 'year', measure: { kind: 'avgLevel' } }, { ...Q4F, kind: 'village' }))
      .toBe('全县（仅村）各乡镇平均星级（乡镇×期次）（按年度）');
    expect(formatDelta('percent', -0.0234).short).toBe('−2.3个百分点');
    expect(formatDelta('percent', 0.05).bare).toBe('+5.0');
    expect(formatDelta('count', 0).short).toBe('持平');
    expect(formatDelta('decimal', 0.125).short).toBe('+0.13');
    // No previous value: the change cannot be computed (issue #10), never a dash or a zero.
    expect(formatDelta('count', null).short).toBe('无可比数据');
  });
});
