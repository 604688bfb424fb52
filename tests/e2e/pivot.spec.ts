import ExcelJS from 'exceljs';
import { figuresFor, latestPeriod, readSampleRows } from '../support/sample-truth.ts';
import { EXTRA_HOSTILE_HEADER, extrasCsv } from '../support/fixtures.ts';
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

test('drag fields into the wells, reorder them, move them between wells and drag them out', async ({ app }) => {
  await app.getByRole('button', { name: /^透视/ }).click();
  const grid = app.getByTestId('pivot-grid');
  await expect(grid.locator('.ag-row').first()).toBeVisible();
  const list = app.getByTestId('pivot-field-list');
  const rows = app.getByTestId('pivot-rows');
  const columns = app.getByTestId('pivot-columns');

  // From the field list into the rows: the grid gets a 类型 column with 村 / 社区 rows.
  await list.getByText('类型', { exact: true }).dragTo(rows);
  await expect(rows.locator('.chip')).toHaveText(['乡镇（街道）×', '类型↑×']);
  await expect(grid.getByRole('columnheader', { name: '类型', exact: true })).toBeVisible();
  await expect(grid.getByRole('gridcell', { name: '社区', exact: true }).first()).toBeVisible();

  // Reorder within the well: drop 类型 on the left edge of 乡镇（街道）.
  await rows.locator('.chip', { hasText: '类型' }).dragTo(rows.locator('.chip', { hasText: '乡镇' }), { targetPosition: { x: 3, y: 8 } });
  await expect(rows.locator('.chip')).toHaveText(['类型×', '乡镇（街道）↑×']);
  await expect(grid.getByRole('columnheader').filter({ hasText: /类型|乡镇/ }).first()).toContainText('类型');

  // Between wells: 类型 into the columns gives the 村 / 社区 header groups.
  await rows.locator('.chip', { hasText: '类型' }).dragTo(columns);
  await expect(rows.locator('.chip')).toHaveText(['乡镇（街道）×']);
  await expect(columns.locator('.chip')).toHaveText(['类型×']);
  // The drag is over everywhere: no well still shows itself as a drop target.
  await expect(app.locator('.well.drop-ready, .well.drop-over')).toHaveCount(0);
  await expect(grid.locator('.ag-header-group-cell').filter({ hasText: '社区' })).toBeVisible();
  await app.waitForTimeout(600); // let the grid's row animation settle
  await screenshot(app, 'pivot-wells');

  // Out again: dropped where no well is (the table's title), 类型 leaves the columns …
  await columns.locator('.chip').dragTo(app.locator('.pivot-toolbar .view-title'));
  await expect(columns.locator('.chip')).toHaveCount(0);
  await expect(grid.locator('.ag-header-group-cell').filter({ hasText: '社区' })).toHaveCount(0);
  // … and 乡镇（街道） dropped back onto the field list leaves the rows: only the 合计 row is left.
  await rows.locator('.chip').dragTo(list);
  await expect(rows.locator('.chip')).toHaveCount(0);
  await expect(grid.getByRole('gridcell', { name: '白马镇' })).toHaveCount(0);
  await expect(grid.locator('[row-id="total"] [col-id="v:m0"]')).toHaveText(String(figuresFor(truth, latestPeriod(truth).year, latestPeriod(truth).quarter).units));
});

