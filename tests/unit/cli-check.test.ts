import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { gb18030Csv, multiSheetXlsx, truthFor, zipNotXlsx } from '../support/fixtures.ts';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

async function write(name: string, bytes: Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'xingtu-check-'));
  const file = join(dir, name);
  await writeFile(file, bytes);
  return file;
}

describe('xingtu check', () => {
  it('reports sheets, periods, counts and skipped rows of a multi-sheet XLSX as JSON', async () => {
    const xlsx = await multiSheetXlsx();
    const r = await run('check', await write(xlsx.name, xlsx.bytes), '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.files[0].file).toBe(xlsx.name);
    const quarterSheets = report.files[0].sheets.filter((s: { skipped: boolean }) => !s.skipped);
    expect(quarterSheets.map((s: { name: string; period: string; header_row: number }) => [s.name, s.period, s.header_row]))
      .toEqual(xlsx.sheets.map((s) => [s.sheet, s.period, s.headerRows[1]]));
    expect(report.accepted).toBe(xlsx.sheets.reduce((n, s) => n + s.units, 0));
    expect(report.rejected).toBe(0);
    expect(report.periods).toEqual(['2024Q1', '2024Q2', '2024Q3']);
    expect(report.problems.every((p: { severity: string }) => p.severity === 'warning')).toBe(true);
  });

  it('exits 1 and names file, row, column and value for a rejected row', async () => {
    const csv = gb18030Csv(3);
    // Corrupt one star mark in the first data row (GB18030 bytes are re-encoded by the fixture).
    const { default: iconv } = await import('iconv-lite');
    const lines = iconv.decode(Buffer.from(csv.bytes), 'gb18030').split('\r\n');
    const cells = lines[csv.firstDataRow - 1].split(',');
    cells[4] = '有点';
    lines[csv.firstDataRow - 1] = cells.join(',');
    const file = await write(csv.name, new Uint8Array(iconv.encode(lines.join('\r\n'), 'gb18030')));
    const rejectedFile = join(tmpdir(), `rejected-${process.pid}.csv`);
    const r = await run('check', file, '--json', '--rejected', rejectedFile);
    expect(r.code).toBe(1);
    // The rejected row goes out as the file had it, reason first, formula-safe, for the township to fix.
    const { readFile } = await import('node:fs/promises');
    const rejected = (await readFile(rejectedFile, 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rejected).toHaveLength(2);
    expect(rejected[0]).toMatch(/^文件,工作表,行,原因,第1列/);
    expect(rejected[1]).toContain(`,${csv.firstDataRow},`);
    expect(rejected[1]).toContain(cells.join(','));
    const report = JSON.parse(r.out);
    expect(report.accepted).toBe(csv.truth.units - 1);
    expect(report.rejected).toBe(1);
    const bad = report.problems.find((p: { severity: string }) => p.severity === 'error');
    expect(bad).toMatchObject({ file: csv.name, row: csv.firstDataRow, value: '有点', severity: 'error' });
    expect(bad.message).toContain('有点');
    expect(bad.message).toContain(`第${csv.firstDataRow}行`);
  });

  it('summarises a real ledger file with the same engine', async () => {
    const csv = gb18030Csv(3);
    const r = await run('summary', await write(csv.name, csv.bytes), '--period', '2024Q3', '--json');
    expect(r.code).toBe(0);
    const t = truthFor(3);
    const json = JSON.parse(r.out);
    expect(json.total.units).toBe(t.units);
    expect(json.total.levels).toEqual(t.byLevel);
  });

  it('refuses a file that is not a workbook with a Chinese message and exit code 1', async () => {
    const r = await run('check', await write('报表.xlsx', zipNotXlsx()));
    expect(r.code).toBe(1);
    expect(r.out).toContain('报表.xlsx');
    expect(r.out).toMatch(/不是|无法/);
  });

  it('asks for files', async () => {
    const r = await run('check');
    expect(r.code).toBe(2);
    expect(r.err).toContain('请给出要检查的文件');
  });
});
