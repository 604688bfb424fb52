/**
 * The measures of the analysis views (pivot, trends, rankings, compare), as plain JSON
 * specs. Each measure is a formula over a few additive components (unit counts, sums);
 * each source (the raw live rows, or one of the summaries) says how to aggregate each
 * component. So one measure gives the same number from every source, and totals
 * (GROUPING SETS) are exact because the components add up.
 */
import { LEVEL_NAMES, STAR_IDS, STARS, starById, type StarId } from '../stars.ts';
import { str } from '../sql/literal.ts';
import { appliesSql } from './common.ts';
import { type Level, LEVELS, type TownColumn, type TownshipColumn } from './cube-columns.ts';

export type NumericColumn = 'collective_income' | 'score';

export const NUMERIC_COLUMNS: Record<NumericColumn, { name: string; unit: string }> = {
  collective_income: { name: '村集体经济收入', unit: '万元' },
  score: { name: '总得分', unit: '分' },
};

/** One value (or, for `levels`, six values) in a pivot cell. Plain JSON. */
export type MeasureSpec =
  /** Units (unit-period rows; with a star dimension: units the star applies to). */
  | { kind: 'units' }
  /** Units at level ≥ N. */
  | { kind: 'atLeast'; level: number }
  /** Share of units at level ≥ N (default N = 3: 三星以上占比). */
  | { kind: 'shareAtLeast'; level?: number }
  /** Units per level 0–5: six columns. */
  | { kind: 'levels' }
  | { kind: 'avgLevel' }
  /** Achievement rate of one star (earned / applicable), or of all stars together. */
  | { kind: 'starRate'; star?: StarId }
  /** Average score of one star, over the ratings that score it (files of √ marks have none). */
  | { kind: 'avgStarScore'; star: StarId }
  /** Average points a unit not holding the star still needs to reach the threshold. */
  | { kind: 'starScoreGap'; star: StarId }
  /** Units holding one star / units the star applies to (the overview's "12/30"; not in the pickers). */
  | { kind: 'starEarned'; star: StarId }
  | { kind: 'starApplicable'; star: StarId }
  /** Units at or above their 创建目标. */
  | { kind: 'targetMet' }
  /** targetMet / units that have a target. */
  | { kind: 'targetRate' }
  /** Stars gained / lost vs the previous period (previous year's value in yearly cadence), optionally of one star. */
  | { kind: 'starsGained'; star?: StarId }
  | { kind: 'starsLost'; star?: StarId }
  /** Units whose level rose / fell vs the previous period. */
  | { kind: 'unitsUp' }
  | { kind: 'unitsDown' }
  /**
   * Units also rated in the previous period (the previous year's value in yearly cadence):
   * what the changes above are counted over. Not in the pickers (allMeasures): the views
   * query it for the footnote that says how many units had no previous rating.
   */
  | { kind: 'comparableUnits' }
  /** 软弱涣散 units. */
  | { kind: 'weakUnits' }
  | { kind: 'sum'; column: NumericColumn }
  | { kind: 'avg'; column: NumericColumn };

/**
 * How a measure's value is written (shared/format.ts formatMeasureValue): count 12, percent
 * 27.3%, decimal 2.35 (平均星级 and averages of extra columns), money 15.0 (万元), score 86.5 (分).
 */
export type MeasureFormat = 'count' | 'percent' | 'decimal' | 'money' | 'score';

/** One result column of a measure. */
export interface ValueColumn {
  /** Safe SQL alias and grid field part, e.g. m0 or m2_3. */
  key: string;
  /** Index of the measure in the config. */
  measure: number;
  label: string;
  format: MeasureFormat;
  /** For `levels`: which level this column counts. */
  level?: number;
  /** A change vs the previous period (isChangeMeasure): NULL means 无可比数据, not "no data". */
  change?: true;
}

export const DEFAULT_MEASURE: MeasureSpec = { kind: 'shareAtLeast', level: 3 };

const levelName = (n: number) => LEVEL_NAMES[n];

function checkLevel(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 5) throw new Error(`星级应为 0–5 的整数: ${n}`);
  return n;
}

