/**
 * CSV for people to open in Excel/WPS: UTF-8 with BOM (so Excel picks the encoding),
 * RFC 4180 quoting, and formula-safe cells: text starting with = + - @ tab or CR is
 * prefixed with ' so a spreadsheet shows it instead of evaluating it (OWASP CSV injection).
 */

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** Whether a spreadsheet would read this text as a formula (or the start of one). */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/**
 * Text as a spreadsheet must show it: a leading = + - @ tab or CR gets a ' in front. The
 * XLSX exports (pivot-export.ts, briefing/workbook.ts) use the same rule on their string
 * cells, which they also write as plain strings, never as formulas.
 */
export function safeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function safeCell(value: CsvCell): string {
  if (value == null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return safeText(String(value));
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: CsvCell[][]): string {
  return '\uFEFF' + rows.map((r) => r.map((c) => quote(safeCell(c))).join(',')).join('\r\n') + '\r\n';
}
