/**
 * Normalized ratings → the CSV that loadNormalizedCsv (shared/load.ts) reads: the columns of
 * NORMALIZED_CSV_COLUMNS in that order, then (unless turned off) the trace column
 * TRACE_COLUMN = source_row ("file / sheet / 第N行"), which loadNormalizedCsv recognises as
 * the optional last column. RFC 4180 quoting (fields holding a comma, a quote, CR or LF are
 * quoted, quotes doubled), booleans as true/false, nulls as empty.
 *
 * Extra columns (NormalizedRating.extras) travel in the same text, so every path that
 * carries the CSV (import worker → commit, CLI) carries them too: when any rating has
 * extras, the header ends with EXTRA_CSV_COLUMNS (extra_name, extra_text, extra_num) and
 * each rating row is followed by one row per extra value, holding only the rating's key
 * (unit_id, year, quarter) and the three extra fields. Rating rows leave those three
 * empty; an extra row always has a (non-empty) extra_name. Names and values stay data:
 * they are quoted here and parsed by DuckDB's CSV reader, never spliced into SQL.
 */
import { EXTRA_CSV_COLUMNS, NORMALIZED_CSV_COLUMNS, SCORE_CSV_COLUMNS, TRACE_COLUMN } from '../sql/schema.ts';
import { STAR_IDS, type StarId } from '../stars.ts';
import type { NormalizedRating } from './types.ts';

export const NORMALIZED_COLUMNS: readonly string[] = Object.keys(NORMALIZED_CSV_COLUMNS);

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field: RFC 4180 quoting. Leading/trailing spaces are also quoted so no reader trims them. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value == null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (NEEDS_QUOTES.test(value) || (value.length > 0 && (value[0] === ' ' || value[value.length - 1] === ' '))) {
    return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}

type Format = (r: NormalizedRating) => string;

const STAR_SET = new Set<string>(STAR_IDS);
const bool = (v: boolean | null | undefined): string => (v == null ? '' : v ? 'true' : 'false');
const num = (v: number | null | undefined): string => (v == null || !Number.isFinite(v) ? '' : String(v));

/** One formatter per column, chosen once from the column's type. */
function formatterFor(column: string): Format {
  if (column === 'star_threshold') return (r) => num(r.star_threshold);
  if (column.endsWith('_score') && STAR_SET.has(column.slice(0, -'_score'.length))) {
    const id = column.slice(0, -'_score'.length) as StarId;
    return (r) => num(r.scores?.[id]);
  }
  if (STAR_SET.has(column)) {
    const id = column as StarId;
    return (r) => bool(r.stars[id]);
  }
  const type = NORMALIZED_CSV_COLUMNS[column] ?? 'VARCHAR';
  const key = column as keyof NormalizedRating;
  if (type === 'BOOLEAN') return (r) => bool(r[key] as boolean | null);
  if (type === 'INTEGER' || type === 'DOUBLE' || type === 'BIGINT') return (r) => num(r[key] as number | null);
  return (r) => csvField(r[key] as string | null);
}

/** The ratings as normalized CSV text (header line first, "\n" line ends). */
export function toNormalizedCsv(ratings: readonly NormalizedRating[], options: { trace?: boolean } = {}): string {
  // Star scores only when some rating has them (a file of √ marks keeps the short layout).
  const scored = ratings.some((r) => r.star_threshold != null || (r.scores && Object.values(r.scores).some((v) => v != null)));
  const core = scored ? [...NORMALIZED_COLUMNS, ...SCORE_CSV_COLUMNS] : NORMALIZED_COLUMNS;
  const base = options.trace === false ? core : [...core, TRACE_COLUMN];
  const withExtras = ratings.some((r) => r.extras !== undefined && r.extras.length > 0);
  const columns = withExtras ? [...base, ...EXTRA_CSV_COLUMNS] : base;
  const formats = base.map(formatterFor);
  // An extra row: the rating's key, every other rating column empty, then name, text, num.
  const keyColumns = ['unit_id', 'county', 'township', 'name', 'kind', 'year', 'quarter'];
  if (keyColumns.some((c, i) => base[i] !== c)) throw new Error('normalized CSV: unexpected column order');
  const gap = ','.repeat(base.length - keyColumns.length + 1);
  const ratingTail = withExtras ? ','.repeat(EXTRA_CSV_COLUMNS.length) : '';
  // Lines are joined in chunks: one 100 MB join of a million small strings is slower.
  const chunks: string[] = [columns.join(',')];
  const parts = new Array<string>(formats.length);
  let lines: string[] = [];
  for (let i = 0; i < ratings.length; i++) {
    const r = ratings[i];
    for (let c = 0; c < formats.length; c++) parts[c] = formats[c](r);
    lines.push(parts.join(',') + ratingTail);
    if (r.extras) {
      const key = `${csvField(r.unit_id)},,,,,${num(r.year)},${num(r.quarter)}${gap}`;
      for (const x of r.extras) lines.push(`${key}${csvField(x.name)},${csvField(x.text)},${num(x.num)}`);
    }
    if (lines.length >= 4096) {
      chunks.push(lines.join('\n'));
      lines = [];
    }
  }
  if (lines.length > 0) chunks.push(lines.join('\n'));
  return chunks.join('\n') + '\n';
}
