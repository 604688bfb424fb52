/**
 * The global filter bar: period, county (once several counties' workspaces are merged),
 * township, 村/社区. Every view follows it.
 */
import { useEffect, useMemo } from 'react';
import { listPeriodsRows, PERIOD_ROWS_SQL } from '../state/lists.ts';
import { periodKey, periodLabel, parsePeriodKey } from '../../../shared/period.ts';
import type { UnitKind } from '../../../shared/stars.ts';
import { useAnalysis, useQuery } from '../data/useQuery.ts';
import { PLACES_QUERY } from '../../../shared/datasets.ts';
import { filterStore, useFilter } from '../state/filter-store.ts';

/** Separates county and township in an option value that pins both. */
const SEP = '\u0001';
const NONE: string[] = [];

export function FilterBar() {
  const filter = useFilter();
  const periods = useQuery(PERIOD_ROWS_SQL, listPeriodsRows).data ?? [];
  // Live units per county and township, each unit once.
  const places = useAnalysis(PLACES_QUERY).data;
  const selectedCounties = filter.counties ?? NONE;

  const counties = useMemo(() => {
    const by = new Map<string, number>();
    for (const p of places ?? []) if (p.county != null) by.set(p.county, (by.get(p.county) ?? 0) + p.units);
    return [...by].map(([county, units]) => ({ county, units }));
  }, [places]);
  const multi = counties.length > 1;

  // Townships of the selected counties (all when none), one entry per name.
  const townships = useMemo(() => {
    const by = new Map<string, number>();
    for (const p of places ?? []) {
      if (selectedCounties.length && (p.county == null || !selectedCounties.includes(p.county))) continue;
      by.set(p.township, (by.get(p.township) ?? 0) + p.units);
    }
    return [...by].map(([township, units]) => ({ township, units }));
  }, [places, selectedCounties]);

  // A county that left the data (another workspace opened, a dataset removed) leaves the filter.
  useEffect(() => {
    if (!places || selectedCounties.length === 0) return;
    const present = selectedCounties.filter((c) => counties.some((x) => x.county === c));
    if (present.length !== selectedCounties.length) filterStore.set({ counties: present });
  }, [places, counties, selectedCounties]);

  const pickCounty = (county: string) => {
    const next = county ? [county] : [];
    // Keep the township only where the new county has it.
    const keep = filter.townships.filter((t) => !county || (places ?? []).some((p) => p.county === county && p.township === t));
    filterStore.set({ counties: next, townships: keep });
  };

  const pickTownship = (value: string) => {
    if (!value) return filterStore.set({ townships: [] });
    const [county, township] = value.includes(SEP) ? value.split(SEP) : [null, value];
    filterStore.set(county ? { counties: [county], townships: [township] } : { townships: [township] });
  };

  // Several counties and none chosen: townships by county, so 城关镇 of one county is not 城关镇 of another.
  const grouped = multi && selectedCounties.length === 0;
  const hasFilter = filter.townships.length > 0 || filter.kind != null || selectedCounties.length > 0;

  return (
    <div className="filter-bar" role="toolbar" aria-label="全局筛选">
      <label>
        期次
        <select
          aria-label="期次"
          value={filter.period ? periodKey(filter.period) : ''}
          onChange={(e) => filterStore.set({ period: parsePeriodKey(e.target.value) })}
        >
          {periods.length === 0 && <option value="">（无数据）</option>}
          {[...periods].reverse().map((p) => (
            <option key={periodKey(p)} value={periodKey(p)}>{periodLabel(p)}</option>
          ))}
        </select>
      </label>
      {multi && (
        <label>
          县（市、区）
          <select aria-label="县（市、区）" className="county-select" value={selectedCounties[0] ?? ''} onChange={(e) => pickCounty(e.target.value)}>
            <option value="">全部（{counties.length}个）</option>
            {counties.map((c) => (
              <option key={c.county} value={c.county}>{c.county}（{c.units}）</option>
            ))}
          </select>
        </label>
      )}
      <label>
        乡镇
        <select aria-label="乡镇" value={filter.townships[0] ?? ''} onChange={(e) => pickTownship(e.target.value)}>
          <option value="">全部乡镇（{grouped ? (places ?? []).length : townships.length}个）</option>
          {grouped
            ? counties.map((c) => (
                <optgroup key={c.county} label={c.county}>
                  {(places ?? []).filter((p) => p.county === c.county).map((p) => (
                    <option key={p.township} value={`${c.county}${SEP}${p.township}`}>{p.township}（{p.units}）</option>
                  ))}
                </optgroup>
              ))
            : townships.map((t) => (
                <option key={t.township} value={t.township}>{t.township}（{t.units}）</option>
              ))}
        </select>
      </label>
      <div className="segmented" role="radiogroup" aria-label="类型">
        {([[null, '全部'], ['village', '村'], ['community', '社区']] as Array<[UnitKind | null, string]>).map(([k, label]) => (
          <button
            key={label}
            role="radio"
            aria-checked={filter.kind === k}
            className={filter.kind === k ? 'active' : ''}
            onClick={() => filterStore.set({ kind: k })}
          >
            {label}
          </button>
        ))}
      </div>
      {hasFilter && (
        <span className="breadcrumb" data-testid="active-filters" aria-label="当前筛选">
          {selectedCounties.map((c) => (
            <span key={`county-${c}`} className="chip">{c}<button aria-label={`取消筛选${c}`} onClick={() => filterStore.set({ counties: selectedCounties.filter((x) => x !== c) })}>×</button></span>
          ))}
          {filter.townships.map((t) => (
            <span key={t} className="chip">{t}<button aria-label={`取消筛选${t}`} onClick={() => filterStore.set({ townships: filter.townships.filter((x) => x !== t) })}>×</button></span>
          ))}
          {filter.kind && (
            <span className="chip">仅{filter.kind === 'village' ? '村' : '社区'}<button aria-label="取消类型筛选" onClick={() => filterStore.set({ kind: null })}>×</button></span>
          )}
          <button className="link" onClick={() => filterStore.set({ counties: [], townships: [], kind: null })}>清除筛选</button>
        </span>
      )}
    </div>
  );
}