function checkStar(id: StarId | undefined): StarId | undefined {
  if (id != null && !STAR_IDS.includes(id)) throw new Error(`未知的星: ${id}`);
  return id;
}

function checkColumn(c: NumericColumn): NumericColumn {
  if (!(c in NUMERIC_COLUMNS)) throw new Error(`不支持的数值列: ${c}`);
  return c;
}

// ---------------------------------------------------------------------------------------------
// Formats: how a value and its change are written (shared/format.ts applies these).

export interface FormatDef {
  /** Decimals of a value and of its change: 平均星级 2.35, 得分 86.5, 万元 15.0, counts whole. */
  digits: number;
  /** The unit after a value in a sentence (12个, 86.5分); tables name it in the header. */
  unit: string;
  /** The unit after a change in a sentence: 个, 个百分点, 分, 万元. */
  changeUnit: string;
}

export const FORMATS: Record<MeasureFormat, FormatDef> = {
  count: { digits: 0, unit: '个', changeUnit: '个' },
  percent: { digits: 1, unit: '%', changeUnit: '个百分点' },
  decimal: { digits: 2, unit: '', changeUnit: '' },
  money: { digits: 1, unit: '万元', changeUnit: '万元' },
  score: { digits: 1, unit: '分', changeUnit: '分' },
};

// ---------------------------------------------------------------------------------------------
// Components

/**
 * Grain of the rows a measure aggregates: one per unit and period, or one per unit,
 * period and applicable star (when the pivot splits or filters by star category).
 */
export type Grain = 'unit' | 'star';

/**
 * Component names: the additive columns of the summaries (shared/analysis/summaries.ts) and
 * their raw-row equivalents. n = rows; lv{k} / ge{k} = rows at level k / ≥ k; level_sum; met;
 * targeted; weak; gained / lost / up / down (vs previous); app_{star} / earn_{star} /
 * gain_{star} / lose_{star}; income_sum / income_n / score_sum / score_n.
 */
export type Component = string;

/** The components a measure's value column needs, and the formula combining them. */
export interface Formula {
  components: Component[];
  sql(c: (name: Component) => string): string;
}

const div = (a: string, b: string) => `(${a} / nullif(${b}, 0))`;
const one = (name: Component): Formula => ({ components: [name], sql: (c) => c(name) });

/**
 * A change counted over the units rated in both periods: NULL (无可比数据) where no unit of
 * the cell has a previous rating, never a 0. `with_prev` is read per source and cadence
 * (ywith_prev in the yearly cadence), so the yearly variants follow the previous year.
 */
function change(name: Component): Formula {
  return { components: [name, 'with_prev'], sql: (c) => `(CASE WHEN ${c('with_prev')} > 0 THEN ${c(name)} END)` };
}

const starName = (s: StarId | undefined) => starById(checkStar(s)!).name;
const numericColumn = (c: NumericColumn) => NUMERIC_COLUMNS[checkColumn(c)];
const componentOf = (c: NumericColumn) => (checkColumn(c) === 'collective_income' ? 'income' : 'score');

// ---------------------------------------------------------------------------------------------
// The catalog: every measure defined once.

export type MeasureKind = MeasureSpec['kind'];
type SpecOf<K extends MeasureKind> = Extract<MeasureSpec, { kind: K }>;

/** Where a measure sits in the pickers. */
export type MeasureGroup = '单位' | '星级' | '各星' | '得分' | '变化' | '目标' | '数值';

export interface MeasureDef<K extends MeasureKind> {
  group: MeasureGroup;
  /** Chinese name, the same in every view, export and message (e.g. 三星以上占比, 支部过硬星达标率). */
  label(m: SpecOf<K>): string;
  format(m: SpecOf<K>): MeasureFormat;
  /** Stable short id (saved specs, memo keys): shareAtLeast3, starRate_industry, sum_score. */
  id(m: SpecOf<K>): string;
  /** The value is itself a change vs the previous period: NULL reads 无可比数据. */
  change?: true;
  /** Rankings sort ascending when false. */
  lowerIsBetter?: true;
  /** The formula over the components (for `levels`, `level` picks the column). */
  formula(m: SpecOf<K>, grain: Grain, level?: number): Formula;
}

