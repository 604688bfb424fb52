/**
 * 透视 keeps its settings across screens (issue #11): a pivot built here is still shown after
 * a visit to 总览, 加入简报 adds that pivot (not the default one), and period column headers
 * stay distinguishable at the default column width.
 */
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** The row-dimension labels of the grid's first column, top to bottom. */
async function gridRowLabels(grid: Locator): Promise<string[]> {
  const cells = grid.locator('.ag-row [col-id="r0"]');
  const rows = await cells.evaluateAll((els) => els
    .map((el) => ({ top: (el.closest('.ag-row') as HTMLElement).getBoundingClientRect().top, text: el.textContent?.trim() ?? '' }))
    .sort((a, b) => a.top - b.top)
    .map((r) => r.text));
  return rows;
}

test('a built pivot survives a visit to 总览, and 加入简报 adds exactly that pivot', async ({ app }) => {
  await app.getByRole('button', { name: /^透视/ }).click();
  const grid = app.getByTestId('pivot-grid');
  await expect(grid.locator('.ag-row').first()).toBeVisible();

  // Non-default: rows by 类型 only (no townships), and 三星以上单位数 left out.
  await app.getByRole('button', { name: '移除行维度乡镇（街道）' }).click();
  await app.getByLabel('添加行维度').selectOption('kind');
  const measures = app.getByRole('group', { name: '指标', exact: true });
  await measures.getByLabel('三星以上单位数', { exact: true }).uncheck();
  await expect(app.getByTestId('pivot-rows').locator('.chip')).toHaveText(['类型×']);
  await expect(grid.getByRole('gridcell', { name: '社区', exact: true })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: '三星以上单位数', exact: true })).toHaveCount(0);
  const labels = await gridRowLabels(grid);
  expect(labels).toEqual(['村', '社区', '合计']);

  // Leave and come back: the same pivot.
  await app.getByRole('button', { name: /^总览/ }).click();
  await expect(app.getByTestId('overview')).toBeVisible();
  await app.getByRole('button', { name: /^透视/ }).click();
  await expect(app.getByTestId('pivot-rows').locator('.chip')).toHaveText(['类型×']);
  await expect(measures.getByLabel('三星以上单位数', { exact: true })).not.toBeChecked();
  await expect(grid.getByRole('gridcell', { name: '社区', exact: true })).toBeVisible();
  expect(await gridRowLabels(grid)).toEqual(labels);
  await expect(grid.getByRole('columnheader', { name: '三星以上单位数', exact: true })).toHaveCount(0);

  // 加入简报: the briefing's table has the same row labels and the same measures.
  await app.getByTestId('add-pivot').click();
  await app.getByRole('button', { name: /^简报/ }).click();
  const item = app.getByTestId('briefing-item').last();
  await expect(item).toHaveAttribute('data-kind', 'pivot');
  const table = item.getByTestId('briefing-table');
  await expect(table.locator('tbody tr td:first-child')).toHaveText(labels);
  await expect(table.locator('thead')).toContainText('类型');
  await expect(table.locator('thead')).not.toContainText('三星以上单位数');
});

test('period column headers are distinguishable at the default width, the tooltip keeps the full label', async ({ app }) => {
  await app.getByRole('button', { name: /^透视/ }).click();
  const grid = app.getByTestId('pivot-grid');
  await expect(grid.locator('.ag-row').first()).toBeVisible();
  // One measure, so each period group is a single default-width column.
  const measures = app.getByRole('group', { name: '指标', exact: true });
  await measures.getByLabel('三星以上单位数', { exact: true }).uncheck();
  await measures.getByLabel('三星以上占比', { exact: true }).uncheck();
  await app.getByLabel('添加列维度').selectOption('period');
  await expect(app.getByTestId('pivot-columns').locator('.chip')).toHaveText(['期次×']);

  const headers = grid.locator('.ag-header-group-cell .ag-header-group-text');
  await expect(headers.nth(1)).toBeVisible();
  const shown = await headers.evaluateAll((els) => els
    .filter((el) => el.getBoundingClientRect().width > 0)
    .map((el) => ({
      text: (el as HTMLElement).innerText.trim(),
      cut: el.scrollWidth > el.clientWidth + 1,
    })));
  const periods = shown.filter((h) => h.text !== '合计');
  expect(periods.length).toBeGreaterThanOrEqual(2);
  // Whole, not cut by an ellipsis, and every header different.
  expect(periods.filter((h) => h.cut)).toEqual([]);
  const texts = periods.map((h) => h.text);
  expect(new Set(texts).size).toBe(texts.length);
  expect(texts[0]).not.toBe(texts[1]);

  // Hovering a short header shows the full label.
  const first = grid.getByRole('columnheader', { name: /^\d{2}Q[1-4]$/ }).first();
  const short = (await first.innerText()).trim();
  await first.hover();
  const m = /^(\d{2})Q([1-4])$/.exec(short)!;
  await expect(app.locator('.ag-tooltip')).toHaveText(`20${m[1]}年第${'一二三四'[Number(m[2]) - 1]}季度`);
});
