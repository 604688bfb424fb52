/**
 * Cell helpers for interpreting a sheet: blank cells and rows, parsers memoised per
 * distinct cell value, and the merged cells of the data area.
 */
import type { HeaderColumn } from './header.ts';
import { cleanText } from './normalize.ts';
import type { RawCell, RawSheet } from './types.ts';

/** Memoise a pure cell parser per distinct value (cells repeat: √, ×, 三星, 城关镇 …). */
export function memo<T>(fn: (c: RawCell) => T, limit = 8192): (c: RawCell | undefined) => T {
  const cache = new Map<string | number | boolean, T>();
  let nullValue: T | undefined;
  let hasNull = false;
  return (c) => {
    if (c == null) {
      if (!hasNull) {
        nullValue = fn(null);
        hasNull = true;
      }
      return nullValue as T;
    }
    if (typeof c === 'object') return fn(c);
    let r = cache.get(c);
    if (r === undefined) {
      r = fn(c);
      if (cache.size < limit) cache.set(c, r);
    }
    return r;
  };
}

export function isBlankCell(c: RawCell | undefined): boolean {
  if (c == null) return true;
  if (typeof c === 'string') return c.length === 0 || cleanText(c).length === 0;
  return false;
}

export function rowIsBlank(row: RawCell[] | undefined): boolean {
  if (!row) return true;
  for (let i = 0; i < row.length; i++) if (!isBlankCell(row[i])) return false;
  return true;
}

/** The cell of column `c` in row `row` (0-based index `r`); null without a column. */
export type CellGetter = (row: RawCell[], r: number, c: HeaderColumn | undefined) => RawCell;

/**
 * Reads cells so that merged cells in the data area (from `dataStart` on) show their value
 * on every row and column they cover. The merges are expanded once, into one Map.
 */
export function mergedCellGetter(sheet: RawSheet, dataStart: number): CellGetter {
  let fill: Map<number, RawCell> | null = null;
  const STRIDE = 1 << 14;
  if (sheet.merges && sheet.merges.length > 0) {
    for (const m of sheet.merges) {
      if (m.bottom < dataStart || m.right >= STRIDE) continue;
      const v = sheet.rows[m.top]?.[m.left] ?? null;
      if (v == null) continue;
      for (let r = Math.max(m.top, dataStart); r <= m.bottom; r++) {
        for (let c = m.left; c <= m.right; c++) {
          if (r === m.top && c === m.left) continue;
          fill ??= new Map();
          if (fill.size < 2_000_000) fill.set(r * STRIDE + c, v);
        }
      }
    }
  }
  return (row, r, c) => {
    if (!c) return null;
    const v = row[c.index];
    if (v != null) return v;
    return fill ? fill.get(r * STRIDE + c.index) ?? null : null;
  };
}
