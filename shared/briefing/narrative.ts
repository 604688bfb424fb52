/**
 * The briefing's narrative (总体情况), written from the data in Chinese by templates: no
 * network, no model. Every number comes from an existing, tested measure:
 *
 * - units, villages / communities, units per level, 三星以上占比 and its change, each star's
 *   achievement rate: the 总览's resolver (shared/views/overview.ts resolveOverview),
 *   for the period and the one before;
 * - units whose level rose: the 进步星 list (ranking.ts progressQuery, previous → period);
 * - townships with the most units that rose: the township ranking by 升星单位数, through the
 *   排名 view's resolver (shared/views/ranking.ts resolveRanking, the filter's townships only);
 * - units that lost stars, and which: the 降星 list (ranking.ts demotionQuery);
 * - how many units can be compared with the previous period (analysis/comparable.ts): changes
 *   are counted over those only, and said to be 无可比数据 when there are none.
 * - 较年初: 三星以上 units and share against the end of the year before (its fourth quarter, or
 *   its annual rating when it has no fourth quarter): the 总览's resolver for that period, the
 *   change written by shared/format.ts formatChange (quarters only; not for a first quarter,
 *   whose 上季度 is that year end already);
 * - the townships with the highest and the lowest 三星以上占比: the 排名 view's resolver by that
 *   measure (the filter's townships only), named by shared/scope.ts townshipNames.
 *
 * The text ends with the analyst's part, （一）存在问题 and （二）下步打算 with a line to replace
 * (NARRATIVE_SCAFFOLD): headings of the second level under 一、总体情况, as the Word file
 * (shared/briefing/docx.ts bodyParagraph) and the page (Narrative.tsx) set them.
 *
 * - 创建规划 (issue #17): the plan of the period's year — workspace data, not SQL, so the caller
 *   passes the plans in — against the level summary by township (shared/plans/attainment.ts);
 *   said for the whole of the chosen counties only (a plan is for every township and kind).
 *
 * `narrativeFacts` runs those queries; `writeNarrative` turns the facts into text. Both are
 * pure apart from the query runner, so the tests check each against hand-computed tables.
 */
import { placeName, townshipNames } from '../scope.ts';
import type { AnalysisQuery } from '../analysis/common.ts';
import { demotionQuery, progressQuery, starNames } from '../analysis/ranking.ts';
import { comparisonQuery } from '../analysis/comparable.ts';
import { type Comparison, comparisonState, type Delta, formatChange, formatDelta, formatMeasureValue, formatPercent, NO_COMPARABLE, uncomparedNote, unitSetNote } from '../format.ts';
import type { MeasureSpec } from '../analysis/measures.ts';
import { comparePeriods, periodKey, periodLabel, previousPeriod, type Period } from '../period.ts';
import { KIND_NAMES, STARS, type StarId, type UnitKind } from '../stars.ts';
import { resolveOverview } from '../views/overview.ts';
import { rankingScope, resolveRanking } from '../views/ranking.ts';
import type { Attainment } from '../plans/attainment.ts';
import { planSentence, runAttainment } from '../plans/briefing.ts';
import type { Plan } from '../plans/sheet.ts';

/** Runs an analysis query (the renderer's coordinator, or a database in tests and the CLI). */
export type Runner = <T>(q: AnalysisQuery<T>) => Promise<T>;

export interface NarrativeScope {
  /** Counties to include (a merged city workspace); empty or absent means all. */
  counties?: string[];
  townships: string[];
  kind: UnitKind | null;
  /** The loaded counties: with no township chosen the text names them (河口县), not 全县. */
  loaded?: readonly string[];
}

