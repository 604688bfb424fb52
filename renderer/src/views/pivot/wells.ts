/**
 * The three wells of the pivot (行, 列, 筛选) as operations on the plain-JSON PivotConfig:
 * a field sits in at most one well; placing it elsewhere moves it; the 筛选 well is
 * PivotConfig.fieldFilters (a field there keeps its chosen values while it stays).
 * Pure functions, shared by drag-and-drop and the keyboard path (selects and buttons).
 */
import type { DimValue, PivotConfig, PivotDim } from '../../../../shared/analysis/pivot.ts';

export type Well = 'rows' | 'columns' | 'filters';

export const WELLS: readonly Well[] = ['rows', 'columns', 'filters'];

export const WELL_LABELS: Record<Well, string> = { rows: '行', columns: '列', filters: '筛选' };

export function wellFields(config: PivotConfig, well: Well): PivotDim[] {
  if (well === 'filters') return (config.fieldFilters ?? []).map((f) => f.dim);
  return config[well];
}

/** The well a field sits in, or null. */
export function wellOf(config: PivotConfig, dim: PivotDim): Well | null {
  return WELLS.find((w) => wellFields(config, w).includes(dim)) ?? null;
}

/** The config without the field in any well (and without a sort by it). */
export function removeField(config: PivotConfig, dim: PivotDim): PivotConfig {
  const next: PivotConfig = {
    ...config,
    rows: config.rows.filter((d) => d !== dim),
    columns: config.columns.filter((d) => d !== dim),
  };
  if (config.fieldFilters) next.fieldFilters = config.fieldFilters.filter((f) => f.dim !== dim);
  if (config.sort && 'dim' in config.sort && config.sort.dim === dim) delete next.sort;
  return next;
}

/**
 * The field placed in a well at `index` (default: the end), taken out of wherever it was.
 * Within one well this reorders; `index` counts positions in the well before the move.
 */
export function placeField(config: PivotConfig, dim: PivotDim, well: Well, index?: number): PivotConfig {
  const from = wellOf(config, dim);
  const before = wellFields(config, well);
  let at = index ?? before.length;
  if (from === well) {
    const old = before.indexOf(dim);
    if (old < at) at--;
    if (old === at) return config;
  }
  const kept = (config.fieldFilters ?? []).find((f) => f.dim === dim);
  const base = removeField(config, dim);
  const list = wellFields(base, well);
  at = Math.max(0, Math.min(at, list.length));
  if (well === 'filters') {
    const filters = [...(base.fieldFilters ?? [])];
    filters.splice(at, 0, kept ?? { dim, values: [] });
    return { ...base, fieldFilters: filters };
  }
  const dims = [...list];
  dims.splice(at, 0, dim);
  return { ...base, [well]: dims };
}

/** The chosen values of a field in the 筛选 well (empty: no filtering). */
export function setFilterValues(config: PivotConfig, dim: PivotDim, values: DimValue[]): PivotConfig {
  return {
    ...config,
    fieldFilters: (config.fieldFilters ?? []).map((f) => (f.dim === dim ? { dim, values } : f)),
  };
}

export function filterValues(config: PivotConfig, dim: PivotDim): DimValue[] {
  return (config.fieldFilters ?? []).find((f) => f.dim === dim)?.values ?? [];
}
