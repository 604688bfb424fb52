/**
 * Parquet → RawSheet, with hyparquet (pure JS, no eval, maintained). duckdb-wasm cannot read
 * Parquet offline (its parquet extension is downloaded on first use), so it is read here.
 *
 * One sheet: row 1 = the top-level column names, then one row per record. SNAPPY (DuckDB's,
 * Spark's and pandas' default) is built into hyparquet; ZSTD (polars' default) is decoded
 * by fzstd and GZIP by fflate, both pure JS. BROTLI/LZ4 files are refused with that reason.
 * 64-bit integers become numbers when exact (else their decimal text), dates and timestamps
 * Date, nested values JSON text.
 */
import { parquetMetadata, parquetRead, parquetSchema, type FileMetaData } from 'hyparquet';
import { decompress as zstdDecompress } from 'fzstd';
import { gunzipSync } from 'fflate';
import type { RawCell, RawSheet } from './types.ts';
import { toCell } from './arrow.ts';
import { sheetNameOf } from './csv.ts';
import { checkImportSize, refuse } from './errors.ts';

/** "PAR1" at both ends (encrypted files use "PARE": refused as unreadable). */
export function isParquet(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;
}

const COMPRESSORS = {
  ZSTD: (input: Uint8Array, outputLength: number) => zstdDecompress(input, new Uint8Array(outputLength)),
  GZIP: (input: Uint8Array) => gunzipSync(input),
};

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
  let data: unknown[][] = [];
  try {
    await parquetRead({
      file: buffer,
      metadata,
      compressors: COMPRESSORS,
      rowFormat: 'array',
      onComplete: (rows) => {
        data = rows;
      },
    });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const codec = /compression codec:?\s*(\w+)/i.exec(msg);
    throw refuse.parquetUnreadable(file, e, codec ? `使用了暂不支持的压缩方式 ${codec[1]}，请改用 SNAPPY、ZSTD 或 GZIP 压缩重新导出` : undefined);
  }
  const rows: RawCell[][] = [names];
  for (const r of data) rows.push(r.map(toCell));
  return [{ file, sheet: sheetNameOf(file), rows }];
}
