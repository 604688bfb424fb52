/**
 * XLSX → RawSheet[] (every sheet, in workbook order).
 *
 * Cells are read by xlsx-cells.ts in one linear pass over each worksheet's XML (it replaced
 * read-excel-file, whose time-sliced sheet parser went quadratic and overflowed the stack on
 * sheets of a few ten thousand rows — see its file comment). Facts pinned by tests:
 *   - rows are positioned as Excel shows them: leading blank rows and columns are KEPT
 *     (rows[0] is Excel row 1, column A is index 0), blank rows in the middle are kept as
 *     rows of nulls, only blank rows at the bottom and blank columns at the right are dropped;
 *   - text is returned untrimmed: "东村 " stays "东村 ";
 *   - numbers are numbers, date-formatted cells are Date (UTC), formulas give their cached value;
 *   - merged cells come from the sheet XML's `<mergeCell ref="A1:N1"/>` list — a regex over the
 *     few bytes after `</sheetData>`. A merged range's value sits in its top-left cell; the
 *     others are null.
 *
 * Before anything is inflated, the ZIP's central directory is checked with fflate: every
 * part's declared size must be under MAX_XLSX_ENTRY_BYTES / MAX_XLSX_TOTAL_BYTES ('too_large'
 * — a zip bomb or a "2 GB" claim is refused without allocating), the file must end in a
 * central directory ('truncated_xlsx') and contain xl/workbook.xml ('not_xlsx'). The XML parts
 * are then inflated once (shared/workspace/zip.ts: synchronously — no blob: Web Workers, which
 * the app's CSP `worker-src 'self'` blocks — never past a part's declared size, CRC-checked).
 * Rows are padded to the widest one, so a 1 KB sheet with one cell at XFD1048576 would become
 * 17 billion cells: before any sheet is read, each worksheet's extent (its largest `r="…"`
 * reference of a cell with content, or its row and cell counts where there is none) is
 * checked against MAX_ROWS / MAX_CELLS (shared/limits.ts).
 * No eval/new Function on this path (xlsx-cells.ts and fflate contain none).
 */
import { unzipSync, type Unzipped } from 'fflate';
import { ZipLimitError, listZip as listZipEntries, readEntries } from '../workspace/zip.ts';
import type { RawSheet } from './types.ts';
import { parseDateStyles, parseSharedStrings, parseSheetRows, isEpoch1904, type CellContext } from './xlsx-cells.ts';
import { ImportError, MAX_XLSX_ENTRY_BYTES, MAX_XLSX_TOTAL_BYTES, checkImportSize, checkTableSize, refuse } from './errors.ts';

export type Merge = NonNullable<RawSheet['merges']>[number];

export interface ReadXlsxOptions {
  /** Read only this sheet (by name); ImportError 'sheet_not_found' if absent. */
  sheet?: string;
}

interface ZipEntryInfo {
  name: string;
  size: number;
  originalSize: number;
}

const isXmlPart = (name: string) => name.endsWith('.xml') || name.endsWith('.rels');

/** Lists the ZIP's entries from its central directory without inflating anything. */
function listZip(file: string, bytes: Uint8Array): ZipEntryInfo[] {
  const entries: ZipEntryInfo[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        entries.push({ name: f.name, size: f.size, originalSize: f.originalSize });
        return false;
      },
    });
  } catch (e) {
    if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) throw refuse.truncatedXlsx(file, e);
    throw refuse.notXlsx(file);
  }
  return entries;
}

function checkEntries(file: string, entries: ZipEntryInfo[]): void {
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('xl/workbook.xml')) {
    if (names.has('word/document.xml')) throw refuse.notXlsx(file, '这是 Word 文档');
    if (entries.some((e) => e.name.startsWith('ppt/'))) throw refuse.notXlsx(file, '这是 PowerPoint 演示文稿');
    if (names.has('content.xml') && names.has('mimetype')) throw refuse.notXlsx(file, '这是 ODS/WPS 开放文档格式，不是 .xlsx');
    if (entries.length === 0) throw refuse.notXlsx(file, '这是一个空的 ZIP 压缩包');
    throw refuse.notXlsx(file, '这是一个 ZIP 压缩包，里面没有 Excel 工作表');
  }
  let total = 0;
  for (const e of entries) {
    if (!isXmlPart(e.name)) continue;
    if (e.originalSize > MAX_XLSX_ENTRY_BYTES) throw refuse.tooLargeClaim(file, e.name, e.originalSize, MAX_XLSX_ENTRY_BYTES);
    total += e.originalSize;
    if (total > MAX_XLSX_TOTAL_BYTES) throw refuse.tooLargeClaim(file, '全部工作表', total, MAX_XLSX_TOTAL_BYTES);
  }
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : XML_ENTITIES[e],
  );
}

