/**
 * 2–6 units side by side: which stars each holds in the selected period (radar; villages
 * and communities get a radar each when both are chosen, since their stars differ), star
 * level over time (lines), and every star per period with gains and losses marked.
 */
import { resolveUnitHistory, resolveUnitRadar } from '../../../../shared/views/compare.ts';
import { Fragment, useCallback, useMemo, useRef } from 'react';
import { type History, type Radar } from '../../../../shared/analysis/compare.ts';
import type { UnitRef } from '../../../../shared/analysis/ranking.ts';
import { parsePeriodKey, periodKey, periodLabel, type Period } from '../../../../shared/period.ts';
import { KIND_NAMES, LEVEL_NAMES, starsFor, type UnitKind } from '../../../../shared/stars.ts';
import { Chart, escapeHtml, type ChartHandle } from '../../components/Chart.tsx';
import { ChartExport } from '../../components/ChartExport.tsx';
import { EmptyState, ErrorState, Spinner } from '../../components/States.tsx';
import { useAnalysis, useQuery } from '../../data/useQuery.ts';
import { PanelHead } from '../ranking/parts.tsx';
import { SERIES_COLORS } from './state.ts';

const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'emptyCircle', 'emptyRect'];

export function UnitCompare({ units, period, cadence, onCadence, labelOf }: {
  units: UnitRef[];
  period: Period;
  cadence: 'quarter' | 'year';
  onCadence: (c: 'quarter' | 'year') => void;
  labelOf: (u: UnitRef) => string;
}) {
  const ids = useMemo(() => units.map((u) => u.unitId), [units]);
  const key = periodKey(period);
  const rq = useMemo(() => resolveUnitRadar(ids, key), [ids, key]);
  const hq = useMemo(() => resolveUnitHistory(ids, cadence), [ids, cadence]);
  const radar = useQuery(rq?.sql ?? null, (rows) => rq!.read(rows));
  const history = useQuery(hq?.sql ?? null, (rows) => hq!.read(rows));
  const colorOf = useCallback((unitId: string) => SERIES_COLORS[Math.max(0, ids.indexOf(unitId))], [ids]);

  if (!ids.length) {
    return <EmptyState title="请选择要对比的村（社区）">在上方搜索框输入名称（按 / 键定位），选择 2–6 个村（社区）并排比较五星和星级变化。</EmptyState>;
  }
  return (
    <>
      <div className="cmp-charts">
        <section className="panel" aria-labelledby="cmp-radar-title">
          <RadarPanel state={radar} period={period} colorOf={colorOf} labelOf={labelOf} />
        </section>
        <section className="panel" aria-labelledby="cmp-lines-title">
          <LinesPanel state={history} colorOf={colorOf} labelOf={labelOf} cadence={cadence} onCadence={onCadence} />
        </section>
      </div>
      <section className="panel" aria-labelledby="cmp-table-title">
        <PanelHead id="cmp-table-title" title={`各星逐${cadence === 'year' ? '年' : '期'}评定`}>
          <span className="star-legend muted small">
            <span><b className="mark held">★</b>已获得</span>
            <span><b className="mark">☆</b>未获得</span>
            <span><b className="mark gained">▲</b>较上期新增</span>
            <span><b className="mark lost">▼</b>较上期摘除</span>
            <span><b className="mark">—</b>无评定</span>
          </span>
        </PanelHead>
        {history.error ? <ErrorState title="星级历史查询失败" error={history.error} />
          : !history.data ? (history.slow ? <Spinner text="正在读取各期评定…" /> : <div className="table-placeholder" />)
            : <StarTable history={history.data} colorOf={colorOf} labelOf={labelOf} current={cadence === 'year' ? String(period.year) : key} />}
      </section>
    </>
  );
}

interface QueryState<T> { data: T | null; error: Error | null; slow: boolean; loading: boolean }

// ---------------------------------------------------------------------------------------------
// Radar

