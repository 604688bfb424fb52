/**
 * The cells of an XLSX worksheet, read in one linear pass over its XML (used by xlsx.ts).
 *
 * Why not read-excel-file (which this replaced, issue #12): its worksheet parser is
 * "time-sliced": it feeds the XML to the SAX parser in chunks and halves the chunk whenever a
 * chunk took more than 7 ms, counting in that time its own per-chunk bookkeeping, which
 * copies every row read so far (`rows = rows.concat(…)`). That copy grows with the sheet,
 * so past a few thousand rows every chunk "takes too long", the chunk shrinks to a few dozen
 * characters, the number of chunks (and copies) explodes — quadratic time — and the chunk
 * loop, which calls itself once per chunk, overflows the stack: a RangeError that read as
 * "out of memory". Whether it tipped at 10 000 or 45 000 rows depended on how busy the
 * heap was (more modules loaded, e.g. apache-arrow, meant slower copies), not on the file.
 *
 * The semantics are read-excel-file 9.3's (`trim: false`), which the tests pin:
 *   - rows[0] is Excel row 1; leading blank rows and columns are kept, blank rows in the
 *     middle are rows of nulls, blank rows at the bottom and blank columns at the right are
 *     dropped, every row is padded with null to the widest;
 *   - text is untrimmed; an empty text is null; `_x000D_` escapes are decoded;
 *   - numbers are numbers; numbers in a date format (built-in ids, or a custom format made
 *     of date tokens) are Date (UTC, 1900 or 1904 epoch, rounded to the millisecond); t="d"
 *     ISO dates are Date;
 *   - booleans are booleans; a formula gives its cached value; error cells (#DIV/0!) are null;
 *   - rich text is the concatenation of its runs, phonetic guides (<rPh>) left out.
 * Unlike read-excel-file it does not refuse a whole workbook for one odd cell: a number that
 * does not parse stays as its text, rows or cells out of order are placed where their
 * references say. A shared-string index past the table means a damaged file (XlsxCellError).
 * No eval/new Function.
 */
import type { RawCell } from './types.ts';

/** A damaged worksheet (xlsx.ts refuses the file as 'xlsx_unreadable'). */
export class XlsxCellError extends Error {}

/**
 * One XML tag: closing slash, local name (namespace prefix dropped), attributes, self-closing
 * slash. Attribute values may contain '>' when quoted. Comments, CDATA and processing
 * instructions do not match and are skipped as text.
 */
const TAG = /<(\/?)(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] !== '#') return ENTITIES[e];
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/** Excel's `_xHHHH_` escapes in text (e.g. `_x000D_` for a carriage return). */
function unescapeX(s: string): string {
  return s.indexOf('_x') < 0 ? s : s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function attrOf(attrs: string, name: string): string | undefined {
  if (attrs.length === 0) return undefined;
  // ` name="value"` or ` name='value'`, the name not preceded by a prefix letter.
  const re = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
  const m = re.exec(attrs);
  return m ? decodeXml(m[1] ?? m[2]) : undefined;
}

// Fast paths for the three attributes of every cell: r, t, s.
const ATTR_R = /(?:^|\s)r\s*=\s*["']([A-Za-z]*)(\d*)["']/;
const ATTR_T = /(?:^|\s)t\s*=\s*["']([^"']*)["']/;
const ATTR_S = /(?:^|\s)s\s*=\s*["'](\d+)["']/;

function colNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + ((letters.charCodeAt(i) & 0xdf) - 64);
  return n;
}

/** The shared-string table (xl/sharedStrings.xml). */
export function parseSharedStrings(xml: string): string[] {
  const out: string[] = [];
  const re = new RegExp(TAG.source, 'g');
  let inSi = false;
  let rPh = 0;
  let textStart = -1;
  let parts = '';
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const [, close, name, , self] = m;
    if (name === 'si') {
      if (close) {
        out.push(unescapeX(parts));
        inSi = false;
      } else if (self) out.push('');
      else {
        inSi = true;
        parts = '';
        rPh = 0;
      }
    } else if (!inSi) continue;
    else if (name === 'rPh') {
      if (!self) rPh += close ? -1 : 1;
    } else if (name === 't' && rPh === 0) {
      if (close) {
        if (textStart >= 0) parts += decodeXml(xml.slice(textStart, m.index));
        textStart = -1;
      } else if (!self) textStart = re.lastIndex;
    }
  }
  return out;
}

// Built-in number formats that are dates or times (as read-excel-file 9.3 lists them: the
// locale-independent ones, the Chinese/Japanese/Korean ones and the Thai ones).
const BUILT_IN_DATE_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47,
  27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58,
  71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81,
]);

