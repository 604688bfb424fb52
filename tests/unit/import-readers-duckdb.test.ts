/**
 * The two CSV paths side by side: parseCsv (the JS state machine that builds RawSheets) and
 * duckdbCsvRows (DuckDB's read_csv in duckdb-wasm, the engine the app runs). Where they agree
 * is asserted row for row; where they differ, the difference is pinned so it stays known.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { decodeText } from '../../shared/import/decode.ts';
import { detectDelimiter, duckdbCsvRows, parseCsv } from '../../shared/import/csv.ts';
import * as fx from '../support/fixtures.ts';

let db: Database;
let n = 0;
beforeAll(async () => {
  db = await openNodeDuckDB();
});
afterAll(async () => {
  await db?.close();
});

async function both(text: string, delimiter = detectDelimiter(text)) {
  return { js: parseCsv(text, delimiter), duck: await duckdbCsvRows(db, `cmp_${n++}.csv`, text, delimiter) };
}

describe('parseCsv and DuckDB read_csv agree', () => {
  test('(a) the GB18030 台账 (decoded): title row, header, √ marks, 合计, CRLF', async () => {
    const f = fx.gb18030Csv();
    const { js, duck } = await both(decodeText(f.bytes).text);
    expect(js).toEqual(f.rows);
    expect(duck).toEqual(js);
  });

  test('(b) the UTF-8 BOM 台账: quoted comma and quoted line break', async () => {
    const f = fx.utf8BomCsv();
    const { js, duck } = await both(decodeText(f.bytes).text);
    expect(js).toEqual(f.rows);
    expect(duck).toEqual(js);
  });

  test.each([
    ['quoted newlines and doubled quotes', 'a,b\n"x\ny","say ""hi"""\n"1\r\n2",3\n'],
    ['ragged rows', 'a,b,c\n1,2\n1,2,3,4\nx\n1,,\n'],
    ['CR-only line ends', 'a,b\r1,2\r3,4'],
    ['tab-separated with quoted tab', '乡镇\t村\n城关镇\t"东\t关村"\n'],
    ['semicolons with decimal commas', 'a;b\n"1,5";2,3\n'],
    ['empty fields kept as empty strings', ',,\na,,b\n'],
    ['no final newline', 'a,b\n1,2'],
  ])('%s', async (_name, text) => {
    const { js, duck } = await both(text);
    expect(duck).toEqual(js);
  });
});

describe('where they differ (known, pinned)', () => {
  test('DuckDB skips blank lines: Excel row numbers would shift', async () => {
    const { js, duck } = await both('示例县统计表\n\n乡镇,村\n城关镇,东关村\n');
    expect(js).toEqual([['示例县统计表'], [], ['乡镇', '村'], ['城关镇', '东关村']]);
    expect(duck).toEqual([['示例县统计表'], ['乡镇', '村'], ['城关镇', '东关村']]);
  });

  test('CR CR LF (a doubly converted Windows file)', async () => {
    const { js, duck } = await both('one\r\r\ntwo\r\r\nthree');
    expect(js).toEqual([['one'], [], ['two'], [], ['three']]);
    expect(duck).toEqual([['one'], ['\ntwo'], ['\nthree']]);
  });

  test('text after a closing quote', async () => {
    const { js, duck } = await both('a,b\n"AN"TON,2\n');
    expect(js).toEqual([['a', 'b'], ['ANTON', '2']]);
    expect(duck).not.toEqual(js);
  });
});

const CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/duckdb-csv');
/** Corpus files on which both paths give identical rows (44 of the 60). */
const AGREE = [
  'comma_decimal_null.csv', 'csv_quoted_newline_odd.csv', 'dates_special_format.csv', 'decimal_separators.csv',
  'double_quoted_header.csv', 'dr_who.csv', 'duplicate_header_columns.csv', 'empty_header.csv',
  'error_invalid_type.csv', 'file_field_delimiter_0x20.csv', 'header_only.csv', 'hits_problematic.csv',
  'integer_exponent.csv', 'invalid_rows.csv', 'invalid_utf.csv', 'invalid_utf8.csv', 'latin1.csv', 'leading_zeros.csv',
  'locations_row_trailing_comma.csv', 'many_empty_lines.csv', 'missing_header_col.csv', 'mixed_dates.csv',
  'mixed_format_fail.csv', 'mixed_line_endings.csv', 'multi_column_quote.csv', 'multi_column_string_r.csv',
  'multiple_quoted_nulls.csv', 'no_header.csv', 'nullbyte.csv', 'nullpadding.csv', 'one_r_two.csv', 'ontime_sample.csv',
  'part_0_0001.csv', 'quote_escape.csv', 'quoted_newline.csv', 'quoted_values_delimited.csv', 'semicolon_quote.csv',
  'shift_jis.csv', 'simple.csv', 'small_mix.csv', 'tab_single_quote.csv', 'test_long_line.csv',
  'time_date_timestamp_dd-mm-yyyy.csv', 'time_date_timestamp_mm-dd-yy.csv', 'utf16.csv', 'utf8bom.csv',
];

describe.skipIf(!existsSync(CORPUS))('on the DuckDB corpus', () => {
  test('identical rows on the files listed in AGREE', { timeout: 60_000 }, async () => {
    for (const f of AGREE) {
      const text = decodeText(new Uint8Array(readFileSync(join(CORPUS, f)))).text;
      const { js, duck } = await both(text);
      expect(duck, f).toEqual(js);
    }
  });
});
