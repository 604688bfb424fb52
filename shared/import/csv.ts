/**
 * CSV/TSV → RawSheet.
 *
 * `parseCsv` is a small RFC-4180 state machine, written for what Excel/WPS and people produce:
 *   - fields separated by one delimiter; records end at CRLF, LF or a lone CR (mixed is fine);
 *   - a field that STARTS with `"` is quoted: it may hold delimiters and line breaks, and `""`
 *     inside it is one quote; text after the closing quote up to the next delimiter is kept
 *     (`"AN"TON` → `ANTON`), whitespace there is dropped; a `"` inside an unquoted field is an
 *     ordinary character (`12"` stays `12"`) — the way Excel opens such files;
 *   - ragged rows are kept as they are (no padding, no truncation);
 *   - a blank line is an empty row `[]`, so rows[i] is line i+1 as Excel shows it; blank
 *     lines at the very end are dropped (as read-excel-file drops trailing empty rows);
 *   - a quote that is never closed would swallow the rest of the file into one cell: that is
 *     refused with the line where it opened (CsvQuoteError → ImportError 'csv_unreadable').
 * Every cell is a string ('' for an empty field); interpretation happens later.
 *
 * `duckdbCsvRows` reads the same text with DuckDB's `read_csv` instead. It is the
 * alternative path, kept for comparison (see tests/unit/import-readers.test.ts for where the
 * two agree and differ: DuckDB drops blank lines, which shifts Excel row numbers).
 */
import type { Database } from '../db.ts';
import type { RawSheet } from './types.ts';
import { decodeText } from './decode.ts';
import { checkImportSize, refuse } from './errors.ts';

export const DELIMITERS = [',', '\t', ';', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Chinese names for the delimiter picker. */
export const DELIMITER_LABELS: Record<Delimiter, string> = {
  ',': '逗号（,）',
  '\t': '制表符（Tab）',
  ';': '分号（;）',
  '|': '竖线（|）',
};

/** Thrown by parseCsv when a quoted field is never closed. */
export class CsvQuoteError extends Error {
  constructor(readonly line: number) {
    super(`unterminated quote opened on line ${line}`);
    this.name = 'CsvQuoteError';
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

interface ParseResult {
  rows: string[][];
  /** Offset of the opening quote of a field that never closed, or -1. */
  unterminatedAt: number;
}

function parse(text: string, delimiter: string, maxRows = Infinity): ParseResult {
  if (delimiter.length !== 1) throw new Error(`delimiter must be one character: ${JSON.stringify(delimiter)}`);
  const D = delimiter.charCodeAt(0);
  const n = text.length;
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  let unterminatedAt = -1;

  while (i < n && rows.length < maxRows) {
    // At the start of a field.
    let value: string;
    let quoted = false;
    let k: number; // index of the character that ends the field (delimiter, CR, LF) or n
    if (text.charCodeAt(i) === QUOTE) {
      quoted = true;
      const open = i;
      let start = i + 1;
      let acc = '';
      for (;;) {
        const j = text.indexOf('"', start);
        if (j < 0) {
          unterminatedAt = open;
          acc += text.slice(start);
          k = n;
          break;
        }
        if (j + 1 < n && text.charCodeAt(j + 1) === QUOTE) {
          acc += text.slice(start, j + 1);
          start = j + 2;
          continue;
        }
        acc += text.slice(start, j);
        // After the closing quote: keep stray text up to the field's end.
        k = j + 1;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === D || c === LF || c === CR) break;
          k++;
        }
        if (k > j + 1) {
          const extra = text.slice(j + 1, k);
          if (extra.trim() !== '') acc += extra;
        }
        break;
      }
      value = acc;
      if (unterminatedAt >= 0) {
        row.push(value);
        rows.push(row);
        return { rows, unterminatedAt };
      }
    } else {
      k = i;
      while (k < n) {
        const c = text.charCodeAt(k);
        if (c === D || c === LF || c === CR) break;
        k++;
      }
      value = text.slice(i, k);
    }

    if (k >= n) {
      row.push(value);
      rows.push(row);
      row = [];
      i = n;
      break;
    }
    const c = text.charCodeAt(k);
    if (c === D) {
      row.push(value);
      i = k + 1;
      if (i === n) {
        // "a,b," at end of input: the last field is empty.
        row.push('');
        rows.push(row);
        row = [];
      }
      continue;
    }
    // End of record.
    if (row.length === 0 && !quoted && value === '') rows.push([]);
    else {
      row.push(value);
      rows.push(row);
    }
    row = [];
    i = c === CR && k + 1 < n && text.charCodeAt(k + 1) === LF ? k + 2 : k + 1;
  }

  // Blank lines at the end are not rows anyone sees.
  let end = rows.length;
  while (end > 0 && rows[end - 1].length === 0) end--;
  if (end < rows.length) rows.length = end;
  return { rows, unterminatedAt };
}

/** 1-based physical line of a text offset (counting CRLF, LF and lone CR). */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) line++;
    else if (c === CR && text.charCodeAt(i + 1) !== LF) line++;
  }
  return line;
}

/**
 * Parses CSV text into rows of cells (see the file comment for the exact rules).
 * Throws CsvQuoteError when a quoted field is never closed.
 */
export function parseCsv(text: string, delimiter: string): string[][] {
  const { rows, unterminatedAt } = parse(text, delimiter);
  if (unterminatedAt >= 0) throw new CsvQuoteError(lineAt(text, unterminatedAt));
  return rows;
}

