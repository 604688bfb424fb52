/**
 * Arrow IPC (file "ARROW1…" or stream, as DuckDB and other offices exchange it) → RawSheet.
 *
 * One sheet: row 1 = the field names, then one row per record. Values become RawCells:
 * strings, numbers (64-bit integers as numbers when exact, else their decimal text),
 * booleans, Date for date/timestamp columns, decimals as numbers, nested values as JSON text.
 *
 * Only apache-arrow's IPC *reader* is used (tableFromIPC → RecordBatchReader → Vector.get):
 * no builders, so no `new Function` (checked in apache-arrow 17: only builder/valid.mjs
 * generates code, and it is reached from makeBuilder/vectorFromArray/tableFromArrays only).
 *
 * tableFromIPC only makes views into the bytes; nothing is allocated per row until tableRows.
 * Before that, every record batch's claimed row count is checked against the buffers it really
 * carries (a 1 KB file claiming 400 million rows is refused as damaged), and the table against
 * MAX_ROWS / MAX_CELLS (shared/limits.ts). Fields past MAX_COLUMNS are not read, and reported.
 */
import { DataType, tableFromIPC, type Data, type RecordBatch, type Table } from 'apache-arrow';
import { MAX_COLUMNS, formatCount } from '../limits.ts';
import type { RawCell, RawSheet } from './types.ts';
import { sheetNameOf } from './csv.ts';
import { checkImportSize, checkTableSize, refuse, tooManyColumnsNotice } from './errors.ts';

/** "ARROW1" at the start: the IPC file format (Feather v2). */
export function isArrowFile(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && String.fromCharCode(...bytes.subarray(0, 6)) === 'ARROW1';
}

/** The IPC stream format starts with the continuation marker 0xFFFFFFFF and a metadata length. */
export function isArrowStream(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff && bytes[4] + bytes[5] + bytes[6] + bytes[7] > 0;
}

export function readArrow(file: string, bytes: Uint8Array): RawSheet[] {
  checkImportSize(file, bytes.length, 'arrow');
  // Without the file magic or the stream's continuation marker it is not Arrow IPC we can read
  // (tableFromIPC would return an empty table for arbitrary bytes).
  if (!isArrowFile(bytes) && !isArrowStream(bytes)) throw refuse.arrowUnreadable(file);
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (e) {
    throw refuse.arrowUnreadable(file, e);
  }
  const lie = impossibleClaim(table, bytes.length);
  if (lie !== null) throw refuse.impossibleClaim(file, 'arrow_unreadable', `有 ${formatCount(lie)} 行`, bytes.length);
  const fields = table.schema.fields;
  checkTableSize(file, table.numRows, Math.min(fields.length, MAX_COLUMNS));
  const sheet: RawSheet = { file, sheet: sheetNameOf(file), rows: [] };
  try {
    sheet.rows = tableRows(table);
  } catch (e) {
    throw refuse.arrowUnreadable(file, e);
  }
  if (fields.length > MAX_COLUMNS) {
    const dropped = fields.slice(MAX_COLUMNS).map((f, i) => ({ index: MAX_COLUMNS + i, label: f.name }));
    sheet.notices = [tooManyColumnsNotice(file, sheet.sheet, dropped)];
  }
  return [sheet];
}

/** The largest row count a batch of the table claims that its buffers cannot hold, else null. */
function impossibleClaim(table: Table, size: number): number | null {
  for (const batch of table.batches) {
    const lie = batchClaim(batch, size);
    if (lie !== null) return lie;
  }
  return null;
}

/**
 * The largest row count a record batch claims when its columns do not carry the buffers that
 * many rows need, or disagree with the batch, else null. `size`: the bytes of the whole file;
 * no column takes less than a bit per row (columns of the Null type, none, so they count too).
 * Also used for the tables of a workspace file (shared/workspace/read.ts).
 */
export function batchClaim(batch: RecordBatch, size: number): number | null {
  const columns = batch.data.children;
  let fits = false;
  try {
    fits = batch.numRows <= size * 8 && columns.every((d) => d.length === batch.numRows && dataFits(d));
  } catch {
    // A buffer that cannot even be looked at does not fit either.
  }
  return fits ? null : columns.reduce((m, d) => Math.max(m, d.length), batch.numRows);
}

/** A column's buffers against its claimed length (offset included), children and dictionary too. */
function dataFits(d: Data): boolean {
  const end = d.offset + d.length;
  // Empty columns may come with empty buffers (no offsets at all), as DuckDB writes them.
  if (d.length === 0 || DataType.isNull(d.type)) return true;
  if (d.nullCount > 0 && d.nullBitmap && d.nullBitmap.length * 8 < end) return false;
  if (DataType.isBool(d.type)) {
    if (!d.values || d.values.length * 8 < end) return false;
  } else if (d.valueOffsets) {
    if (d.valueOffsets.length < end + 1) return false;
  } else if (d.values && !DataType.isUnion(d.type)) {
    if (d.values.length < end * d.stride) return false;
  }
  if (d.dictionary && !d.dictionary.data.every(dataFits)) return false;
  return d.children.every(dataFits);
}

/** Header row of field names, then the values, row by row. */
export function tableRows(table: Table): RawCell[][] {
  const fields = table.schema.fields.slice(0, MAX_COLUMNS);
  const rows: RawCell[][] = [fields.map((f) => f.name)];
  const n = table.numRows;
  for (let r = 0; r < n; r++) rows.push(new Array<RawCell>(fields.length).fill(null));
  fields.forEach((field, c) => {
    const vector = table.getChildAt(c);
    if (!vector) return;
    const convert = converter(field.type);
    let r = 1;
    for (const v of vector) rows[r++][c] = v === null || v === undefined ? null : convert(v);
  });
  return rows;
}

function converter(type: DataType): (v: unknown) => RawCell {
  if (DataType.isDate(type) || DataType.isTimestamp(type)) {
    return (v) => (typeof v === 'number' ? new Date(v) : v instanceof Date ? v : toCell(v));
  }
  if (DataType.isDecimal(type)) {
    const scale = type.scale;
    return (v) => {
      const x = (v as { valueOf(scale?: number): unknown }).valueOf(scale);
      return typeof x === 'number' ? x : toCell(v);
    };
  }
  if (DataType.isDictionary(type)) return converter(type.dictionary);
  return toCell;
}

export function toCell(v: unknown): RawCell {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return v;
    case 'bigint':
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
    default:
      break;
  }
  if (v instanceof Date) return v;
  if (v instanceof Uint8Array) return Array.from(v, (b) => b.toString(16).padStart(2, '0')).join('');
  try {
    return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  } catch {
    return String(v);
  }
}
