/**
 * SQL for the ratings grid (AG Grid's infinite row model): one page of rows for the
 * current sort and column filters, and the matching row count. Column ids come from a
 * fixed list; filter values only enter as escaped literals.
 */
import type { Filter } from '../filter.ts';
import { STAR_IDS } from '../stars.ts';
import { ident, int, str } from './literal.ts';
import { periodCondition, scopeConditions } from './lists.ts';

export type GridColumnType = 'text' | 'number' | 'star' | 'bool' | 'period';

/** The grid's columns, in display order, with their SQL type. */
export const GRID_COLUMNS: ReadonlyArray<{ id: string; type: GridColumnType }> = [
  { id: 'township', type: 'text' },
  { id: 'name', type: 'text' },
  { id: 'kind', type: 'text' },
  { id: 'period', type: 'period' },
  ...STAR_IDS.map((id) => ({ id, type: 'star' as const })),
  { id: 'level', type: 'number' },
  { id: 'target_level', type: 'number' },
  { id: 'weak_branch', type: 'bool' },
  { id: 'collective_income', type: 'number' },
  { id: 'score', type: 'number' },
  { id: 'source_row', type: 'text' },
];

const COLUMN_TYPES = new Map(GRID_COLUMNS.map((c) => [c.id, c.type]));

export interface TextCondition { filterType: 'text'; type: string; filter?: string | null }
export interface NumberCondition { filterType: 'number'; type: string; filter?: number | null; filterTo?: number | null }
export type Condition = TextCondition | NumberCondition;
export interface Combined { filterType: 'text' | 'number'; operator: 'AND' | 'OR'; conditions: Condition[] }
export type ColumnFilter = Condition | Combined;
export type FilterModel = Record<string, ColumnFilter>;
export interface SortItem { colId: string; sort: 'asc' | 'desc' }

function column(id: string): string {
  if (!COLUMN_TYPES.has(id)) throw new Error(`未知的列: ${id}`);
  // period sorts by its key (shared/period.ts periodPk): an annual rating after the year's Q4.
  return id === 'period' ? `(year * 10 + coalesce(quarter, 5))` : ident(id);
}

function textCondition(col: string, c: TextCondition): string {
  const v = str((c.filter ?? '').toLowerCase());
  const lc = `lower(CAST(${col} AS VARCHAR))`;
  switch (c.type) {
    case 'contains': return `contains(${lc}, ${v})`;
    case 'notContains': return `(${col} IS NULL OR NOT contains(${lc}, ${v}))`;
    case 'equals': return `${lc} = ${v}`;
    case 'notEqual': return `(${col} IS NULL OR ${lc} <> ${v})`;
    case 'startsWith': return `starts_with(${lc}, ${v})`;
    case 'endsWith': return `suffix(${lc}, ${v})`;
    case 'blank': return `(${col} IS NULL OR CAST(${col} AS VARCHAR) = '')`;
    case 'notBlank': return `(${col} IS NOT NULL AND CAST(${col} AS VARCHAR) <> '')`;
    default: throw new Error(`不支持的文本筛选: ${c.type}`);
  }
}

function numberLiteral(x: number | null | undefined): string {
  if (x == null || !Number.isFinite(x)) throw new Error('数字筛选需要一个数值');
  return String(x);
}

function numberCondition(col: string, c: NumberCondition): string {
  const ops: Record<string, string> = {
    equals: '=', notEqual: '<>', greaterThan: '>', greaterThanOrEqual: '>=', lessThan: '<', lessThanOrEqual: '<=',
  };
  if (c.type in ops) return `${col} ${ops[c.type]} ${numberLiteral(c.filter)}`;
  if (c.type === 'inRange') return `${col} BETWEEN ${numberLiteral(c.filter)} AND ${numberLiteral(c.filterTo)}`;
  if (c.type === 'blank') return `${col} IS NULL`;
  if (c.type === 'notBlank') return `${col} IS NOT NULL`;
  throw new Error(`不支持的数字筛选: ${c.type}`);
}

function conditionSql(col: string, f: ColumnFilter): string {
  if ('conditions' in f) {
    const op = f.operator === 'OR' ? ' OR ' : ' AND ';
    return `(${f.conditions.map((c) => conditionSql(col, c)).join(op)})`;
  }
  return f.filterType === 'number' ? numberCondition(col, f) : textCondition(col, f as TextCondition);
}

export interface GridQuery {
  filter: Pick<Filter, 'townships' | 'kind' | 'period'>;
  /** Show every period, not only the selected one. */
  allPeriods: boolean;
  filterModel: FilterModel;
  sortModel: SortItem[];
}

function whereClause(q: GridQuery): string {
  const conds = [...scopeConditions(q.filter)];
  if (!q.allPeriods && q.filter.period) conds.push(periodCondition(q.filter.period));
  for (const [id, f] of Object.entries(q.filterModel)) conds.push(conditionSql(column(id), f));
  return conds.length ? `WHERE ${conds.map((c) => `(${c})`).join(' AND ')}` : '';
}

/** Every row the grid shows for this query, in the grid's order (no paging): what the 数据 export writes. */
export function gridRowsSql(q: GridQuery): string {
  const order = [...q.sortModel.map((s) => `${column(s.colId)} ${s.sort === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`),
    'township', 'name', 'year', 'quarter'];
  return `SELECT unit_id, township, name, kind, year, quarter, ${STAR_IDS.join(', ')},
  level, target_level, weak_branch, collective_income, score, source_row
FROM facts ${whereClause(q)}
ORDER BY ${order.join(', ')}`;
}

export function gridPageSql(q: GridQuery, start: number, end: number): string {
  return `${gridRowsSql(q)}
LIMIT ${int(Math.max(0, end - start))} OFFSET ${int(Math.max(0, start))}`;
}

export function gridCountSql(q: GridQuery): string {
  return `SELECT count(*) AS n FROM facts ${whereClause(q)}`;
}
