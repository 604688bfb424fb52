/**
 * File-level refusals of the import readers.
 *
 * A reader either returns RawSheets or throws an ImportError: one Problem with `row: null`,
 * a stable `code`, and a Chinese message that names the file and says what to do. Nothing
 * else escapes `readImportFile` (see read.ts), so the UI and the CLI can show `message` as is.
 */
import { MAX_CELLS, MAX_COLUMNS, MAX_ENTRY_BYTES, MAX_FILE_BYTES, MAX_ROWS, MAX_TOTAL_BYTES, formatBytes, formatCount } from '../limits.ts';
import { cellToString, columnLetter } from './normalize.ts';
import type { Problem, RawSheet } from './types.ts';

export { formatBytes } from '../limits.ts';

export type ImportErrorCode =
  /** 0 bytes. */
  | 'empty_file'
  /** Over the size limit for its format (or a ZIP entry claims to be). */
  | 'too_large'
  /** Looks like a ZIP but is not an Excel workbook (a .docx, an .ods, a plain archive). */
  | 'not_xlsx'
  /** Starts like an XLSX but the end is missing (interrupted download/copy). */
  | 'truncated_xlsx'
  /** A complete XLSX whose contents the worksheet reader (xlsx-cells.ts) cannot understand. */
  | 'xlsx_unreadable'
  /** Excel 97–2003 .xls (or WPS .et) that SheetJS cannot read (damaged, or not really .xls). */
  | 'xls_legacy'
  /** A password-protected (encrypted) Office file. */
  | 'encrypted'
  /** A web page saved with an .xls name (a common "导出Excel" from web systems). */
  | 'html_as_excel'
  /** Excel 2003 "XML 表格" (SpreadsheetML) saved with an .xls/.xml name. */
  | 'xml_spreadsheet'
  /** A known non-table format: PDF, image, archive, Word... */
  | 'unsupported_format'
  /** Bytes that are not text in any supported encoding (random data, an executable...). */
  | 'binary_file'
  /** The chosen text encoding is unknown, or the text cannot be decoded with it. */
  | 'encoding'
  /** Text that cannot be split into rows (e.g. an unterminated quote swallowing the file). */
  | 'csv_unreadable'
  /** The requested sheet does not exist in the workbook. */
  | 'sheet_not_found'
  /** A damaged Arrow IPC file. */
  | 'arrow_unreadable'
  /** A damaged Parquet file, or one using an unsupported feature. */
  | 'parquet_unreadable'
  /** Anything else a reader could not handle; the message still says what to do. */
  | 'unreadable';

export class ImportError extends Error {
  readonly problem: Problem;

  constructor(code: ImportErrorCode, file: string, message: string, options?: { cause?: unknown; value?: string | null }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ImportError';
    this.problem = {
      file,
      sheet: '',
      row: null,
      column: null,
      value: options?.value ?? null,
      code,
      severity: 'error',
      message,
    };
  }

  get code(): ImportErrorCode {
    return this.problem.code as ImportErrorCode;
  }

  get file(): string {
    return this.problem.file;
  }
}

export function isImportError(e: unknown): e is ImportError {
  return e instanceof ImportError;
}

const SAVE_AS_XLSX = '请在 Excel/WPS 中打开后“另存为” Excel 工作簿（.xlsx）再导入';