function attr(attrs: string, name: RegExp): string | undefined {
  const m = name.exec(attrs);
  return m ? unescapeXml(m[1]) : undefined;
}

/** Sheet name → path of its XML part, from xl/workbook.xml and its relationships. */
function sheetPaths(parts: Unzipped): Map<string, string> {
  const td = new TextDecoder();
  const out = new Map<string, string>();
  const wb = parts['xl/workbook.xml'];
  const rels = parts['xl/_rels/workbook.xml.rels'];
  if (!wb || !rels) return out;
  const targets = new Map<string, string>();
  for (const m of td.decode(rels).matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)>/g)) {
    const id = attr(m[1], /\sId="([^"]*)"/);
    const target = attr(m[1], /\sTarget="([^"]*)"/);
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  for (const m of td.decode(wb).matchAll(/<(?:[\w.-]+:)?sheet\b([^>]*)>/g)) {
    const name = attr(m[1], /\sname="([^"]*)"/);
    const rid = attr(m[1], /\s[\w.-]+:id="([^"]*)"/);
    const target = rid ? targets.get(rid) : undefined;
    if (name !== undefined && target) out.set(name, normalizePath(target));
  }
  return out;
}

function normalizePath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

const SHEET_DATA = new TextEncoder().encode('sheetData');

/** Offset of the last "sheetData" in the part (the closing tag), or 0. */
function lastSheetData(xml: Uint8Array): number {
  outer: for (let i = xml.length - SHEET_DATA.length; i >= 0; i--) {
    for (let j = 0; j < SHEET_DATA.length; j++) if (xml[i + j] !== SHEET_DATA[j]) continue outer;
    return i;
  }
  return 0;
}

/** Column letters → 0-based index ("A" → 0, "AA" → 26). */
function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function parseRef(ref: string): Merge | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/.exec(ref.trim().toUpperCase());
  if (!m) return null;
  const top = Number(m[2]) - 1;
  const left = colIndex(m[1]);
  const bottom = m[4] ? Number(m[4]) - 1 : top;
  const right = m[3] ? colIndex(m[3]) : left;
  return { top: Math.min(top, bottom), left: Math.min(left, right), bottom: Math.max(top, bottom), right: Math.max(left, right) };
}

/** The `<mergeCell ref>` ranges of one worksheet part (they follow `</sheetData>`). */
export function mergesOf(xml: Uint8Array): Merge[] {
  const tail = new TextDecoder().decode(xml.subarray(lastSheetData(xml)));
  const merges: Merge[] = [];
  for (const m of tail.matchAll(/<(?:[\w.-]+:)?mergeCell\b[^>]*?\sref="([^"]+)"/g)) {
    const r = parseRef(m[1]);
    if (r) merges.push(r);
  }
  return merges;
}

const LT = 0x3c;
const GT = 0x3e;
const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/**
 * Rows and columns a worksheet part's cells with content reach, without parsing it: the
 * largest `<c r="AB7">` reference of a cell that is not empty (`<c r="XFD1048576" s="1"/>`
 * costs nothing), or its row and position where references are missing.
 */
