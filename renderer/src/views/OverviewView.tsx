/**
 * 总览: the county (or township) at a glance for one period, each figure with its
 * change against the previous quarter (year, for an annual period). Changes are over all
 * units of each period; when the two periods do not rate the same units, a note says how
 * many differ, and with no previous data every change reads 无可比数据.
 */
import { useMemo } from 'react';
import { type OverviewFigures, type PeriodFigures } from '../../../shared/figures.ts';
import { formatChange, formatPercent, NO_COMPARABLE, unitSetNote } from '../../../shared/format.ts';
import { scopeFromFilter } from '../../../shared/analysis/common.ts';
import { comparisonQuery } from '../../../shared/analysis/comparable.ts';
import { LEVEL_COLORS, STAR_COLORS } from '../../../shared/palette.ts';
import { periodLabel } from '../../../shared/period.ts';
import { resolveOverview } from '../../../shared/views/overview.ts';
import { KIND_NAMES, LEVEL_NAMES, STARS } from '../../../shared/stars.ts';
import { Chart, escapeHtml } from '../components/Chart.tsx';
import { DeltaBadge } from '../components/Delta.tsx';
import { EmptyState, ErrorState, Spinner } from '../components/States.tsx';
import { useAnalysis } from '../data/useQuery.ts';
import { useFilter } from '../state/filter-store.ts';
import { useLoadedCounties } from '../state/counties.ts';
import { placeName } from '../../../shared/scope.ts';
import { useOpenImport } from '../import/ImportHost.tsx';
import { AddToBriefing } from './briefing/AddToBriefing.tsx';
import { PlanStrip } from './overview/PlanStrip.tsx';

export function OverviewView() {
  const filter = useFilter();
  const loaded = useLoadedCounties();
  const period = filter.period;
  // The measure catalog over the township cube (shared/views/overview.ts), as the 简报 reads it.
  const q = useMemo(() => (period ? resolveOverview(period, filter) : null), [period, filter]);
  const { data, error, slow } = useAnalysis(q);
  // Which units are rated in both periods, for the note on the changes.
  const cq = period ? comparisonQuery({ period, scope: scopeFromFilter(filter) }) : null;
  const comparison = useAnalysis(cq).data;

  if (!period) return <NoData />;
  if (error) return <ErrorState title="总览查询失败" error={error} />;
  if (!data) return slow ? <Spinner text="正在计算总览…" /> : null;
  if (!data.current) {
    return <EmptyState title={`${periodLabel(period)}没有符合筛选条件的单位`}>请更换期次、乡镇或类型筛选。</EmptyState>;
  }
  const against = period.quarter == null ? '上年度' : '上季度';
  const note = comparison ? unitSetNote(comparison, against) : '';
  return (
    <Overview figures={data} scopeLabel={scopeLabel(filter.townships, filter.kind, filter.counties, loaded)} against={against} note={note}
      plan={<PlanStrip period={period} filter={filter} />} />
  );
}

function NoData() {
  const openImport = useOpenImport();
  return (
    <EmptyState title="还没有评定数据">
      <p>导入各乡镇报送的台账后，这里会显示各星级单位数、三星以上占比和各星达标率。</p>
      <button className="primary" onClick={openImport}>导入台账（Ctrl+O）</button>
    </EmptyState>
  );
}

function scopeLabel(townships: string[], kind: keyof typeof KIND_NAMES | null, counties: string[] = [], loaded: string[] = []): string {
  // 河口县, 甲县城关镇 …: the county's own name, not 全县 (shared/scope.ts).
  const where = placeName({ townships, counties }, loaded);
  return kind ? `${where}（仅${KIND_NAMES[kind]}）` : where;
}

function Overview({ figures, scopeLabel, against, note, plan }: { figures: OverviewFigures; scopeLabel: string; against: string; note: string; plan?: React.ReactNode }) {
  const cur = figures.current!;
  const prev = figures.before;
  // Changes of counts and shares over two different sets of units carry the note.
  const n = prev && note ? note : undefined;
  return (
    <div className="overview" data-testid="overview">
      <AddToBriefing spec={{ kind: 'overview' }} testId="add-overview" label="主要指标加入简报" />
      <h2 className="view-title">
        {periodLabel(figures.period)} · {scopeLabel}“五星”支部创建情况
        {!prev && <span className="muted small" data-testid="compare-note">（{NO_COMPARABLE}：{periodLabel(figures.previous)}无评定数据）</span>}
      </h2>
      {n && <p className="muted small" data-testid="compare-note">注：{n}。较{against}的变化按两期各自的全部参评单位计算。</p>}
      <div className="kpis">
        <Kpi id="units" label="单位总数" value={`${cur.units}`} unit="个"
          detail={`村 ${cur.villages} 个 · 社区 ${cur.communities} 个`}
          delta={<DeltaBadge delta={formatChange('count', cur.units, prev?.units ?? null, against)} />} />
        <Kpi id="n3plus" label="三星以上支部" value={`${cur.n3plus}`} unit="个" accent
          detail={`占比 ${formatPercent(cur.share3plus)}`}
          delta={<>
            <DeltaBadge delta={formatChange('count', cur.n3plus, prev?.n3plus ?? null, against)} note={n} />
            <DeltaBadge delta={formatChange('percent', cur.share3plus, prev?.share3plus ?? null, against)} note={n} />
          </>} />
        <Kpi id="n5" label="五星支部" value={`${cur.levels[5]}`} unit="个"
          detail={`四星 ${cur.levels[4]} 个`}
          delta={<DeltaBadge delta={formatChange('count', cur.levels[5], prev?.levels[5] ?? null, against)} note={n} />} />
        <Kpi id="n0" label="无星单位" value={`${cur.levels[0]}`} unit="个"
          detail={`一星 ${cur.levels[1]} 个 · 二星 ${cur.levels[2]} 个`}
          delta={<DeltaBadge delta={formatChange('count', cur.levels[0], prev?.levels[0] ?? null, against)} note={n} />} />
      </div>
      {plan}
      <div className="panels">
        <section className="panel" aria-labelledby="levels-title">
          <h3 id="levels-title">星级分布</h3>
          <LevelChart cur={cur} prev={prev} against={against} />
          <LevelTable cur={cur} prev={prev} against={against} note={n} />
        </section>
        <section className="panel" aria-labelledby="stars-title">
          <h3 id="stars-title">各星达标率 <span className="muted small">（只计该星适用的单位）</span></h3>
          <StarRates cur={cur} prev={prev} against={against} note={n} />
        </section>
      </div>
    </div>
  );
}