/** The refusals, one function per code, so every message names the file the same way. */
export const refuse = {
  emptyFile: (file: string) =>
    new ImportError('empty_file', file, `“${file}”是空文件（0 字节），没有可导入的内容。请确认选择了正确的文件，或重新导出后再导入。`),

  tooLarge: (file: string, size: number, limit: number, what = '文件') =>
    new ImportError(
      'too_large',
      file,
      `“${file}”${what}大小为 ${formatBytes(size)}，超过了导入上限 ${formatBytes(limit)}。请按乡镇或季度拆分成几个较小的文件分别导入。`,
    ),

  tooLargeClaim: (file: string, entry: string, size: number, limit: number) =>
    new ImportError(
      'too_large',
      file,
      `“${file}”中的“${entry}”解压后声称有 ${formatBytes(size)}，超过了上限 ${formatBytes(limit)}，为避免卡死已停止读取。` +
        `如果表格确实这么大，请按乡镇或季度拆分成几个工作簿；如果不是，文件可能已损坏，${SAVE_AS_XLSX}。`,
    ),

  /** A part (a Parquet page, a ZIP entry of another kind) claims more than a limit. */
  tooLargePart: (file: string, part: string, size: number, limit: number) =>
    new ImportError(
      'too_large',
      file,
      `“${file}”中的${part}解压后声称有 ${formatBytes(size)}，超过了上限 ${formatBytes(limit)}，为避免卡死已停止读取。` +
        '如果数据确实这么多，请按乡镇或季度拆分成几个文件；如果不是，文件可能已损坏，请重新导出。',
    ),

  tooManyRows: (file: string, rows: number, limit: number) =>
    new ImportError(
      'too_large',
      file,
      `“${file}”有 ${formatCount(rows)} 行，超过了导入上限 ${formatCount(limit)} 行，为避免卡死已停止读取。请按乡镇或季度拆分成几个较小的文件分别导入。`,
      { value: String(rows) },
    ),

  tooManyCells: (file: string, rows: number, columns: number, limit: number) =>
    new ImportError(
      'too_large',
      file,
      `“${file}”有 ${formatCount(rows)} 行 × ${formatCount(columns)} 列，共 ${formatCount(rows * columns)} 个单元格，超过了导入上限 ${formatCount(limit)} 个，` +
        '为避免卡死已停止读取。请删去不需要的行和列，或按乡镇或季度拆分成几个较小的文件分别导入。',
    ),

  /** The file claims more than its bytes can hold: damaged or forged, not merely large. */
  impossibleClaim: (file: string, code: 'arrow_unreadable' | 'parquet_unreadable' | 'xlsx_unreadable', claim: string, size: number) =>
    new ImportError(
      code,
      file,
      `“${file}”声称${claim}，但整个文件只有 ${formatBytes(size)}，不可能装下这么多数据：文件已损坏或被改动过，为避免卡死已停止读取。` +
        '请从原处重新导出或复制；也可改用 Excel（.xlsx）或 CSV 格式。',
    ),

  outOfMemory: (file: string, cause?: unknown) =>
    new ImportError(
      'too_large',
      file,
      `“${file}”的内容太多，读取时超出了可用内存。请按乡镇或季度拆分成几个较小的文件分别导入。`,
      { cause },
    ),

  notXlsx: (file: string, detail?: string) =>
    new ImportError(
      'not_xlsx',
      file,
      `“${file}”不是有效的 Excel 文件${detail ? `（${detail}）` : '（文件可能已损坏或只下载了一部分）'}。${SAVE_AS_XLSX}。`,
    ),

  truncatedXlsx: (file: string, cause?: unknown) =>
    new ImportError(
      'truncated_xlsx',
      file,
      `“${file}”不完整，文件末尾缺失（可能只下载或复制了一部分）。请重新下载或从原处重新复制；如能在 Excel/WPS 中打开，请另存为 .xlsx 再导入。`,
      { cause },
    ),

  xlsxUnreadable: (file: string, cause?: unknown) =>
    new ImportError(
      'xlsx_unreadable',
      file,
      `“${file}”的内容已损坏或格式不规范，无法读取。${SAVE_AS_XLSX}。`,
      { cause },
    ),

  encrypted: (file: string) =>
    new ImportError(
      'encrypted',
      file,
      `“${file}”设置了打开密码（已加密），无法读取。请在 Excel/WPS 中输入密码打开，取消密码（文件→信息→保护工作簿）后另存为 .xlsx 再导入。`,
    ),

  htmlAsExcel: (file: string) =>
    new ImportError(
      'html_as_excel',
      file,
      `“${file}”虽然名为 Excel 文件，实际上是网页（HTML）格式，常见于从业务系统“导出Excel”得到的文件。${SAVE_AS_XLSX}。`,
    ),

  xmlSpreadsheet: (file: string) =>
    new ImportError(
      'xml_spreadsheet',
      file,
      `“${file}”是 Excel 2003 XML 表格格式，暂不支持直接导入。${SAVE_AS_XLSX}。`,
    ),

  unsupported: (file: string, kind: string) =>
    new ImportError(
      'unsupported_format',
      file,
      `“${file}”是${kind}，不是可导入的表格。请导入 Excel 工作簿（.xlsx）、CSV/TSV 文本、Arrow 或 Parquet 文件。`,
    ),

  binary: (file: string) =>
    new ImportError(
      'binary_file',
      file,
      `“${file}”不是文本表格，也不是 Excel 文件，无法读取。请确认选择了正确的文件；台账请导入 Excel 工作簿（.xlsx）或 CSV 文件。`,
    ),

  unknownEncoding: (file: string, encoding: string) =>
    new ImportError(
      'encoding',
      file,
      `不支持用“${encoding}”编码读取“${file}”。请从列表中选择一种编码（如 UTF-8 或 GB18030），或选“自动识别”。`,
      { value: encoding },
    ),

  badEncoding: (file: string, encodingLabel: string, bad: number) =>
    new ImportError(
      'encoding',
      file,
      `用“${encodingLabel}”编码读取“${file}”时有 ${bad} 处无法识别的字符，编码可能选错了。请改选其他编码（中文文件多为 GB18030 或 UTF-8），或选“自动识别”。`,
      { value: encodingLabel },
    ),

  unterminatedQuote: (file: string, line: number) =>
    new ImportError(
      'csv_unreadable',
      file,
      `“${file}”第 ${line} 行有一个双引号（"）没有配对，从这里到文件末尾都会被读成同一个单元格。请在 Excel/WPS 或记事本中检查第 ${line} 行，删去多余的引号或补全后另存为 CSV 再导入。`,
      { value: String(line) },
    ),

  badDelimiter: (file: string, delimiter: string) =>
    new ImportError(
      'csv_unreadable',
      file,
      `读取“${file}”时指定的分隔符“${delimiter}”无效：分隔符只能是一个字符（如逗号、制表符、分号、竖线）。请重新选择，或选“自动识别”。`,
      { value: delimiter },
    ),

  sheetNotFound: (file: string, sheet: string, available: string[]) =>
    new ImportError(
      'sheet_not_found',
      file,
      `“${file}”中没有名为“${sheet}”的工作表。现有工作表：${available.map((s) => `“${s}”`).join('、') || '（无）'}。请重新选择。`,
      { value: sheet },
    ),

  arrowUnreadable: (file: string, cause?: unknown) =>
    new ImportError(
      'arrow_unreadable',
      file,
      `“${file}”不是有效的 Arrow 文件（可能已损坏或只复制了一部分）。请重新导出；也可改用 Excel（.xlsx）或 CSV 格式。`,
      { cause },
    ),

  parquetUnreadable: (file: string, cause?: unknown, detail?: string) =>
    new ImportError(
      'parquet_unreadable',
      file,
      `“${file}”无法作为 Parquet 文件读取${detail ? `（${detail}）` : '（可能已损坏或只复制了一部分）'}。请重新导出；也可改用 Excel（.xlsx）或 CSV 格式。`,
      { cause },
    ),

  unreadable: (file: string, cause?: unknown) =>
    new ImportError(
      'unreadable',
      file,
      `读取“${file}”时出错，文件可能已损坏或格式不受支持。请在 Excel/WPS 中打开后另存为 .xlsx 或 CSV 再导入。`,
      { cause },
    ),
};

