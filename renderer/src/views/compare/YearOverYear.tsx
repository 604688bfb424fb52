/**
 * 年度对比: every unit's level in two years (the annual rating, or Q4 without one), the
 * change and the stars gained / lost. Follows the global township and kind filter.
 */
import { resolveYearOverYear } from '../../../../shared/views/compare.ts';
import { scopeLabel } from '../../../../shared/filter.ts';
import { useLoadedCounties } from '../../state/counties.ts';
import { useMemo } from 'react';
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import { type YearOverYearRow } from '../../../../shared/analysis/compare.ts';
import { KIND_NAMES, type UnitKind } from '../../../../shared/stars.ts';
import { EmptyState, ErrorState, Spinner } from '../../components/States.tsx';
import { useAnalysis, useQuery } from '../../data/useQuery.ts';
import { LevelTag, ListGrid, PanelHead, starList } from '../ranking/parts.tsx';
import type { CompareState } from './state.ts';

type Show = CompareState['yoyShow'];

const PASS: Record<Show, (r: YearOverYearRow) => boolean> = {
  all: () => true,
  up: (r) => (r.change ?? 0) > 0,
  down: (r) => (r.change ?? 0) < 0,
  same: (r) => r.change === 0,
  missing: (r) => r.change == null,
};

function columns(yearA: number, yearB: number): Array<ColDef<YearOverYearRow>> {
  const q = (quarter: number | null) => (quarter == null ? '年度评定' : `第${quarter}季度评定`);
  return [
    { field: 'township', headerName: '乡镇（街道）', width: 110 },
    { field: 'name', headerName: '村（社区）', width: 120, cellClass: 'cell-name' },
    { field: 'kind', headerName: '类型', width: 68, valueFormatter: (p) => KIND_NAMES[p.value as UnitKind] ?? '' },
    {
      field: 'levelA', headerName: `${yearA}年`, width: 96,
      cellRenderer: (p: ICellRendererParams<YearOverYearRow>) => <LevelTag level={p.value as number | null} />,
      tooltipValueGetter: (p) => (p.data?.levelA == null ? '该年无评定' : q(p.data.quarterA)),
    },
    {
      field: 'levelB', headerName: `${yearB}年`, width: 96,
      cellRenderer: (p: ICellRendererParams<YearOverYearRow>) => <LevelTag level={p.value as number | null} />,
      tooltipValueGetter: (p) => (p.data?.levelB == null ? '该年无评定' : q(p.data.quarterB)),
    },
    {
      field: 'change', headerName: '变化', width: 84, type: 'rightAligned',
      valueFormatter: (p) => (p.value == null ? '—' : p.value > 0 ? `▲${p.value}` : p.value < 0 ? `▼${-p.value}` : '持平'),
      cellClass: (p) => (p.value > 0 ? 'cell-up' : p.value < 0 ? 'cell-down' : 'muted'),
    },
    { colId: 'gained', headerName: '新增的星', flex: 1, minWidth: 150, valueGetter: (p) => (p.data ? starList(p.data.gained) : ''), tooltipValueGetter: (p) => String(p.value ?? '') },
    { colId: 'lost', headerName: '摘除的星', flex: 1, minWidth: 150, valueGetter: (p) => (p.data ? starList(p.data.lost) : ''), cellClass: 'cell-down', tooltipValueGetter: (p) => String(p.value ?? '') },
  ];
}

export function YearOverYear(props: {
  years: number[];
  yearA: number; yearB: number;
  onYears: (a: number, b: number) => void;
  show: Show; onShow: (s: Show) => void;
  filter: { townships: string[]; kind: UnitKind | null };
}) {
  const { yearA, yearB, filter } = props;
  const valid = yearA !== yearB;
  const q = useMemo(() => resolveYearOverYear({ yearA, yearB }, filter), [yearA, yearB, filter]);
  const { data, error, slow, loading } = useQuery(valid ? q.sql : null, q.read);
  const cols = useMemo(() => columns(yearA, yearB), [yearA, yearB]);
  const s = data?.summary;
  const where = scopeLabel(filter, useLoadedCounties());

  const chips: Array<[Show, string, number | undefined]> = [
    ['all', '全部', data?.rows.length],
    ['up', '升星', s?.up],
    ['down', '降星', s?.down],
    ['same', '持平', s?.same],
    ['missing', '仅一年有评定', s ? s.onlyA + s.onlyB : undefined],
  ];

  return (
    <section className="panel" aria-labelledby="cmp-yoy-title" aria-busy={loading}>
      <PanelHead id="cmp-yoy-title" title={<>年度对比<span className="muted small">（{where}{filter.kind ? `，仅${KIND_NAMES[filter.kind]}` : ''}；用顶部“乡镇”“类型”筛选）</span></>}>
        <label className="tool">
          <select aria-label="对比年份一" value={yearA} onChange={(e) => props.onYears(Number(e.target.value), yearB)}>
            {props.years.map((y) => <option key={y} value={y}>{y}年</option>)}
          </select>
        </label>
        <span className="muted">→</span>
        <label className="tool">
          <select aria-label="对比年份二" value={yearB} onChange={(e) => props.onYears(yearA, Number(e.target.value))}>
            {props.years.map((y) => <option key={y} value={y}>{y}年</option>)}
          </select>
        </label>
      </PanelHead>
      {!valid ? <EmptyState title="请选择两个不同的年份" />
        : error ? <ErrorState title="年度对比查询失败" error={error} />
          : !data ? (slow ? <Spinner text="正在比较两年星级…" /> : <div className="grid-placeholder" />)
            : data.rows.length === 0 ? <EmptyState title={`${yearA}年和${yearB}年都没有符合筛选条件的评定`}>请更换年份或筛选条件。</EmptyState>
              : (
                <>
                  <div className="yoy-summary" role="radiogroup" aria-label="显示哪些单位">
                    {chips.map(([k, label, n]) => (
                      <button key={k} role="radio" aria-checked={props.show === k} data-testid={`yoy-${k}`}
                        className={`yoy-chip yoy-${k}${props.show === k ? ' active' : ''}`} onClick={() => props.onShow(k)}>
                        <span>{label}</span><b>{n ?? 0}</b><span className="unit">个</span>
                      </button>
                    ))}
                    <span className="muted small yoy-note">
                      {yearB > yearA ? `${yearB}年较${yearA}年` : `${yearA}年与${yearB}年相比`}：升星 {s!.up} 个，降星 {s!.down} 个。年度星级取年度评定，没有年度评定时取第四季度。
                    </span>
                  </div>
                  <ListGrid rows={data.rows} columns={cols} height={420} rowId={(r) => r.unitId} testId="yoy-grid"
                    isExternalFilterPresent={() => props.show !== 'all'} doesExternalFilterPass={PASS[props.show]}
                    filterKey={props.show} noRows="没有符合条件的单位" />
                </>
              )}
    </section>
  );
}
