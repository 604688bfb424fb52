/**
 * 进步星 candidates (units whose level rose most over a span) and the 降星 list (units
 * that lost stars since the previous period, with which stars). Both pair units rated in
 * both periods; the others have no change (not a zero one): the lists say how many, and
 * 无可比数据 when none can be compared.
 */
import { useMemo } from 'react';
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import { comparePeriods, parsePeriodKey, periodKey, periodLabel, previousPeriod, type Period } from '../../../../shared/period.ts';
import { KIND_NAMES, type UnitKind } from '../../../../shared/stars.ts';
import { scopeFromFilter } from '../../../../shared/analysis/common.ts';
import { demotionQuery, progressQuery, type StarChange } from '../../../../shared/analysis/ranking.ts';
import { comparisonQuery, type PeriodComparison } from '../../../../shared/analysis/comparable.ts';
import { comparisonState, formatDelta, NO_COMPARABLE, NO_PREVIOUS_DATA, uncomparedNote } from '../../../../shared/format.ts';
import { EmptyState, ErrorState, Spinner } from '../../components/States.tsx';
import { useAnalysis } from '../../data/useQuery.ts';
import { LevelTag, ListGrid, PanelHead, PeriodSelect, starList } from './parts.tsx';

type Scope = { townships: string[]; kind: UnitKind | null };

/**
 * The line above a list of changes: `counted` when some units compare (with how many were
 * left out), else 无可比数据 and why. `against`: 上季度, or the compared period's name.
 */
function CompareLine({ c, against, testId, counted }: { c: PeriodComparison; against: string; testId: string; counted: string }) {
  const state = comparisonState(c);
  const text = state === 'no-previous' ? `${NO_PREVIOUS_DATA}：${against}无评定数据。`
    : state === 'none' ? `${NO_COMPARABLE}：${uncomparedNote(c, against)}。`
      : `${counted}${state === 'partial' ? `${uncomparedNote(c, against)}。` : ''}`;
  return <p className="muted small list-note" data-testid={testId}>{text}</p>;
}

const comparable = (c: PeriodComparison) => comparisonState(c) === 'partial' || comparisonState(c) === 'full';

const levelChangeCol: ColDef<StarChange> = {
  colId: 'levels', headerName: '星级变化', width: 120, sortable: false,
  cellRenderer: (p: ICellRendererParams<StarChange>) => p.data && (
    <span className="level-change"><LevelTag level={p.data.fromLevel} /><span className="arrow">→</span><LevelTag level={p.data.toLevel} /></span>
  ),
};

const unitCols: Array<ColDef<StarChange>> = [
  { field: 'township', headerName: '乡镇（街道）', width: 106 },
  { field: 'name', headerName: '村（社区）', width: 100, cellClass: 'cell-name', tooltipValueGetter: (p) => (p.data ? `${p.data.name}（${KIND_NAMES[p.data.kind as UnitKind]}）` : '') },
];

/** Stars gained (or lost), with the other direction in brackets when there is any. */
const starsText = (main: string[], other: string[], otherLabel: string) =>
  `${starList(main as StarChange['gained'])}${other.length ? `（${otherLabel}：${starList(other as StarChange['gained'])}）` : ''}`;

const progressCols: Array<ColDef<StarChange>> = [
  { field: 'rank', headerName: '名次', width: 56, type: 'rightAligned' },
  ...unitCols,
  levelChangeCol,
  { field: 'net', headerName: '净增', width: 58, type: 'rightAligned', valueFormatter: (p) => formatDelta('count', p.value).bare, cellClass: 'cell-up' },
  { colId: 'gained', headerName: '新增的星', flex: 1, minWidth: 96, valueGetter: (p) => (p.data ? starsText(p.data.gained, p.data.lost, '摘除') : ''), tooltipValueGetter: (p) => String(p.value ?? '') },
];

const demotionCols: Array<ColDef<StarChange>> = [
  ...unitCols,
  levelChangeCol,
  { field: 'net', headerName: '净减', width: 58, type: 'rightAligned', valueFormatter: (p) => (p.value < 0 ? `−${-p.value}` : '0'), cellClass: 'cell-down' },
  { colId: 'lost', headerName: '摘除的星', flex: 1, minWidth: 120, valueGetter: (p) => (p.data ? starsText(p.data.lost, p.data.gained, '同期新增') : ''), cellClass: 'cell-down', tooltipValueGetter: (p) => String(p.value ?? '') },
];

