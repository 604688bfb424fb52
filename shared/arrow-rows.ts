/**
 * Arrow results as plain row objects or as columns, read straight from the column buffers:
 * every duckdb-wasm connection (the app's, the CLI's, the tests') reads its results here.
 *
 * shared/db.ts tableRows calls `Vector.get(row)` for every cell; each call finds the batch,
 * goes through Arrow's visitor, decodes a string with its own TextDecoder call and, for a
 * LIST cell, builds a new Vector. On the province views (thousands of rows × 10–20 columns)
 * that was 20–60 ms of the 50 ms budget. This reader walks each batch's buffers once:
 * numbers come from the typed arrays, a string column is decoded with one TextDecoder call
 * per batch and cut by offsets, a LIST becomes a JS array (as native DuckDB gives it; see
 * shared/analysis/common.ts listOf). Types it does not know (decimals, dates, structs, …)
 * fall back to `Vector.get`, so every value is what tableRows gives except LIST cells
 * (arrays instead of Vectors) — tests/unit/analysis-coordinator.test.ts compares the two.
 */
import { tableRows, type Columns, type Row } from './db.ts';

/** The parts of apache-arrow's Data the reader touches (structural, so any Arrow copy works). */
interface DataLike {
  type: { typeId: number; bitWidth?: number; precision?: number };
  length: number;
  offset: number;
  nullCount: number;
  nullBitmap?: Uint8Array | null;
  values?: ArrayLike<unknown> & { subarray?: (a: number, b: number) => ArrayLike<unknown> };
  valueOffsets?: Int32Array | BigInt64Array;
  children: DataLike[];
}

interface VectorLike {
  data: DataLike[];
  get(i: number): unknown;
}

/** A record batch: its rows and columns. */
export interface BatchLike {
  numRows: number;
  getChildAt(i: number): VectorLike | null;
}

/** An Arrow table as duckdb-wasm returns it (shared/db.ts ArrowTableLike plus its batches). */
export interface TableLike {
  numRows: number;
  schema: { fields: Array<{ name: string }> };
  batches?: readonly BatchLike[];
  getChildAt(i: number): { get(row: number): unknown } | null;
}

// apache-arrow Type ids (enum Type): stable across Arrow versions.
const T_INT = 2;
const T_FLOAT = 3;
const T_UTF8 = 5;
const T_BOOL = 6;
const T_LIST = 12;
const FLOAT_HALF = 0;

const decoder = new TextDecoder('utf-8');

type CellReader = (i: number) => unknown;

function validity(d: DataLike): ((i: number) => boolean) | null {
  if (!d.nullCount || !d.nullBitmap || d.nullBitmap.length === 0) return null;
  const bits = d.nullBitmap;
  const off = d.offset;
  return (i) => {
    const p = off + i;
    return (bits[p >> 3] & (1 << (p & 7))) !== 0;
  };
}

/**
 * UTF-8 strings of a Utf8 column: the whole value buffer decoded once, each string a slice
 * of it. A string starting with a byte-order mark is decoded on its own, as Arrow's decoder
 * would (TextDecoder drops a leading BOM).
 */
function utf8Reader(d: DataLike): CellReader | null {
  const offsets = d.valueOffsets;
  const bytes = d.values as Uint8Array | undefined;
  if (!(offsets instanceof Int32Array) || !(bytes instanceof Uint8Array)) return null;
  const n = d.length;
  if (n === 0) return () => null;
  const start = offsets[0];
  const end = offsets[n];
  // UTF-16 index of every byte boundary we need: walk the bytes once.
  const charAt = new Int32Array(n + 1);
  let units = 0;
  let b = start;
  for (let i = 0; i <= n; i++) {
    const target = offsets[i];
    for (; b < target; b++) {
      const x = bytes[b];
      if ((x & 0xc0) !== 0x80) units += x >= 0xf0 ? 2 : 1; // a lead byte; 4-byte sequences are surrogate pairs
    }
    charAt[i] = units;
  }
  const text = decoder.decode(bytes.subarray(start, end));
  if (text.length !== units) return null; // not valid UTF-8 (replacement characters): let Arrow decode
  return (i) => {
    const a = offsets[i];
    if (offsets[i + 1] - a >= 3 && bytes[a] === 0xef && bytes[a + 1] === 0xbb && bytes[a + 2] === 0xbf) {
      return decoder.decode(bytes.subarray(a, offsets[i + 1]));
    }
    return text.slice(charAt[i], charAt[i + 1]);
  };
}

/** A reader for one Data chunk (index relative to the chunk), or null when only Arrow can read it. */
function cellReader(d: DataLike): CellReader | null {
  const valid = validity(d);
  let read: CellReader | null = null;
  const { typeId } = d.type;
  if (typeId === T_INT && (d.type.bitWidth ?? 64) <= 32 && d.values) {
    const v = d.values;
    read = (i) => v[i];
  } else if (typeId === T_INT && d.values) {
    const v = d.values; // 64-bit: bigint, as Arrow gives it
    read = (i) => v[i];
  } else if (typeId === T_FLOAT && d.type.precision !== FLOAT_HALF && d.values) {
    const v = d.values;
    read = (i) => v[i];
  } else if (typeId === T_BOOL && d.values) {
    const v = d.values as Uint8Array;
    const off = d.offset;
    read = (i) => {
      const p = off + i;
      return (v[p >> 3] & (1 << (p & 7))) !== 0;
    };
  } else if (typeId === T_UTF8) {
    read = utf8Reader(d);
  } else if (typeId === T_LIST && d.valueOffsets instanceof Int32Array && d.children.length === 1) {
    const offsets = d.valueOffsets;
    const child = cellReader(d.children[0]);
    if (child) read = (i) => {
      const a = offsets[i];
      const b = offsets[i + 1];
      const out = new Array(b - a);
      for (let k = a; k < b; k++) out[k - a] = child(k);
      return out;
    };
  }
  if (!read) return null;
  if (!valid) return read;
  const r = read;
  return (i) => (valid(i) ? r(i) : null);
}

