/**
 * Column-group headers of the pivot grid: a period's full label (2024年第三季度) is cut to
 * identical "2024年第…" at the default column width, so a period header shows the short
 * form of the axes (24Q3, DESIGN.md §6) and keeps the full label as its tooltip.
 */
import type { PivotDim } from '../../../../shared/analysis/pivot.ts';
import { periodShort } from '../../../../shared/period.ts';

const QUARTERS = '一二三四';

/** The header text shown for a column group of dimension `dim` labelled `label`. */
export function groupHeaderText(dim: PivotDim | undefined, label: string): string {
  if (dim !== 'period') return label;
  const q = /^(\d{4})年第([一二三四])季度$/.exec(label);
  if (q) return periodShort({ year: Number(q[1]), quarter: QUARTERS.indexOf(q[2]) + 1 });
  // An annual rating (2024年度) is short enough to stay whole.
  return label;
}