const plain = (kind: string) => () => kind;

export const CATALOG: { [K in MeasureKind]: MeasureDef<K> } = {
  units: { group: '单位', label: () => '单位数', format: () => 'count', id: plain('units'), formula: () => one('n') },
  atLeast: {
    group: '星级',
    label: (m) => (m.level === 5 ? '五星单位数' : `${levelName(checkLevel(m.level))}以上单位数`),
    format: () => 'count',
    id: (m) => `atLeast${checkLevel(m.level)}`,
    formula: (m) => one(`ge${checkLevel(m.level)}`),
  },
  shareAtLeast: {
    group: '星级',
    label: (m) => {
      const n = checkLevel(m.level ?? 3);
      return n === 5 ? '五星占比' : `${levelName(n)}以上占比`;
    },
    format: () => 'percent',
    id: (m) => `shareAtLeast${checkLevel(m.level ?? 3)}`,
    formula: (m) => {
      const ge = `ge${checkLevel(m.level ?? 3)}`;
      return { components: [ge, 'n'], sql: (c) => div(c(ge), c('n')) };
    },
  },
  levels: { group: '星级', label: () => '各星级单位数', format: () => 'count', id: plain('levels'), formula: (_m, _g, level) => one(`lv${checkLevel(level ?? 0)}`) },
  avgLevel: {
    group: '星级', label: () => '平均星级', format: () => 'decimal', id: plain('avgLevel'),
    formula: () => ({ components: ['level_sum', 'n'], sql: (c) => div(c('level_sum'), c('n')) }),
  },
  starRate: {
    group: '各星',
    label: (m) => (m.star ? `${starName(m.star)}达标率` : '星级达标率'),
    format: () => 'percent',
    id: (m) => (m.star ? `starRate_${checkStar(m.star)}` : 'starRate'),
    formula: (m, grain) => {
      if (m.star) {
        const s = checkStar(m.star)!;
        return { components: [`earn_${s}`, `app_${s}`], sql: (c) => div(c(`earn_${s}`), c(`app_${s}`)) };
      }
      if (grain === 'star') return { components: ['earned', 'n'], sql: (c) => div(c('earned'), c('n')) };
      const earn = STAR_IDS.map((s) => `earn_${s}`);
      const app = STAR_IDS.map((s) => `app_${s}`);
      return { components: [...earn, ...app], sql: (c) => div(`(${earn.map(c).join(' + ')})`, `(${app.map(c).join(' + ')})`) };
    },
  },
  starEarned: {
    group: '各星', label: (m) => `获${starName(m.star)}单位数`, format: () => 'count',
    id: (m) => `starEarned_${checkStar(m.star)}`, formula: (m) => one(`earn_${checkStar(m.star)}`),
  },
  starApplicable: {
    group: '各星', label: (m) => `${starName(m.star)}适用单位数`, format: () => 'count',
    id: (m) => `starApplicable_${checkStar(m.star)}`, formula: (m) => one(`app_${checkStar(m.star)}`),
  },
  avgStarScore: {
    group: '得分', label: (m) => `${starName(m.star)}平均得分（分）`, format: () => 'score',
    id: (m) => `avgStarScore_${checkStar(m.star)}`,
    formula: (m) => {
      const s = checkStar(m.star)!;
      return { components: [`ssum_${s}`, `sn_${s}`], sql: (c) => div(c(`ssum_${s}`), c(`sn_${s}`)) };
    },
  },
  starScoreGap: {
    group: '得分', lowerIsBetter: true, label: (m) => `${starName(m.star)}距获星平均差（分）`, format: () => 'score',
    id: (m) => `starScoreGap_${checkStar(m.star)}`,
    formula: (m) => {
      const s = checkStar(m.star)!;
      return { components: [`gsum_${s}`, `gn_${s}`], sql: (c) => div(c(`gsum_${s}`), c(`gn_${s}`)) };
    },
  },
  targetMet: { group: '目标', label: () => '达到创建目标单位数', format: () => 'count', id: plain('targetMet'), formula: () => one('met') },
  targetRate: {
    group: '目标', label: () => '创建目标达标率', format: () => 'percent', id: plain('targetRate'),
    formula: () => ({ components: ['met', 'targeted'], sql: (c) => div(c('met'), c('targeted')) }),
  },
  starsGained: {
    group: '变化', change: true,
    label: (m) => (m.star ? `${starName(m.star)}新增` : '较上期增星数'),
    format: () => 'count',
    id: (m) => (m.star ? `starsGained_${checkStar(m.star)}` : 'starsGained'),
    formula: (m) => change(m.star ? `gain_${checkStar(m.star)}` : 'gained'),
  },
  starsLost: {
    group: '变化', change: true, lowerIsBetter: true,
    label: (m) => (m.star ? `${starName(m.star)}摘除` : '较上期减星数'),
    format: () => 'count',
    id: (m) => (m.star ? `starsLost_${checkStar(m.star)}` : 'starsLost'),
    formula: (m) => change(m.star ? `lose_${checkStar(m.star)}` : 'lost'),
  },
  unitsUp: { group: '变化', change: true, label: () => '升星单位数', format: () => 'count', id: plain('unitsUp'), formula: () => change('up') },
  unitsDown: {
    group: '变化', change: true, lowerIsBetter: true, label: () => '降星单位数', format: () => 'count', id: plain('unitsDown'),
    formula: () => change('down'),
  },
  comparableUnits: { group: '变化', label: () => '可比单位数', format: () => 'count', id: plain('comparableUnits'), formula: () => one('with_prev') },
  weakUnits: { group: '单位', lowerIsBetter: true, label: () => '软弱涣散单位数', format: () => 'count', id: plain('weakUnits'), formula: () => one('weak') },
  sum: {
    group: '数值',
    label: (m) => `${numericColumn(m.column).name}合计（${numericColumn(m.column).unit}）`,
    format: (m) => (m.column === 'collective_income' ? 'money' : 'score'),
    id: (m) => `sum_${checkColumn(m.column)}`,
    formula: (m) => one(`${componentOf(m.column)}_sum`),
  },
  avg: {
    group: '数值',
    label: (m) => `平均${numericColumn(m.column).name}（${numericColumn(m.column).unit}）`,
    format: (m) => (m.column === 'collective_income' ? 'money' : 'score'),
    id: (m) => `avg_${checkColumn(m.column)}`,
    formula: (m) => {
      const col = componentOf(m.column);
      return { components: [`${col}_sum`, `${col}_n`], sql: (c) => div(c(`${col}_sum`), c(`${col}_n`)) };
    },
  },
};