/** Where a held star is drawn: slightly inside for each further unit, so equal shapes stay visible. */
const heldRadius = (i: number) => 1 - i * 0.07;

function RadarPanel({ state, period, colorOf, labelOf }: {
  state: QueryState<Radar>; period: Period; colorOf: (id: string) => string; labelOf: (u: UnitRef) => string;
}) {
  const chart = useRef<ChartHandle>(null);
  const data = state.data;
  const option = useMemo(() => (data ? radarOption(data, colorOf, labelOf) : null), [data, colorOf, labelOf]);
  const unrated = data?.units.filter((u) => !u.rated) ?? [];
  const mixed = data ? new Set(data.units.map((u) => u.kind)).size > 1 : false;
  return (
    <>
      <PanelHead id="cmp-radar-title" title={`五星雷达 · ${periodLabel(period)}`}>
        <ChartExport chart={chart} name={`五星雷达-${periodKey(period)}`} />
      </PanelHead>
      {state.error ? <ErrorState title="雷达图查询失败" error={state.error} />
        : !option ? (state.slow ? <Spinner text="正在读取各星评定…" /> : <div className="chart-placeholder" />)
          : <Chart ref={chart} option={option} height={286} label="所选村（社区）五星雷达图" testId="radar-chart" />}
      <p className="chart-note muted small">
        {mixed ? '村和社区评定的星不同，分开绘制；支部过硬星、平安法治星两者共有。' : '外圈为已获得，圆心为未获得；多个单位重合时依次略向内错开。'}
        {unrated.length > 0 && <span className="warn-text">{unrated.map((u) => u.name).join('、')}在{periodLabel(period)}没有评定。</span>}
      </p>
    </>
  );
}

export function radarOption(data: Radar, colorOf: (id: string) => string, labelOf: (u: UnitRef) => string) {
  const kinds = (['village', 'community'] as UnitKind[]).filter((k) => data.units.some((u) => u.kind === k));
  const mixed = kinds.length > 1;
  const order = data.units.map((u) => u.unitId);
  const radars = kinds.map((k, i) => ({
    indicator: starsFor(k).map((s) => ({ name: s.name, max: 1, min: 0 })),
    center: mixed ? [i === 0 ? '24%' : '76%', '56%'] : ['50%', '55%'],
    radius: mixed ? '44%' : '66%',
    splitNumber: 2,
    axisName: { color: '#3b4048', fontSize: 12 },
    splitLine: { lineStyle: { color: '#e3e5e9' } },
    splitArea: { show: false },
    axisLine: { lineStyle: { color: '#e3e5e9' } },
  }));
  const series = kinds.map((k, ri) => {
    const stars = starsFor(k);
    return {
      type: 'radar',
      radarIndex: ri,
      symbolSize: 5,
      data: data.units.filter((u) => u.kind === k && u.rated).map((u) => {
        const i = order.indexOf(u.unitId);
        const values = stars.map((s) => data.axes.findIndex((a) => a.star === s.id)).map((ai) => (u.values[ai] === 1 ? heldRadius(i) : 0));
        return {
          name: labelOf(u),
          value: values,
          symbol: SYMBOLS[i],
          lineStyle: { color: colorOf(u.unitId), width: 2 },
          itemStyle: { color: colorOf(u.unitId) },
          areaStyle: { color: colorOf(u.unitId), opacity: 0.06 },
          unit: u,
        };
      }),
    };
  });
  return {
    color: data.units.map((u) => colorOf(u.unitId)),
    legend: { top: 0, left: 'center', itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 12 }, data: data.units.filter((u) => u.rated).map(labelOf) },
    title: mixed ? kinds.map((k, i) => ({ text: `${KIND_NAMES[k]}（${starsFor(k).length}颗星）`, left: i === 0 ? '24%' : '76%', top: 26, textAlign: 'center', textStyle: { fontSize: 12, fontWeight: 'normal', color: '#6b7280' } })) : undefined,
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; dataIndex: number; seriesIndex: number }) => {
        const k = kinds[p.seriesIndex];
        const u = data.units.filter((x) => x.kind === k && x.rated)[p.dataIndex];
        if (!u) return '';
        const lines = starsFor(k).map((s) => {
          const v = u.values[data.axes.findIndex((a) => a.star === s.id)];
          return `${v === 1 ? '★' : '☆'} ${escapeHtml(s.name)}`;
        });
        return `<b>${escapeHtml(u.name)}</b>（${escapeHtml(u.township)}·${KIND_NAMES[u.kind]}）${u.level == null ? '' : `：${LEVEL_NAMES[u.level]}`}<br/>${lines.join('<br/>')}`;
      },
    },
    radar: radars,
    series,
  };
}

