/**
 * 目标达成: per township, units with a 创建目标 and how many reach it; and every unit
 * below its target, by township, with the stars it still lacks.
 */
import { useMemo } from 'react';
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import { formatPercent } from '../../../../shared/format.ts';
import { periodKey, periodLabel, type Period } from '../../../../shared/period.ts';
import { KIND_NAMES, type UnitKind } from '../../../../shared/stars.ts';
import { scopeFromFilter } from '../../../../shared/analysis/common.ts';
import { belowTargetQuery, targetByTownshipQuery, type BelowTarget } from '../../../../shared/analysis/ranking.ts';
import { EmptyState, ErrorState, Spinner } from '../../components/States.tsx';
import { useAnalysis } from '../../data/useQuery.ts';
import { LevelTag, ListGrid, PanelHead, starList } from './parts.tsx';

type Scope = { townships: string[]; kind: UnitKind | null; counties?: string[] };

const belowCols: Array<ColDef<BelowTarget>> = [
  { field: 'township', headerName: '乡镇（街道）', width: 104 },
  { field: 'name', headerName: '村（社区）', width: 112, cellClass: 'cell-name' },
  { field: 'kind', headerName: '类型', width: 64, valueFormatter: (p) => KIND_NAMES[p.value as UnitKind] ?? '' },
  { field: 'level', headerName: '星级', width: 80, cellRenderer: (p: ICellRendererParams<BelowTarget>) => <LevelTag level={p.value as number} /> },
  { field: 'target', headerName: '创建目标', width: 92, cellRenderer: (p: ICellRendererParams<BelowTarget>) => <LevelTag level={p.value as number} /> },
  { field: 'gap', headerName: '差距', width: 68, type: 'rightAligned', valueFormatter: (p) => `${p.value}星`, cellClass: 'cell-down' },
  { colId: 'missing', headerName: '尚缺的星', flex: 1, minWidth: 150, valueGetter: (p) => (p.data ? starList(p.data.missing) : ''), tooltipValueGetter: (p) => String(p.value ?? '') },
];

export function TargetsPanel({ period, filter, onPick }: { period: Period; filter: Scope; onPick: (township: string) => void }) {
  const key = periodKey(period);
  const sq = useMemo(() => targetByTownshipQuery({ period: key, scope: { kind: filter.kind, counties: filter.counties ?? [] } }), [key, filter.kind, filter.counties]);
  const bq = useMemo(() => belowTargetQuery({ period: key, scope: scopeFromFilter(filter) }), [key, filter]);
  const summary = useAnalysis(sq);
  const below = useAnalysis(bq);
  const error = summary.error ?? below.error;

  let body;
  if (error) body = <ErrorState title="目标达成查询失败" error={error} />;
  else if (!summary.data || !below.data) body = summary.slow || below.slow ? <Spinner text="正在对照创建目标…" /> : <div className="grid-placeholder" />;
  else if (summary.data.total.targeted === 0) {
    body = <EmptyState title={`${periodLabel(period)}的台账没有填写创建目标`}>导入含“创建目标”列（如 稳三星、争四星、冲五星）的台账后，这里会列出未达目标的单位。</EmptyState>;
  } else {
    const t = summary.data.total;
    body = (
      <div className="targets">
        <div className="targets-summary">
          <table className="rk-table compact" data-testid="target-table">
            <thead>
              <tr><th className="text">乡镇（街道）</th><th className="num">有目标</th><th className="num">已达到</th><th className="num">未达到</th><th className="num">达标率</th></tr>
            </thead>
            <tbody>
              {summary.data.townships.map((r) => (
                <tr key={`${r.county ?? ''}|${r.township}`} className={filter.townships.includes(r.township) ? 'clickable active' : 'clickable'}
                  onClick={() => onPick(r.township)} title={`点击筛选${r.township}`}>
                  <td className="text name">{r.township}</td>
                  <td className="num">{r.targeted}</td>
                  <td className="num">{r.met}</td>
                  <td className={r.below > 0 ? 'num warn' : 'num'}>{r.below}</td>
                  <td className="num strong">{formatPercent(r.rate)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr><td className="text">合计</td><td className="num">{t.targeted}</td><td className="num">{t.met}</td><td className="num">{t.below}</td><td className="num strong">{formatPercent(t.rate)}</td></tr>
            </tfoot>
          </table>
        </div>
        <div className="targets-list">
          <p className="muted small list-note" data-testid="below-count">
            {filter.townships.length ? `${filter.townships.join('、')}：` : ''}未达到创建目标的单位 {below.data.length} 个，按乡镇、差距排列。
          </p>
          <ListGrid rows={below.data} columns={belowCols} height={330} rowId={(r) => r.unitId} testId="below-grid" noRows="所有单位都已达到创建目标" />
        </div>
      </div>
    );
  }
  return (
    <section className="panel" aria-labelledby="rk-target-title">
      <PanelHead id="rk-target-title" title="目标达成">
        <span className="muted small">{periodLabel(period)} · 星级达到或超过创建目标即为达成</span>
      </PanelHead>
      {body}
    </section>
  );
}