function defOf<K extends MeasureKind>(m: SpecOf<K>): MeasureDef<K> {
  const def = CATALOG[m.kind as K];
  if (!def) throw new Error(`未知的指标: ${String((m as { kind?: unknown }).kind)}`);
  return def;
}

/** Chinese label of a measure, e.g. 三星以上占比. */
export function measureLabel(m: MeasureSpec): string {
  return defOf(m).label(m as never);
}

export function measureFormat(m: MeasureSpec): MeasureFormat {
  return defOf(m).format(m as never);
}

/** The unit of a measure's value (个, %, 分, 万元; '' for 平均星级). */
export function measureUnit(m: MeasureSpec): string {
  return FORMATS[measureFormat(m)].unit;
}

export function measureGroup(m: MeasureSpec): MeasureGroup {
  return defOf(m).group;
}

/**
 * Measures whose value is itself a change vs the previous period (升星单位数, 摘星数, …):
 * counted over the units rated in both periods, NULL (无可比数据) where none is.
 */
export function isChange(m: MeasureSpec): boolean {
  return defOf(m).change === true;
}

/** Whether a higher value is better (rankings sort that way by default). */
export function higherIsBetter(m: MeasureSpec): boolean {
  return defOf(m).lowerIsBetter !== true;
}

/** A stable short id for a measure, e.g. shareAtLeast3, starRate_industry, sum_score. */
export function measureId(m: MeasureSpec): string {
  return defOf(m).id(m as never);
}

