/**
 * The one entry point of the readers: any file's bytes → RawSheet[], or an ImportError.
 *
 * The format is decided by content first, then by extension, then the file is taken as text:
 *   PK\x03\x04            → XLSX (a .docx/.ods/plain ZIP is refused as 'not_xlsx')
 *   D0 CF 11 E0 (OLE2)    → legacy .xls/.et (BIFF8, xls.ts; unreadable ones 'xls_legacy'), an encrypted
 *                           Office file ('encrypted'), or a Word .doc ('unsupported_format')
 *   "ARROW1" / FFFFFFFF   → Arrow IPC file / stream
 *   "PAR1"                → Parquet
 *   %PDF, gzip, 7z, RAR, PNG, JPEG, Feather v1 → 'unsupported_format'
 *   HTML or Excel-2003-XML text (what web systems "export to Excel") → refused with what to do
 *   anything else         → CSV/TSV text (also a tab-separated text saved as ".xls")
 * Every sheet is cut to MAX_COLUMNS (shared/limits.ts) columns; columns past it that hold
 * anything are reported as a warning on the sheet (`notices`), never dropped silently.
 * Nothing but ImportError leaves this function: unexpected library errors are wrapped with a
 * Chinese message (the original error is kept as `cause`).
 */
import type { RawSheet } from './types.ts';
import { isArrowFile, isArrowStream, readArrow } from './arrow.ts';
import { readCsv } from './csv.ts';
import { ImportError, capColumns, refuse } from './errors.ts';
import { isParquet, readParquet } from './parquet.ts';
import { readXlsx } from './xlsx.ts';

export interface ReadImportOptions {
  /** Text encoding override for CSV/TSV (see decode.ts SUPPORTED_ENCODINGS); 'auto' = detect. */
  encoding?: string;
  /** Delimiter override for CSV/TSV. */
  delimiter?: string;
  /** Read only this sheet of a workbook. */
  sheet?: string;
}

export type FileKind = 'xlsx' | 'xls' | 'arrow' | 'parquet' | 'text';

/** File extensions the open dialog should offer. */
export const IMPORT_EXTENSIONS = ['xlsx', 'xlsm', 'xls', 'et', 'csv', 'tsv', 'txt', 'arrow', 'arrows', 'feather', 'ipc', 'parquet'] as const;

export async function readImportFile(file: string, bytes: Uint8Array, opts: ReadImportOptions = {}): Promise<RawSheet[]> {
  try {
    // Columns past MAX_COLUMNS are cut here for every format, and reported on the sheet.
    return (await dispatch(file, bytes, opts)).map(capColumns);
  } catch (e) {
    throw asImportError(file, e);
  }
}

export function asImportError(file: string, e: unknown): ImportError {
  if (e instanceof ImportError) return e;
  if (e instanceof RangeError) return refuse.outOfMemory(file, e);
  return refuse.unreadable(file, e);
}

function extensionOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const OTHER_FORMATS: Array<[number[], string]> = [
  [ascii('%PDF'), ' PDF 文档'],
  [[0x1f, 0x8b], ' gzip 压缩包'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], ' 7z 压缩包'],
  [ascii('Rar!'), ' RAR 压缩包'],
  [[0x89, 0x50, 0x4e, 0x47], '图片（PNG）'],
  [[0xff, 0xd8, 0xff], '图片（JPEG）'],
  [ascii('GIF8'), '图片（GIF）'],
  [ascii('FEA1'), '旧版 Feather（v1）文件'],
];