/**
 * Picks the delimiter among , TAB ; | that splits the first records (quotes respected) into
 * the most consistent number of fields (> 1). Title rows and the odd ragged row lower a
 * candidate's score only a little. Ties go to more fields, then to the order above.
 * A single-column file gets ','.
 */
export function detectDelimiter(text: string): Delimiter {
  let sample = text.length > 64 * 1024 ? text.slice(0, 64 * 1024) : text;
  if (sample.length < text.length) {
    const cut = Math.max(sample.lastIndexOf('\n'), sample.lastIndexOf('\r'));
    if (cut > 0) sample = sample.slice(0, cut);
  }
  let best: Delimiter = ',';
  let bestScore = 0;
  let bestWidth = 0;
  for (const d of DELIMITERS) {
    if (!sample.includes(d)) continue;
    const counts = parse(sample, d, 200).rows.filter((r) => r.length > 0).map((r) => r.length);
    if (counts.length === 0) continue;
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 1) freq.set(c, (freq.get(c) ?? 0) + 1);
    let width = 0;
    let agree = 0;
    for (const [w, f] of freq) if (f > agree || (f === agree && w > width)) [width, agree] = [w, f];
    const score = agree / counts.length;
    if (score > bestScore + 1e-9 || (Math.abs(score - bestScore) <= 1e-9 && score > 0 && width > bestWidth)) {
      best = d;
      bestScore = score;
      bestWidth = width;
    }
  }
  return best;
}

export interface ReadCsvOptions {
  /** Encoding override (see decode.ts); absent or 'auto' = detect. */
  encoding?: string;
  /** Delimiter override; absent = detect. */
  delimiter?: string;
}

export interface ReadCsvResult {
  sheet: RawSheet;
  /** NUL characters stripped while decoding (worth a warning). */
  nulsRemoved: number;
  /** Undecodable byte sequences shown as U+FFFD. */
  replacements: number;
  /** False when the encoding was forced by the caller. */
  encodingDetected: boolean;
}

/** The name a CSV's single sheet gets: the file name without folders and extension. */
export function sheetNameOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

export function readCsvDetailed(file: string, bytes: Uint8Array, opts: ReadCsvOptions = {}): ReadCsvResult {
  checkImportSize(file, bytes.length, 'csv');
  if (opts.delimiter !== undefined && opts.delimiter.length !== 1) throw refuse.badDelimiter(file, opts.delimiter);
  const decoded = decodeText(bytes, { encoding: opts.encoding, file });
  const delimiter = opts.delimiter ?? detectDelimiter(decoded.text);
  let rows: string[][];
  try {
    rows = parseCsv(decoded.text, delimiter);
  } catch (e) {
    if (e instanceof CsvQuoteError) throw refuse.unterminatedQuote(file, e.line);
    throw e;
  }
  return {
    sheet: { file, sheet: sheetNameOf(file), rows, encoding: decoded.encoding, delimiter },
    nulsRemoved: decoded.nulsRemoved,
    replacements: decoded.replacements,
    encodingDetected: decoded.detected,
  };
}

/** CSV/TSV bytes → one RawSheet (sheet name = file name without extension). */
export function readCsv(file: string, bytes: Uint8Array, opts: ReadCsvOptions = {}): RawSheet {
  return readCsvDetailed(file, bytes, opts).sheet;
}

/** Upper bound of the fields in any record: delimiters per physical line + 1. */
function maxFieldsBound(text: string, delimiter: string): number {
  const D = delimiter.charCodeAt(0);
  let max = 1;
  let cur = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === D) cur++;
    else if (c === LF || c === CR) {
      if (cur > max) max = cur;
      cur = 1;
    }
  }
  return Math.max(max, cur);
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The same text parsed by DuckDB's CSV reader (`read_csv`, no sniffing: every column
 * VARCHAR, no header, quote and escape `"`, short rows padded then trimmed back).
 * Empty fields come back as '' and missing trailing fields are dropped, so ragged rows keep
 * their length. Known differences from parseCsv: DuckDB skips blank lines, and its relaxed
 * mode treats stray quotes and mixed line endings differently.
 */
export async function duckdbCsvRows(db: Database, name: string, text: string, delimiter: string): Promise<string[][]> {
  const width = maxFieldsBound(text, delimiter);
  const cols = Array.from({ length: width }, (_, i) => `c${i}`);
  // A NULL string that never occurs: empty fields stay '', only padded fields are NULL.
  const nullstr = '\u0001\u0002xingtu-never\u0002\u0001';
  await db.registerFileText(name, text);
  try {
    const sql =
      `SELECT ${cols.join(', ')} FROM read_csv(${sqlString(name)}, auto_detect=false, header=false, ` +
      `delim=${sqlString(delimiter)}, quote='"', escape='"', ` +
      `columns={${cols.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ')}}, ` +
      `null_padding=true, parallel=false, strict_mode=false, skip=0, nullstr=${sqlString(nullstr)}, ` +
      `max_line_size=${Math.max(2_097_152, text.length + 1)})`;
    const result = await db.query(sql);
    return result.map((r) => {
      const out: string[] = [];
      for (const c of cols) out.push(r[c] as string);
      let end = out.length;
      while (end > 0 && out[end - 1] === null) end--;
      out.length = end;
      for (let i = 0; i < end; i++) if (out[i] === null) out[i] = '';
      return out;
    });
  } finally {
    await db.dropFile(name);
  }
}