// ---------------------------------------------------------------------------------------------
// Level over time

function LinesPanel({ state, colorOf, labelOf, cadence, onCadence }: {
  state: QueryState<History>; colorOf: (id: string) => string; labelOf: (u: UnitRef) => string;
  cadence: 'quarter' | 'year'; onCadence: (c: 'quarter' | 'year') => void;
}) {
  const chart = useRef<ChartHandle>(null);
  const data = state.data;
  const option = useMemo(() => (data ? linesOption(data, colorOf, labelOf, cadence) : null), [data, colorOf, labelOf, cadence]);
  return (
    <>
      <PanelHead id="cmp-lines-title" title="星级变化">
        <div className="segmented small-seg" role="radiogroup" aria-label="时间口径">
          {([['quarter', '按季度'], ['year', '按年度']] as Array<['quarter' | 'year', string]>).map(([c, label]) => (
            <button key={c} role="radio" aria-checked={cadence === c} className={cadence === c ? 'active' : ''} onClick={() => onCadence(c)}>{label}</button>
          ))}
        </div>
        <ChartExport chart={chart} name={`星级变化-${cadence === 'year' ? '年度' : '季度'}`} />
      </PanelHead>
      {state.error ? <ErrorState title="星级历史查询失败" error={state.error} />
        : !option ? (state.slow ? <Spinner text="正在读取各期星级…" /> : <div className="chart-placeholder" />)
          : data!.periods.length === 0 ? <EmptyState title="没有可比较的期次" />
            : <Chart ref={chart} option={option} height={286} label="所选村（社区）星级变化折线图" testId="level-lines" />}
      <p className="chart-note muted small">{cadence === 'year' ? '年度取年度评定结果，没有年度评定时取第四季度。' : '各季度评定的星级；空缺表示该期没有评定。星级相同的折线略微上下错开，悬停可看准确星级。'}</p>
    </>
  );
}