/** Decides how to read the bytes. Exported for the UI (e.g. to show a sheet picker only for XLSX). */
export function sniffKind(file: string, bytes: Uint8Array): FileKind {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'xlsx';
  if (startsWith(bytes, OLE2)) return 'xls';
  // File formats carry their magic at both ends; a text file that merely starts with
  // "PAR1" or "ARROW1" stays text.
  const tail = String.fromCharCode(...bytes.subarray(Math.max(0, bytes.length - 6)));
  if ((isArrowFile(bytes) && tail === 'ARROW1') || isArrowStream(bytes)) return 'arrow';
  if (isParquet(bytes) && tail.endsWith('PAR1')) return 'parquet';
  const ext = extensionOf(file);
  if (ext === 'arrow' || ext === 'arrows' || ext === 'feather' || ext === 'ipc') return 'arrow';
  if (ext === 'parquet') return 'parquet';
  return 'text';
}

async function dispatch(file: string, bytes: Uint8Array, opts: ReadImportOptions): Promise<RawSheet[]> {
  if (bytes.length === 0) throw refuse.emptyFile(file);
  const kind = sniffKind(file, bytes);
  switch (kind) {
    case 'xlsx':
      return readXlsx(file, bytes, { sheet: opts.sheet });
    case 'xls':
      if (containsUtf16(bytes, 'EncryptedPackage')) throw refuse.encrypted(file);
      if (containsUtf16(bytes, 'WordDocument')) throw refuse.unsupported(file, ' Word 文档（.doc）');
      // SheetJS is loaded only now, from its own chunk (see xls.ts).
      return (await import('./xls.ts')).readXls(file, bytes, { sheet: opts.sheet });
    case 'arrow':
      return readArrow(file, bytes);
    case 'parquet':
      return readParquet(file, bytes);
    case 'text':
      return readText(file, bytes, opts);
  }
}

function readText(file: string, bytes: Uint8Array, opts: ReadImportOptions): RawSheet[] {
  for (const [sig, label] of OTHER_FORMATS) if (startsWith(bytes, sig)) throw refuse.unsupported(file, label);
  const ext = extensionOf(file);
  const head = asciiHead(bytes);
  if (head.startsWith('<?xml') && head.includes('urn:schemas-microsoft-com:office:spreadsheet')) throw refuse.xmlSpreadsheet(file);
  if (/^(?:<!doctype html|<html|<table|<head|<body|<meta|<style)/.test(head) || (head.startsWith('<') && /<table[\s>]/.test(head)) || /^mime-version:/.test(head)) {
    throw refuse.htmlAsExcel(file);
  }
  if (ext === 'xlsx' || ext === 'xlsm' || ext === 'xltx') {
    // Named like a workbook but not a ZIP: a renamed text file is still read as text,
    // anything else is not an Excel file.
    if (!looksLikeText(bytes)) throw refuse.notXlsx(file);
  }
  if (ext === 'json' && /^[[{]/.test(head)) throw refuse.unsupported(file, ' JSON 数据文件');
  return [readCsv(file, bytes, { encoding: opts.encoding, delimiter: opts.delimiter })];
}

/** The first 4 KB as lower-case ASCII (BOM and leading whitespace skipped, NULs removed for UTF-16). */
function asciiHead(bytes: Uint8Array): string {
  let s = '';
  const n = Math.min(bytes.length, 4096);
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b !== 0 && b < 0x80) s += String.fromCharCode(b);
  }
  return s.replace(/^[\s\uFEFF]+/, '').toLowerCase();
}

function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  let ctl = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b < 0x20 && !(b >= 0x09 && b <= 0x0d)) ctl++;
  }
  return ctl <= Math.max(2, n * 0.01);
}

/** Whether an ASCII name occurs as UTF-16LE in the bytes (OLE2 directory entry names). */
function containsUtf16(bytes: Uint8Array, name: string): boolean {
  const first = name.charCodeAt(0);
  const last = bytes.length - name.length * 2;
  outer: for (let i = 0; i <= last; i++) {
    if (bytes[i] !== first || bytes[i + 1] !== 0) continue;
    for (let j = 1; j < name.length; j++) {
      if (bytes[i + 2 * j] !== name.charCodeAt(j) || bytes[i + 2 * j + 1] !== 0) continue outer;
    }
    return true;
  }
  return false;
}
