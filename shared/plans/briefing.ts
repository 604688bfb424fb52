/**
 * 规划完成 and 软弱涣散 as 简报 tables (the briefing page, its PDF, Word and Excel) and the
 * filters the 排名 panels use, so the screen and the briefing read the same numbers:
 *
 * - 规划完成: the plan of the period's year (workspace data, shared/plans/store-format.ts)
 *   against resolveLevelSummary by township — every kind of unit, every township of the
 *   chosen counties (a plan is for the whole township: the kind and township filters do not apply);
 * - 软弱涣散: resolveWeakSummary by township vs the same period a year earlier, over the chosen
 *   counties and kind (the township filter only highlights, as in the ranking).
 */
import type { Filter } from '../filter.ts';
import { formatPercent } from '../format.ts';
import { periodLabel, parsePeriodKey, type Period } from '../period.ts';
import type { BriefingTable, Cell, TableColumn, TableRow } from '../briefing/tables.ts';
import type { Runner } from '../briefing/narrative.ts';
import { resolveLevelSummary, resolveWeakSummary, type OverviewFilter } from '../views/overview.ts';
import type { WeakSummary } from '../analysis/weak.ts';
import { metText, planAttainment, planForYear, type Attainment, type AttainmentRow, type TargetId } from './attainment.ts';
import type { Plan } from './sheet.ts';

/** The filter a plan is measured over: the chosen counties only. */
export function planFilter(f: Pick<Filter, 'counties'>): OverviewFilter {
  return { townships: [], kind: null, counties: f.counties ?? [] };
}

/** The filter of the 软弱涣散 table: the chosen counties and kind. */
export function weakFilter(f: Pick<Filter, 'counties' | 'kind'>): OverviewFilter {
  return { townships: [], kind: f.kind, counties: f.counties ?? [] };
}

/** The plan of the period's year measured in that period; null when the workspace has no plan for the year. */
export async function runAttainment(run: Runner, plans: readonly Plan[], period: Period, filter: Pick<Filter, 'counties'>): Promise<Attainment | null> {
  const plan = planForYear(plans, period.year);
  if (!plan) return null;
  return planAttainment(plan, await run(resolveLevelSummary(period, 'township', planFilter(filter))));
}

const COUNT_HEAD: Record<Exclude<TargetId, 'share3plus'>, [string, string]> = {
  five: ['规划五星', '已创成五星'], four: ['规划四星', '已创成四星'], three: ['规划三星', '已创成三星'],
};

/** The columns of the attainment table: the counts the plan sets (planned, actual), the share (目标, 实际), 完成情况. */
export function attainmentColumns(a: Attainment): TableColumn[] {
  const cols: TableColumn[] = [{ header: '乡镇（街道）', format: 'text' }];
  for (const t of a.targets) {
    if (t === 'share3plus') cols.push({ header: '三星以上占比目标', format: 'percent' }, { header: '三星以上占比实际', format: 'percent' });
    else cols.push({ header: COUNT_HEAD[t][0], format: 'count' }, { header: COUNT_HEAD[t][1], format: 'count' });
  }
  cols.push({ header: '完成情况', format: 'text' });
  return cols;
}

export function attainmentCells(a: Attainment, r: AttainmentRow): Cell[] {
  return [r.township, ...a.targets.flatMap((t) => [r[t].planned, r[t].actual]), metText(r.met)];
}

/** A line under the table: how many townships met each target, who has no rated unit, who is not in the plan. */
export function attainmentNote(a: Attainment): string {
  const names: Record<TargetId, string> = { five: '五星', four: '四星', three: '三星', share3plus: '三星以上占比' };
  const parts = [`${a.year}年创建规划，按${periodLabel(parsePeriodKey(a.period)!)}评定结果对照`];
  const tally = a.targets.map((t) => `${names[t]}目标达到${a.tally[t].met}个、未达到${a.tally[t].missed}个乡镇`).join('，');
  if (tally) parts.push(tally);
  const empty = a.townships.filter((t) => t.units === 0).map((t) => t.township);
  if (empty.length) parts.push(`${empty.join('、')}本期没有评定数据（已创成按0计，占比无法计算）`);
  if (a.unplanned.length) parts.push(`规划中未列：${a.unplanned.join('、')}`);
  return `${parts.join('；')}。`;
}

export function attainmentTables(a: Attainment | null, title: string, year: number | null): BriefingTable[] {
  if (!a) {
    return [{ title, groups: [], columns: [{ header: '乡镇（街道）', format: 'text' }], rows: [],
      note: `工作区中没有${year ?? ''}年创建规划。请在“排名”页导入创建规划表。` }];
  }
  const rows: TableRow[] = [
    ...a.townships.map((r) => ({ cells: attainmentCells(a, r) })),
    { cells: attainmentCells(a, a.county), kind: 'total' as const },
  ];
  return [{ title, groups: [], columns: attainmentColumns(a), rows, note: attainmentNote(a) }];
}

export const WEAK_COLUMNS: TableColumn[] = [
  { header: '乡镇（街道）', format: 'text' },
  { header: '软弱涣散（本期）', format: 'count' },
  { header: '已转化', format: 'count' },
  { header: '新增软弱涣散', format: 'count' },
  { header: '两期均有评定单位', format: 'count' },
];

export function weakNote(w: WeakSummary): string {
  const versus = periodLabel(parsePeriodKey(w.versus)!);
  return `与上年同期（${versus}）相比：已转化为${versus}为软弱涣散、本期不是的单位；新增为本期软弱涣散、${versus}有评定且不是的单位。单位按编码跟踪，乡镇更名后计入现名。`;
}

export function weakTables(w: WeakSummary, title: string): BriefingTable[] {
  return [{
    title, groups: [], columns: WEAK_COLUMNS,
    rows: [
      ...w.rows.map((r) => ({ cells: [r.group ?? '', r.weak, r.converted, r.newlyWeak, r.comparable] as Cell[] })),
      { cells: ['合计', w.total.weak, w.total.converted, w.total.newlyWeak, w.total.comparable], kind: 'total' as const },
    ],
    note: weakNote(w),
  }];
}

/** The narrative's sentence about the plan: 全县规划创建“五星”支部N个，已创成M个…… ('' without a plan target). */
export function planSentence(a: Attainment, scopeName: string): string {
  const c = a.county;
  const parts: string[] = [];
  const count = (t: 'five' | 'four' | 'three', name: string) => {
    const r = c[t];
    if (r.planned == null) return;
    parts.push(`规划创建“${name}”支部${r.planned}个，已创成${r.actual ?? 0}个${r.rate != null ? `（完成${formatPercent(r.rate)}）` : ''}`);
  };
  count('five', '五星');
  count('four', '四星');
  count('three', '三星');
  if (c.share3plus.planned != null) {
    parts.push(`三星以上占比目标${formatPercent(c.share3plus.planned)}，实际${formatPercent(c.share3plus.actual)}`);
  }
  if (!parts.length) return '';
  const met = a.townships.filter((t) => t.met === true).length;
  const missed = a.townships.filter((t) => t.met === false);
  const names = `${missed.slice(0, 5).map((t) => t.township).join('、')}${missed.length > 5 ? `等${missed.length}个乡镇` : ''}`;
  const towns = missed.length === 0
    ? `${met}个乡镇全部完成规划目标`
    : met === 0 ? `${names}均未完成规划目标` : `${met}个乡镇完成规划目标，${names}尚未完成`;
  return `按${a.year}年创建规划，${scopeName}${parts.join('，')}；${towns}。`;
}
