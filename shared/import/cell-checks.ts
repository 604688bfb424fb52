/**
 * Checks that look at the text of cells and report once per column or per file, never once
 * per row: names that normalization changed, and characters a decoding lost (U+FFFD).
 */
import type { HeaderColumn, HeaderInfo } from './header.ts';
import { cellToString, columnLetter, nameChanged, normalizeName } from './normalize.ts';
import type { RawCell, RawSheet } from './types.ts';

/**
 * Reads a name column (county, township, unit name) through normalizeName. `tally` counts a
 * cell whose spelling changed and keeps up to three distinct examples for the warning; the
 * caller tallies only the rows that are data (not 合计 rows or notes).
 */
export class NameColumn {
  count = 0;
  readonly examples: Array<[typed: string, normalized: string]> = [];
  private readonly cache = new Map<string | number | boolean, { value: string; changed: boolean; typed: string }>();

  constructor(readonly col: HeaderColumn) {}

  private lookup(cell: RawCell): { value: string; changed: boolean; typed: string } {
    let r = cell == null || typeof cell === 'object' ? undefined : this.cache.get(cell);
    if (!r) {
      const typed = cellToString(cell);
      const value = normalizeName(typed);
      r = { value, changed: nameChanged(typed, value), typed };
      if (cell != null && typeof cell !== 'object' && this.cache.size < 8192) this.cache.set(cell, r);
    }
    return r;
  }

  read(cell: RawCell | undefined): string {
    return cell == null ? '' : this.lookup(cell).value;
  }

  tally(cell: RawCell | undefined): void {
    if (cell == null) return;
    const r = this.lookup(cell);
    if (!r.changed) return;
    this.count++;
    if (this.examples.length < 3 && !this.examples.some(([t]) => t === r.typed)) this.examples.push([r.typed, r.value]);
  }
}

/** Where a sheet holds U+FFFD (text a decoding could not read): how many, and the first cell. */
export function findReplacementChars(sheet: RawSheet, header: HeaderInfo | null): { count: number; row: number; column: string; value: string } | null {
  let count = 0;
  let first: { row: number; column: string; value: string } | null = null;
  sheet.rows.forEach((row, r) => {
    if (!row) return;
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v !== 'string' || !v.includes('\ufffd')) continue;
      for (let i = v.indexOf('\ufffd'); i >= 0; i = v.indexOf('\ufffd', i + 1)) count++;
      if (!first) {
        const label = header?.found && r >= header.rows[0] ? header.columns[c]?.label : undefined;
        first = { row: r + 1, column: label ?? columnLetter(c), value: v };
      }
    }
  });
  return first ? { count, ...(first as { row: number; column: string; value: string }) } : null;
}