const DATE_TOKENS = new Set([
  's', 'ss', 'm', 'mm', 'h', 'hh', 'am', 'pm', 'a', 'p', 'd', 'dd', 'ddd', 'dddd', 'aaa', 'aaaa', 'aaaaa',
  'mmm', 'mmmm', 'mmmmm', 'y', 'yy', 'yyyy', 'e', 'ee', 'eeee',
]);

/** Whether a custom number format shows a date or time ("yyyy-mm-dd", 'yyyy"年"m"月"', "[h]:mm"). */
export function isDateFormatCode(code: string): boolean {
  const t = code.toLowerCase().replace(/;@$/, '').replace(/\\./g, ' ');
  return t.split(';').some((section) => {
    const s = section
      .replace(/"[^"]*"/g, ' ')
      .replace(/(\[?[smhd]{1,2}\]?)[.,]00?0?/g, '$1')
      .replace(/\[([smhd]{1,2})\]/g, '$1')
      .replace(/\[[^\]]*\]/g, '');
    const tokens = s.split(/[^a-z0#?%]+/).filter(Boolean);
    return tokens.length > 0 && tokens.every((x) => DATE_TOKENS.has(x));
  });
}

/** For each cell style (index of `s="…"`): whether its number format is a date (xl/styles.xml). */
export function parseDateStyles(xml: string): boolean[] {
  const re = new RegExp(TAG.source, 'g');
  const codes = new Map<number, string>();
  const base: Array<number | undefined> = [];
  const cellXfs: Array<{ numFmtId?: number; xfId?: number }> = [];
  let section: 'cellStyleXfs' | 'cellXfs' | null = null;
  const num = (v: string | undefined) => (v === undefined || v === '' || Number.isNaN(Number(v)) ? undefined : Number(v));
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const [, close, name, attrs] = m;
    if (name === 'numFmt' && !close) {
      const id = num(attrOf(attrs, 'numFmtId'));
      const code = attrOf(attrs, 'formatCode');
      if (id !== undefined && code !== undefined) codes.set(id, code);
    } else if (name === 'cellStyleXfs' || name === 'cellXfs') {
      section = close || m[4] ? null : name;
    } else if (name === 'xf' && !close && section) {
      const numFmtId = num(attrOf(attrs, 'numFmtId'));
      if (section === 'cellStyleXfs') base.push(numFmtId);
      else cellXfs.push({ numFmtId, xfId: num(attrOf(attrs, 'xfId')) });
    }
  }
  const cache = new Map<number, boolean>();
  const isDate = (id: number | undefined) => {
    if (id === undefined) return false;
    let v = cache.get(id);
    if (v === undefined) {
      const code = codes.get(id);
      v = BUILT_IN_DATE_IDS.has(id) || (code !== undefined && isDateFormatCode(code));
      cache.set(id, v);
    }
    return v;
  };
  return cellXfs.map((xf) => isDate(xf.numFmtId ?? (xf.xfId !== undefined ? base[xf.xfId] : undefined)));
}

/** Whether the workbook counts dates from 1904 (`<workbookPr date1904="1"/>`, old Mac files). */
export function isEpoch1904(workbookXml: string): boolean {
  const m = /<(?:[\w.-]+:)?workbookPr\b([^>]*)>/.exec(workbookXml);
  const v = m ? attrOf(m[1], 'date1904') : undefined;
  return v === '1' || v === 'true';
}

/**
 * An Excel serial date as a UTC Date (read-excel-file's arithmetic, right from 1900-03-01 on),
 * rounded to the millisecond: 12:30 is stored as 44941.520833…, which read-excel-file floored
 * to 12:29:59.999.
 */
export function excelDate(serial: number, epoch1904: boolean): Date {
  const DAY = 86_400_000;
  const days = epoch1904 ? serial + 4 * 365 + 2 : serial;
  return new Date(Math.round((days - (2 + 70 * 365 + 17)) * DAY));
}

export interface CellContext {
  strings: string[];
  dateStyles: boolean[];
  epoch1904: boolean;
}

