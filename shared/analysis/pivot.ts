/**
 * The pivot (透视): a perspective-style configuration (plain JSON: rows, columns, filters,
 * measures, sort) turned into one DuckDB query with GROUPING SETS for row and column
 * totals, answered from the summaries when every dimension and measure allows it and
 * from the live rows otherwise; and the long result shaped into a flat table with
 * column header groups, which AG Grid community shows without its enterprise pivot.
 *
 * Besides the built-in dimensions, every extra column of the imported 台账 (rating_extras:
 * 党员人数, 备注 …) is a dimension `extra:<name>` (its text) and, when mostly numeric, a
 * measure (ExtraMeasure: sum / avg of its numbers). Extra names only ever enter SQL as
 * escaped literals; the columns they produce are named by a hex key of the name.
 *
 * This file only names the public parts; they live in ./pivot/:
 *   dims.ts        dimensions (built-in and extra), their labels and their values' labels
 *   order.ts       the natural order of dimension values (pinyin, periods, stars, levels)
 *   config.ts      PivotConfig and its filters, validatePivot, the config's value columns
 *   plan.ts        which source answers: a summary table or the live rows (pivotPlan)
 *   columns.ts     column names shared by the SQL and the readers
 *   relation.ts    the live rows as one relation (rawRelationSql)
 *   conditions.ts  WHERE conditions of the filters, field filters and cadence
 *   sql.ts         the GROUPING SETS query (pivotSql)
 *   read.ts        reading the long result (readPivot, orderPivotRows)
 *   query.ts       SQL plus readers for the query coordinator (pivotQuery)
 *   fields.ts      field lists: the extra columns and a dimension's values
 *   shape.ts       the flat table with header groups, totals and sort (shapePivot)
 */
export {
  type Dim, DIMS, DIM_LABELS, type DimValue, dimLabel, dimValueLabel, type ExtraDim, extraDim, extraName, isExtraDim,
  type PivotDim,
} from './pivot/dims.ts';
export { compareDimValues } from './pivot/order.ts';
export {
  type Cadence, type ExtraMeasure, extraMeasureLabel, MAX_PIVOT_DIMS, type PivotConfig, type PivotFieldFilter,
  type PivotFilters, pivotFiltersFromFilter, type PivotSort, pivotValueColumns, validatePivot,
} from './pivot/config.ts';
export { type PivotPlan, pivotPlan, pivotSource } from './pivot/plan.ts';
export { rawRelationSql } from './pivot/relation.ts';
export { pivotSql, type PivotSqlOptions } from './pivot/sql.ts';
export { orderPivotRows, readPivot, readPivotColumns, type PivotResult, type PivotRow } from './pivot/read.ts';
export { pivotQuery } from './pivot/query.ts';
export {
  EXTRA_NUMERIC_SHARE, type ExtraField, extraFieldsQuery, FIELD_VALUES_LIMIT, type FieldValue, fieldValuesQuery,
} from './pivot/fields.ts';
export {
  type PivotColumnDef, type PivotColumnGroup, type PivotLeafColumn, type PivotTable, type PivotTableRow, shapePivot,
} from './pivot/shape.ts';