/** The result columns of a list of measures (levels expands to six). */
export function valueColumns(measures: readonly MeasureSpec[]): ValueColumn[] {
  const out: ValueColumn[] = [];
  measures.forEach((m, i) => {
    if (m.kind === 'levels') {
      for (let k = 0; k <= 5; k++) out.push({ key: `m${i}_${k}`, measure: i, label: levelName(k), format: 'count', level: k });
    } else {
      out.push({ key: `m${i}`, measure: i, label: measureLabel(m), format: measureFormat(m), ...(isChange(m) ? { change: true as const } : {}) });
    }
  });
  return out;
}

/** Formula of one value column (for levels, `level` picks the column). */
export function formulaOf(m: MeasureSpec, grain: Grain, level?: number): Formula {
  return defOf(m).formula(m as never, grain, level);
}

/** Formula of a value column by its key (m{i} or m{i}_{level}). */
export function formulaOfColumn(measures: readonly MeasureSpec[], col: ValueColumn, grain: Grain): Formula {
  return formulaOf(measures[col.measure], grain, col.level);
}

// ---------------------------------------------------------------------------------------------
// Sources: how each component aggregates

export type SourceId = 'raw-unit' | 'raw-star' | 'cube_level' | 'cube_township' | 'cube_kind_town' | 'cube_town' | 'cube_star';

const dbl = (sql: string) => `CAST(${sql} AS DOUBLE)`;
const cnt = (sql: string) => `coalesce(${dbl(sql)}, 0)`;
/** Sums of a float column stay NULL when no row has a value (like sum() over raw rows). */
const flt = (sql: string) => dbl(sql);

const LEVEL_RE = /^(lv|ge)([0-5])$/;
const STAR_RE = /^(app|earn|gain|lose|ssum|sn|gsum|gn)_([a-z]+)$/;

/**
 * Aggregate SQL of a component in a source, or null when the source cannot give it.
 * `yearly`: change components compare with the previous year's value. `row` (cube_town and
 * cube_kind_town only): the value of one cube row instead of an aggregate, for queries that
 * read one row per township (and kind) and period and so need no GROUP BY.
 */