function cellValue(t: string | undefined, s: number, v: string | undefined, inline: string | undefined, ctx: CellContext, ref: string): RawCell {
  switch (t ?? 'n') {
    case 's': {
      if (!v) return null;
      const i = Number(v);
      const text = ctx.strings[i];
      if (text === undefined) throw new XlsxCellError(`单元格 ${ref} 引用了不存在的共享字符串 ${v}`);
      return text === '' ? null : text;
    }
    case 'str':
    case 'inlineStr': {
      const text = t === 'str' ? (v === undefined ? '' : unescapeX(v)) : inline === undefined ? '' : unescapeX(inline);
      return text === '' ? null : text;
    }
    case 'b':
      return v === '1' ? true : v === '0' ? false : null;
    case 'e':
      return null;
    case 'd': {
      if (!v) return null;
      const d = new Date(v);
      return Number.isNaN(d.valueOf()) ? v : d;
    }
    default: {
      if (!v) return null;
      const n = Number(v);
      if (Number.isNaN(n)) return v;
      return ctx.dateStyles[s] ? excelDate(n, ctx.epoch1904) : n;
    }
  }
}

/**
 * The rows of one worksheet part, as read-excel-file gave them (see the file comment).
 * Linear in the size of the XML; the caller has checked the sheet's extent (sheetExtent)
 * against MAX_ROWS / MAX_CELLS before.
 */
export function parseSheetRows(xml: string, ctx: CellContext): RawCell[][] {
  const start = xml.indexOf('sheetData');
  if (start < 0) return [];
  const re = new RegExp(TAG.source, 'g');
  re.lastIndex = start - 1;
  const rows: RawCell[][] = [];
  let rowNumber = 0; // 1-based number of the current (or last) row
  let col = 0; // 1-based column of the last cell
  // The open cell.
  let inCell = false;
  let cellRef = '';
  let cellRow = 0;
  let cellCol = 0;
  let cellT: string | undefined;
  let cellS = 0;
  let v: string | undefined;
  let inline: string | undefined;
  let inV = false;
  let inIs = false;
  let rPh = 0;
  let textStart = -1;

  const place = (r: number, c: number, value: RawCell) => {
    if (value === null) return;
    while (rows.length < r) rows.push([]);
    const target = rows[r - 1];
    while (target.length < c - 1) target.push(null);
    target[c - 1] = value;
  };

  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const close = m[1] === '/';
    const name = m[2];
    const self = m[4] === '/';
    if (inCell) {
      if (name === 'c' && close) {
        place(cellRow, cellCol, cellValue(cellT, cellS, v, inline, ctx, cellRef));
        inCell = false;
      } else if (name === 'v') {
        if (close) {
          if (inV) v = decodeXml(xml.slice(textStart, m.index));
          inV = false;
        } else if (self) v = '';
        else {
          inV = true;
          textStart = re.lastIndex;
        }
      } else if (name === 'is') {
        if (!close && !self) {
          inIs = true;
          inline = '';
        } else if (self) inline = '';
        else inIs = false;
      } else if (name === 'rPh') {
        if (!self) rPh += close ? -1 : 1;
      } else if (name === 't' && inIs && rPh === 0) {
        if (close) {
          if (textStart >= 0) inline += decodeXml(xml.slice(textStart, m.index));
          textStart = -1;
        } else if (!self) textStart = re.lastIndex;
      }
      continue;
    }
    if (name === 'c' && !close) {
      const attrs = m[3];
      const r = ATTR_R.exec(attrs);
      cellRef = r ? r[1] + r[2] : '';
      cellCol = r && r[1] ? colNumber(r[1]) : col + 1;
      cellRow = r && r[2] ? Number(r[2]) : Math.max(rowNumber, 1);
      // The cell's reference decides its row (also for a <row> without r, or none at all).
      rowNumber = cellRow;
      col = cellCol;
      cellT = ATTR_T.exec(attrs)?.[1];
      const st = ATTR_S.exec(attrs);
      cellS = st ? Number(st[1]) : 0;
      v = undefined;
      inline = undefined;
      inV = false;
      inIs = false;
      rPh = 0;
      textStart = -1;
      if (self) {
        // An empty cell (formatting only): nothing to place.
      } else inCell = true;
    } else if (name === 'row') {
      if (close) continue;
      const r = attrOf(m[3], 'r');
      rowNumber = r !== undefined && /^\d+$/.test(r) ? Number(r) : rowNumber + 1;
      col = 0;
    } else if (name === 'sheetData' && close) break;
  }

  // Blank rows at the bottom are dropped; every row is padded to the widest.
  let last = rows.length;
  while (last > 0 && rows[last - 1].length === 0) last--;
  rows.length = last;
  let width = 0;
  for (const r of rows) if (r.length > width) width = r.length;
  for (const r of rows) while (r.length < width) r.push(null);
  return rows;
}