/** Rows as plain objects: per batch one reader per column, then row by row. */
export function arrowRows<T extends Row = Row>(table: TableLike): T[] {
  // Not a full Arrow table: cell by cell.
  return table.batches ? batchRows<T>(table.schema, table.batches) : tableRows<T>(table);
}

/** One reader per column of a batch (a batch's column is one chunk; else Arrow reads). */
function batchReaders(batch: BatchLike, nc: number): CellReader[] {
  return Array.from({ length: nc }, (_, c) => {
    const v = batch.getChildAt(c);
    if (!v) return () => null;
    const direct = v.data.length === 1 ? cellReader(v.data[0]) : null;
    return direct ?? ((i: number) => v.get(i) ?? null);
  });
}

/**
 * Columns of record batches: one plain array per column, no row objects (for readers of
 * thousands of rows, which build their own objects; see shared/db.ts Columns).
 */
export function batchColumns(schema: { fields: Array<{ name: string }> }, batches: readonly BatchLike[]): Columns {
  const names = schema.fields.map((f) => f.name);
  const length = batches.reduce((n, b) => n + b.numRows, 0);
  const arrays = names.map((_, c) => numberColumn(batches, c, length) ?? new Array<unknown>(length));
  let base = 0;
  for (const batch of batches) {
    const readers = batchReaders(batch, names.length);
    readers.forEach((read, c) => {
      const a = arrays[c];
      if (!Array.isArray(a)) return; // a typed array, already filled
      for (let i = 0; i < batch.numRows; i++) a[base + i] = read(i);
    });
    base += batch.numRows;
  }
  const byName = new Map(names.map((name, c) => [name, arrays[c]]));
  return { length, get: (name) => byName.get(name) };
}

/** Columns of a query result (duckdb-wasm `query`): from its batches, else cell by cell. */
export function tableColumns(table: TableLike): Columns {
  if (table.batches) return batchColumns(table.schema, table.batches);
  const arrays = new Map(table.schema.fields.map((f, c) => {
    const v = table.getChildAt(c);
    return [f.name, Array.from({ length: table.numRows }, (_, r) => v?.get(r) ?? null)];
  }));
  return { length: table.numRows, get: (name) => arrays.get(name) };
}

/**
 * A column of 32/64-bit floats or ≤32-bit integers without NULLs as one typed array: copied
 * buffer to buffer, no number boxed one by one (thousands of small objects for the
 * garbage collector per result otherwise). Null when the column is anything else.
 */
function numberColumn(batches: readonly BatchLike[], c: number, length: number): ArrayLike<number> | null {
  const parts: Array<Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array> = [];
  for (const batch of batches) {
    const v = batch.getChildAt(c);
    if (!v || v.data.length !== 1) return null;
    const d = v.data[0];
    const numeric = (d.type.typeId === T_INT && (d.type.bitWidth ?? 64) <= 32)
      || (d.type.typeId === T_FLOAT && d.type.precision !== FLOAT_HALF);
    const values = d.values;
    if (!numeric || d.nullCount !== 0 || !ArrayBuffer.isView(values) || values instanceof DataView
      || values instanceof BigInt64Array || values instanceof BigUint64Array || values.length < d.length) return null;
    parts.push((values as Float64Array).subarray(0, d.length));
  }
  if (parts.length === 0) return null;
  const first = parts[0];
  if (parts.some((p) => p.constructor !== first.constructor)) return null;
  if (parts.length === 1) return first;
  const out = new (first.constructor as Float64ArrayConstructor)(length);
  let at = 0;
  for (const p of parts) {
    out.set(p as Float64Array, at);
    at += p.length;
  }
  return out;
}

/** Rows of record batches (a streamed result, duckdb-wasm `send`) with their schema. */
export function batchRows<T extends Row = Row>(schema: { fields: Array<{ name: string }> }, batches: readonly BatchLike[]): T[] {
  const names = schema.fields.map((f) => f.name);
  const nc = names.length;
  // Every row starts as a copy of one object with all the columns: the engine then only
  // overwrites existing properties instead of growing each row key by key (2–3× faster).
  const shape: Row = {};
  for (const name of names) shape[name] = null;
  const out = new Array<T>(batches.reduce((n, b) => n + b.numRows, 0));
  let base = 0;
  for (const batch of batches) {
    const n = batch.numRows;
    const readers = batchReaders(batch, nc);
    for (let i = 0; i < n; i++) {
      const row: Row = { ...shape };
      for (let c = 0; c < nc; c++) row[names[c]] = readers[c](i);
      out[base + i] = row as T;
    }
    base += n;
  }
  return out;
}