export function componentSql(source: SourceId, name: Component, yearly: boolean, row = false): string | null {
  const y: '' | 'y' = yearly ? 'y' : '';
  const lv = LEVEL_RE.exec(name);
  const st = STAR_RE.exec(name);
  if (st && !STAR_IDS.includes(st[2] as StarId)) return null;
  const star = st ? (st[2] as StarId) : null;

  if (row && source !== 'cube_town' && source !== 'cube_kind_town') return null;
  if (source === 'raw-unit' || source === 'raw-star') {
    // Rows carry: level, target_level, weak_branch, kind, the star booleans, has_prev,
    // prev_level, g_{star} / l_{star} (gained / lost flags); raw-star adds star, earned,
    // s_gained, s_lost.
    if (lv) return cnt(`count(*) FILTER (WHERE level ${lv[1] === 'lv' ? '=' : '>='} ${lv[2]})`);
    if (star) {
      if (source === 'raw-star') {
        const only = `star = ${str(star)}`;
        switch (st![1]) {
          case 'app': return cnt(`count(*) FILTER (WHERE ${only})`);
          case 'earn': return cnt(`count(*) FILTER (WHERE ${only} AND earned)`);
          case 'gain': return cnt(`count(*) FILTER (WHERE ${only} AND s_gained)`);
          case 'lose': return cnt(`count(*) FILTER (WHERE ${only} AND s_lost)`);
          default: return null; // scores are per unit: not at the star grain
        }
      }
      const gap = `${star}_score IS NOT NULL AND star_threshold IS NOT NULL AND NOT coalesce(${star}, false)`;
      switch (st![1]) {
        case 'ssum': return flt(`sum(${star}_score)`);
        case 'sn': return cnt(`count(${star}_score)`);
        case 'gsum': return flt(`sum(star_threshold - ${star}_score) FILTER (WHERE ${gap})`);
        case 'gn': return cnt(`count(*) FILTER (WHERE ${gap})`);
        case 'app': return cnt(`count(*) FILTER (WHERE ${appliesSql(star)})`);
        case 'earn': return cnt(`count(*) FILTER (WHERE ${appliesSql(star)} AND ${star})`);
        case 'gain': return cnt(`count(*) FILTER (WHERE g_${star})`);
        case 'lose': return cnt(`count(*) FILTER (WHERE l_${star})`);
      }
    }
    switch (name) {
      case 'n': return cnt('count(*)');
      case 'level_sum': return cnt('sum(level)');
      case 'met': return cnt('count(*) FILTER (WHERE level >= target_level)');
      case 'targeted': return cnt('count(target_level)');
      case 'weak': return cnt('count(*) FILTER (WHERE weak_branch)');
      case 'with_prev': return cnt('count(*) FILTER (WHERE has_prev)');
      case 'gained':
        return source === 'raw-star'
          ? cnt('count(*) FILTER (WHERE s_gained)')
          : `(${STAR_IDS.map((s) => cnt(`count(*) FILTER (WHERE g_${s})`)).join(' + ')})`;
      case 'lost':
        return source === 'raw-star'
          ? cnt('count(*) FILTER (WHERE s_lost)')
          : `(${STAR_IDS.map((s) => cnt(`count(*) FILTER (WHERE l_${s})`)).join(' + ')})`;
      case 'earned': return source === 'raw-star' ? cnt('count(*) FILTER (WHERE earned)') : null;
      case 'up': return cnt('count(*) FILTER (WHERE level > prev_level)');
      case 'down': return cnt('count(*) FILTER (WHERE level < prev_level)');
      case 'income_sum': return flt('sum(collective_income)');
      case 'income_n': return cnt('count(collective_income)');
      case 'score_sum': return flt('sum(score)');
      case 'score_n': return cnt('count(score)');
    }
    return null;
  }

  if (source === 'cube_star') {
    if (star) {
      const only = `star = ${str(star)}`;
      switch (st![1]) {
        case 'app': return cnt(`sum(applicable) FILTER (WHERE ${only})`);
        case 'earn': return cnt(`sum(earned) FILTER (WHERE ${only})`);
        case 'gain': return cnt(`sum(${y}gained) FILTER (WHERE ${only})`);
        case 'lose': return cnt(`sum(${y}lost) FILTER (WHERE ${only})`);
      }
    }
    switch (name) {
      case 'n': return cnt('sum(applicable)');
      // Unit × star rows with a previous rating: only ever compared with 0 (formulaOf change),
      // so that a cell of a star category is 无可比数据 when none of its units compares.
      case 'with_prev': return cnt(`sum(${y}with_prev)`);
      case 'earned': return cnt('sum(earned)');
      case 'gained': return cnt(`sum(${y}gained)`);
      case 'lost': return cnt(`sum(${y}lost)`);
    }
    return null;
  }

  // cube_level, cube_township, cube_kind_town and cube_town: unit grain. `row`: the
  // expression for one row of cube_kind_town / cube_town (one row per township, (kind,)
  // period), where sum(x) over the row is x.
  const town = source === 'cube_town' || source === 'cube_kind_town';
  if (town && yearly) return null; // no yv there: yearly values need cube_township
  const township = source === 'cube_township' || town;
  // Counts are summed as DOUBLE (exact below 2^53): sum() over INTEGER accumulates a HUGEINT,
  // which costs wasm several times more per row, and the value is read as a double anyway.
  // Only columns of the typed contract (cube-columns.ts) can be named here.
  const S = (col: TownshipColumn | TownColumn) => (row ? col : `sum(CAST(${col} AS DOUBLE))`);
  if (lv) {
    const k = Number(lv[2]) as Level;
    if (township) {
      const cols = lv[1] === 'lv' ? [k] : LEVELS.filter((j) => j >= k);
      return `(${cols.map((j) => cnt(S(`n${j}`))).join(' + ')})`;
    }
    return cnt(`sum(n) FILTER (WHERE level ${lv[1] === 'lv' ? '=' : '>='} ${k})`);
  }
  if (star) {
    switch (st![1]) {
      case 'app': return cnt(town ? S(`app_${star}`) : `sum(n) FILTER (WHERE ${appliesSql(star)})`);
      case 'earn': return cnt(S(`earn_${star}`));
      case 'ssum': return flt(S(`ssum_${star}`));
      case 'sn': return cnt(S(`sn_${star}`));
      case 'gsum': return flt(S(`gsum_${star}`));
      case 'gn': return cnt(S(`gn_${star}`));
      case 'gain': return cnt(S(`${y}gain_${star}`));
      case 'lose': return cnt(S(`${y}lose_${star}`));
    }
  }
  switch (name) {
    case 'n': return cnt(S('n'));
    case 'level_sum': return cnt(township ? S('level_sum') : 'sum(n * level)');
    case 'met': return cnt(S('met'));
    case 'targeted': return cnt(S('targeted'));
    case 'weak': return cnt(township ? S('weak') : 'sum(n) FILTER (WHERE weak_branch)');
    case 'with_prev': return cnt(S(`${y}with_prev`));
    case 'gained': return cnt(S(`${y}gained`));
    case 'lost': return cnt(S(`${y}lost`));
    case 'up': return cnt(S(`${y}up`));
    case 'down': return cnt(S(`${y}down`));
    case 'income_sum': return flt(S('income_sum'));
    case 'income_n': return cnt(S('income_n'));
    case 'score_sum': return flt(S('score_sum'));
    case 'score_n': return cnt(S('score_n'));
  }
  return null;
}