/**
 * Input size limits per format, checked before any parsing (the UI can call
 * `checkImportSize` with `File.size` before reading the bytes at all). The numbers live in
 * shared/limits.ts, the one policy of every reader.
 */
export const MAX_IMPORT_BYTES = {
  csv: MAX_FILE_BYTES.csv,
  xlsx: MAX_FILE_BYTES.xlsx,
  arrow: MAX_FILE_BYTES.arrow,
  parquet: MAX_FILE_BYTES.parquet,
} as const;

/** Largest uncompressed size a single XLSX part may claim (sheet XML becomes one JS string). */
export const MAX_XLSX_ENTRY_BYTES = MAX_ENTRY_BYTES;
/** Largest total uncompressed size of the XML parts of one XLSX. */
export const MAX_XLSX_TOTAL_BYTES = MAX_TOTAL_BYTES;

export type ImportFormat = keyof typeof MAX_IMPORT_BYTES;

export function checkImportSize(file: string, size: number, format: ImportFormat): void {
  const limit = MAX_IMPORT_BYTES[format];
  if (size > limit) throw refuse.tooLarge(file, size, limit);
}

/**
 * Refuses a table that claims more rows, or more cells than shared/limits.ts allows, before a
 * row is allocated. `width`: the columns the reader will really hold per row.
 */
