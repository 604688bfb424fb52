/**
 * 对比: 2–6 units side by side (five-star radar, level over time, every star per period),
 * 2–6 townships on the measures, and year over year for every unit. The units tab starts
 * with two units preselected so the screen is never empty; '/' focuses the unit search.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { MAX_COMPARE } from '../../../shared/analysis/compare.ts';
import { scopeFromFilter } from '../../../shared/analysis/common.ts';
import type { UnitRef } from '../../../shared/analysis/ranking.ts';
import { periodKey } from '../../../shared/period.ts';
import { EmptyState, ErrorState, Spinner } from '../components/States.tsx';
import { useAnalysis, useQuery } from '../data/useQuery.ts';
import { useOpenImport } from '../import/ImportHost.tsx';
import { useFilter } from '../state/filter-store.ts';
import { usePeriods } from './ranking/parts.tsx';
import { useStore } from '../state/store.ts';
import { compareStore, type CompareTab, firstUnitsQuery } from './compare/state.ts';
import { TownshipCompare, useTownshipList } from './compare/TownshipCompare.tsx';
import { UnitCompare } from './compare/UnitCompare.tsx';
import { UnitPicker } from './compare/UnitPicker.tsx';
import { YearOverYear } from './compare/YearOverYear.tsx';
import { AddToBriefing } from './briefing/AddToBriefing.tsx';
import { compareItemSpec } from './briefing/view-specs.ts';
import './ranking/ranking.css';
import './compare/compare.css';

const TABS: Array<[CompareTab, string]> = [['units', '村（社区）对比'], ['townships', '乡镇对比'], ['years', '年度对比']];

export function CompareView() {
  const filter = useFilter();
  const state = useStore(compareStore);
  const search = useRef<HTMLInputElement>(null);
  const periods = usePeriods();

  // '/' focuses the unit search (switching to the units tab), unless the user is typing.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      // Typing "/" in a field is text, not the search shortcut.
      if (t && (t.isContentEditable || t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement)) return;
      e.preventDefault();
      compareStore.set({ tab: 'units' });
      requestAnimationFrame(() => search.current?.focus());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!filter.period) return <NoData />;
  return (
    <div className="compare-view" data-testid="compare-view">
      <div className="cmp-tabs" role="tablist" aria-label="对比方式">
        {TABS.map(([id, label]) => (
          <button key={id} role="tab" aria-selected={state.tab === id} className={state.tab === id ? 'tab active' : 'tab'}
            onClick={() => compareStore.set({ tab: id })}>{label}</button>
        ))}
        <AddToBriefing spec={() => compareItemSpec(compareStore.get(), periods)} testId="add-compare" />
      </div>
      <div role="tabpanel" className="cmp-panel">
        {state.tab === 'units' && <UnitsTab searchRef={search} />}
        {state.tab === 'townships' && <TownshipsTab />}
        {state.tab === 'years' && <YearsTab />}
      </div>
    </div>
  );
}

function UnitsTab({ searchRef }: { searchRef: React.RefObject<HTMLInputElement | null> }) {
  const filter = useFilter();
  const { units, cadence } = useStore(compareStore);
  const period = filter.period!;
  // Until the user picks, two units of the current scope are preselected.
  const dq = useMemo(() => firstUnitsQuery(period, scopeFromFilter(filter)), [period, filter]);
  const defaults = useQuery(units == null ? dq.sql : null, dq.read);
  useEffect(() => {
    if (units == null && defaults.data) compareStore.set({ units: defaults.data });
  }, [units, defaults.data]);

  const chosen = units ?? [];
  // Names repeat across townships (上园村 in two townships): label those with their township.
  const labelOf = useMemo(() => {
    const count = new Map<string, number>();
    for (const u of chosen) count.set(u.name, (count.get(u.name) ?? 0) + 1);
    return (u: UnitRef) => ((count.get(u.name) ?? 0) > 1 ? `${u.name}（${u.township}）` : u.name);
  }, [chosen]);
  const add = useCallback((u: UnitRef) => {
    const now = compareStore.get().units ?? [];
    if (now.length < MAX_COMPARE && !now.some((x) => x.unitId === u.unitId)) compareStore.set({ units: [...now, u] });
  }, []);
  const remove = useCallback((id: string) => compareStore.set({ units: (compareStore.get().units ?? []).filter((u) => u.unitId !== id) }), []);

  return (
    <>
      <UnitPicker ref={searchRef} units={chosen} onAdd={add} onRemove={remove} labelOf={labelOf} />
      {defaults.error ? <ErrorState title="读取默认对比单位失败" error={defaults.error} />
        : units == null ? (defaults.slow ? <Spinner text="正在准备对比…" /> : null)
          : <UnitCompare units={chosen} period={period} cadence={cadence} onCadence={(c) => compareStore.set({ cadence: c })} labelOf={labelOf} />}
    </>
  );
}

function TownshipsTab() {
  const filter = useFilter();
  const state = useStore(compareStore);
  const all = useTownshipList();
  // Until the user picks: the filtered township (if any) and the first others, two in all.
  useEffect(() => {
    if (state.townships == null && all.length) {
      const first = filter.townships.filter((t) => all.includes(t));
      compareStore.set({ townships: [...first, ...all.filter((t) => !first.includes(t))].slice(0, 2) });
    }
  }, [state.townships, all, filter.townships]);
  return (
    <TownshipCompare all={all} townships={state.townships ?? []} onTownships={(t) => compareStore.set({ townships: t })}
      measures={state.townshipMeasures} onMeasures={(ids) => compareStore.set({ townshipMeasures: ids })}
      lineMeasure={state.lineMeasure} onLineMeasure={(id) => compareStore.set({ lineMeasure: id })}
      period={filter.period!} kind={filter.kind} counties={filter.counties ?? []} />
  );
}

function YearsTab() {
  const filter = useFilter();
  const state = useStore(compareStore);
  const periods = usePeriods();
  const years = useMemo(() => [...new Set(periods.map((p) => p.year))].sort((a, b) => b - a), [periods]);
  if (years.length < 2) {
    return (
      <EmptyState title="至少需要两个年度的评定才能做年度对比">
        目前只有{years.length ? `${years[0]}年` : ''}的数据{periods.length ? `（${periods.map(periodKey).join('、')}）` : ''}。导入往年的台账后再来比较。
      </EmptyState>
    );
  }
  const yearB = state.yearB ?? years[0];
  const yearA = state.yearA ?? years[1];
  return (
    <YearOverYear years={years} yearA={yearA} yearB={yearB} onYears={(a, b) => compareStore.set({ yearA: a, yearB: b })}
      show={state.yoyShow} onShow={(s) => compareStore.set({ yoyShow: s })} filter={filter} />
  );
}

function NoData() {
  const openImport = useOpenImport();
  return (
    <EmptyState title="还没有评定数据">
      <p>导入台账后，可以选择 2–6 个村（社区）或乡镇并排比较五星、星级变化和年度升降。</p>
      <button className="primary" onClick={openImport}>导入台账（Ctrl+O）</button>
    </EmptyState>
  );
}