/** SQL of a measure's value column in a source, or null when the source cannot answer it. */
export function valueSql(source: SourceId, formula: Formula, yearly: boolean): string | null {
  return formulaSql(source, formula, yearly, false);
}

/** SQL of a measure's value over one row of cube_town or cube_kind_town (no aggregate), or null when it cannot. */
export function rowValueSql(formula: Formula, source: 'cube_town' | 'cube_kind_town' = 'cube_town'): string | null {
  return formulaSql(source, formula, false, true);
}

function formulaSql(source: SourceId, formula: Formula, yearly: boolean, row: boolean): string | null {
  const parts = new Map<string, string>();
  for (const c of formula.components) {
    const sql = componentSql(source, c, yearly, row);
    if (sql == null) return null;
    parts.set(c, sql);
  }
  return formula.sql((c) => parts.get(c)!);
}

/** All measures of the pivot menu, for pickers and for the "every measure" tests. */
export function allMeasures(): MeasureSpec[] {
  return [
    { kind: 'units' },
    ...[1, 2, 3, 4, 5].map((level): MeasureSpec => ({ kind: 'atLeast', level })),
    ...[1, 2, 3, 4, 5].map((level): MeasureSpec => ({ kind: 'shareAtLeast', level })),
    { kind: 'levels' },
    { kind: 'avgLevel' },
    { kind: 'starRate' },
    ...STARS.map((s): MeasureSpec => ({ kind: 'starRate', star: s.id })),
    ...STARS.map((s): MeasureSpec => ({ kind: 'avgStarScore', star: s.id })),
    ...STARS.map((s): MeasureSpec => ({ kind: 'starScoreGap', star: s.id })),
    { kind: 'targetMet' },
    { kind: 'targetRate' },
    { kind: 'starsGained' },
    { kind: 'starsLost' },
    ...STARS.map((s): MeasureSpec => ({ kind: 'starsGained', star: s.id })),
    ...STARS.map((s): MeasureSpec => ({ kind: 'starsLost', star: s.id })),
    { kind: 'unitsUp' },
    { kind: 'unitsDown' },
    { kind: 'weakUnits' },
    { kind: 'sum', column: 'collective_income' },
    { kind: 'avg', column: 'collective_income' },
    { kind: 'sum', column: 'score' },
    { kind: 'avg', column: 'score' },
  ];
}
