/**
 * Parquet → RawSheet, with hyparquet (pure JS, no eval, maintained). duckdb-wasm cannot read
 * Parquet offline (its parquet extension is downloaded on first use), so it is read here.
 *
 * One sheet: row 1 = the top-level column names, then one row per record. SNAPPY (DuckDB's,
 * Spark's and pandas' default) is built into hyparquet; ZSTD (polars' default) is decoded
 * by fzstd and GZIP by fflate, both pure JS. BROTLI/LZ4 files are refused with that reason.
 * 64-bit integers become numbers when exact (else their decimal text), dates and timestamps
 * Date, nested values JSON text.
 *
 * Before a page is read, the footer's claims are checked (shared/limits.ts): rows and cells
 * against MAX_ROWS / MAX_CELLS, the row groups' rows against the file's, every column chunk
 * inside the file and its uncompressed size under MAX_ENTRY_BYTES (all chunks under
 * MAX_TOTAL_BYTES). Each page's claimed uncompressed size is checked again before its buffer is
 * allocated (the decompressors below), and no decompressor writes past that claim. Columns past
 * MAX_COLUMNS are not read, and are reported.
 */
import { parquetMetadata, parquetRead, parquetSchema, snappyUncompress, type Compressors, type FileMetaData } from 'hyparquet';
import { decompress as zstdDecompress } from 'fzstd';
import { gunzipSync } from 'fflate';
import type { RawCell, RawSheet } from './types.ts';
import { toCell } from './arrow.ts';
import { sheetNameOf } from './csv.ts';
import { MAX_COLUMNS, MAX_ENTRY_BYTES, MAX_TOTAL_BYTES, formatCount } from '../limits.ts';
import { ImportError, checkImportSize, checkTableSize, refuse, tooManyColumnsNotice } from './errors.ts';

/** "PAR1" at both ends (encrypted files use "PARE": refused as unreadable). */
export function isParquet(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;
}

/**
 * The decompressors hyparquet calls for each page, each refusing a page whose claimed size is
 * over MAX_ENTRY_BYTES or would take the file's pages over MAX_TOTAL_BYTES, and writing into a
 * buffer of exactly the claimed size (never more).
 */
function compressors(file: string): Compressors {
  let total = 0;
  const claim = (size: number) => {
    total += size;
    if (size > MAX_ENTRY_BYTES) throw refuse.tooLargePart(file, '一个数据页', size, MAX_ENTRY_BYTES);
    if (total > MAX_TOTAL_BYTES) throw refuse.tooLargePart(file, '全部数据页', total, MAX_TOTAL_BYTES);
    return new Uint8Array(size);
  };
  return {
    SNAPPY: (input, size) => {
      const out = claim(size);
      snappyUncompress(input, out);
      return out;
    },
    ZSTD: (input, size) => zstdDecompress(input, claim(size)),
    GZIP: (input, size) => gunzipSync(input, { out: claim(size) }),
  };
}

/** Refuses a footer whose claims do not fit the file or the limits. */
function checkClaims(file: string, metadata: FileMetaData, size: number, width: number): void {
  const rows = Number(metadata.num_rows);
  const groupRows = metadata.row_groups.reduce((n, g) => n + Number(g.num_rows), 0);
  if (!Number.isSafeInteger(rows) || rows < 0 || groupRows !== rows) {
    throw refuse.impossibleClaim(file, 'parquet_unreadable', `有 ${formatCount(Math.max(rows, groupRows))} 行`, size);
  }
  let total = 0;
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (!meta) continue;
      const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
      const compressed = Number(meta.total_compressed_size);
      if (start < 0 || compressed < 0 || start + compressed > size) {
        throw refuse.impossibleClaim(file, 'parquet_unreadable', `在第 ${formatCount(start)} 字节处有 ${formatCount(compressed)} 字节的数据`, size);
      }
      const uncompressed = Number(meta.total_uncompressed_size);
      if (uncompressed > MAX_ENTRY_BYTES) throw refuse.tooLargePart(file, `“${meta.path_in_schema.join('.')}”列`, uncompressed, MAX_ENTRY_BYTES);
      total += uncompressed;
      if (total > MAX_TOTAL_BYTES) throw refuse.tooLargePart(file, '全部数据', total, MAX_TOTAL_BYTES);
    }
  }
  checkTableSize(file, rows, width);
}

export async function readParquet(file: string, bytes: Uint8Array): Promise<RawSheet[]> {
  checkImportSize(file, bytes.length, 'parquet');
  const buffer = (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer;
  if (bytes.length >= 4 && String.fromCharCode(...bytes.subarray(bytes.length - 4)) === 'PARE') {
    throw refuse.parquetUnreadable(file, undefined, '文件已加密');
  }
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(buffer);
  } catch (e) {
    throw refuse.parquetUnreadable(file, e);
  }
  const names = parquetSchema(metadata).children.map((c) => c.element.name);
  const read = names.slice(0, MAX_COLUMNS);
  checkClaims(file, metadata, bytes.length, read.length);
  let data: unknown[][] = [];
  try {
    await parquetRead({
      file: buffer,
      metadata,
      columns: names.length > MAX_COLUMNS ? read : undefined,
      compressors: compressors(file),
      rowFormat: 'array',
      onComplete: (rows) => {
        data = rows;
      },
    });
  } catch (e) {
    if (e instanceof ImportError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    const codec = /compression codec:?\s*(\w+)/i.exec(msg);
    throw refuse.parquetUnreadable(file, e, codec ? `使用了暂不支持的压缩方式 ${codec[1]}，请改用 SNAPPY、ZSTD 或 GZIP 压缩重新导出` : undefined);
  }
  const rows: RawCell[][] = [read];
  for (const r of data) rows.push(r.map(toCell));
  const sheet: RawSheet = { file, sheet: sheetNameOf(file), rows };
  if (names.length > MAX_COLUMNS) {
    sheet.notices = [tooManyColumnsNotice(file, sheet.sheet, names.slice(MAX_COLUMNS).map((label, i) => ({ index: MAX_COLUMNS + i, label })))];
  }
  return [sheet];
}
