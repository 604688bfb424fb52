/**
 * Pieces every analysis builder shares: the scope (which counties, townships and kind a
 * view looks at), period keys as integers, the query-plus-reader pair a view hands to
 * the coordinator, and converters for the values DuckDB returns.
 */
import type { Columns, Row } from '../db.ts';
import type { Filter } from '../filter.ts';
import { parsePeriodKey, periodFromPk, periodKey, periodPk, type Period } from '../period.ts';
import { str, strList } from '../sql/literal.ts';
import { STAR_IDS, STARS, type StarId, type UnitKind } from '../stars.ts';

/**
 * A township is only unique within its county (城关镇 exists in most counties). A bare
 * name matches that township in every county; an object pins one county.
 */
export type TownshipRef = string | { county: string | null; township: string };

/** Which units a view looks at. Plain JSON; empty lists mean "all". */
export interface AnalysisScope {
  counties?: string[];
  townships?: TownshipRef[];
  kind?: UnitKind | null;
}

export const WHOLE: AnalysisScope = {};

/** The global filter (shared/filter.ts) as an analysis scope. */
export function scopeFromFilter(f: Pick<Filter, 'townships' | 'kind'> & Partial<Pick<Filter, 'counties'>>): AnalysisScope {
  return { ...(f.counties?.length ? { counties: [...f.counties] } : {}), townships: [...f.townships], kind: f.kind };
}

/**
 * SQL conditions for a scope over any relation with `county`, `township` and `kind`
 * columns (facts, unit_periods, every cube). An optional alias prefixes the columns.
 */
export function scopeSql(scope: AnalysisScope | undefined, alias = ''): string[] {
  const a = alias ? `${alias}.` : '';
  const out: string[] = [];
  if (!scope) return out;
  if (scope.counties && scope.counties.length) out.push(`${a}county IN ${strList(scope.counties)}`);
  if (scope.townships && scope.townships.length) {
    const bare = scope.townships.filter((t): t is string => typeof t === 'string');
    const pinned = scope.townships.filter((t): t is { county: string | null; township: string } => typeof t !== 'string');
    const parts: string[] = [];
    if (bare.length) parts.push(`${a}township IN ${strList(bare)}`);
    for (const t of pinned) {
      parts.push(t.county == null
        ? `(${a}county IS NULL AND ${a}township = ${str(t.township)})`
        : `(${a}county = ${str(t.county)} AND ${a}township = ${str(t.township)})`);
    }
    out.push(parts.join(' OR '));
  }
  if (scope.kind) out.push(`${a}kind = ${str(scope.kind)}`);
  return out;
}

export function whereSql(conditions: string[]): string {
  return conditions.length ? `WHERE ${conditions.map((c) => `(${c})`).join(' AND ')}` : '';
}

// ---------------------------------------------------------------------------------------------
// Period keys

/**
 * Periods as one sortable integer: year * 10 + quarter, the annual rating as 5 (shared/period.ts
 * periodPk / periodFromPk). Facts' `pidx` puts annual ratings on the Q4 slot and so cannot tell
 * Q4 from annual.
 */
export const pk = periodPk;
export { periodFromPk };

/** SQL for the pk of a row with `year` and `quarter` columns. */
export function pkSql(alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return `(${a}year * 10 + coalesce(${a}quarter, 5))`;
}

/** SQL for the pk of the period before (shared/period.ts previousPeriod). */
export function prevPkSql(alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return `(CASE WHEN ${a}quarter IS NULL THEN (${a}year - 1) * 10 + 5
               WHEN ${a}quarter = 1 THEN (${a}year - 1) * 10 + 4
               ELSE ${a}year * 10 + ${a}quarter - 1 END)`;
}

export function toPeriod(p: Period | string): Period {
  if (typeof p !== 'string') return p;
  const parsed = parsePeriodKey(p);
  if (!parsed) throw new Error(`无法识别的期次: ${p}`);
  return parsed;
}

/** Period key of a result row with year / quarter columns. */
export function rowPeriod(row: Row, yearCol = 'year', quarterCol = 'quarter'): Period {
  const q = row[quarterCol];
  return { year: Number(row[yearCol]), quarter: q == null ? null : Number(q) };
}

export function rowPeriodKey(row: Row, yearCol = 'year', quarterCol = 'quarter'): string {
  return periodKey(rowPeriod(row, yearCol, quarterCol));
}

// ---------------------------------------------------------------------------------------------
// Stars as bits: the summaries keep the stars a unit holds as one integer (bit i = STAR_IDS[i]).

export function starBit(id: StarId): number {
  return 1 << STAR_IDS.indexOf(id);
}

export function starsFromMask(mask: number | null | undefined): StarId[] {
  if (mask == null) return [];
  return STAR_IDS.filter((id) => (mask & starBit(id)) !== 0);
}

/** SQL: the kinds a star applies to, e.g. kind IN ('village'). */
export function appliesSql(star: StarId, alias = ''): string {
  const a = alias ? `${alias}.` : '';
  const def = STARS.find((s) => s.id === star)!;
  return `${a}kind IN ${strList(def.kinds)}`;
}

// ---------------------------------------------------------------------------------------------
// Values from DuckDB rows

export const num = (v: unknown): number => (v == null ? 0 : Number(v));
export const numOrNull = (v: unknown): number | null => (v == null ? null : Number(v));
export const strOrNull = (v: unknown): string | null => (v == null ? null : String(v));

/** A LIST value as a JS array: duckdb-wasm gives an Arrow vector (iterate it: toArray() drops NULLs), native an array. */
export function listOf(v: unknown): unknown[] {
  if (v == null) return [];
  if (Array.isArray(v)) return v;
  if (typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function') return [...(v as Iterable<unknown>)];
  throw new Error('不是列表值');
}

// ---------------------------------------------------------------------------------------------
// Query + reader

/**
 * What a view hands to the query coordinator: one SQL string (the cache key) and a reader
 * that turns the few result rows into the typed object the view renders.
 */
export interface AnalysisQuery<T> {
  sql: string;
  /** Where the answer comes from: the summaries built at import, or the live rows. */
  source: 'summary' | 'raw';
  read(rows: Row[]): T;
  /**
   * The same reader over columns, for results of thousands of rows: callers whose engine
   * gives columns use it instead of `read` (same answer: `read` is this over columnsOfRows).
   */
  readColumns?(columns: Columns): T;
}

/** A query answering `f` of `q`'s answer, over rows or columns alike. */
export function mapQuery<A, B>(q: AnalysisQuery<A>, f: (a: A) => B): AnalysisQuery<B> {
  const { readColumns } = q;
  return {
    sql: q.sql,
    source: q.source,
    read: (rows) => f(q.read(rows)),
    ...(readColumns ? { readColumns: (cols: Columns) => f(readColumns(cols)) } : {}),
  };
}