export function sheetExtent(xml: Uint8Array): { rows: number; columns: number } {
  let rows = 0;
  let columns = 0;
  let row = 0; // current row number
  let cell = 0; // current cell number in the row
  const n = xml.length;
  for (let i = 0; i < n; i++) {
    if (xml[i] !== LT) continue;
    // The tag name, without a namespace prefix ("x:c" → "c").
    let j = i + 1;
    let nameStart = j;
    while (j < n && !isSpace(xml[j]) && xml[j] !== GT && xml[j] !== 0x2f) {
      if (xml[j] === 0x3a) nameStart = j + 1;
      j++;
    }
    const len = j - nameStart;
    const isRow = len === 3 && xml[nameStart] === 0x72 && xml[nameStart + 1] === 0x6f && xml[nameStart + 2] === 0x77;
    const isCell = len === 1 && xml[nameStart] === 0x63;
    if (!isRow && !isCell) continue;
    if (isRow) {
      row++;
      cell = 0;
    } else cell++;
    // The r attribute (if any) up to the end of the tag.
    for (; j < n && xml[j] !== GT; j++) {
      if (!isSpace(xml[j]) || xml[j + 1] !== 0x72 || xml[j + 2] !== 0x3d || (xml[j + 3] !== 0x22 && xml[j + 3] !== 0x27)) continue;
      let c = 0;
      let r = 0;
      let k = j + 4;
      for (; k < n && xml[k] >= 0x41 && xml[k] <= 0x5a; k++) c = Math.min(c * 26 + (xml[k] - 0x40), 1e9);
      for (; k < n && xml[k] >= 0x30 && xml[k] <= 0x39; k++) r = Math.min(r * 10 + (xml[k] - 0x30), 1e12);
      if (r > 0) row = r;
      if (isCell && c > 0) cell = c;
      j = k;
    }
    if (isCell && xml[j - 1] !== 0x2f) {
      rows = Math.max(rows, row);
      columns = Math.max(columns, cell);
    }
    i = j;
  }
  return { rows, columns };
}

export async function readXlsx(file: string, bytes: Uint8Array, opts: ReadXlsxOptions = {}): Promise<RawSheet[]> {
  checkImportSize(file, bytes.length, 'xlsx');
  const entries = listZip(file, bytes);
  checkEntries(file, entries);

  // Inflated within each part's declared size and checked against its CRC (a part that
  // inflates past what it declares is damaged, not a reason to keep inflating).
  let parts: Unzipped;
  try {
    parts = (await readEntries(bytes, listZipEntries(bytes).filter((e) => isXmlPart(e.name)))) as Unzipped;
  } catch (e) {
    if (e instanceof ZipLimitError) throw refuse.tooLargeClaim(file, e.entry || '全部工作表', e.size, e.limit);
    throw refuse.truncatedXlsx(file, e);
  }
  const paths = sheetPaths(parts);
  if (paths.size === 0) throw refuse.xlsxUnreadable(file, new Error('no sheets in xl/workbook.xml'));
  const names = [...paths.keys()];
  if (opts.sheet !== undefined && !paths.has(opts.sheet)) throw refuse.sheetNotFound(file, opts.sheet, names);
  const wanted = opts.sheet !== undefined ? [opts.sheet] : names;

  // Every sheet's extent is checked before any of them is read.
  for (const name of wanted) {
    const xml = parts[paths.get(name)!];
    if (!xml) continue;
    const { rows, columns } = sheetExtent(xml);
    checkTableSize(file, rows, columns);
  }

  try {
    const td = new TextDecoder();
    const text = (path: string) => (parts[path] ? td.decode(parts[path]) : '');
    const stylesPath = relatedPart(parts, 'styles') ?? 'xl/styles.xml';
    const stringsPath = relatedPart(parts, 'sharedStrings') ?? 'xl/sharedStrings.xml';
    const ctx: CellContext = {
      strings: parts[stringsPath] ? parseSharedStrings(text(stringsPath)) : [],
      dateStyles: parts[stylesPath] ? parseDateStyles(text(stylesPath)) : [],
      epoch1904: isEpoch1904(text('xl/workbook.xml')),
    };
    return wanted.map((name) => {
      const xml = parts[paths.get(name)!];
      const sheet: RawSheet = { file, sheet: name, rows: xml ? parseSheetRows(td.decode(xml), ctx) : [] };
      if (xml) {
        const merges = mergesOf(xml);
        if (merges.length > 0) sheet.merges = merges;
      }
      return sheet;
    });
  } catch (e) {
    if (e instanceof ImportError) throw e;
    if (e instanceof RangeError) throw refuse.outOfMemory(file, e);
    throw refuse.xlsxUnreadable(file, e);
  }
}

/** Path of the workbook's styles or shared-strings part, from xl/_rels/workbook.xml.rels. */
function relatedPart(parts: Unzipped, kind: 'styles' | 'sharedStrings'): string | undefined {
  const rels = parts['xl/_rels/workbook.xml.rels'];
  if (!rels) return undefined;
  for (const m of new TextDecoder().decode(rels).matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)>/g)) {
    const type = attr(m[1], /\sType="([^"]*)"/);
    const target = attr(m[1], /\sTarget="([^"]*)"/);
    if (type?.endsWith(`/${kind}`) && target) return normalizePath(target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  return undefined;
}
