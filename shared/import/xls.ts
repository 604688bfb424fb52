/**
 * Legacy Excel 97–2003 .xls (BIFF8, as WPS and old templates save it) → RawSheet[], in the
 * same shape readXlsx gives (xlsx.ts, xlsx-cells.ts): every sheet in workbook order, rows[0]
 * is Excel row 1 with leading blank rows and columns kept, blank rows at the bottom and blank
 * columns at the right dropped, rows padded to the widest; text untrimmed ('' is null),
 * numbers, booleans, date-formatted numbers as UTC Dates, formulas as their cached value,
 * error cells null, merged ranges 0-based inclusive.
 *
 * Cells are read by SheetJS, the maintained line published as `@e965/xlsx` (0.20.3; not the
 * `xlsx` 0.18.5 of npm, which has known vulnerabilities). It is loaded with a dynamic import,
 * so it lands in its own chunk of the app bundle (fetched from the app's own origin — the
 * import works offline) and only when a .xls is imported.
 *
 * Limits (shared/limits.ts): the file size is checked before anything is parsed (the XLSX
 * limit, the format is as dense); BIFF8 itself cannot hold more than 65 536 rows × 256
 * columns per sheet, well inside MAX_ROWS / MAX_CELLS, and SheetJS is told to stop at
 * MAX_ROWS anyway; each sheet's real extent is checked with checkTableSize before its rows
 * are padded. Password-protected files are refused as 'encrypted'; anything SheetJS cannot
 * read (a damaged file, an OLE2 file that is no workbook) as 'xls_legacy' with a Chinese
 * message saying what to do.
 */
import { MAX_ROWS } from '../limits.ts';
import type { RawCell, RawSheet } from './types.ts';
import { ImportError, checkImportSize, checkTableSize, refuse } from './errors.ts';
import { excelDate } from './xlsx-cells.ts';

export interface ReadXlsOptions {
  /** Read only this sheet (by name); ImportError 'sheet_not_found' if absent. */
  sheet?: string;
}

/** A .xls SheetJS could not read. */
export function xlsUnreadable(file: string, cause?: unknown): ImportError {
  return new ImportError(
    'xls_legacy',
    file,
    `“${file}”是旧版 Excel 97-2003 格式（.xls）或 WPS 表格格式（.et），但内容已损坏或格式不规范，无法读取。` +
      '请在 Excel/WPS 中打开后“另存为” Excel 工作簿（.xlsx）再导入；如果打不开，请向报送单位重新索取文件。',
    { cause },
  );
}

interface SheetJsCell {
  t: 'b' | 'n' | 'e' | 's' | 'd' | 'z';
  v?: unknown;
  z?: string | number;
}

interface SheetJsSheet {
  '!ref'?: string;
  '!data'?: Array<Array<SheetJsCell | undefined> | undefined>;
  '!merges'?: Array<{ s: { r: number; c: number }; e: { r: number; c: number } }>;
}

export async function readXls(file: string, bytes: Uint8Array, opts: ReadXlsOptions = {}): Promise<RawSheet[]> {
  checkImportSize(file, bytes.length, 'xlsx');
  const XLSX = await import('@e965/xlsx');
  let wb: ReturnType<typeof XLSX.read>;
  try {
    wb = XLSX.read(bytes, {
      type: 'array',
      dense: true,
      // Numbers stay numbers with their format (cellNF): date formats are turned into UTC
      // Dates below, the same arithmetic as the XLSX reader (SheetJS's own would be local time).
      cellDates: false,
      cellNF: true,
      cellText: false,
      cellHTML: false,
      cellStyles: false,
      sheetRows: MAX_ROWS + 1,
    });
  } catch (e) {
    if (e instanceof ImportError) throw e;
    if (e instanceof RangeError) throw refuse.outOfMemory(file, e);
    // SheetJS names a password ("File is password-protected") or an ECMA-376 encryption scheme.
    if (/password|ECMA-376 Encrypted|EncryptionInfo|Encryption (?:scheme|Flags)/i.test(String((e as Error)?.message))) throw refuse.encrypted(file);
    throw xlsUnreadable(file, e);
  }
  const names: string[] = wb.SheetNames ?? [];
  if (names.length === 0) throw xlsUnreadable(file, new Error('no sheets'));
  if (opts.sheet !== undefined && !names.includes(opts.sheet)) throw refuse.sheetNotFound(file, opts.sheet, names);
  const wanted = opts.sheet !== undefined ? [opts.sheet] : names;
  const epoch1904 = Boolean((wb as { Workbook?: { WBProps?: { date1904?: boolean } } }).Workbook?.WBProps?.date1904);
  const isDateFormat = (z: string | number | undefined): boolean => {
    if (z === undefined) return false;
    try {
      return Boolean(XLSX.SSF.is_date(typeof z === 'number' ? XLSX.SSF.get_table()[z] ?? '' : z));
    } catch {
      return false;
    }
  };

  return wanted.map((name) => {
    const ws = wb.Sheets[name] as unknown as SheetJsSheet | undefined;
    const sheet: RawSheet = { file, sheet: name, rows: [] };
    if (!ws) return sheet;
    const data = ws['!data'] ?? [];
    // The real extent: the last row and column with content.
    let height = 0;
    let width = 0;
    const value = (cell: SheetJsCell | undefined): RawCell => {
      if (!cell) return null;
      switch (cell.t) {
        case 's': {
          const s = cell.v == null ? '' : String(cell.v);
          return s === '' ? null : s;
        }
        case 'n': {
          const n = cell.v as number;
          if (typeof n !== 'number' || Number.isNaN(n)) return null;
          return isDateFormat(cell.z) ? excelDate(n, epoch1904) : n;
        }
        case 'b':
          return Boolean(cell.v);
        case 'd':
          return cell.v instanceof Date ? cell.v : null;
        default:
          return null; // 'e' (#DIV/0! …), 'z' (blank)
      }
    };
    const values: RawCell[][] = [];
    for (let r = 0; r < data.length; r++) {
      const src = data[r];
      const row: RawCell[] = [];
      if (src) {
        for (let c = 0; c < src.length; c++) {
          const v = value(src[c]);
          if (v === null) continue;
          while (row.length < c) row.push(null);
          row.push(v);
        }
      }
      values.push(row);
      if (row.length > 0) {
        height = r + 1;
        if (row.length > width) width = row.length;
      }
    }
    checkTableSize(file, height, width);
    values.length = height;
    for (const row of values) while (row.length < width) row.push(null);
    sheet.rows = values;
    const merges = (ws['!merges'] ?? []).map((m) => ({ top: m.s.r, left: m.s.c, bottom: m.e.r, right: m.e.c }));
    if (merges.length > 0) sheet.merges = merges;
    return sheet;
  });
}
