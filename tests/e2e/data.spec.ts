import ExcelJS from 'exceljs';
import { figuresFor, latestPeriod, readSampleRows } from '../support/sample-truth.ts';
import { expect, screenshot, test } from './fixtures.ts';

const truth = readSampleRows();

test('the data screen lists the ratings with star marks, sorts and filters in the grid', async ({ app }) => {
  const { year, quarter } = latestPeriod(truth);
  await app.getByRole('button', { name: /^数据/ }).click();
  const grid = app.getByTestId('ratings-grid');
  await expect(app.getByTestId('grid-count')).toHaveText(`共 ${figuresFor(truth, year, quarter).units} 条评定记录`);
  await expect(app.getByTestId('datasets')).toContainText('示例数据（虚构县）');
  // Stars are marks, not true/false.
  await expect(grid.locator('.ag-cell[col-id="branch"]').first()).toHaveText(/^[★☆—]$/);
  await expect(grid).not.toContainText('true');

  // Sort by level, highest first: the first row is a 五星 unit.
  const levelHeader = grid.locator('.ag-header-cell[col-id="level"] .ag-header-cell-label');
  await levelHeader.click();
  await levelHeader.click();
  await expect(grid.locator('.ag-row[row-index="0"] .ag-cell[col-id="level"]')).toHaveText('五星');

  // Every period: 16 quarters of every unit.
  await app.getByLabel('显示全部期次').check();
  await expect(app.getByTestId('grid-count')).toHaveText(`共 ${truth.length.toLocaleString('zh-CN')} 条评定记录`);
  await screenshot(app, '3-data');
});

test('导出Excel writes every row of the filtered grid, not one page, as a formatted sheet', async ({ app }) => {
  const { year, quarter } = latestPeriod(truth);
  const township = truth[0].township;
  await app.getByRole('button', { name: /^数据/ }).click();
  await app.getByLabel('乡镇', { exact: true }).selectOption(township);
  // Every period of the township: more rows than the grid's first page (200).
  await app.getByLabel('显示全部期次').check();
  const expected = truth.filter((r) => r.township === township);
  expect(expected.length).toBeGreaterThan(200);
  await expect(app.getByTestId('grid-count')).toHaveText(`共 ${expected.length.toLocaleString('zh-CN')} 条评定记录`);

  const [download] = await Promise.all([app.waitForEvent('download'), app.getByTestId('data-export-xlsx').click()]);
  expect(download.suggestedFilename()).toBe(`示例县${township}各期评定明细.xlsx`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await download.path())!);
  const ws = wb.worksheets[0];
  expect(ws.getCell('A1').value).toBe(`示例县${township}各期评定明细`);
  expect(String(ws.getCell('A2').value)).toContain(`乡镇：${township}`);
  expect(ws.views[0].state).toBe('frozen');
  const head = (ws.getRow(4).values as unknown[]).slice(1);
  expect(head.slice(0, 4)).toEqual(['乡镇（街道）', '村（社区）', '类型', '期次']);
  const levelCol = head.indexOf('星级') + 1;
  const rows: unknown[][] = [];
  ws.eachRow((r, i) => { if (i > 4 && typeof r.getCell(levelCol).value === 'number') rows.push((r.values as unknown[]).slice(1)); });
  expect(rows).toHaveLength(expected.length);
  // One row against the CSV: the latest period's first unit of the township.
  const one = expected.find((r) => r.year === year && r.quarter === quarter)!;
  const label = `${year}年第${'一二三四'[quarter - 1]}季度`;
  const got = rows.find((r) => r[1] === one.name && r[3] === label)!;
  expect(got[0]).toBe(township);
  expect(got[2]).toBe(one.kind === 'village' ? '村' : '社区');
  expect(got[levelCol - 1]).toBe(one.level);
  expect(got[4]).toBe(one.stars.branch === null ? '—' : one.stars.branch ? '√' : '');
});
