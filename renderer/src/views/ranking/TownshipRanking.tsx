/**
 * 乡镇排名: every township ranked for the period by one measure, with the value and rank
 * change against the compared period and the units at each level. A click on a row (or
 * on its bar) filters every view to that township.
 */
import { townshipNames } from '../../../../shared/scope.ts';
import { useMemo, useRef, type RefObject } from 'react';
import { LEVEL_COLORS } from '../../../../shared/palette.ts';
import { comparePeriods, periodKey, periodLabel, previousPeriod, type Period } from '../../../../shared/period.ts';
import { NO_COMPARABLE } from '../../../../shared/format.ts';
import { LEVEL_NAMES, type UnitKind } from '../../../../shared/stars.ts';
import { isChangeMeasure, RANK_RULE, type TownshipRank, type TownshipRanking } from '../../../../shared/analysis/ranking.ts';
import { resolveRanking } from '../../../../shared/views/ranking.ts';
import { parsePeriodKey } from '../../../../shared/period.ts';
import { Chart, escapeHtml, type ChartHandle } from '../../components/Chart.tsx';
import { ChartExport } from '../../components/ChartExport.tsx';
import { formatDelta, formatMeasureValue } from '../../../../shared/format.ts';
import { DeltaBadge } from '../../components/Delta.tsx';
import { EmptyState, ErrorState, Spinner } from '../../components/States.tsx';
import { useAnalysis } from '../../data/useQuery.ts';
import { AddToBriefing } from '../briefing/AddToBriefing.tsx';
import { againstLabel, type MeasureOption, PanelHead, rankDelta, townshipChangeNote } from './parts.tsx';

export function TownshipRankingPanel(props: {
  period: Period;
  measure: MeasureOption;
  kind: UnitKind | null;
  /** Counties to rank within (a merged city-level workspace); empty = all. */
  counties?: string[];
  selected: string[];
  onPick: (township: string) => void;
}) {
  const { period, measure, kind } = props;
  const counties = props.counties ?? [];
  const countyKey = counties.join('\u0000');
  const key = periodKey(period);
  // The 排名 resolver decides the scope (the selected counties and kind; townships only highlight), as in the 简报.
  const q = useMemo(() => resolveRanking({ measure: measure.spec }, { period, counties, townships: [], kind }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, measure, kind, countyKey]);
  const { data, error, slow, loading } = useAnalysis(q);

  let body;
  if (error) body = <ErrorState title="乡镇排名查询失败" error={error} />;
  else if (!data) body = slow ? <Spinner text="正在计算乡镇排名…" /> : <div className="rk-placeholder" />;
  else if (data.rows.length === 0) body = <EmptyState title={`${periodLabel(period)}没有符合筛选条件的乡镇`}>请更换期次或类型筛选。</EmptyState>;
  else body = <RankingBody data={data} period={period} measure={measure} selected={props.selected} onPick={props.onPick} />;

  return (
    <section className="panel rk-ranking" aria-labelledby="rk-ranking-title" aria-busy={loading}>
      <PanelHead id="rk-ranking-title" title={<>乡镇排名 · {measure.label}{loading && slow && data && <span className="spinner inline" aria-hidden="true" />}</>}>
        <span className="muted small">点击乡镇可筛选各页面</span>
        <AddToBriefing spec={{ kind: 'ranking', measure: measure.spec }} testId="add-ranking" />
      </PanelHead>
      {body}
      <p className="rank-rule" data-testid="rank-rule">{RANK_RULE}</p>
    </section>
  );
}

function RankingBody({ data, period, measure, selected, onPick }: {
  data: TownshipRanking; period: Period; measure: MeasureOption; selected: string[]; onPick: (t: string) => void;
}) {
  const versus = parsePeriodKey(data.versus)!;
  const against = againstLabel(period, versus);
  const hasPrev = data.rows.some((r) => r.prevValue != null || r.comparable > 0);
  // `comparable` counts units rated in the period right before: notes only when comparing with it.
  const adjacent = comparePeriods(previousPeriod(period), versus) === 0;
  const uncompared = adjacent ? data.rows.reduce((sum, r) => sum + r.units - r.comparable, 0) : 0;
  const change = isChangeMeasure(measure.spec);
  const tied = useMemo(() => {
    const count = new Map<number, number>();
    for (const r of data.rows) count.set(r.rank, (count.get(r.rank) ?? 0) + 1);
    return count;
  }, [data]);
  const names = useMemo(() => townshipNames(data.rows), [data]);
  return (
    <div className="rk-ranking-body">
      <div className="rk-table-wrap">
        <table className="rk-table" data-testid="township-ranking">
          <thead>
            <tr>
              <th className="num">名次</th>
              <th className="text">乡镇（街道）</th>
              <th className="num">{data.label}</th>
              <th className="num">较{against}</th>
              <th className="num" title={`与${against}名次相比`}>名次变化</th>
              <th className="num">单位数</th>
              {LEVEL_NAMES.map((n, i) => (
                <th key={n} className="num lv-head"><i style={{ background: LEVEL_COLORS[i] }} />{n}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r, i) => (
              <RankRow key={`${r.county ?? ''}|${r.township}`} r={r} name={names[i]} measure={measure} against={against}
                note={adjacent ? townshipChangeNote(measure.spec, r, against) : ''}
                tie={(tied.get(r.rank) ?? 0) > 1} active={selected.includes(r.township)} onPick={onPick} />
            ))}
          </tbody>
        </table>
        {!hasPrev && <p className="muted small" data-testid="ranking-compare-note">较{against}：{NO_COMPARABLE}（{periodLabel(versus)}无评定数据）。</p>}
        {hasPrev && uncompared > 0 && (
          <p className="muted small" data-testid="ranking-compare-note">
            注：共有{uncompared}个单位{against}无评定记录，{change ? `未参与${data.label}统计` : '两期参评单位不完全相同'}，涉及的乡镇标有“注”。
          </p>
        )}
      </div>
      <RankingChart data={data} measure={measure} selected={selected} onPick={onPick} />
    </div>
  );
}