export interface NarrativeFacts {
  period: Period;
  previous: Period;
  /** 上季度, or 上年度 for an annual period. */
  against: string;
  /** 河口县 (全县 when no county is named), 城关镇, 城关镇、河口镇（仅村）. */
  scopeName: string;
  /** The period has ratings in scope. */
  hasData: boolean;
  /** The previous period has ratings in scope (else: no deltas, no changes). */
  hasPrevious: boolean;
  units: number;
  villages: number;
  communities: number;
  /** Units per level 0–5. */
  levels: number[];
  n3plus: number;
  share3: number | null;
  prevShare3: number | null;
  /** Townships rated in the period (in scope). */
  townships: number;
  /** Which units are rated in both periods: every change below is over the comparable ones. */
  comparison: Comparison;
  /** Units whose level rose vs the previous period (rated in both). */
  unitsUp: number;
  /** Townships with the most units that rose (rank ≤ 2, at least one), at most three. */
  risers: Array<{ township: string; up: number }>;
  /** More townships tie with the risers than are listed. */
  moreRisers: boolean;
  /** Applicable stars with the lowest / highest achievement rate (ties: all of them). */
  weakest: Array<{ star: StarId; rate: number }>;
  strongest: Array<{ star: StarId; rate: number }>;
  /** Units that lost at least one star vs the previous period, largest fall first. */
  demoted: Array<{ name: string; township: string; lost: StarId[] }>;
  /** The plan of the period's year against the period (no township chosen), else null or absent. */
  plan?: Attainment | null;
  /** Where the plan speaks of: the counties' name without the kind (河口县, 全县). */
  planScopeName?: string;
  /**
   * 三星以上 at the end of the year before (较年初): its fourth quarter, else its annual rating;
   * null for an annual period, a first quarter whose 上季度 is that year end, or no such ratings.
   */
  yearStart?: { period: Period; n3plus: number; share3: number | null } | null;
  /** Townships with the highest and the lowest 三星以上占比 (ties: all of them); null under two townships. */
  shareSpread?: { top: TownshipShare[]; bottom: TownshipShare[] } | null;
}

export interface TownshipShare {
  /** As shared/scope.ts townshipNames writes it: 城关镇（甲县） where the name repeats. */
  township: string;
  share: number;
}

/** The measures the new sentences speak of (shared/analysis/measures.ts). */
const AT_LEAST_3: MeasureSpec = { kind: 'atLeast', level: 3 };
const SHARE_3: MeasureSpec = { kind: 'shareAtLeast', level: 3 };

/** The analyst's part of 一、总体情况: headings of the second level, each with a line to replace. */
export const NARRATIVE_SCAFFOLD = [
  '（一）存在问题',
  '（请在此填写存在的主要问题，如进展不平衡的乡镇、达标率偏低的星类等。）',
  '（二）下步打算',
  '（请在此填写下步工作打算和措施。）',
] as const;

export function scopeName(scope: NarrativeScope): string {
  const where = placeName({ townships: scope.townships, counties: scope.counties ?? [] }, scope.loaded ?? []);
  return scope.kind ? `${where}（仅${KIND_NAMES[scope.kind]}）` : where;
}

/** Rates rounded as printed (one decimal of a percent), so "ties" are what a reader sees. */
const printed = (r: number) => Math.round(r * 1000);

