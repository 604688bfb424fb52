/** The global filter bar: period, township, 村/社区. Every view follows it. */
import { listPeriodsRows, PERIOD_ROWS_SQL } from '../state/lists.ts';
import { periodKey, periodLabel, parsePeriodKey } from '../../../shared/period.ts';
import { TOWNSHIPS_SQL } from '../../../shared/sql/measures.ts';
import type { UnitKind } from '../../../shared/stars.ts';
import { useQuery } from '../data/useQuery.ts';
import { filterStore, useFilter } from '../state/filter-store.ts';

export function FilterBar() {
  const filter = useFilter();
  const periods = useQuery(PERIOD_ROWS_SQL, listPeriodsRows).data ?? [];
  const townships = useQuery(TOWNSHIPS_SQL, (rows) => rows.map((r) => ({ township: String(r.township), units: Number(r.units) }))).data ?? [];

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
      <label>
        乡镇
        <select
          aria-label="乡镇"
          value={filter.townships[0] ?? ''}
          onChange={(e) => filterStore.set({ townships: e.target.value ? [e.target.value] : [] })}
        >
          <option value="">全部乡镇（{townships.length}个）</option>
          {townships.map((t) => (
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
      {(filter.townships.length > 0 || filter.kind) && (
        <span className="breadcrumb" data-testid="active-filters" aria-label="当前筛选">
          {filter.townships.map((t) => (
            <span key={t} className="chip">{t}<button aria-label={`取消筛选${t}`} onClick={() => filterStore.set({ townships: filter.townships.filter((x) => x !== t) })}>×</button></span>
          ))}
          {filter.kind && (
            <span className="chip">仅{filter.kind === 'village' ? '村' : '社区'}<button aria-label="取消类型筛选" onClick={() => filterStore.set({ kind: null })}>×</button></span>
          )}
          <button className="link" onClick={() => filterStore.set({ townships: [], kind: null })}>清除筛选</button>
        </span>
      )}
    </div>
  );
}
