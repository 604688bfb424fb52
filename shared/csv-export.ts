/**
 * CSV for people to open in Excel/WPS: UTF-8 with BOM (so Excel picks the encoding),
 * RFC 4180 quoting, and formula-safe cells: text starting with = + - @ tab or CR is
 * prefixed with ' so a spreadsheet shows it instead of evaluating it (OWASP CSV injection).
 */

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function safeCell(value: CsvCell): string {
  if (value == null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: CsvCell[][]): string {
  return '\uFEFF' + rows.map((r) => r.map((c) => quote(safeCell(c))).join(',')).join('\r\n') + '\r\n';
}
