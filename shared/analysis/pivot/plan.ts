/**
 * Planning: which source answers a pivot — a summary table (cube) when every dimension,
 * filter and measure allows it, the live rows otherwise (and why).
 */
import { formulaOfColumn, type Grain, type MeasureSpec, type SourceId, valueColumns, valueSql } from '../measures.ts';
import { activeFieldFilters, dimsOf, extrasOf, measuresOf, type PivotConfig, validatePivot } from './config.ts';
import type { PivotDim } from './dims.ts';

const LEVEL_DIMS: readonly PivotDim[] = ['level', 'target_level', 'weak_branch'];
const STAR_GRAIN_MEASURES = new Set<MeasureSpec['kind']>(['units', 'starRate', 'starsGained', 'starsLost']);

export interface PivotPlan {
  source: 'summary' | 'raw';
  from: SourceId;
  grain: Grain;
  /** Why the live rows are needed, when they are (Chinese, for a tooltip). */
  reason?: string;
}

/** The grain, and the summary that could answer (before checking measures). */
export function pivotPlan(config: PivotConfig): PivotPlan {
  validatePivot(config);
  // Filtered dimensions count like grouped ones: the source must have their columns.
  const dims = [...dimsOf(config), ...activeFieldFilters(config).map((f) => f.dim)];
  const f = config.filters ?? {};
  const grain: Grain = dims.includes('star') || (f.stars?.length ?? 0) > 0 ? 'star' : 'unit';
  const raw: SourceId = grain === 'star' ? 'raw-star' : 'raw-unit';
  const rawPlan = (reason: string): PivotPlan => ({ source: 'raw', from: raw, grain, reason });
  if (extrasOf(config).length > 0) return rawPlan('按扩展列分组、筛选或计算');
  if (dims.includes('unit') || (f.unitIds?.length ?? 0) > 0) return rawPlan('按单个村（社区）查看明细');
  const levelDims = dims.some((d) => LEVEL_DIMS.includes(d)) || (f.levels?.length ?? 0) > 0 || f.weakBranch != null;
  let cube: SourceId;
  if (grain === 'star') {
    if (levelDims) return rawPlan('星类与星级、目标或软弱涣散同时分组');
    const other = measuresOf(config).find((m) => !STAR_GRAIN_MEASURES.has(m.kind));
    if (other) return rawPlan('按星类分组时该指标需逐条计算');
    cube = 'cube_star';
  } else if (levelDims) {
    cube = 'cube_level';
  } else {
    // Outside the yearly cadence (only cube_township keeps the yv rows apart) the narrow
    // township cubes answer with fewer rows: cube_town without kind, cube_kind_town with it.
    cube = config.cadence === 'year' ? 'cube_township'
      : dims.includes('kind') || f.kind ? 'cube_kind_town' : 'cube_town';
  }
  const yearly = config.cadence === 'year';
  for (const col of valueColumns(measuresOf(config))) {
    if (valueSql(cube, formulaOfColumn(measuresOf(config), col, grain), yearly) == null) {
      return rawPlan(`汇总表不含该指标: ${col.label}`);
    }
  }
  return { source: 'summary', from: cube, grain };
}

/** Whether the pivot is answered from the summaries or from the live rows. */
export function pivotSource(config: PivotConfig): 'summary' | 'raw' {
  return pivotPlan(config).source;
}
