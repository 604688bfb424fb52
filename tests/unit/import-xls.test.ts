/**
 * Legacy .xls (BIFF8) through @e965/xlsx (shared/import/xls.ts): the fixture is written by
 * SheetJS itself as BIFF8, the format WPS and old templates save; the ratings are checked
 * against expectations written by hand. A damaged .xls is refused in Chinese.
 */
import { describe, expect, test } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { readImportFile, sniffKind } from '../../shared/import/read.ts';
import { ImportError } from '../../shared/import/errors.ts';
import { importFiles } from '../../shared/import/run.ts';

const TITLE = '示例县2024年第三季度五星支部创建情况统计表';
const HEADER = ['乡镇', '村（社区）名称', '类型', '支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星', '星级', '评定日期', '村集体经济收入（万元）'];
// 2024-09-30 as an Excel serial date (days since 1899-12-30).
const SEP30 = 45565;

/** A 台账 as WPS saves it: merged title row, header, ★ marks, a date column, a number column. */
function ledgerXls(): Uint8Array {
  const aoa: unknown[][] = [
    [TITLE],
    HEADER,
    ['城关镇', '东关村', '村', '★', '★', '★', '★', '★', '五星', SEP30, 28.5],
    ['城关镇', '南街社区  ', '社区', null, null, null, '★', null, '一星', SEP30, null],
    ['河口镇', '王庄村', '村', null, '★', null, '★', '★', '三星', SEP30 + 1, 12],
  ];
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: HEADER.length - 1 } }];
  for (const r of [3, 4, 5]) ws[`J${r}`].z = 'yyyy"年"m"月"d"日"';
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '2024年第三季度');
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['填表说明：'], ['“★”表示已评定该星。']]), '填表说明');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'biff8' }) as ArrayBuffer);
}

describe('legacy .xls (BIFF8)', () => {
  test('is sniffed as xls and read into the same RawSheets as an .xlsx', async () => {
    const bytes = ledgerXls();
    expect(sniffKind('台账.xls', bytes)).toBe('xls');
    const sheets = await readImportFile('城关镇台账.xls', bytes);
    expect(sheets.map((s) => s.sheet)).toEqual(['2024年第三季度', '填表说明']);
    const [s] = sheets;
    expect(s.file).toBe('城关镇台账.xls');
    expect(s.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: HEADER.length - 1 }]);
    expect(s.rows).toHaveLength(5);
    expect(s.rows[0]).toEqual([TITLE, ...Array(HEADER.length - 1).fill(null)]);
    expect(s.rows[1]).toEqual(HEADER);
    expect(s.rows[2]).toEqual(['城关镇', '东关村', '村', '★', '★', '★', '★', '★', '五星', new Date(Date.UTC(2024, 8, 30)), 28.5]);
    // Text untrimmed, empty cells null, the date a UTC Date.
    expect(s.rows[3]).toEqual(['城关镇', '南街社区  ', '社区', null, null, null, '★', null, '一星', new Date(Date.UTC(2024, 8, 30)), null]);
    expect(s.rows[4][9]).toEqual(new Date(Date.UTC(2024, 9, 1)));
    expect(sheets[1].rows).toEqual([['填表说明：'], ['“★”表示已评定该星。']]);
    const only = await readImportFile('城关镇台账.xls', bytes, { sheet: '填表说明' });
    expect(only.map((x) => x.sheet)).toEqual(['填表说明']);
  });

  test('imports the ratings written by hand', async () => {
    const { ratings, report } = await importFiles([{ name: '示例县城关镇2024年三季度台账.xls', bytes: ledgerXls() }]);
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(report.accepted).toBe(3);
    expect(report.periods).toEqual(['2024Q3']);
    const byName = Object.fromEntries(ratings.map((r) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(['东关村', '南街社区', '王庄村'].sort());
    expect(byName['东关村']).toMatchObject({
      township: '城关镇', kind: 'village', year: 2024, quarter: 3, level: 5, collective_income: 28.5,
      stars: { branch: true, industry: true, ecology: true, safety: true, civility: true },
      source_row: expect.stringContaining('第3行'),
    });
    expect(byName['南街社区']).toMatchObject({ township: '城关镇', kind: 'community', level: 1, stars: expect.objectContaining({ safety: true, branch: false }) });
    expect(byName['王庄村']).toMatchObject({
      township: '河口镇', kind: 'village', level: 3, collective_income: 12,
      stars: { branch: false, industry: true, ecology: false, safety: true, civility: true },
      source_row: expect.stringContaining('第5行'),
    });
  });

  test('a damaged .xls is refused in Chinese, naming the file and what to do', async () => {
    const bytes = ledgerXls();
    for (const broken of [bytes.slice(0, 1536), (() => { const b = bytes.slice(); b.fill(0x5a, 512, b.length); return b; })()]) {
      const e = await readImportFile('坏了的台账.xls', broken).catch((x) => x);
      expect(e).toBeInstanceOf(ImportError);
      expect((e as ImportError).code).toBe('xls_legacy');
      expect((e as ImportError).message).toContain('“坏了的台账.xls”');
      expect((e as ImportError).message).toContain('已损坏');
      expect((e as ImportError).message).toContain('另存为');
    }
  });

  test('a missing sheet is refused with the list of sheets', async () => {
    const e = await readImportFile('台账.xls', ledgerXls(), { sheet: '第四季度' }).catch((x) => x);
    expect((e as ImportError).code).toBe('sheet_not_found');
    expect((e as ImportError).message).toContain('“2024年第三季度”');
  });
});
