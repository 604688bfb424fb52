/**
 * Normalized ratings → the CSV that loadNormalizedCsv (shared/load.ts) reads: the columns of
 * NORMALIZED_CSV_COLUMNS in that order, then (unless turned off) the trace column
 * TRACE_COLUMN = source_row ("file / sheet / 第N行"), which loadNormalizedCsv recognises as
 * the optional last column. RFC 4180 quoting (fields holding a comma, a quote, CR or LF are
 * quoted, quotes doubled), booleans as true/false, nulls as empty.
 */
import { NORMALIZED_CSV_COLUMNS, TRACE_COLUMN } from '../sql/schema.ts';
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
  const columns = options.trace === false ? NORMALIZED_COLUMNS : [...NORMALIZED_COLUMNS, TRACE_COLUMN];
  const formats = columns.map(formatterFor);
  // Lines are joined in chunks: one 100 MB join of a million small strings is slower.
  const chunks: string[] = [columns.join(',')];
  const parts = new Array<string>(formats.length);
  let lines: string[] = [];
  for (let i = 0; i < ratings.length; i++) {
    const r = ratings[i];
    for (let c = 0; c < formats.length; c++) parts[c] = formats[c](r);
    lines.push(parts.join(','));
    if (lines.length === 4096) {
      chunks.push(lines.join('\n'));
      lines = [];
    }
  }
  if (lines.length > 0) chunks.push(lines.join('\n'));
  return chunks.join('\n') + '\n';
}
