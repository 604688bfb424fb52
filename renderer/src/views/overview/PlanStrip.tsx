/**
 * 总览's 创建规划 strip (issue #17): the county's plan of the period's year against what it holds
 * now — 五星 / 四星 / 三星 planned and created, the 三星以上占比 target and actual, 达到 or
 * 未达到 — and, with townships chosen in the filter, the same for each of them. The numbers are
 * the 规划完成 board's (shared/plans: planAttainment over the level summary by township);
 * without a plan for the year the strip is not shown.
 */
import { useMemo } from 'react';
import { planAttainment, planForYear, TARGET_NAMES, type AttainmentRow, type Attainment } from '../../../../shared/plans/attainment.ts';
import { planFilter } from '../../../../shared/plans/briefing.ts';
import { formatMeasureValue } from '../../../../shared/format.ts';
import type { Filter } from '../../../../shared/filter.ts';
import type { Period } from '../../../../shared/period.ts';
import { resolveLevelSummary } from '../../../../shared/views/overview.ts';
import { useAnalysis } from '../../data/useQuery.ts';
import { usePlans } from '../../state/plans-store.ts';

const fmt = (target: 'five' | 'four' | 'three' | 'share3plus', v: number | null) =>
  formatMeasureValue(target === 'share3plus' ? 'percent' : 'count', v, { unit: true });

export function PlanStrip({ period, filter }: { period: Period; filter: Filter }) {
  const { plans } = usePlans();
  const plan = planForYear(plans, period.year);
  const countyKey = (filter.counties ?? []).join('\u0000');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const q = useMemo(() => resolveLevelSummary(period, 'township', planFilter(filter)), [period.year, period.quarter, countyKey]);
  const { data } = useAnalysis(plan ? q : null);
  const a = useMemo(() => (plan && data ? planAttainment(plan, data) : null), [plan, data]);
  if (!a || a.targets.length === 0) return null;
  const chosen = new Set(filter.townships);
  const rows: AttainmentRow[] = chosen.size ? a.townships.filter((t) => chosen.has(t.township)) : [a.county];
  return (
    <section className="plan-strip" data-testid="overview-plan" aria-label="创建规划完成情况">
      <h3>{a.year}年创建规划完成情况 <span className="muted small">（按本期评定结果对照规划）</span></h3>
      {rows.length === 0
        ? <p className="muted small">所选乡镇不在{a.year}年创建规划中。</p>
        : rows.map((r) => <PlanRow key={r.township} a={a} r={r} />)}
    </section>
  );
}

function PlanRow({ a, r }: { a: Attainment; r: AttainmentRow }) {
  return (
    <div className="plan-row" data-testid={`overview-plan-${r.township}`}>
      <span className="plan-place">{r.township}</span>
      {a.targets.map((t) => {
        const x = r[t];
        if (x.planned == null) return null;
        return (
          <span key={t} className={x.met ? 'plan-target met' : 'plan-target missed'} data-testid={`overview-plan-${t}`}>
            {t === 'share3plus' ? '三星以上占比' : TARGET_NAMES[t]}：{t === 'share3plus' ? '目标' : '规划'} {fmt(t, x.planned)}，
            {t === 'share3plus' ? '实际' : '已创成'} {fmt(t, x.actual)}
            <b>{x.met ? '（达到）' : '（未达到）'}</b>
          </span>
        );
      })}
    </div>
  );
}
