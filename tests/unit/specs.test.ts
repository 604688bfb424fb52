/**
 * Saved specs checked on load (shared/specs.ts): a pivot view or briefing item from a file
 * keeps what this version knows, drops the rest, and says in Chinese what it dropped; the
 * stores that load them (saved pivot views, the briefing) use the check.
 */
import { describe, expect, it } from 'vitest';
import { pivotQuery, type PivotConfig } from '../../shared/analysis/pivot.ts';
import {
  checkBriefing, checkBriefingItem, checkImportMappings, checkPivotConfig, checkSavedViews, specNoticeText,
} from '../../shared/specs.ts';
import { workspaceParts } from '../../renderer/src/workspace/parts.ts';
import { loadViews } from '../../renderer/src/views/pivot/saved-views.ts';
import { briefingStore } from '../../renderer/src/views/briefing/store.ts';
import { currentToasts } from '../../renderer/src/state/toast.ts';

const GOOD: PivotConfig = {
  rows: ['township', 'extra:党员人数'],
  columns: ['year'],
  measures: [{ kind: 'units' }, { kind: 'shareAtLeast', level: 3 }, { kind: 'starRate', star: 'industry' }],
  extraMeasures: [{ kind: 'sum', name: '党员人数' }],
  fieldFilters: [{ dim: 'kind', values: ['village'] }, { dim: 'period', values: ['2024Q3', null] }],
  filters: { periods: ['2024Q3'], stars: ['branch'], levels: [3, 4], weakBranch: false, townships: ['城关镇', { county: '示例县', township: '石门乡' }] },
  cadence: 'quarter',
  totals: { rows: 'grand', columns: false },
  sort: { value: 'm1', desc: true },
};

describe('checkPivotConfig', () => {
  it('keeps a valid view exactly, with no notice', () => {
    const r = checkPivotConfig(structuredClone(GOOD), '保存的透视视图“好”');
    expect(r).toEqual({ value: GOOD, notices: [] });
  });

  it('drops an unknown field and says so in the words of the issue', () => {
    const r = checkPivotConfig({ rows: ['township', '村民小组'], columns: [], measures: [{ kind: 'units' }] }, '保存的透视视图“乡镇分类型”');
    expect(r.value).toEqual({ rows: ['township'], columns: [], measures: [{ kind: 'units' }] });
    expect(r.notices).toEqual(['已忽略保存的透视视图“乡镇分类型”中的未知字段“村民小组”']);
  });

  it('drops unknown measures, levels out of range, repeated fields and measures', () => {
    const r = checkPivotConfig({
      rows: ['township', 'township'],
      columns: ['township', 'kind'],
      measures: [{ kind: 'units' }, { kind: 'bogus' }, { kind: 'atLeast', level: 9 }, 'units', { kind: 'units' }],
    }, '视图“甲”');
    expect(r.value).toEqual({ rows: ['township'], columns: ['kind'], measures: [{ kind: 'units' }] });
    expect(r.notices).toEqual([
      '已忽略视图“甲”中的重复的字段“乡镇（街道）”',
      '已忽略视图“甲”中的重复的字段“乡镇（街道）”',
      '已忽略视图“甲”中的未知指标“bogus”',
      '已忽略视图“甲”中的未知指标“atLeast 9”',
      '已忽略视图“甲”中的未知指标“units”',
      '已忽略视图“甲”中的重复的指标“单位数”',
    ]);
  });

  it('repairs filters: unknown wells, values of the wrong type, bad periods, stars and settings', () => {
    const r = checkPivotConfig({
      rows: ['township'],
      columns: [],
      measures: [],
      fieldFilters: [{ dim: 'nope', values: [] }, { dim: 'township', values: ['x'] }, { dim: 'year', values: [2024, 'abc', { a: 1 }] }, { dim: 'period', values: ['2024Q9', '2023'] }],
      filters: { periods: ['2024Q3', '2024Q7'], stars: ['moon'], levels: [3, 7], weakBranch: 'yes', color: 'red', kind: 'city' },
      cadence: 'monthly',
      totals: { rows: 'all', columns: 'yes' },
      sort: { value: 'DROP TABLE; --' },
      theme: 'dark',
    }, '视图“乙”');
    expect(r.value).toEqual({
      rows: ['township'], columns: [], measures: [],
      fieldFilters: [{ dim: 'year', values: [2024] }, { dim: 'period', values: ['2023'] }],
      // An emptied list filters nothing, as an empty list always did.
      filters: { periods: ['2024Q3'], stars: [], levels: [3] },
    });
    const text = r.notices.join('\n');
    for (const part of ['未知设置“theme”', '未知的筛选字段“nope”', '重复的字段“乡镇（街道）”', '筛选“年度”中无法识别的值“abc”',
      '筛选“期次”中无法识别的值“2024Q9”', '无法识别的期次“2024Q7”', '无法识别的星类“moon”', '无法识别的星级“7”',
      '无法识别的软弱涣散筛选“yes”', '未知的筛选条件“color”', '无法识别的类型“city”', '无法识别的期次口径“monthly”',
      '无法识别的行合计设置“all”', '无法识别的列合计设置“yes”', '无法识别的排序设置']) {
      expect(text).toContain(part);
    }
    // What is left builds a query.
    expect(() => pivotQuery(r.value!)).not.toThrow();
  });

  it('refuses what is not a configuration at all', () => {
    expect(checkPivotConfig('rows=township', '视图“丙”')).toEqual({ value: null, notices: ['已忽略视图“丙”：设置无法识别'] });
    expect(checkPivotConfig(null, '视图“丙”').value).toBeNull();
  });
});