export function checkTableSize(file: string, rows: number, width: number): void {
  if (rows > MAX_ROWS) throw refuse.tooManyRows(file, rows, MAX_ROWS);
  if (rows * Math.max(1, width) > MAX_CELLS) throw refuse.tooManyCells(file, rows, Math.max(1, width), MAX_CELLS);
}

/** A column a reader left out: 0-based index and what its first cell says ('' if nothing). */
export interface DroppedColumn {
  index: number;
  label: string;
}

const LISTED_COLUMNS = 5;

/**
 * The sheet-level warning for columns past MAX_COLUMNS that hold something: how many, which
 * (letter and first text), and what to do. The rest of the sheet is read as usual.
 */
export function tooManyColumnsNotice(file: string, sheet: string, dropped: DroppedColumn[]): Problem {
  const shown = dropped.slice(0, LISTED_COLUMNS).map((d) => `第 ${columnLetter(d.index)} 列${d.label ? `（“${d.label}”）` : ''}`);
  const more = dropped.length > LISTED_COLUMNS ? ` 等` : '';
  const first = dropped[0];
  return {
    file,
    sheet,
    row: null,
    column: first ? columnLetter(first.index) : null,
    value: first?.label || null,
    code: 'too_many_columns',
    severity: 'warning',
    message:
      `“${file}”${sheet ? `工作表“${sheet}”` : ''}第 ${MAX_COLUMNS} 列之后还有 ${dropped.length} 列有内容，这些列没有读取：${shown.join('、')}${more}。` +
      `星图每张表最多读取 ${MAX_COLUMNS} 列；如需这些列，请删去不用的列，使它们位于前 ${MAX_COLUMNS} 列之内，再重新导入。`,
  };
}

/**
 * Cuts every row of a sheet to MAX_COLUMNS cells. Columns past the limit that hold anything are
 * reported on the sheet (`notices`), never dropped silently; empty cells there are just trimmed.
 */
export function capColumns(sheet: RawSheet): RawSheet {
  const dropped = new Map<number, string>();
  for (const row of sheet.rows) {
    if (row.length <= MAX_COLUMNS) continue;
    for (let c = MAX_COLUMNS; c < row.length; c++) {
      const text = row[c] == null ? '' : cellToString(row[c]).trim();
      if (text === '') continue;
      if (!dropped.has(c)) dropped.set(c, text.length > 20 ? `${text.slice(0, 20)}…` : text);
    }
    row.length = MAX_COLUMNS;
  }
  if (dropped.size === 0) return sheet;
  const list = [...dropped].sort((a, b) => a[0] - b[0]).map(([index, label]) => ({ index, label }));
  return { ...sheet, notices: [...(sheet.notices ?? []), tooManyColumnsNotice(sheet.file, sheet.sheet, list)] };
}