function RankRow({ r, name, measure, against, note, tie, active, onPick }: {
  r: TownshipRank; name: string; measure: MeasureOption; against: string; note: string; tie: boolean; active: boolean; onPick: (t: string) => void;
}) {
  const delta = formatDelta(measure.spec, r.delta, against);
  // A change measure's value is itself the change: the note goes there; otherwise on the delta.
  const valueNote = isChangeMeasure(measure.spec) ? note : '';
  const deltaNote = valueNote ? '' : note;
  return (
    <tr className={active ? 'clickable active' : 'clickable'} data-testid="rank-row" data-township={r.township}
      tabIndex={0} aria-selected={active}
      onClick={() => onPick(r.township)}
      onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onPick(r.township); } }}
      title={`点击筛选${r.township}`}>
      <td className="num rank" data-testid="rank-cell">
        {tie && <span className="tie" title={`并列第${r.rank}名`}>并列</span>}
        {r.rank}
      </td>
      <td className="text name">{name}</td>
      <td className={r.value == null ? 'num muted' : 'num strong'} data-testid="value-cell" title={valueNote || undefined}>
        {formatMeasureValue(measure.spec, r.value)}
        {valueNote && <sup className="delta-note" data-testid="delta-note">注</sup>}
      </td>
      <td className="num"><DeltaBadge delta={delta} note={deltaNote || undefined} /></td>
      <td className="num">
        <DeltaBadge delta={rankDelta(r.rankChange, against)}
          title={r.prevRank == null ? `${against}无排名` : `${against}第${r.prevRank}名；${rankDelta(r.rankChange, against).sentence}`} />
      </td>
      <td className="num">{r.units}</td>
      {r.levels.map((n, i) => <td key={i} className={n === 0 ? 'num zero' : 'num'}>{n}</td>)}
    </tr>
  );
}

export function RankingChart({ data, measure, selected, onPick, chartRef }: { data: TownshipRanking; measure: MeasureOption; selected: string[]; onPick: (t: string) => void; chartRef?: RefObject<ChartHandle | null> }) {
  const own = useRef<ChartHandle>(null);
  const chart = chartRef ?? own;
  const rows = data.rows;
  const names = useMemo(() => townshipNames(rows), [rows]);
  const percent = measure.spec.kind === 'shareAtLeast' || measure.spec.kind === 'starRate' || measure.spec.kind === 'targetRate';
  const option = useMemo(() => ({
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const r = rows[p.dataIndex];
        return `${escapeHtml(names[p.dataIndex])}<br/>第${r.rank}名 · ${escapeHtml(data.label)} ${escapeHtml(formatMeasureValue(measure.spec, r.value))}`;
      },
    },
    xAxis: {
      type: 'value', splitLine: { lineStyle: { color: '#eef0f2' } },
      axisLabel: { formatter: (v: number) => (percent ? `${Math.round(v * 100)}%` : String(v)), color: '#6b7280' },
      ...(percent ? { max: 1 } : {}),
    },
    yAxis: {
      type: 'category', inverse: true, data: names,
      axisTick: { show: false }, axisLabel: { color: '#1f2329' },
    },
    series: [{
      type: 'bar', barWidth: '62%',
      label: { show: true, position: 'right', color: '#1f2329', formatter: (p: { dataIndex: number }) => formatMeasureValue(measure.spec, rows[p.dataIndex].value) },
      data: rows.map((r) => ({
        value: r.value,
        itemStyle: { color: selected.length === 0 || selected.includes(r.township) ? '#C8102E' : '#d9dce1' },
      })),
    }],
  }), [rows, names, data.label, measure, selected, percent]);
  const height = Math.max(180, rows.length * 24 + 24);
  return (
    <div className="rk-chart">
      <div className="rk-chart-head">
        <span className="muted small">{data.label}</span>
        <ChartExport chart={chart} name={`乡镇排名-${data.label}-${data.period}`} />
      </div>
      <Chart ref={chart} option={option} height={height} label={`各乡镇${data.label}排名条形图`} testId="ranking-chart"
        onClick={(e) => e.dataIndex != null && rows[e.dataIndex] && onPick(rows[e.dataIndex].township)} />
    </div>
  );
}