function linesOption(data: History, colorOf: (id: string) => string, labelOf: (u: UnitRef) => string, cadence: 'quarter' | 'year') {
  return {
    grid: { left: 8, right: 16, top: 36, bottom: data.periods.length > 20 ? 40 : 8, containLabel: true },
    legend: { top: 0, left: 'center', itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 12 } },
    tooltip: {
      trigger: 'axis',
      formatter: (items: Array<{ dataIndex: number; seriesIndex: number }>) => {
        if (!items.length) return '';
        const i = items[0].dataIndex;
        const p = parsePeriodKey(data.periods[i]);
        const head = p ? (cadence === 'year' ? `${p.year}年` : periodLabel(p)) : data.periods[i];
        const rows = data.units.map((u) => {
          const lv = u.levels[i];
          return `<span style="color:${colorOf(u.unitId)}">●</span> ${escapeHtml(labelOf(u))}：${lv == null ? '无评定' : LEVEL_NAMES[lv]}`;
        });
        return `${escapeHtml(head)}<br/>${rows.join('<br/>')}`;
      },
    },
    xAxis: { type: 'category', data: data.labels, boundaryGap: false, axisTick: { alignWithLabel: true }, axisLabel: { color: '#6b7280' } },
    yAxis: {
      type: 'value', min: 0, max: 5, interval: 1,
      axisLabel: { formatter: (v: number) => LEVEL_NAMES[v] ?? '', color: '#6b7280' },
      splitLine: { lineStyle: { color: '#eef0f2' } },
    },
    ...(data.periods.length > 20 ? { dataZoom: [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 4, showDetail: false, brushSelect: false }] } : {}),
    series: data.units.map((u, i) => ({
      name: labelOf(u),
      type: 'line',
      symbol: SYMBOLS[i],
      symbolSize: 7,
      connectNulls: false,
      clip: false,
      lineStyle: { width: 2, color: colorOf(u.unitId) },
      itemStyle: { color: colorOf(u.unitId) },
      emphasis: { focus: 'series' },
      // Equal levels are drawn slightly apart so no line hides another (the tooltip gives the true level).
      data: u.levels.map((lv) => (lv == null ? null : lv + (i - (data.units.length - 1) / 2) * 0.05)),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Every star per period

function StarTable({ history, colorOf, labelOf, current }: {
  history: History; colorOf: (id: string) => string; labelOf: (u: UnitRef) => string; current: string;
}) {
  const cols = history.periods.length;
  if (cols === 0) return <EmptyState title="没有可比较的期次" />;
  return (
    <div className="star-table-wrap">
      <table className="star-table" data-testid="compare-table">
        <thead>
          <tr>
            <th className="corner">单位 / 星</th>
            {history.labels.map((l, i) => (
              <th key={history.periods[i]} className={history.periods[i] === current ? 'current' : undefined} title={history.periods[i]}>{l}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {history.units.map((u) => (
            <Fragment key={u.unitId}>
              <tr className="unit-row">
                <th colSpan={cols + 1} scope="colgroup">
                  <i style={{ background: colorOf(u.unitId) }} aria-hidden="true" />
                  <span className="unit-name">{labelOf(u)}</span>
                  <span className="muted small">{u.township} · {KIND_NAMES[u.kind]}</span>
                </th>
              </tr>
              <tr className="level-row" data-testid={`levels-${u.unitId}`}>
                <th scope="row">星级</th>
                {u.levels.map((lv, i) => {
                  const before = i > 0 ? u.levels[i - 1] : null;
                  const change = lv != null && before != null ? lv - before : 0;
                  return (
                    <td key={i} data-testid={`level-${u.unitId}-${history.periods[i]}`} data-level={lv ?? ''}
                      className={`${history.periods[i] === current ? 'current ' : ''}${change > 0 ? 'up' : change < 0 ? 'down' : ''}`}
                      title={change ? `较上期${change > 0 ? '升' : '降'}${Math.abs(change)}星` : undefined}>
                      {lv == null ? '—' : LEVEL_NAMES[lv]}
                      {change > 0 && <span className="chg">▲</span>}
                      {change < 0 && <span className="chg">▼</span>}
                    </td>
                  );
                })}
              </tr>
              {u.stars.map((s) => (
                <tr key={s.star} className="star-row">
                  <th scope="row">{s.name}</th>
                  {s.cells.map((c, i) => {
                    const cls = c.change === 'gained' ? 'gained' : c.change === 'lost' ? 'lost' : c.held ? 'held' : '';
                    const text = c.held == null ? '—' : c.change === 'gained' ? '▲★' : c.change === 'lost' ? '▼☆' : c.held ? '★' : '☆';
                    const title = c.held == null ? '无评定' : c.change === 'gained' ? '本期新增' : c.change === 'lost' ? '本期摘除' : c.held ? '已获得' : '未获得';
                    return (
                      <td key={i} className={`${history.periods[i] === current ? 'current ' : ''}${cls}`} title={title}
                        data-testid={`star-${u.unitId}-${s.star}-${history.periods[i]}`}>{text}</td>
                    );
                  })}
                </tr>
              ))}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
