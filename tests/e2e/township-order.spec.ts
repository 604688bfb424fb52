/**
 * Issue #17, 乡镇顺序: townships start in the order of the imported 台账 (the sample file's
 * first appearances, not pinyin); moving one on 数据 (a button or Alt+↑) reorders the filter
 * bar and the 透视 rows, Ctrl+Z puts it back, and a saved workspace carries the order.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, screenshot, test as base } from './fixtures.ts';

// Saving downloads and opening uses the file input (as in workspace.spec.ts).
const test = base.extend({
  page: async ({ page }, use) => {
    await page.addInitScript(() => {
      for (const name of ['showSaveFilePicker', 'showOpenFilePicker']) {
        Object.defineProperty(window, name, { value: undefined, configurable: true, writable: true });
      }
    });
    await use(page);
  },
});

/** The sample's townships in the order they first appear (column 3 of the CSV). */
function fileOrder(): string[] {
  const lines = readFileSync('datasets/sample-county.csv', 'utf8').split(/\r?\n/).slice(1).filter(Boolean);
  const out: string[] = [];
  for (const line of lines) {
    const township = line.split(',')[2];
    if (!out.includes(township)) out.push(township);
  }
  return out;
}

const swap = (list: string[], i: number) => [...list.slice(0, i), list[i + 1], list[i], ...list.slice(i + 2)];

async function openData(app: Page): Promise<Locator> {
  await app.getByRole('button', { name: /^数据/ }).click();
  const panel = app.getByTestId('township-order');
  if (!(await panel.evaluate((el) => (el as HTMLDetailsElement).open))) await panel.locator('summary').click();
  return panel;
}

const panelNames = (panel: Locator) => panel.locator('.township-order-name').allTextContents();

/** The filter bar's 乡镇 options, without 全部乡镇 and the unit counts. */
async function filterNames(app: Page): Promise<string[]> {
  const texts = await app.getByLabel('乡镇', { exact: true }).locator('option').allTextContents();
  return texts.slice(1).map((t) => t.replace(/（\d+）$/, ''));
}

/** The 透视 default rows (townships), top to bottom, without 合计. */
async function pivotNames(app: Page): Promise<string[]> {
  await app.getByRole('button', { name: /^透视/ }).click();
  const grid = app.getByTestId('pivot-grid');
  await expect(grid).toContainText('合计');
  const labels = await grid.locator('.ag-row [col-id="r0"]').evaluateAll((els) => els
    .map((el) => ({ top: (el.closest('.ag-row') as HTMLElement).getBoundingClientRect().top, text: el.textContent?.trim() ?? '' }))
    .sort((a, b) => a.top - b.top)
    .map((r) => r.text));
  return labels.filter((t) => t !== '合计');
}

test('move a township on 数据: the filter bar and 透视 follow, Ctrl+Z undoes, a saved workspace keeps it', async ({ app }, info) => {
  // Two app starts (the second after a reload) and a save: more than the default minute.
  test.setTimeout(120_000);
  const file = fileOrder();
  expect(file.length).toBeGreaterThan(3);
  // Not pinyin: the file's own order is what the app starts with.
  const pinyin = [...file].sort((a, b) => a.localeCompare(b, 'zh-CN-u-co-pinyin'));
  expect(pinyin).not.toEqual(file);

  let panel = await openData(app);
  await expect(panel).toContainText('表格、图表和导出均按此顺序排列乡镇（排名仍按数值）');
  await expect(panel.getByRole('button', { name: '按台账顺序' })).toBeDisabled();
  await expect.poll(() => panelNames(panel)).toEqual(file);
  await expect.poll(() => filterNames(app)).toEqual(file);

  // The 2nd township up, with its ↑ button.
  const moved = swap(file, 0);
  await panel.getByRole('button', { name: `上移${file[1]}`, exact: true }).click();
  await expect(app.getByText(`已将“${file[1]}”上移。按 Ctrl+Z 撤销`)).toBeVisible();
  await expect.poll(() => panelNames(panel)).toEqual(moved);
  await expect.poll(() => filterNames(app)).toEqual(moved);
  await expect(panel.getByRole('button', { name: '按台账顺序' })).toBeEnabled();
  await expect(panel.locator('summary')).toContainText('已调整');
  await screenshot(app, 'township-order');
  await expect.poll(async () => (await pivotNames(app)).slice(0, 3)).toEqual(moved.slice(0, 3));

  // Keyboard: select the 3rd row, Alt+↑ moves it above the 2nd.
  panel = await openData(app);
  const third = panel.getByTestId('township-order-row').nth(2);
  await third.click();
  await third.press('Alt+ArrowUp');
  const moved2 = swap(moved, 1);
  await expect.poll(() => panelNames(panel)).toEqual(moved2);
  await expect(panel.getByTestId('township-order-row').nth(1)).toBeFocused();

  // Ctrl+Z twice: the first move's order, then the 台账's order again, everywhere.
  await app.keyboard.press('Control+z');
  await expect.poll(() => panelNames(panel)).toEqual(moved);
  await app.keyboard.press('Control+z');
  await expect.poll(() => panelNames(panel)).toEqual(file);
  await expect(panel.getByRole('button', { name: '按台账顺序' })).toBeDisabled();
  await expect.poll(() => filterNames(app)).toEqual(file);
  await expect.poll(async () => (await pivotNames(app)).slice(0, 3)).toEqual(file.slice(0, 3));

  // Move again and save: the file carries the order.
  panel = await openData(app);
  await panel.getByRole('button', { name: `上移${file[1]}`, exact: true }).click();
  await expect.poll(() => panelNames(panel)).toEqual(moved);
  const download = app.waitForEvent('download');
  await app.keyboard.press('Control+s');
  const path = info.outputPath('乡镇顺序.xingtu');
  await (await download).saveAs(path);
  await expect(app.getByTestId('workspace-dirty')).toHaveCount(0);

  // A fresh page without the local copy, an empty workspace (no townships), then the file.
  await app.evaluate(() => localStorage.removeItem('xingtu.township-order'));
  await app.reload();
  await expect(app.getByTestId('overview')).toBeVisible({ timeout: 45_000 });
  await app.getByTestId('workspace-menu').click();
  await app.getByRole('menuitem', { name: '新建空白工作区' }).click();
  await expect(app.getByText('还没有评定数据')).toBeVisible();
  panel = await openData(app);
  await expect(panel.getByTestId('township-order-empty')).toBeVisible();

  const chooser = app.waitForEvent('filechooser');
  await app.getByTestId('workspace-menu').click();
  await app.getByRole('menuitem', { name: '打开工作区…' }).click();
  await (await chooser).setFiles(path);
  await expect(app.getByText(/已打开工作区/)).toBeVisible();
  await expect.poll(() => panelNames(panel)).toEqual(moved);
  await expect.poll(() => filterNames(app)).toEqual(moved);
  // Opening is not a change: the order is the file's, nothing to save.
  await expect(app.getByTestId('workspace-dirty')).toHaveCount(0);
});
