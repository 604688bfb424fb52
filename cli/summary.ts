/**
 * `xingtu summary`: per township (or county, or kind) the units, units per level and the
 * 三星以上 share (shared/views/overview.ts resolveLevelSummary), the 软弱涣散 counts
 * (resolveWeakSummary: weak now, converted vs the same period a year earlier) and, with
 * --plan, the township's 创建规划 (shared/plans/sheet.ts). Every number through the resolvers.
 */
import type { AnalysisQuery } from '../shared/analysis/common.ts';
import { measureLabel } from '../shared/analysis/measures.ts';
import type { Database } from '../shared/db.ts';
import { formatMeasureValue } from '../shared/format.ts';
import { periodLabel, type Period } from '../shared/period.ts';
import type { Plan } from '../shared/plans/sheet.ts';
import { KIND_NAMES, LEVEL_NAMES, type UnitKind } from '../shared/stars.ts';
import { type OverviewFilter, resolveLevelSummary, resolveWeakSummary, type SummaryBy } from '../shared/views/overview.ts';
import type { LevelSummaryRow } from '../shared/figures.ts';

export interface PlanFigures {
  five: number | null;
  four: number | null;
  share3plus: number | null;
}

type Extra = { weak: number; converted: number; plan?: PlanFigures | null };

export interface SummaryResult {
  period: string;
  rows: Array<{ [group: string]: string | number | number[] | null | PlanFigures | undefined } & LevelSummaryRow & Extra>;
  total: LevelSummaryRow & Extra;
}

async function run<T>(db: Database, q: AnalysisQuery<T>): Promise<T> {
  return q.read(await db.query(q.sql));
}

const planOf = (p: { five: number | null; four: number | null; share3plus: number | null }): PlanFigures => ({ five: p.five, four: p.four, share3plus: p.share3plus });

/** The summary with 软弱涣散 counts and, given a plan, each township's plan (null where it has none). */
export async function summaryResult(db: Database, period: Period, by: SummaryBy, filter: OverviewFilter, plan?: Plan): Promise<SummaryResult> {
  const [levels, weak] = await Promise.all([run(db, resolveLevelSummary(period, by, filter)), run(db, resolveWeakSummary(period, by, filter))]);
  const weakOf = (group: string | null) => weak.rows.find((w) => w.group === group);
  const townshipPlan = (name: string | null) => {
    const t = plan?.townships.find((x) => x.township === name);
    return t ? planOf(t) : null;
  };
  return {
    period: levels.period,
    rows: levels.rows.map((r) => {
      const group = r[by] as string | null;
      const w = weakOf(group);
      return {
        ...r, weak: w?.weak ?? 0, converted: w?.converted ?? 0,
        ...(plan && by === 'township' ? { plan: townshipPlan(group) } : {}),
      };
    }),
    total: {
      ...levels.total, weak: weak.total.weak, converted: weak.total.converted,
      ...(plan ? { plan: planOf(plan.county) } : {}),
    },
  };
}

/** Townships of the plan that have no units in the summary (a misspelt or merged township). */
export function unplannedNames(result: SummaryResult, plan: Plan): string[] {
  const have = new Set(result.rows.map((r) => r.township));
  return plan.townships.map((t) => t.township).filter((t) => !have.has(t));
}

// Values written by the one formatter, from the catalog's definition of the measure.
const SHARE3 = { kind: 'shareAtLeast', level: 3 } as const;
const pct = (x: number | null | undefined) => formatMeasureValue(SHARE3, x ?? null);
const count = (x: number | null | undefined) => (x == null ? '—' : String(x));

export function formatSummary(s: SummaryResult, by: SummaryBy, period: Period): string {
  const label = { township: '乡镇', county: '县', kind: '类型' }[by];
  const planned = s.total.plan !== undefined;
  const head = [label, measureLabel({ kind: 'units' }), ...LEVEL_NAMES, measureLabel(SHARE3), '软弱涣散', '已转化',
    ...(planned ? ['规划五星', '规划四星', '规划三星以上占比'] : [])];
  const cells = (name: string, r: SummaryResult['total']) => [
    name, r.units, ...r.levels, pct(r.share3plus), r.weak, r.converted,
    ...(planned ? [count(r.plan?.five), count(r.plan?.four), pct(r.plan?.share3plus)] : []),
  ].join('\t');
  const lines = s.rows.map((r) => {
    const g = String(r[by] ?? '');
    return cells(by === 'kind' ? KIND_NAMES[g as UnitKind] ?? g : g, r);
  });
  lines.push(cells('合计', s.total));
  return `${periodLabel(period)}各${label}星级分布（已转化：上年同期为软弱涣散、本期不是）\n${head.join('\t')}\n${lines.join('\n')}\n`;
}