test('a field dropped into 筛选 gets a value list that filters the pivot, and a saved view keeps it', async ({ app }) => {
  const { year, quarter } = latestPeriod(truth);
  const total = figuresFor(truth, year, quarter);
  await app.getByRole('button', { name: /^透视/ }).click();
  const grid = app.getByTestId('pivot-grid');
  // The 单位数 cell of the 合计 row.
  const totalUnits = grid.locator('[row-id="total"] [col-id="v:m0"]');
  await expect(totalUnits).toHaveText(String(total.units));

  await app.getByTestId('pivot-field-list').getByText('类型', { exact: true }).dragTo(app.getByTestId('pivot-filters'));
  const values = app.getByRole('group', { name: '类型筛选值' });
  await values.getByLabel('社区', { exact: true }).check();
  await expect(totalUnits).toHaveText(String(total.communities));
  await expect(app.getByTestId('pivot-filters')).toContainText('已选 1 项');
  await app.waitForTimeout(600); // let the grid's row animation settle
  await screenshot(app, 'pivot-filter-well');

  // The keyboard path: add a filter field from the select, then remove it with ×.
  await app.getByLabel('添加筛选字段').selectOption('level');
  await expect(app.getByTestId('pivot-filter-field')).toHaveCount(2);
  await app.getByRole('button', { name: '移除筛选字段星级' }).click();

  await app.getByLabel('视图名称').fill('只看社区');
  await app.getByRole('button', { name: '保存', exact: true }).click();
  await app.getByRole('button', { name: '移除筛选字段类型' }).click();
  await expect(totalUnits).toHaveText(String(total.units));
  await app.getByLabel('打开视图').selectOption('只看社区');
  await expect(totalUnits).toHaveText(String(total.communities));
  await expect(app.getByTestId('pivot-filters')).toContainText('已选 1 项');
});

test('an extra column of an imported 台账 is a dimension and a measure of the pivot', async ({ app }) => {
  // An empty workspace, then the ledger with 党员人数, 网格员, 备注 and a hostile column.
  await app.getByRole('button', { name: /^数据/ }).click();
  await app.getByRole('button', { name: /移除数据集/ }).click();
  await expect(app.getByText('工作区里还没有数据')).toBeVisible();
  const f = extrasCsv(3);
  await app.getByTestId('import-input').setInputFiles({ name: f.name, mimeType: 'text/csv', buffer: Buffer.from(f.bytes) });
  const kept = app.getByTestId('import-extras');
  await expect(kept).toContainText('另存扩展列：党员人数、');
  await expect(kept).toContainText(EXTRA_HOSTILE_HEADER);
  await expect(kept).toContainText('网格员');
  await screenshot(app, 'pivot-extras-import');
  await app.getByTestId('import-commit').click();
  await expect(app.getByTestId('import-dialog')).toBeHidden();

  await app.getByRole('button', { name: /^透视/ }).click();
  await app.getByLabel('期次', { exact: true }).selectOption('2024Q3');
  const grid = app.getByTestId('pivot-grid');
  const extras = app.getByTestId('pivot-extra-fields');
  await expect(extras.getByText('网格员', { exact: true })).toBeVisible();
  await expect(extras.getByText(EXTRA_HOSTILE_HEADER, { exact: true })).toBeVisible();

  // 网格员 as a row dimension under the townships: 城关镇 / 张三 holds 东关村 and 南街社区.
  await extras.getByText('网格员', { exact: true }).dragTo(app.getByTestId('pivot-rows'));
  await expect(grid.getByRole('columnheader', { name: '网格员', exact: true })).toBeVisible();
  await expect(grid.getByRole('gridcell', { name: '张三', exact: true })).toBeVisible();
  // Sum of the numeric extra column: 418 members (王楼村's 待核实 is no number).
  await app.getByTestId('pivot-extra-measures').getByLabel('党员人数合计').check();
  await expect(grid.getByRole('columnheader', { name: '党员人数合计', exact: true })).toBeVisible();
  await expect(grid.locator('[row-id="total"] [col-id="v:e0"]')).toHaveText('418');
  await expect(grid.locator('[row-id="total"] [col-id="v:m0"]')).toHaveText('14');
  await app.getByTestId('pivot-field-list').scrollIntoViewIfNeeded();
  await app.waitForTimeout(600); // let the grid's row animation settle
  await screenshot(app, 'pivot-extra-dimension');
  // The hostile column in the columns: its values are header groups, shown as text.
  await app.getByLabel('添加列维度').selectOption(`extra:${EXTRA_HOSTILE_HEADER}`);
  await expect(grid.locator('.ag-header-group-cell').filter({ hasText: '=1+1' })).toBeVisible();
  await expect(grid.locator('.ag-header-group-cell').filter({ hasText: "'); DROP TABLE ratings; --" })).toBeVisible();
});
