/**
 * The one size policy of every reader: the import readers (CSV, XLSX, Arrow, Parquet) and the
 * workspace reader (.xingtu) check what a file *claims* (rows, columns, uncompressed sizes)
 * against these limits and against the bytes it really has, before they allocate anything
 * for it. A file over a limit is refused with a Chinese message that names the limit and says
 * what to do; a file whose claims cannot be true for its size is refused as damaged.
 *
 * The numbers leave room for a whole province (about 50 000 units × 16 quarters ≈ 800 000
 * ratings) while keeping one file's cells well inside the memory of an office laptop.
 */

/** Largest file each reader accepts, in bytes (checked before reading the content). */
export const MAX_FILE_BYTES = {
  /** CSV text stays under V8's ~512 M-character string limit. */
  csv: 500 * 1024 * 1024,
  /** XLSX is inflated and parsed in memory, so it is held lower. */
  xlsx: 200 * 1024 * 1024,
  arrow: 500 * 1024 * 1024,
  parquet: 200 * 1024 * 1024,
  workspace: 1024 * 1024 * 1024,
} as const;

export type LimitedFormat = keyof typeof MAX_FILE_BYTES;

/** Largest uncompressed size one compressed part may claim (a ZIP entry, a Parquet page). */
export const MAX_ENTRY_BYTES = 400 * 1024 * 1024;
/** Largest uncompressed size of all the parts read from one file together. */
export const MAX_TOTAL_BYTES = 1024 * 1024 * 1024;
/** Largest manifest.json of a workspace (it lists tables and parts, nothing more). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** Most rows one table (sheet, Arrow or Parquet file) may have. */
export const MAX_ROWS = 2_000_000;
/** Most cells (rows × columns) one table may have. */
export const MAX_CELLS = 50_000_000;
/**
 * Most columns read from one table. A 台账 has 10–40 columns; content beyond this is not read
 * and the import reports how many columns were left out and which.
 */
export const MAX_COLUMNS = 512;

/** "12.5 MB" / "500 MB": sizes the way the messages show them. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${trim1(n / (1024 * 1024 * 1024))} GB`;
  if (n >= 1024 * 1024) return `${trim1(n / (1024 * 1024))} MB`;
  if (n >= 1024) return `${trim1(n / 1024)} KB`;
  return `${n} 字节`;
}

function trim1(x: number): string {
  return x.toFixed(1).replace(/\.0$/, '');
}

/** "400,000,000" for counts in messages (rows, cells). */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