export async function narrativeFacts(run: Runner, period: Period, scope: NarrativeScope, plans: readonly Plan[] = []): Promise<NarrativeFacts> {
  const previous = previousPeriod(period);
  // The narrative speaks of the filter's scope: its townships rank among themselves (shared/views/ranking.ts).
  const filter = { period, counties: scope.counties ?? [], townships: scope.townships, kind: scope.kind };
  const analysisScope = rankingScope(filter, 'selected');
  // 较年初: the year before's fourth quarter, else its annual rating (quarters only).
  const yearEnds: Period[] = period.quarter == null ? [] : [{ year: period.year - 1, quarter: 4 }, { year: period.year - 1, quarter: null }];
  const [ov, ranking, shares, progress, demotion, comparison, ...ends] = await Promise.all([
    run(resolveOverview(period, filter)),
    run(resolveRanking({ measure: { kind: 'unitsUp' }, versus: previous, townships: 'selected' }, filter)!),
    run(resolveRanking({ measure: SHARE_3, townships: 'selected' }, filter)!),
    run(progressQuery({ from: previous, to: period, scope: analysisScope })),
    run(demotionQuery({ period, versus: previous, scope: analysisScope })),
    run(comparisonQuery({ period, versus: previous, scope: analysisScope })),
    ...yearEnds.map((p) => run(resolveOverview(p, filter))),
  ]);
  const plan = scope.townships.length === 0 ? await runAttainment(run, plans, period, filter) : null;
  const cur = ov.current;
  const before = ov.before;
  const hasPrevious = before != null && before.units > 0;

  const rates = cur
    ? STARS.map((s) => ({ star: s.id, rate: cur.stars[s.id].rate })).filter((x): x is { star: StarId; rate: number } => x.rate != null)
    : [];
  const lo = rates.length ? Math.min(...rates.map((r) => printed(r.rate))) : null;
  const hi = rates.length ? Math.max(...rates.map((r) => printed(r.rate))) : null;

  // 城关镇 exists in many counties: name the county where a township name repeats. In the
  // lists of risers and of units (和平社区（乙县城关镇，…）) the county goes in front, which
  // reads without nested brackets; the 三星以上占比 spread below uses shared/scope.ts townshipNames.
  const counties = new Map<string, Set<string | null>>();
  for (const r of ranking.rows) counties.set(r.township, (counties.get(r.township) ?? new Set()).add(r.county));
  const label = (county: string | null, township: string) => ((counties.get(township)?.size ?? 0) > 1 ? `${county ?? ''}${township}` : township);

  // 较年初: the first year end with ratings, unless it is the 上季度 the text compares with already.
  const endAt = ends.findIndex((o) => o.current != null && o.current.units > 0);
  const end = endAt >= 0 ? { period: yearEnds[endAt], figures: ends[endAt].current! } : null;
  const yearStart = end && !(hasPrevious && periodKey(end.period) === periodKey(previous))
    ? { period: end.period, n3plus: end.figures.n3plus, share3: end.figures.share3plus }
    : null;

  // Highest and lowest 三星以上占比 among the townships rated in the period (ranked best first).
  const rated = shares.rows.filter((r) => r.value != null);
  const worst = rated.length ? Math.max(...rated.map((r) => r.rank)) : 0;
  const shareNames = townshipNames(rated);
  const spreadOf = (rank: number) => rated.flatMap((r, i) => (r.rank === rank ? [{ township: shareNames[i], share: r.value! }] : []));
  const shareSpread = rated.length >= 2 ? { top: spreadOf(1), bottom: spreadOf(worst) } : null;
  const candidates = hasPrevious ? ranking.rows.filter((r) => (r.value ?? 0) > 0 && r.rank <= 2) : [];
  return {
    period,
    previous,
    against: period.quarter == null ? '上年度' : '上季度',
    scopeName: scopeName(scope),
    hasData: cur != null && cur.units > 0,
    hasPrevious,
    units: cur?.units ?? 0,
    villages: cur?.villages ?? 0,
    communities: cur?.communities ?? 0,
    levels: cur?.levels ?? [0, 0, 0, 0, 0, 0],
    n3plus: cur?.n3plus ?? 0,
    share3: cur?.share3plus ?? null,
    prevShare3: hasPrevious ? before!.share3plus : null,
    townships: ranking.rows.length,
    comparison: { units: comparison.units, comparable: comparison.comparable, prevUnits: comparison.prevUnits, gone: comparison.gone },
    unitsUp: hasPrevious ? progress.rows.length : 0,
    risers: candidates.slice(0, 3).map((r) => ({ township: label(r.county, r.township), up: r.value ?? 0 })),
    moreRisers: candidates.length > 3,
    weakest: rates.filter((r) => printed(r.rate) === lo),
    strongest: hi != null && hi !== lo ? rates.filter((r) => printed(r.rate) === hi) : [],
    demoted: hasPrevious ? demotion.rows.map((r) => ({ name: r.name, township: label(r.county, r.township), lost: r.lost })) : [],
    plan,
    planScopeName: scopeName({ ...scope, kind: null }),
    yearStart,
    shareSpread,
  };
}

