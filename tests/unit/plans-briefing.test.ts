/**
 * Issue #17 in the 简报: the 规划完成 and 软弱涣散 tables (page, PDF, Word and Excel read these)
 * and the narrative's sentence about the plan, over a county built by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { parseBriefing } from '../../shared/briefing/model.ts';
import { narrativeFacts, writeNarrative, type Runner } from '../../shared/briefing/narrative.ts';
import { autoTitle, itemTables } from '../../shared/briefing/tables.ts';
import { setPlanSource } from '../../shared/plans/store-format.ts';
import type { Plan } from '../../shared/plans/sheet.ts';
import { checkBriefing } from '../../shared/specs.ts';
import { NORMALIZED_CSV_COLUMNS } from '../../shared/sql/schema.ts';

const COLS = Object.keys(NORMALIZED_CSV_COLUMNS);

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

// 2024Q4 → 2025Q4. In 2025Q4: 城关镇 w2 (1星, weak both years), w3 (4星), w4 (2星, weak, first rated);
// 石门镇 w1 (3星; 石门乡 and weak in 2024: converted).
//   城关镇 3 units, levels [0,1,1,0,1,0], 三星以上 1/3; 石门镇 1 unit, 三星; county 4 units, 五星 0, 四星 1, 三星以上 2/4.
const CSV = [
  COLS.join(','),
  row('w1', '石门乡', 2024, 1, true), row('w1', '石门镇', 2025, 3, false),
  row('w2', '城关镇', 2024, 0, true), row('w2', '城关镇', 2025, 1, true),
  row('w3', '城关镇', 2024, 4, false), row('w3', '城关镇', 2025, 4, false),
  row('w4', '城关镇', 2025, 2, true),
].join('\n') + '\n';

const PLAN: Plan = {
  year: 2025,
  townships: [
    { township: '城关镇', five: 1, four: 1, three: null, share3plus: 0.3 },
    { township: '石门镇', five: 0, four: 1, three: null, share3plus: 0.5 },
    { township: '新区街道', five: 1, four: 0, three: null, share3plus: null },
  ],
  county: { five: 2, four: 2, three: null, share3plus: null },
};

let db: Database;
beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'd1', name: '规划县', source: '规划县.csv', is_sample: false }, CSV);
});
afterAll(async () => db?.close());

const run: Runner = async (q) => q.read((await db.query(q.sql)) as never[]);
const Q4 = { year: 2025, quarter: 4 };
const FILTER = { period: Q4, townships: [], kind: null };

describe('规划完成 in the 简报', () => {
  it('one row per planned township in the plan\'s order, then the county; a township with no units shows 0 and —', async () => {
    setPlanSource(() => [PLAN]);
    const spec = { kind: 'planAttainment' } as const;
    expect(autoTitle(spec, FILTER)).toBe('2025年第四季度各乡镇创建规划完成情况');
    const [t] = await itemTables(run, spec, FILTER);
    expect(t.columns.map((c) => c.header)).toEqual(['乡镇（街道）', '规划五星', '已创成五星', '规划四星', '已创成四星', '三星以上占比目标', '三星以上占比实际', '完成情况']);
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['城关镇', 1, 0, 1, 1, 0.3, 0.3333, '未达到'],
      ['石门镇', 0, 0, 1, 0, 0.5, 1, '未达到'],
      ['新区街道', 1, 0, 0, 0, null, null, '未达到'],
      ['全县', 2, 0, 2, 1, null, 0.5, '未达到'],
    ]);
    expect(t.rows[3].kind).toBe('total');
    expect(t.note).toBe('2025年创建规划，按2025年第四季度评定结果对照；五星目标达到1个、未达到2个乡镇，四星目标达到2个、未达到1个乡镇，'
      + '三星以上占比目标达到2个、未达到0个乡镇；新区街道本期没有评定数据（已创成按0计，占比无法计算）。');
  });

  it('no plan for the year: an empty table saying how to import one', async () => {
    setPlanSource(() => [{ ...PLAN, year: 2024 }]);
    const [t] = await itemTables(run, { kind: 'planAttainment' }, FILTER);
    expect(t.rows).toEqual([]);
    expect(t.note).toBe('工作区中没有2025年创建规划。请在“排名”页导入创建规划表。');
  });
});

describe('软弱涣散 in the 简报', () => {
  it('per township vs 2024Q4: 城关镇 2 weak, 石门镇 1 converted (renamed from 石门乡)', async () => {
    const spec = { kind: 'weakConversion' } as const;
    expect(autoTitle(spec, FILTER)).toBe('2025年第四季度各乡镇软弱涣散党组织整顿转化情况');
    const [t] = await itemTables(run, spec, FILTER);
    expect(t.columns.map((c) => c.header)).toEqual(['乡镇（街道）', '软弱涣散（本期）', '已转化', '新增软弱涣散', '两期均有评定单位']);
    // 石门镇 first: w1 (then 石门乡) opens the 台账, and the table keeps the 台账's township order.
    expect(t.rows.map((r) => r.cells)).toEqual([['石门镇', 0, 1, 0, 1], ['城关镇', 2, 0, 0, 2], ['合计', 2, 1, 0, 3]]);
    expect(t.note).toContain('与上年同期（2024年第四季度）相比');
  });
});

describe('both kinds travel in a saved briefing', () => {
  it('are read back from JSON and kept by the spec check', () => {
    const json = { items: [{ id: 'a', spec: { kind: 'planAttainment' }, filter: FILTER }, { id: 'b', spec: { kind: 'weakConversion' }, filter: FILTER }] };
    expect(parseBriefing(json).items.map((i) => i.spec)).toEqual([{ kind: 'planAttainment' }, { kind: 'weakConversion' }]);
    const checked = checkBriefing(json);
    expect(checked.notices).toEqual([]);
    expect(checked.value.items.map((i) => i.spec.kind)).toEqual(['planAttainment', 'weakConversion']);
  });
});

describe('the narrative\'s sentence about the plan', () => {
  it('全县规划创建“五星”支部2个，已创成0个…, right after the levels', async () => {
    const f = await narrativeFacts(run, Q4, { townships: [], kind: null }, [PLAN]);
    const paragraphs = writeNarrative(f).split('\n\n');
    expect(paragraphs[1]).toBe('按2025年创建规划，全县规划创建“五星”支部2个，已创成0个（完成0.0%），规划创建“四星”支部2个，已创成1个（完成50.0%）；'
      + '城关镇、石门镇、新区街道均未完成规划目标。');
  });

  it('says nothing of a plan without one for the year, or for one township', async () => {
    const none = writeNarrative(await narrativeFacts(run, Q4, { townships: [], kind: null }, [{ ...PLAN, year: 2024 }]));
    expect(none).not.toContain('规划');
    const one = writeNarrative(await narrativeFacts(run, Q4, { townships: ['城关镇'], kind: null }, [PLAN]));
    expect(one).not.toContain('规划');
  });

  it('met targets and a county share target', async () => {
    const plan: Plan = { year: 2025, townships: [{ township: '城关镇', five: 0, four: 1, three: null, share3plus: null }],
      county: { five: null, four: 1, three: null, share3plus: 0.45 } };
    const f = await narrativeFacts(run, Q4, { townships: [], kind: 'village' }, [plan]);
    expect(writeNarrative(f).split('\n\n')[1])
      .toBe('按2025年创建规划，全县规划创建“四星”支部1个，已创成1个（完成100.0%），三星以上占比目标45.0%，实际50.0%；1个乡镇全部完成规划目标。');
  });
});
