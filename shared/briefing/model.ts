/**
 * The briefing (简报) as plain JSON: a title, the issuing unit, a date, the narrative (auto
 * or the user's own text) and the items the user added from the views. Each item keeps the
 * view's configuration and the filter at the time (or follows the current filter), so a
 * briefing re-renders from the data and can be refreshed after a new quarter is imported.
 *
 * Versioned: `parseBriefing` accepts JSON from older files and from localStorage, and
 * drops what it does not understand instead of trusting it.
 */
import { PLACEHOLDER_UNIT } from '../scope.ts';
import type { Filter } from '../filter.ts';
import { allMeasures, measureId, type MeasureSpec } from '../analysis/measures.ts';
import { DIMS, isExtraDim, type PivotConfig, type PivotDim } from '../analysis/pivot.ts';
import { UNIT_MEASURE_LABELS, type UnitMeasure } from '../analysis/ranking.ts';
import { parsePeriodKey, periodKey } from '../period.ts';
import { STAR_IDS, type StarId, type UnitKind } from '../stars.ts';
import { MAX_NEAR_STAR_WITHIN } from '../analysis/ranking.ts';
import { DEFAULT_DISTRIBUTION, parseDistribution, type BriefingDistribution } from './distribution.ts';

export const BRIEFING_VERSION = 1;

export type TrendPanelId = 'share' | 'levels' | 'stars' | 'heatmap';

/** What an item shows, with the view's own settings. Plain JSON. */
export type ItemSpec =
  /** 总览: the key figures of the period (levels, 三星以上占比, each star's rate) vs the previous period. */
  | { kind: 'overview' }
  /** 透视: the pivot as configured in the view (the filter's scope and period are applied at render). */
  | { kind: 'pivot'; pivot: PivotConfig }
  /** 趋势: one of the four trend panels. */
  | { kind: 'trend'; panel: TrendPanelId; cadence: 'quarter' | 'year'; level?: number; measure?: MeasureSpec }
  /** 排名: every township ranked by a measure, with the change vs the previous period. */
  | { kind: 'ranking'; measure: MeasureSpec }
  /** 红榜 / 黑榜 of townships (by a measure or its change) or of units. */
  | { kind: 'boards'; target: 'township' | 'unit'; measure: MeasureSpec; by: 'value' | 'change'; unitBy: UnitMeasure; n: number }
  /** 对比: 2–6 townships on measures (table) and one measure over the quarters (lines). */
  | { kind: 'townshipCompare'; townships: string[]; measures: MeasureSpec[]; lineMeasure: MeasureSpec }
  /** 对比: 2–6 units, their level per period. */
  | { kind: 'unitCompare'; units: Array<{ unitId: string; name: string; township: string }>; cadence: 'quarter' | 'year' }
  /** 对比: every unit's level in two years (units whose level changed). */
  | { kind: 'yearOverYear'; yearA: number; yearB: number }
  /** 排名: 冲星名单, units within `within` points of a star (one star, or all when null). */
  | { kind: 'nearStar'; within: number; star: StarId | null }
  /** 评比: a 观摩评比 round's result (the round lives in the workspace's 'judge' part). */
  | { kind: 'judge'; roundId: string }
  /** 评比: the ranks of every township (or unit) over the workspace's rounds of that level. */
  | { kind: 'judgeHistory'; level: 'township' | 'unit' }
  /** 排名: 规划完成, the plan of the period's year (the workspace's 'plans' part) against each township's levels. */
  | { kind: 'planAttainment' }
  /** 排名: 软弱涣散 per township, weak now, converted and newly weak vs the same period a year earlier. */
  | { kind: 'weakConversion' };

export type ItemKind = ItemSpec['kind'];

export interface BriefingItem {
  id: string;
  spec: ItemSpec;
  /** The global filter when the item was added. */
  filter: Filter;
  /** true: render with the current global filter instead of `filter`. */
  follow: boolean;
  /** Section heading; empty = the automatic title. */
  title: string;
  /** The user's caption (说明), printed under the heading. */
  caption: string;
}

