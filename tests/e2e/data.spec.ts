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