const LIST_UNITS = 5;

function starList(xs: Array<{ star: StarId }>): string {
  return starNames(xs.map((x) => x.star));
}

/** A change's words after 较{against}: 增加3个, 提高2.3个百分点, 持平. */
function changeWords(d: Delta, against: string): string {
  return d.trend === 'flat' ? '持平' : d.sentence.slice(`较${against}`.length);
}

/** 城关镇（66.7%）; 城关镇（甲县，66.7%） when the name carries its county already. */
function withValue(name: string, value: string): string {
  return name.endsWith('）') ? `${name.slice(0, -1)}，${value}）` : `${name}（${value}）`;
}

/** 甲镇（50.0%）, 甲镇、乙镇（均为50.0%）, 甲、乙、丙等5个乡镇（均为0.0%）. */
function townshipsAt(xs: TownshipShare[]): string {
  const value = formatMeasureValue(SHARE_3, xs[0].share);
  if (xs.length === 1) return withValue(xs[0].township, value);
  const names = xs.slice(0, 3).map((x) => x.township).join('、') + (xs.length > 3 ? `等${xs.length}个乡镇` : '');
  return `${names}（均为${value}）`;
}

/** 较年初 and the townships' spread of 三星以上占比: a paragraph each, none when there is nothing to say. */
function yearAndSpread(f: NarrativeFacts): string[] {
  const out: string[] = [];
  if (f.yearStart) {
    const against = `年初（${periodLabel(f.yearStart.period)}）`;
    const units = formatChange(AT_LEAST_3, f.n3plus, f.yearStart.n3plus, against);
    const share = formatChange(SHARE_3, f.share3, f.yearStart.share3, against);
    const unitsText = units.trend === 'flat' ? `与${against}持平` : units.sentence;
    out.push(`从全年看，${f.scopeName}三星以上单位${unitsText}${share.trend === 'none' ? '' : `，占比${changeWords(share, against)}`}。`);
  }
  const s = f.shareSpread;
  if (s && s.top.length && s.bottom.length) {
    const gap = formatDelta(SHARE_3, s.top[0].share - s.bottom[0].share);
    if (gap.trend === 'flat' || gap.trend === 'none') {
      out.push(`分乡镇看，各乡镇三星以上占比均为${formatMeasureValue(SHARE_3, s.top[0].share)}。`);
    } else {
      out.push(`分乡镇看，三星以上占比最高的是${townshipsAt(s.top)}，最低的是${townshipsAt(s.bottom)}，相差${gap.short.replace(/^[+−]/, '')}。`);
    }
  }
  return out;
}

