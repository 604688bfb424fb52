import ExcelJS from 'exceljs';
import { figuresFor, latestPeriod, readSampleRows } from '../support/sample-truth.ts';
import { expect, screenshot, test } from './fixtures.ts';

const truth = readSampleRows();

test('build a pivot by clicks, check it against the CSV, export it to Excel and read it back', async ({ app }) => {
  const { year, quarter } = latestPeriod(truth);
  await app.getByRole('button', { name: /^透视/ }).click();
  const grid = app.getByTestId('pivot-grid');
  await expect(grid.locator('.ag-row').first()).toBeVisible();

  // Default: townships × (单位数, 三星以上单位数, 三星以上占比) for the latest period, plus 合计.
  const township = truth[0].township;
  const t = figuresFor(truth, year, quarter, township);
  const total = figuresFor(truth, year, quarter);
  await expect(grid).toContainText('合计');

  // Columns by kind: 村 / 社区 header groups appear.
  await app.getByLabel('添加列维度').selectOption('kind');
  await expect(grid.locator('.ag-header-group-cell').filter({ hasText: '社区' })).toBeVisible();
  await screenshot(app, '8-pivot');

  // Export to Excel and read the file back: title, header groups, the township's numbers.
  const download = app.waitForEvent('download');
  await app.getByTestId('pivot-export-xlsx').click();
  const file = await (await download).path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file!);
  const ws = wb.worksheets[0];
  expect(String(ws.getCell('A1').value)).toContain('透视表');
  const values = (r: number) => (ws.getRow(r).values as unknown[]).slice(1);
  expect(values(2)).toContain('村');
  expect(values(2)).toContain('社区');
  expect(values(2)).toContain('合计');
  let found = false;
  ws.eachRow((r) => {
    const v = (r.values as unknown[]).slice(1);
    if (v[0] === township) {
      found = true;
      // Last three cells: the 合计 group's 单位数, 三星以上单位数, 三星以上占比.
      const [units, n3, share] = v.slice(-3) as number[];
      expect(units).toBe(t.units);
      expect(n3).toBe(t.n3plus);
      expect(share).toBeCloseTo(t.n3plus / t.units, 6);
    }
    if (v[0] === '合计') expect((v.slice(-3) as number[])[0]).toBe(total.units);
  });
  expect(found).toBe(true);
});

test('save a pivot as a named view, change it, and reopen it', async ({ app }) => {
  await app.getByRole('button', { name: /^透视/ }).click();
  await app.getByLabel('添加行维度').selectOption('kind');
  await app.getByLabel('视图名称').fill('乡镇分类型');
  await app.getByRole('button', { name: '保存', exact: true }).click();
  await app.getByRole('button', { name: '移除行维度类型' }).click();
  await expect(app.getByTestId('pivot-rows').locator('.chip')).toHaveText(['乡镇（街道）×']);
  await app.getByLabel('打开视图').selectOption('乡镇分类型');
  await expect(app.getByTestId('pivot-rows').locator('.chip')).toHaveText(['乡镇（街道）×', '类型↑×']);
});
