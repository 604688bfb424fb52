/**
 * Briefing items for views whose settings live in their own stores (so the view files only
 * gain a button).
 */
import type { ItemSpec } from '../../../../shared/briefing/model.ts';
import type { Period } from '../../../../shared/period.ts';
import type { CompareState } from '../compare/state.ts';
import { TOWNSHIP_MEASURES } from '../compare/TownshipCompare.tsx';
import { notify } from '../../state/toast.ts';

/** The 对比 tab on screen as an item; null (with a notice) when nothing is chosen yet. */
export function compareItemSpec(s: CompareState, periods: Period[]): ItemSpec | null {
  if (s.tab === 'units') {
    if (!s.units?.length) { notify('请先选择要对比的村（社区）'); return null; }
    return { kind: 'unitCompare', units: s.units.map((u) => ({ unitId: u.unitId, name: u.name, township: u.township })), cadence: s.cadence };
  }
  if (s.tab === 'townships') {
    if (!s.townships?.length) { notify('请先选择要对比的乡镇'); return null; }
    const line = TOWNSHIP_MEASURES.find((o) => o.id === s.lineMeasure && o.spec.kind !== 'levels') ?? TOWNSHIP_MEASURES[1];
    return {
      kind: 'townshipCompare',
      townships: [...s.townships],
      measures: TOWNSHIP_MEASURES.filter((o) => s.townshipMeasures.includes(o.id)).map((o) => o.spec),
      lineMeasure: line.spec,
    };
  }
  const years = [...new Set(periods.map((p) => p.year))].sort((a, b) => b - a);
  if (years.length < 2) { notify('至少需要两个年度的评定才能做年度对比'); return null; }
  return { kind: 'yearOverYear', yearA: s.yearA ?? years[1], yearB: s.yearB ?? years[0] };
}