function Kpi(props: { id: string; label: string; value: string; unit: string; detail: string; delta: React.ReactNode; accent?: boolean }) {
  return (
    <div className={props.accent ? 'kpi kpi-accent' : 'kpi'} data-testid={`kpi-${props.id}`}>
      <div className="kpi-label">{props.label}</div>
      <div className="kpi-value">
        <span data-testid={`kpi-${props.id}-value`}>{props.value}</span>
        <span className="kpi-unit">{props.unit}</span>
      </div>
      <div className="kpi-detail" data-testid={`kpi-${props.id}-detail`}>{props.detail}</div>
      <div className="kpi-delta">{props.delta}</div>
    </div>
  );
}

function LevelChart({ cur, prev, against }: { cur: PeriodFigures; prev: PeriodFigures | null; against: string }) {
  const option = useMemo(() => ({
    grid: { left: 40, right: 16, top: 24, bottom: 28 },
    tooltip: {
      trigger: 'axis',
      formatter: (items: Array<{ dataIndex: number }>) => {
        const i = items[0].dataIndex;
        const before = prev ? `，${against} ${prev.levels[i]} 个` : '';
        return escapeHtml(`${LEVEL_NAMES[i]}：${cur.levels[i]} 个${before}`);
      },
    },
    xAxis: { type: 'category', data: [...LEVEL_NAMES], axisTick: { show: false } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{
      type: 'bar',
      barWidth: '56%',
      label: { show: true, position: 'top', color: '#333' },
      data: cur.levels.map((v, i) => ({ value: v, itemStyle: { color: LEVEL_COLORS[i] } })),
    }],
  }), [cur, prev, against]);
  return <Chart option={option} height={220} label="星级分布柱状图" />;
}

/** A tooltip with the note on differing units (the 注 mark itself only on the key figures above). */
const withNote = (sentence: string, note?: string) => (note ? `${sentence}（${note}）` : sentence);

function LevelTable({ cur, prev, against, note }: { cur: PeriodFigures; prev: PeriodFigures | null; against: string; note?: string }) {
  return (
    <table className="mini-table" data-testid="level-table">
      <thead>
        <tr><th>星级</th>{LEVEL_NAMES.map((n) => <th key={n}>{n}</th>)}</tr>
      </thead>
      <tbody>
        <tr><th>单位数</th>{cur.levels.map((n, i) => <td key={i} data-testid={`level-${i}`}>{n}</td>)}</tr>
        <tr><th>较{against}</th>{cur.levels.map((n, i) => {
          const d = formatChange('count', n, prev?.levels[i] ?? null, against);
          return <td key={i}><DeltaBadge delta={d} title={withNote(d.sentence, note)} /></td>;
        })}</tr>
      </tbody>
    </table>
  );
}

function StarRates({ cur, prev, against, note }: { cur: PeriodFigures; prev: PeriodFigures | null; against: string; note?: string }) {
  return (
    <ul className="star-rates">
      {STARS.map((s) => {
        const r = cur.stars[s.id];
        const before = prev?.stars[s.id].rate ?? null;
        const d = formatChange('percent', r.rate, before, against);
        const only = s.kinds.length === 1 ? `（${KIND_NAMES[s.kinds[0]]}）` : '';
        return (
          <li key={s.id} data-testid={`star-${s.id}`}>
            <span className="star-name"><i style={{ background: STAR_COLORS[s.id] }} />{s.name}<span className="muted small">{only}</span></span>
            {r.rate == null ? (
              <span className="muted star-na">不适用</span>
            ) : (
              <>
                <span className="star-bar"><span style={{ width: `${r.rate * 100}%`, background: STAR_COLORS[s.id] }} /></span>
                <span className="star-rate" data-testid={`star-${s.id}-rate`}>{formatPercent(r.rate)}</span>
                <span className="muted small star-count">{r.earned}/{r.applicable}</span>
                <DeltaBadge delta={d} title={withNote(d.sentence, note)} />
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}