export interface Briefing {
  version: typeof BRIEFING_VERSION;
  title: string;
  /** Issuing unit, e.g. 中共河口县委组织部; a placeholder (isPlaceholderUnit) follows the loaded county. */
  unit: string;
  /** ISO date, YYYY-MM-DD. */
  date: string;
  /** 第X期: the issue number in the 版头 (1–9999), kept with the workspace's briefing. */
  issueNo: number;
  /**
   * Per year (of `date`), the highest 期号 exported (Word, PDF or Excel): "2025" → 3 means
   * 第3期 of 2025 has gone out. Only suggests the next number (issueSuggestion); never changes it.
   */
  issued: Record<string, number>;
  /** 报/送/发 and 共印N份 (distribution.ts); absent = DEFAULT_DISTRIBUTION. */
  distribution?: BriefingDistribution;
  /** The user's narrative text; null = written automatically from the data. */
  narrative: string | null;
  items: BriefingItem[];
}

export const DEFAULT_TITLE = '“五星”支部创建工作简报';
/** A placeholder: until the user writes a unit, the briefing shows 中共{县}委组织部 of the loaded county (shared/scope.ts). */
export const DEFAULT_UNIT = PLACEHOLDER_UNIT;

export function todayIso(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export function emptyBriefing(now = new Date()): Briefing {
  return { version: BRIEFING_VERSION, title: DEFAULT_TITLE, unit: DEFAULT_UNIT, date: todayIso(now), issueNo: 1, issued: {}, narrative: null, items: [] };
}

/** 2024-10-15 → 2024年10月15日 (the date line of an official document). */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

const DIGITS = '〇一二三四五六七八九';

/** Section numbers the Chinese way: 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0) return String(n);
  if (n < 10) return DIGITS[n];
  if (n < 100) {
    const tens = Math.floor(n / 10);
    const ones = n % 10;
    return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
  }
  return String(n);
}

let counter = 0;
export function newItemId(): string {
  counter++;
  return `i${Date.now().toString(36)}${counter.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export function makeItem(spec: ItemSpec, filter: Filter, id = newItemId()): BriefingItem {
  return { id, spec: structuredClone(spec), filter: cloneFilter(filter), follow: false, title: '', caption: '' };
}

/** The filter an item keeps: every part, the counties included (a merged city's item stays on its county). */
function cloneFilter(f: Filter): Filter {
  return { period: f.period ? { ...f.period } : null, townships: [...f.townships], kind: f.kind, ...(f.counties?.length ? { counties: [...f.counties] } : {}) };
}

/** The filter an item renders with. */
export function itemFilter(item: BriefingItem, current: Filter): Filter {
  return item.follow ? current : item.filter;
}

// ---------------------------------------------------------------------------------------------
// Reading JSON (localStorage, workspace files): validate, never trust.

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v != null && !Array.isArray(v);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const strArr = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const KNOWN_MEASURES = new Map(allMeasures().map((m) => [measureId(m), m]));

function readMeasure(v: unknown): MeasureSpec | null {
  if (!isObj(v) || typeof v.kind !== 'string') return null;
  try {
    const id = measureId(v as MeasureSpec);
    return KNOWN_MEASURES.has(id) ? structuredClone(KNOWN_MEASURES.get(id)!) : null;
  } catch {
    return null;
  }
}

function readFilter(v: unknown): Filter {
  if (!isObj(v)) return { period: null, townships: [], kind: null };
  let period = null;
  if (isObj(v.period) && typeof v.period.year === 'number') {
    const q = v.period.quarter;
    const p = parsePeriodKey(periodKey({ year: v.period.year, quarter: typeof q === 'number' ? q : null }));
    period = p;
  }
  const kind = v.kind === 'village' || v.kind === 'community' ? (v.kind as UnitKind) : null;
  const counties = strArr(v.counties);
  return { period, townships: strArr(v.townships), kind, ...(counties.length ? { counties } : {}) };
}

function readPivot(v: unknown): PivotConfig | null {
  if (!isObj(v)) return null;
  const dims = (x: unknown) => strArr(x).filter((d): d is PivotDim => (DIMS as readonly string[]).includes(d) || (isExtraDim(d) && d.length > 6));
  const measures = Array.isArray(v.measures) ? v.measures.map(readMeasure).filter((m): m is MeasureSpec => m != null) : [];
  const out: PivotConfig = { rows: dims(v.rows), columns: dims(v.columns), measures };
  if (v.cadence === 'all' || v.cadence === 'quarter' || v.cadence === 'year') out.cadence = v.cadence;
  // filters, totals and sort are plain JSON the pivot builder validates itself.
  if (isObj(v.filters)) out.filters = structuredClone(v.filters) as PivotConfig['filters'];
  if (isObj(v.totals)) out.totals = structuredClone(v.totals) as PivotConfig['totals'];
  if (isObj(v.sort)) out.sort = structuredClone(v.sort) as PivotConfig['sort'];
  // Newer pivot settings (filters on any field, sums of extra columns): plain JSON the builder validates.
  if (Array.isArray(v.fieldFilters)) out.fieldFilters = structuredClone(v.fieldFilters.filter(isObj)) as unknown as PivotConfig['fieldFilters'];
  if (Array.isArray(v.extraMeasures)) out.extraMeasures = structuredClone(v.extraMeasures.filter(isObj)) as unknown as PivotConfig['extraMeasures'];
  return out;
}

export function readSpec(v: unknown): ItemSpec | null {
  if (!isObj(v)) return null;
  switch (v.kind) {
    case 'overview': return { kind: 'overview' };
    case 'pivot': {
      const pivot = readPivot(v.pivot);
      return pivot ? { kind: 'pivot', pivot } : null;
    }
    case 'trend': {
      if (!['share', 'levels', 'stars', 'heatmap'].includes(v.panel as string)) return null;
      const spec: ItemSpec = { kind: 'trend', panel: v.panel as TrendPanelId, cadence: v.cadence === 'year' ? 'year' : 'quarter' };
      if (typeof v.level === 'number' && v.level >= 1 && v.level <= 5) spec.level = Math.round(v.level);
      const m = readMeasure(v.measure);
      if (m && m.kind !== 'levels') spec.measure = m;
      return spec;
    }
    case 'ranking': {
      const m = readMeasure(v.measure);
      return m && m.kind !== 'levels' ? { kind: 'ranking', measure: m } : null;
    }
    case 'boards': {
      const m = readMeasure(v.measure);
      if (!m || m.kind === 'levels') return null;
      const n = typeof v.n === 'number' && Number.isInteger(v.n) && v.n >= 1 && v.n <= 50 ? v.n : 5;
      const unitBy = (typeof v.unitBy === 'string' && v.unitBy in UNIT_MEASURE_LABELS ? v.unitBy : 'level') as UnitMeasure;
      return { kind: 'boards', target: v.target === 'unit' ? 'unit' : 'township', measure: m, by: v.by === 'change' ? 'change' : 'value', unitBy, n };
    }
    case 'townshipCompare': {
      const townships = strArr(v.townships).slice(0, 6);
      const measures = Array.isArray(v.measures) ? v.measures.map(readMeasure).filter((m): m is MeasureSpec => m != null) : [];
      const line = readMeasure(v.lineMeasure);
      if (!townships.length) return null;
      return { kind: 'townshipCompare', townships, measures, lineMeasure: line && line.kind !== 'levels' ? line : { kind: 'shareAtLeast', level: 3 } };
    }
    case 'unitCompare': {
      const units = (Array.isArray(v.units) ? v.units : []).filter(isObj)
        .map((u) => ({ unitId: str(u.unitId), name: str(u.name), township: str(u.township) }))
        .filter((u) => u.unitId).slice(0, 6);
      return units.length ? { kind: 'unitCompare', units, cadence: v.cadence === 'year' ? 'year' : 'quarter' } : null;
    }
    case 'yearOverYear': {
      const a = Number(v.yearA);
      const b = Number(v.yearB);
      return Number.isInteger(a) && Number.isInteger(b) ? { kind: 'yearOverYear', yearA: a, yearB: b } : null;
    }
    case 'nearStar': {
      const within = Number(v.within);
      const star = STAR_IDS.find((s) => s === v.star) ?? null;
      return Number.isFinite(within) && within > 0 && within <= MAX_NEAR_STAR_WITHIN ? { kind: 'nearStar', within, star } : null;
    }
    case 'judge': {
      const id = str(v.roundId).slice(0, 40);
      return id ? { kind: 'judge', roundId: id } : null;
    }
    case 'judgeHistory': return { kind: 'judgeHistory', level: v.level === 'unit' ? 'unit' : 'township' };
    case 'planAttainment': return { kind: 'planAttainment' };
    case 'weakConversion': return { kind: 'weakConversion' };
  }
  return null;
}

function readItem(v: unknown): BriefingItem | null {
  if (!isObj(v)) return null;
  const spec = readSpec(v.spec);
  if (!spec) return null;
  return {
    id: str(v.id) || newItemId(),
    spec,
    filter: readFilter(v.filter),
    follow: v.follow === true,
    title: str(v.title),
    caption: str(v.caption),
  };
}

/** A briefing from untrusted JSON (missing or broken parts fall back to the defaults). */
export function parseBriefing(json: unknown): Briefing {
  const base = emptyBriefing();
  if (!isObj(json)) return base;
  const items = (Array.isArray(json.items) ? json.items : []).map(readItem).filter((x): x is BriefingItem => x != null);
  const distribution = parseDistribution(json.distribution);
  const ids = new Set<string>();
  for (const it of items) {
    if (ids.has(it.id)) it.id = newItemId();
    ids.add(it.id);
  }
  return {
    version: BRIEFING_VERSION,
    title: str(json.title, base.title),
    unit: str(json.unit, base.unit),
    date: /^\d{4}-\d{2}-\d{2}$/.test(str(json.date)) ? str(json.date) : base.date,
    issueNo: issueNumber(json.issueNo) ?? base.issueNo,
    issued: readIssued(json.issued),
    ...(distribution ? { distribution } : {}),
    narrative: typeof json.narrative === 'string' ? json.narrative : null,
    items,
  };
}

/** year → 期号 from untrusted JSON: keys 2000–2100 (four digits), values whole numbers 1–9999; anything else dropped. */
function readIssued(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (!isObj(v)) return out;
  for (const [k, n] of Object.entries(v)) {
    if (!/^\d{4}$/.test(k) || Number(k) < 2000 || Number(k) > 2100) continue;
    if (typeof n === 'number' && issueNumber(n) != null) out[k] = n;
  }
  return out;
}

/** The 版记 the briefing prints: its own, else the default one. */
export function briefingDistribution(b: Pick<Briefing, 'distribution'>): BriefingDistribution {
  return b.distribution ?? { ...DEFAULT_DISTRIBUTION };
}

/** The year of the briefing's date ("2025"), or null when the date is not YYYY-MM-DD. */
export function issueYear(date: string): string | null {
  const m = /^(\d{4})-\d{2}-\d{2}$/.exec(date);
  return m ? m[1] : null;
}

/** The 期号 history after exporting `b`: its year's record raised to the current 期号 (never lowered). */
export function withIssued(b: Pick<Briefing, 'date' | 'issueNo' | 'issued'>): Record<string, number> {
  const year = issueYear(b.date);
  const y = year == null ? NaN : Number(year);
  if (year == null || y < 2000 || y > 2100) return b.issued;
  const last = b.issued[year];
  return last != null && last >= b.issueNo ? b.issued : { ...b.issued, [year]: b.issueNo };
}

export interface IssueSuggestion {
  year: string;
  /** The highest 期号 exported in that year; null: none yet (a new year). */
  last: number | null;
  /** The number to offer: last + 1, or 1 in a new year. */
  next: number;
}

/**
 * What the side panel offers next to 期号, or null: when the date's year has a 期号 exported
 * and the current one is not above it, last + 1; when the year has none but another year has
 * (the date moved to a new year) and the current one is not 1, 第1期. Only offered: the user
 * clicks to take it.
 */
export function issueSuggestion(b: Pick<Briefing, 'date' | 'issueNo' | 'issued'>): IssueSuggestion | null {
  const year = issueYear(b.date);
  if (year == null) return null;
  const last = b.issued[year];
  if (last != null) return b.issueNo <= last && last < 9999 ? { year, last, next: last + 1 } : null;
  const otherYears = Object.keys(b.issued).length > 0;
  return otherYears && b.issueNo !== 1 ? { year, last: null, next: 1 } : null;
}

/** A valid 第X期 number (a whole number 1–9999), or null. */
export function issueNumber(v: unknown): number | null {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 9999 ? n : null;
}

/** Moves an item from one index to another (the composer's ↑ ↓ and drag). */
export function moveItem<T>(xs: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= xs.length || to < 0 || to >= xs.length || from === to) return [...xs];
  const out = [...xs];
  const [x] = out.splice(from, 1);
  out.splice(to, 0, x);
  return out;
}