describe('checkSavedViews', () => {
  it('drops nameless and unusable views, renames repeated names, keeps the order', () => {
    const r = checkSavedViews([
      { name: '乡镇', config: { rows: ['township'], columns: [], measures: [] } },
      { config: { rows: [], columns: [], measures: [] } },
      { name: '坏的', config: 42 },
      { name: '乡镇', config: { rows: ['kind'], columns: [], measures: [] } },
      'text',
    ]);
    expect(r.value.map((v) => v.name)).toEqual(['乡镇', '乡镇 (2)']);
    expect(r.value[1].config.rows).toEqual(['kind']);
    expect(r.notices).toEqual([
      '已忽略第 2 个保存的透视视图：没有名称',
      '已忽略保存的透视视图“坏的”：设置无法识别',
      '保存的透视视图“乡镇”重名，已改名为“乡镇 (2)”',
      '已忽略第 5 个保存的透视视图：没有名称',
    ]);
  });

  it('reads no views from nothing, and says so for a list that is not one', () => {
    expect(checkSavedViews(undefined)).toEqual({ value: [], notices: [] });
    expect(checkSavedViews({ views: [] })).toEqual({ value: [], notices: ['已忽略无法识别的透视视图列表'] });
  });
});

describe('checkBriefing', () => {
  it('repairs a pivot section and drops sections it cannot show, naming each', () => {
    const r = checkBriefing({
      title: '第三季度简报',
      items: [
        item({ kind: 'overview' }),
        item({ kind: 'pivot', pivot: { rows: ['村民小组', 'township'], columns: [], measures: [{ kind: 'units' }] } }, '各乡镇情况'),
        item({ kind: 'ranking', measure: { kind: 'bogus' } }),
        item({ kind: 'weather' }, '天气'),
        item({ kind: 'trend', panel: 'share', cadence: 'quarter', measure: { kind: 'bogus' } }),
      ],
    });
    expect(r.value.title).toBe('第三季度简报');
    expect(r.value.items.map((i) => i.spec.kind)).toEqual(['overview', 'pivot', 'trend']);
    expect(r.value.items[1].spec).toEqual({ kind: 'pivot', pivot: { rows: ['township'], columns: [], measures: [{ kind: 'units' }] } });
    expect(r.notices).toEqual([
      '已忽略简报段落“各乡镇情况”的透视表中的未知字段“村民小组”',
      '已忽略简报段落“乡镇排名”：未知指标“bogus”',
      '已忽略简报中无法识别的段落“天气”',
      '简报段落“趋势图”中的未知指标“bogus”已改用默认指标',
    ]);
  });

  it('drops a pivot section whose configuration is unusable', () => {
    const r = checkBriefingItem(item({ kind: 'pivot', pivot: [] }), 0);
    expect(r.value).toBeNull();
    expect(r.notices).toEqual(['已忽略简报段落“透视表”的透视表：设置无法识别']);
  });
});