/** The narrative as paragraphs separated by blank lines (the user may edit it freely). */
export function writeNarrative(f: NarrativeFacts): string {
  const when = periodLabel(f.period);
  if (!f.hasData) return `截至${when}，${f.scopeName}没有评定数据。请导入该期台账，或在顶部更换期次、乡镇筛选。`;
  const paragraphs: string[] = [];

  // 1. Levels and 三星以上占比.
  const kinds = f.villages && f.communities ? `（村${f.villages}个、社区${f.communities}个）` : '';
  // The share is over all units of each period: stated whenever the previous period has
  // ratings, with a note when the two periods do not rate the same units.
  const setNote = unitSetNote(f.comparison, f.against);
  const change = f.hasPrevious
    ? formatChange('percent', f.share3, f.prevShare3, f.against).sentence + (setNote ? `（${setNote}）` : '')
    : `${NO_COMPARABLE}（${periodLabel(f.previous)}无评定数据）`;
  paragraphs.push(`截至${when}，${f.scopeName}共有参评单位${f.units}个${kinds}，其中“五星”支部${f.levels[5]}个、“四星”支部${f.levels[4]}个、“三星”支部${f.levels[3]}个，`
    + `三星以上占比${formatPercent(f.share3)}，${change}。`);

  // 1b. 创建规划 of the period's year.
  const plan = f.plan ? planSentence(f.plan, f.planScopeName ?? f.scopeName) : '';
  if (plan) paragraphs.push(plan);

  // 2. Changes vs the previous period, over the units rated in both. "没有单位…" only when
  // some unit could be compared.
  const state = comparisonState(f.comparison);
  if (f.hasPrevious && state === 'none') {
    paragraphs.push(`与${f.against}相比，${f.scopeName}单位星级升降${NO_COMPARABLE}（${uncomparedNote(f.comparison, f.against)}）。`);
  } else if (f.hasPrevious) {
    const up = f.unitsUp > 0 ? `共有${f.unitsUp}个单位星级提升` : '没有单位星级提升';
    const down = f.demoted.length > 0 ? `${f.demoted.length}个单位被摘星` : '没有单位被摘星';
    let risers = '';
    if (f.townships > 1 && f.risers.length) {
      const names = f.risers.map((r) => r.township).join('、') + (f.moreRisers ? '等乡镇' : '');
      const counts = f.risers.map((r) => r.up);
      if (f.risers.length === 1) risers = `；${names}升星最多（${counts[0]}个）`;
      else if (counts.every((c) => c === counts[0]) && !f.moreRisers) risers = `；${names}升星较多（各${counts[0]}个）`;
      else if (f.moreRisers) risers = `；${names}升星较多`;
      else risers = `；${names}升星较多（分别为${counts.join('个、')}个）`;
    }
    const left = uncomparedNote(f.comparison, f.against);
    paragraphs.push(`与${f.against}相比，${f.scopeName}${up}、${down}${risers}。${left ? `${left}。` : ''}`);
  }

  // 3. Star categories.
  if (f.weakest.length) {
    const lo = f.weakest.length > 1 ? `均为${formatPercent(f.weakest[0].rate)}` : formatPercent(f.weakest[0].rate);
    let text = `分星类看，${starList(f.weakest)}达标率最低（${lo}）`;
    if (f.strongest.length) {
      const hi = f.strongest.length > 1 ? `均为${formatPercent(f.strongest[0].rate)}` : formatPercent(f.strongest[0].rate);
      text += `，${starList(f.strongest)}达标率最高（${hi}）`;
    }
    paragraphs.push(`${text}。`);
  }

  // 4. Units that lost stars.
  if (f.hasPrevious && f.demoted.length) {
    const shown = f.demoted.slice(0, LIST_UNITS).map((d) => `${d.name}（${d.township}，摘除${starNames(d.lost)}）`).join('、');
    const more = f.demoted.length > LIST_UNITS ? `等${f.demoted.length}个单位` : '';
    paragraphs.push(`被摘星的单位有：${shown}${more}，需重点关注、督促整改。`);
  }

  // 5. 较年初, and the townships' highest and lowest share (after the paragraphs above, which
  // keep their places).
  paragraphs.push(...yearAndSpread(f));

  // 6. The analyst's part: 存在问题, 下步打算.
  paragraphs.push(...NARRATIVE_SCAFFOLD);
  return paragraphs.join('\n\n');
}

/** Facts and text in one go. */
export async function generateNarrative(run: Runner, period: Period, scope: NarrativeScope, plans: readonly Plan[] = []): Promise<{ facts: NarrativeFacts; text: string }> {
  const facts = await narrativeFacts(run, period, scope, plans);
  return { facts, text: writeNarrative(facts) };
}

/** The latest period of a list (the narrative's default when the filter has none). */
export function latest(periods: Period[]): Period | null {
  return periods.reduce<Period | null>((a, p) => (a == null || comparePeriods(p, a) > 0 ? p : a), null);
}
