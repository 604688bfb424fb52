/**
 * The whole import pipeline for a set of files: read each (refusing unreadable files
 * with a clear problem instead of failing the batch), then interpret all sheets together
 * (duplicates are detected across files). Used by the app's import worker, the CLI and tests.
 */
import { ImportError } from './errors.ts';
import { interpretSheets, type InterpretOptions } from './interpret.ts';
import { readImportFile } from './read.ts';
import type { ImportReport, NormalizedRating, Problem, RawSheet } from './types.ts';

export interface ImportInput {
  name: string;
  bytes: Uint8Array;
}

export interface ImportOptions extends InterpretOptions {
  /** Force a text encoding for CSV files (the manual encoding picker). */
  encoding?: string;
}

export type ImportStage =
  | { stage: 'read'; file: string; index: number; count: number }
  | { stage: 'interpret'; sheets: number };

/** A rejected row as the file had it, with every reason, so a township can fix and resend it. */
export interface RejectedRow {
  file: string;
  sheet: string;
  /** 1-based, as Excel shows it. */
  row: number;
  reasons: string[];
  cells: string[];
}

export interface ImportOutcome {
  ratings: NormalizedRating[];
  report: ImportReport;
  rejectedRows: RejectedRow[];
}

export async function importFiles(
  inputs: ImportInput[],
  options: ImportOptions = {},
  onStage?: (s: ImportStage) => void,
): Promise<ImportOutcome> {
  const sheets: RawSheet[] = [];
  const refused: Problem[] = [];
  for (const [index, input] of inputs.entries()) {
    onStage?.({ stage: 'read', file: input.name, index, count: inputs.length });
    try {
      sheets.push(...(await readImportFile(input.name, input.bytes, { encoding: options.encoding })));
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      refused.push(e.problem);
    }
  }
  onStage?.({ stage: 'interpret', sheets: sheets.length });
  const { ratings, report } = sheets.length
    ? interpretSheets(sheets, options)
    : { ratings: [], report: emptyReport() };
  for (const p of refused) {
    if (!report.files.some((f) => f.file === p.file)) report.files.push({ file: p.file, sheets: [], county: '', county_source: null });
  }
  report.problems = [...refused, ...report.problems];
  return { ratings, report, rejectedRows: rejectedRows(sheets, report.problems) };
}

function cellText(c: RawSheet['rows'][number][number]): string {
  if (c == null) return '';
  return c instanceof Date ? c.toISOString().slice(0, 10) : String(c);
}

function rejectedRows(sheets: RawSheet[], problems: Problem[]): RejectedRow[] {
  const byKey = new Map<string, RejectedRow>();
  for (const p of problems) {
    if (p.severity !== 'error' || p.row == null) continue;
    const key = `${p.file}\u0000${p.sheet}\u0000${p.row}`;
    const existing = byKey.get(key);
    if (existing) {
      existing.reasons.push(p.message);
      continue;
    }
    const sheet = sheets.find((s) => s.file === p.file && s.sheet === p.sheet);
    const cells = (sheet?.rows[p.row - 1] ?? []).map(cellText);
    byKey.set(key, { file: p.file, sheet: p.sheet, row: p.row, reasons: [p.message], cells });
  }
  return [...byKey.values()];
}

function emptyReport(): ImportReport {
  return { files: [], accepted: 0, rejected: 0, warnings: 0, skipped: 0, periods: [], units: 0, problems: [], extras: [] };
}

/** True when the file could not be read at all or some rows were rejected. */
export function hasErrors(report: ImportReport): boolean {
  return report.problems.some((p) => p.severity === 'error');
}
