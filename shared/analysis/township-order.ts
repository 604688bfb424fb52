/**
 * The order of townships every table, chart and export follows (issue #17): the order the
 * analyst chose, else the order of the first imported 台账 (城关镇 first, as the county lists
 * them), pinyin only for townships neither knows. summaries.ts builds the table
 * `township_order` (county, township, trank) from it after every data change; SQL sorts by
 * trank and the JS readers (pivot, trends) by `townshipRank`, so both agree.
 *
 * The ranks live in this module because the readers compare bare township names (pivot
 * values) without a database at hand; the app, the CLI and a test each have one database
 * at a time, and the ranks are rewritten with every summary rebuild.
 */
import type { Database } from '../db.ts';

/** One township in a chosen order: the county tells apart two 城关镇. */
export interface TownshipKey {
  county: string | null;
  township: string;
}

let chosen: TownshipKey[] = [];
let ranks = new Map<string, number>();

/** The analyst's order (the workspace's 'township-order' part); empty = the 台账's order. */
export function setChosenTownshipOrder(order: readonly TownshipKey[]): void {
  chosen = order.map((t) => ({ county: t.county ?? null, township: t.township }));
}

export function chosenTownshipOrder(): TownshipKey[] {
  return chosen;
}

/** The rank of a township name in the current order (the lowest of its counties'); undefined when unknown. */
export function townshipRank(name: string): number | undefined {
  return ranks.get(name);
}

const keyOf = (t: TownshipKey) => `${t.county ?? ''}\u0000${t.township}`;

/**
 * Townships in order: those chosen first (in the chosen order), then by first appearance
 * (`first`: the smallest insertion position of any of their ratings), then `tieBreak`.
 */
export function orderTownships<T extends TownshipKey & { first: number | null }>(
  towns: readonly T[], order: readonly TownshipKey[], tieBreak: (a: T, b: T) => number,
): T[] {
  const pos = new Map(order.map((t, i) => [keyOf(t), i]));
  const rank = (t: T) => pos.get(keyOf(t)) ?? Infinity;
  const first = (t: T) => t.first ?? Infinity;
  return [...towns].sort((a, b) => rank(a) - rank(b) || first(a) - first(b) || tieBreak(a, b));
}

/** Records the order the readers sort by (called by the summary builder). */
export function setTownshipRanks(ordered: readonly TownshipKey[]): void {
  const next = new Map<string, number>();
  ordered.forEach((t, i) => { if (!next.has(t.township)) next.set(t.township, i + 1); });
  ranks = next;
}

// township_order under names no outer query uses: an unqualified `township` in the
// correlated condition must bind to the outer row, not to township_order's own column.
const RANKS = `(SELECT county AS o_county, township AS o_township, trank FROM township_order)`;

/**
 * SQL for a row's township rank (for ORDER BY), from township_order: `alias` is the row's
 * table alias ('' for none). Unknown townships sort last.
 */
export function townshipRankSql(alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return townshipRankOf(`${a}township`, `${a}county`);
}

/** The same for a township and county given as expressions (coalesce over a join). */
export function townshipRankOf(township: string, county: string): string {
  return `(SELECT min(o.trank) FROM ${RANKS} o WHERE o.o_township = ${township} AND o.o_county IS NOT DISTINCT FROM ${county})`;
}

/**
 * ORDER BY terms for rows grouped by `by` (township, county, kind): townships by their name's
 * rank, the rest by their text. `expr` is the grouped column as the query names it.
 */
export function groupOrderSql(by: string, expr: string): string {
  return by === 'township' ? `(SELECT min(o.trank) FROM ${RANKS} o WHERE o.o_township = ${expr}) NULLS LAST, ${expr}` : expr;
}

/** The townships as the database currently orders them (for the order editor). */
export async function currentTownshipOrder(db: Database): Promise<TownshipKey[]> {
  const rows = await db.query<{ county: string | null; township: string }>(
    `SELECT county, township FROM township_order ORDER BY trank`);
  return rows.map((r) => ({ county: r.county ?? null, township: String(r.township) }));
}

/** Whether a township is in a list (used to drop chosen entries whose township is gone). */
export function sameTownship(a: TownshipKey, b: TownshipKey): boolean {
  return a.township === b.township && (a.county ?? null) === (b.county ?? null);
}
