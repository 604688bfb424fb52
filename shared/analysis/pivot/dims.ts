/**
 * The pivot's dimensions: the built-in ones (县, 乡镇, 村, 期次, 星类, 星级 …) and every extra
 * column of the imported 台账 as `extra:<name>`, with their Chinese labels and the labels of
 * their values.
 */
import { parsePeriodKey, periodLabel } from '../../period.ts';
import { KIND_NAMES, LEVEL_NAMES, STAR_IDS, starById, type StarId, type UnitKind } from '../../stars.ts';

export type Dim =
  | 'county' | 'township' | 'unit' | 'kind' | 'year' | 'quarter' | 'period'
  | 'star' | 'level' | 'target_level' | 'weak_branch';

export const DIMS: readonly Dim[] = [
  'county', 'township', 'unit', 'kind', 'year', 'quarter', 'period', 'star', 'level', 'target_level', 'weak_branch',
];

export const DIM_LABELS: Record<Dim, string> = {
  county: '县（市、区）', township: '乡镇（街道）', unit: '村（社区）', kind: '类型', year: '年度',
  quarter: '季度', period: '期次', star: '星类', level: '星级', target_level: '创建目标', weak_branch: '软弱涣散',
};

/** An extra column of the imported 台账 as a dimension: "extra:党员人数". */
export type ExtraDim = `extra:${string}`;

/** Any pivot dimension: a built-in one or an extra column. */
export type PivotDim = Dim | ExtraDim;

const EXTRA_PREFIX = 'extra:';

export function extraDim(name: string): ExtraDim {
  return `${EXTRA_PREFIX}${name}`;
}

export function isExtraDim(d: string): d is ExtraDim {
  return d.startsWith(EXTRA_PREFIX);
}

/** The extra column's name of an extra dimension. */
export function extraName(d: ExtraDim): string {
  return d.slice(EXTRA_PREFIX.length);
}

/** Chinese label of any dimension (an extra column is labelled by its name). */
export function dimLabel(d: PivotDim): string {
  return isExtraDim(d) ? extraName(d) : DIM_LABELS[d];
}

/** A dimension's value in a result row or a filter (null: empty / not set). */
export type DimValue = string | number | boolean | null;

/** Throws (in Chinese) on a dimension that is neither built in nor a named extra column. */
export function checkDim(d: PivotDim): void {
  if (isExtraDim(d) ? extraName(d) === '' : !DIMS.includes(d)) throw new Error(`未知的维度: ${d}`);
}

/** Chinese label of a dimension value. */
export function dimValueLabel(d: PivotDim, v: DimValue): string {
  if (isExtraDim(d)) return v == null ? '（空）' : String(v);
  if (d === 'weak_branch') return v == null ? '未标注' : v ? '软弱涣散' : '非软弱涣散';
  if (v == null) {
    switch (d) {
      case 'quarter': return '年度';
      case 'target_level': return '未设目标';
      default: return '（空）';
    }
  }
  switch (d) {
    case 'kind': return KIND_NAMES[v as UnitKind] ?? String(v);
    case 'year': return `${v}年`;
    case 'quarter': return `第${'一二三四'[Number(v) - 1] ?? v}季度`;
    case 'period': {
      const p = parsePeriodKey(String(v));
      return p ? periodLabel(p) : String(v);
    }
    case 'star': return STAR_IDS.includes(v as StarId) ? starById(v as StarId).name : String(v);
    case 'level': case 'target_level': return LEVEL_NAMES[Number(v)] ?? String(v);
    default: return String(v);
  }
}
