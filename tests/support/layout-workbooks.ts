/**
 * Small 台账 workbooks in the layouts of issue 12 (headers of up to three rows, stars listed in
 * one cell, quarters side by side), built cell by cell so each test states its rows and its
 * expected ratings by hand. Node-only (exceljs).
 */
import ExcelJS from 'exceljs';
import { importFiles, type ImportOutcome } from '../../shared/import/run.ts';
import type { InterpretOptions } from '../../shared/import/interpret.ts';
import type { StarId } from '../../shared/stars.ts';

export type Cell = string | number | null;

export interface SheetSpec {
  name: string;
  rows: Cell[][];
  /** Excel ranges such as "C2:G2". */
  merges?: string[];
}

export async function xlsxBytes(sheets: SheetSpec[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.created = new Date(Date.UTC(2024, 0, 1));
  wb.modified = new Date(Date.UTC(2024, 0, 1));
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((row, r) => row.forEach((v, c) => {
      if (v != null) ws.getCell(r + 1, c + 1).value = v;
    }));
    for (const m of s.merges ?? []) ws.mergeCells(m);
  }
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

export async function importXlsx(file: string, sheets: SheetSpec[], options: InterpretOptions = {}): Promise<ImportOutcome> {
  return importFiles([{ name: file, bytes: await xlsxBytes(sheets) }], { county: '示例县', ...options });
}

export function importCsv(file: string, rows: Cell[][], options: InterpretOptions = {}): Promise<ImportOutcome> {
  const text = rows.map((r) => r.map((v) => (v == null ? '' : String(v))).join(',')).join('\n');
  return importFiles([{ name: file, bytes: new TextEncoder().encode(text) }], { county: '示例县', ...options });
}

/** One rating as a test states it: unit, period ("2024Q3" / "2024"), held stars, level. */
export interface Expected {
  name: string;
  period: string;
  stars: StarId[] | null;
  level: number;
}

/** The ratings of an import in the form of Expected, sorted by name and period. */
export function summary(out: ImportOutcome): Expected[] {
  return out.ratings
    .map((r) => {
      const vals = Object.values(r.stars);
      const known = vals.some((v) => v != null);
      const held = (Object.entries(r.stars) as Array<[StarId, boolean | null]>).filter(([, v]) => v === true).map(([k]) => k);
      return {
        name: r.name,
        period: r.quarter == null ? String(r.year) : `${r.year}Q${r.quarter}`,
        stars: known ? held.sort() : null,
        level: r.level,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.period.localeCompare(b.period));
}

export function sorted(rows: Expected[]): Expected[] {
  return rows
    .map((r) => ({ ...r, stars: r.stars ? [...r.stars].sort() : null }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.period.localeCompare(b.period));
}