export function ProgressPanel(props: {
  period: Period; periods: Period[]; filter: Scope;
  from: string | null; onFrom: (key: string | null) => void;
  to: string | null; onTo: (key: string | null) => void;
}) {
  const to = props.to ?? periodKey(props.period);
  const toP = parsePeriodKey(to)!;
  const from = props.from ?? periodKey(previousPeriod(toP));
  const fromP = parsePeriodKey(from)!;
  const valid = comparePeriods(fromP, toP) < 0;
  const q = useMemo(() => (valid ? progressQuery({ from, to, scope: scopeFromFilter(props.filter) }) : null), [valid, from, to, props.filter]);
  const { data, error, slow, loading } = useAnalysis(q ?? null);
  const cq = useMemo(() => (valid ? comparisonQuery({ period: to, versus: from, scope: scopeFromFilter(props.filter) }) : null), [valid, from, to, props.filter]);
  const comparison = useAnalysis(cq).data;
  const known = (key: string) => props.periods.some((p) => periodKey(p) === key);

  let body;
  if (!valid) body = <EmptyState title="起止期次有误">起始期次应早于截止期次。</EmptyState>;
  else if (!known(from)) body = <EmptyState title={`${NO_COMPARABLE}：没有${periodLabel(fromP)}的数据`}>请选择已导入的起始期次。</EmptyState>;
  else if (error) body = <ErrorState title="进步星查询失败" error={error} />;
  else if (!data || !comparison) body = slow ? <Spinner text="正在比较两期星级…" /> : <div className="grid-placeholder" />;
  else {
    body = (
      <>
        <CompareLine c={comparison} against={periodLabel(fromP)} testId="progress-count"
          counted={`${periodLabel(fromP)}至${periodLabel(toP)}，两期都有评定的${comparison.comparable}个单位中，星级提升的共 ${data.rows.length} 个，按净增星数排名。`} />
        {comparable(comparison) && (
          <ListGrid rows={data.rows} columns={progressCols} height={300} rowId={(r) => r.unitId} testId="progress-grid" noRows="这段时间没有星级提升的单位" />
        )}
      </>
    );
  }
  return (
    <section className="panel" aria-labelledby="rk-progress-title" aria-busy={loading}>
      <PanelHead id="rk-progress-title" title="进步星候选">
        <label className="tool">从<PeriodSelect label="进步星起始期次" value={from} periods={props.periods} onChange={(k) => props.onFrom(k)} /></label>
        <label className="tool">到<PeriodSelect label="进步星截止期次" value={to} periods={props.periods} onChange={(k) => props.onTo(k)} /></label>
        {(props.from || props.to) && <button className="link small" onClick={() => { props.onFrom(null); props.onTo(null); }}>恢复默认</button>}
      </PanelHead>
      {body}
    </section>
  );
}

export function DemotionPanel({ period, filter }: { period: Period; filter: Scope }) {
  const key = periodKey(period);
  const versus = previousPeriod(period);
  const q = useMemo(() => demotionQuery({ period: key, scope: scopeFromFilter(filter) }), [key, filter]);
  const { data, error, slow, loading } = useAnalysis(q);
  const cq = useMemo(() => comparisonQuery({ period: key, scope: scopeFromFilter(filter) }), [key, filter]);
  const comparison = useAnalysis(cq).data;
  const against = period.quarter == null ? '上年度' : '上季度';
  let body;
  if (error) body = <ErrorState title="降星名单查询失败" error={error} />;
  else if (!data || !comparison) body = slow ? <Spinner text="正在比较两期星级…" /> : <div className="grid-placeholder" />;
  else {
    body = (
      <>
        <CompareLine c={comparison} against={against} testId="demotion-count"
          counted={`与${periodLabel(versus)}相比，两期都有评定的${comparison.comparable}个单位中，有星被摘除的共 ${data.rows.length} 个，降幅大的在前。`} />
        {comparable(comparison) && (
          <ListGrid rows={data.rows} columns={demotionCols} height={300} rowId={(r) => r.unitId} testId="demotion-grid" noRows="本期没有被摘星的单位" />
        )}
      </>
    );
  }
  return (
    <section className="panel" aria-labelledby="rk-demotion-title" aria-busy={loading}>
      <PanelHead id="rk-demotion-title" title="降星名单">
        <span className="muted small">{periodLabel(versus)} → {periodLabel(period)}</span>
      </PanelHead>
      {body}
    </section>
  );
}
