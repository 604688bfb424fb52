/**
 * 软弱涣散 (issue #17): per township, the units flagged weak in the period, those converted
 * (flagged in the same period a year earlier, not now) and those newly flagged, through
 * resolveWeakSummary — the numbers the 简报 item and `xingtu summary` give.
 */
import { useMemo } from 'react';
import { weakFilter, weakNote } from '../../../../shared/plans/briefing.ts';
import type { Filter } from '../../../../shared/filter.ts';
import { periodLabel, parsePeriodKey, type Period } from '../../../../shared/period.ts';
import { resolveConvertedUnits, resolveWeakSummary } from '../../../../shared/views/overview.ts';
import { LEVEL_NAMES, starById } from '../../../../shared/stars.ts';
import { periodCode } from '../../../../shared/period.ts';
import { EmptyState, ErrorState, Spinner } from '../../components/States.tsx';
import { useAnalysis } from '../../data/useQuery.ts';
import { AddToBriefing } from '../briefing/AddToBriefing.tsx';
import { PanelHead } from './parts.tsx';

export function WeakPanel({ period, filter, onPick }: { period: Period; filter: Filter; onPick: (township: string) => void }) {
  const countyKey = (filter.counties ?? []).join('\u0000');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const q = useMemo(() => resolveWeakSummary(period, 'township', weakFilter(filter)), [period.year, period.quarter, filter.kind, countyKey]);
  const { data, error, slow } = useAnalysis(q);
  const versus = data ? periodLabel(parsePeriodKey(data.versus)!) : '上年同期';

  let body;
  if (error) body = <ErrorState title="软弱涣散查询失败" error={error} />;
  else if (!data) body = slow ? <Spinner text="正在统计软弱涣散党组织…" /> : <div className="grid-placeholder" />;
  else if (data.total.weak === 0 && data.total.converted === 0) {
    body = (
      <EmptyState title={`${periodLabel(period)}和${versus}都没有单位被标为软弱涣散`}>
        台账中有“是否软弱涣散”列（是/否、√）时，这里按乡镇列出软弱涣散党组织、较上年同期已转化和新增的个数。
      </EmptyState>
    );
  } else {
    const zero = (n: number) => (n === 0 ? 'num zero' : 'num');
    const t = data.total;
    body = (
      <>
        <table className="rk-table compact" data-testid="weak-table">
          <thead>
            <tr><th className="text">乡镇（街道）</th><th className="num">软弱涣散（本期）</th><th className="num">已转化</th><th className="num">新增软弱涣散</th><th className="num">两期均有评定单位</th></tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.group ?? ''} className={r.group && filter.townships.includes(r.group) ? 'clickable active' : 'clickable'}
                onClick={() => r.group && onPick(r.group)} title={`点击筛选${r.group ?? ''}`} data-testid="weak-row">
                <td className="text name">{r.group ?? '—'}</td>
                <td className={r.weak > 0 ? 'num warn' : zero(r.weak)}>{r.weak}</td>
                <td className={zero(r.converted)}>{r.converted}</td>
                <td className={r.newlyWeak > 0 ? 'num warn' : zero(r.newlyWeak)}>{r.newlyWeak}</td>
                <td className="num">{r.comparable}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid="weak-total"><td className="text">合计</td><td className="num">{t.weak}</td><td className="num">{t.converted}</td><td className="num">{t.newlyWeak}</td><td className="num">{t.comparable}</td></tr>
          </tfoot>
        </table>
        <p className="muted small list-note">{weakNote(data)}</p>
        {t.converted > 0 && <ConvertedList period={period} filter={filter} count={t.converted} />}
      </>
    );
  }
  return (
    <section className="panel" aria-labelledby="rk-weak-title" data-testid="weak-panel">
      <PanelHead id="rk-weak-title" title="软弱涣散整顿转化">
        <span className="muted small">{periodLabel(period)} · 较上年同期</span>
        <AddToBriefing spec={{ kind: 'weakConversion' }} testId="add-weak" />
      </PanelHead>
      {body}
    </section>
  );
}

/** 已转化单位: who was converted, the stars they hold now and their record (collapsed until asked for). */
function ConvertedList({ period, filter, count }: { period: Period; filter: Filter; count: number }) {
  const countyKey = (filter.counties ?? []).join('\u0000');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const q = useMemo(() => resolveConvertedUnits(period, weakFilter(filter)), [period.year, period.quarter, filter.kind, countyKey]);
  const { data } = useAnalysis(q);
  const step = (h: { period: string; level: number; weak: boolean }) =>
    `${periodCode(parsePeriodKey(h.period)!)} ${LEVEL_NAMES[h.level]}${h.weak ? '（软弱涣散）' : ''}`;
  return (
    <details className="converted-list" data-testid="converted-list">
      <summary>已转化单位（{count}个）：现有星级和历次评定</summary>
      {!data ? <Spinner text="正在读取已转化单位…" /> : (
        <table className="rk-table compact">
          <thead><tr><th className="text">单位</th><th className="text">乡镇（街道）</th><th className="text">本期星级</th><th className="text">现有星</th><th className="text">历次评定</th></tr></thead>
          <tbody>
            {data.map((u) => (
              <tr key={u.unitId} data-testid="converted-row">
                <td className="text name">{u.name}</td>
                <td className="text">{u.township}</td>
                <td className="text">{LEVEL_NAMES[u.level]}</td>
                <td className="text">{u.held.map((id) => starById(id).short).join('、') || '—'}</td>
                <td className="text small">{u.history.map(step).join(' → ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