describe('checkImportMappings', () => {
  it('unassigns unknown fields and drops entries that are not lists', () => {
    const r = checkImportMappings({ '单位|星级': ['name', 'level', 'shoe_size', null, 3], 坏的: 'name' });
    expect(r.value).toEqual({ '单位|星级': ['name', 'level', null, null, null] });
    expect(r.notices).toEqual([
      '已忽略导入列对应关系中的未知字段“shoe_size”',
      '已忽略导入列对应关系中的未知字段“3”',
      '已忽略无法识别的导入列对应关系“坏的”',
    ]);
    expect(checkImportMappings(['name'])).toEqual({ value: {}, notices: ['已忽略无法识别的导入列对应关系'] });
  });
});

describe('specNoticeText', () => {
  it('shows the first three notices and counts the rest', () => {
    expect(specNoticeText([])).toBe('');
    expect(specNoticeText(['甲'])).toBe('甲。');
    expect(specNoticeText(['甲', '乙', '丙', '丁', '戊'])).toBe('甲；乙；丙；另有 2 处类似问题。');
  });
});

describe('the stores load through the check', () => {
  const part = (key: string) => workspaceParts().find((p) => p.key === key)!;

  it('a workspace with a hostile pivot view restores the repaired view and a notice', () => {
    part('pivot-views').restore([{ name: '乡镇分类型', config: { rows: ['township', '村民小组'], columns: [], measures: [{ kind: 'units' }] } }]);
    expect(loadViews()).toEqual([{ name: '乡镇分类型', config: { rows: ['township'], columns: [], measures: [{ kind: 'units' }] } }]);
    expect(currentToasts().at(-1)?.text).toBe('已忽略保存的透视视图“乡镇分类型”中的未知字段“村民小组”。');
  });

  it('a workspace with a hostile briefing section restores the rest of the briefing and a notice', () => {
    part('briefings').restore([{ title: '简报', items: [item({ kind: 'overview' }), item({ kind: 'ranking', measure: 'x' }, '排名')] }]);
    expect(briefingStore.get().items.map((i) => i.spec.kind)).toEqual(['overview']);
    expect(currentToasts().at(-1)?.text).toBe('已忽略简报段落“排名”：未知指标“x”。');
  });
});

function item(spec: unknown, title = '') {
  return { id: `i${Math.random().toString(36).slice(2)}`, spec, filter: { period: null, townships: [], kind: null }, follow: false, title, caption: '' };
}

describe('saved score rules (按得分判定星级)', () => {
  it('keeps valid rules and drops the rest with a notice', async () => {
    const { checkImportScoreRules } = await import('../../shared/specs.ts');
    const r = checkImportScoreRules({
      a: { max: 150, threshold: 120 },
      b: { max: 100, threshold: 120 },
      c: 'x',
      d: { max: 20, threshold: 16, inclusive: false },
    });
    expect(r.value).toEqual({ a: { max: 150, threshold: 120, inclusive: true }, d: { max: 20, threshold: 16, inclusive: false } });
    expect(r.notices).toHaveLength(2);
    expect(checkImportScoreRules([]).value).toEqual({});
  });
});
