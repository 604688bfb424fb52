/**
 * Workspaces in the browser build: save (a download, as in browsers without file pickers),
 * reload, open (the file input) and see identical numbers on 总览 and in a pivot; merge a
 * second county and filter by county; refuse a damaged file clearly; recover an autosave.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import { overview } from '../../shared/engine.ts';
import type { Filter } from '../../shared/filter.ts';
import { exportWorkspace } from '../../shared/workspace/index.ts';
import { loadSecondCounty, SECOND_COUNTY } from '../support/workspace-county.ts';
import { expect, screenshot, test as base } from './fixtures.ts';

// Chromium has the File System Access pickers; take them away so saving downloads and
// opening uses the file input: the deterministic path every browser has.
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

async function overviewNumbers(page: Page): Promise<Record<string, string>> {
  await expect(page.getByTestId('kpi-units-value')).toBeVisible();
  const out: Record<string, string> = {};
  for (const id of ['kpi-units-value', 'kpi-units-detail', 'kpi-n3plus-value', 'kpi-n3plus-detail', 'kpi-n5-value', 'kpi-n0-value',
    ...[0, 1, 2, 3, 4, 5].map((n) => `level-${n}`)]) {
    out[id] = (await page.getByTestId(id).textContent()) ?? '';
  }
  out.period = await page.getByLabel('期次').inputValue();
  out.stars = (await page.locator('.star-rates').textContent()) ?? '';
  return out;
}

async function pivotRows(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: /^透视/ }).click();
  const grid = page.getByTestId('pivot-grid');
  await expect(grid).toContainText('合计');
  return grid.locator('.ag-row').allInnerTexts();
}

async function menu(page: Page, item: string | RegExp): Promise<void> {
  await page.getByTestId('workspace-menu').click();
  await page.getByRole('menuitem', { name: item }).click();
}

async function openFile(page: Page, path: string, item: string | RegExp = '打开工作区…'): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await menu(page, item);
  await (await chooser).setFiles(path);
}

test('save a workspace, reload, open it: identical numbers on 总览 and in a pivot', async ({ app }, info) => {
  const before = await overviewNumbers(app);
  // A saved pivot view travels in the file too.
  const rows = await pivotRows(app);
  await app.getByLabel('添加行维度').selectOption('kind');
  await app.getByLabel('视图名称').fill('乡镇分类型');
  await app.getByRole('button', { name: '保存', exact: true }).click();
  await expect(app.getByTestId('workspace-dirty')).toBeVisible();

  const download = app.waitForEvent('download');
  await app.keyboard.press('Control+s');
  const file = info.outputPath('示例数据.xingtu');
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('示例数据.xingtu');
  await saved.saveAs(file);
  await expect(app.getByText(/已保存工作区“示例数据”/)).toBeVisible();
  await expect(app.getByTestId('workspace-dirty')).toHaveCount(0);
  expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');

  // A fresh page with no saved views, then an empty workspace: what comes back comes from the file.
  await app.evaluate(() => localStorage.removeItem('xingtu.pivot-views.v1'));
  await app.reload();
  await expect(app.getByTestId('overview')).toBeVisible({ timeout: 45_000 });
  await menu(app, '新建空白工作区');
  await expect(app.getByText('还没有评定数据')).toBeVisible();
  await expect(app.getByTestId('workspace-title')).toContainText('未命名工作区');

  await openFile(app, file);
  await expect(app.getByText(/已打开工作区“示例数据”/)).toBeVisible();
  await expect(app.getByTestId('workspace-title')).toHaveText('示例数据');
  await expect.poll(() => overviewNumbers(app)).toEqual(before);
  await expect.poll(() => pivotRows(app)).toEqual(rows);
  await expect(app.getByLabel('打开视图')).toContainText('乡镇分类型');
  await screenshot(app, 'workspace-1-opened');
});

test('merge a second county: county filter appears and gives each county its own numbers', async ({ app }, info) => {
  // The second county's workspace, written by the same engine in Node.
  const db = await openNodeDuckDB();
  const path = info.outputPath(`${SECOND_COUNTY}.xingtu`);
  const scope: Pick<Filter, 'townships' | 'kind' | 'counties'> = { townships: [], kind: null, counties: [] };
  let expected;
  try {
    await loadSecondCounty(db);
    writeFileSync(path, await exportWorkspace(db, {}, { name: SECOND_COUNTY, appVersion: 'e2e' }));
    expected = (await overview(db, { year: 2025, quarter: 4 }, scope)).current!;
  } finally {
    await db.close();
  }

  const sample = await overviewNumbers(app);
  await expect(app.getByLabel('县（市、区）')).toHaveCount(0);
  await openFile(app, path, '合并工作区…');
  const dialog = app.getByTestId('workspace-dialog');
  await expect(dialog).toContainText(`${SECOND_COUNTY}.xingtu`);
  await expect(dialog).toContainText('2022年第一季度 至 2025年第四季度');
  // The untouched sample is not kept by default; keep it here to compare two counties.
  await expect(dialog.getByTestId('merge-keep')).not.toBeChecked();
  await dialog.getByTestId('merge-keep').check();
  await screenshot(app, 'workspace-2-merge-dialog');
  await dialog.getByRole('button', { name: '合并' }).click();
  await expect(app.getByText(/已合并 1 个工作区/)).toBeVisible();
  await expect(app.getByTestId('workspace-dirty')).toBeVisible();

  const county = app.getByLabel('县（市、区）');
  await expect(county).toBeVisible();
  await expect(county.locator('option')).toHaveCount(3);
  const total = Number(sample['kpi-units-value']) + expected.units;
  await expect(app.getByTestId('kpi-units-value')).toHaveText(String(total));

  await county.selectOption(SECOND_COUNTY);
  await expect(app.getByTestId('kpi-units-value')).toHaveText(String(expected.units));
  await expect(app.getByTestId('kpi-n3plus-value')).toHaveText(String(expected.n3plus));
  await expect(app.getByTestId('active-filters')).toContainText(SECOND_COUNTY);
  await screenshot(app, 'workspace-3-county-filter');

  await county.selectOption('示例县');
  await expect.poll(() => overviewNumbers(app)).toEqual(sample);

  // The pivot by county: one row per county.
  await county.selectOption('');
  await app.getByRole('button', { name: /^透视/ }).click();
  await app.getByRole('button', { name: /移除行维度/ }).first().click();
  await app.getByLabel('添加行维度').selectOption('county');
  const grid = app.getByTestId('pivot-grid');
  await expect(grid.locator('.ag-row').filter({ hasText: SECOND_COUNTY })).toContainText(String(expected.units));
  await expect(grid.locator('.ag-row').filter({ hasText: '示例县' })).toContainText(sample['kpi-units-value']);
  await screenshot(app, 'workspace-4-pivot-by-county');
});

test('a damaged file gets a clear message, the open data stays, and an autosave is offered', async ({ app }, info) => {
  const before = await overviewNumbers(app);
  // An autosave copy of the sample (as the app writes it to IndexedDB), newer than any save.
  const download = app.waitForEvent('download');
  await app.keyboard.press('Control+Shift+s');
  const good = info.outputPath('good.xingtu');
  await (await download).saveAs(good);
  const bytes = [...readFileSync(good)];
  await app.evaluate(async (data) => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const r = indexedDB.open('xingtu-workspace', 1);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('autosave', 'readwrite');
      tx.objectStore('autosave').put({ bytes: new Uint8Array(data), savedAt: new Date().toISOString() }, 'current');
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  }, bytes);

  // Half a file, as after a power cut mid-copy.
  const broken = info.outputPath('城关镇.xingtu');
  writeFileSync(broken, readFileSync(good).subarray(0, 3000));
  await openFile(app, broken);
  const dialog = app.getByTestId('workspace-dialog');
  await expect(dialog).toContainText('无法打开工作区');
  await expect(dialog).toContainText('城关镇.xingtu');
  await expect(dialog).toContainText('怎么办');
  await expect(dialog).toContainText('当前打开的数据没有任何改动');
  await expect(dialog.getByRole('button', { name: '打开自动保存的工作' })).toBeVisible();
  await screenshot(app, 'workspace-5-error');
  await dialog.getByRole('button', { name: '关闭' }).click();
  await expect.poll(() => overviewNumbers(app)).toEqual(before);

  // Not a workspace at all.
  const text = info.outputPath('台账.xingtu');
  writeFileSync(text, '单位,星级\n王庄村,3\n');
  await openFile(app, text);
  await expect(dialog).toContainText('不是星图工作区');
  await dialog.getByRole('button', { name: '打开自动保存的工作' }).click();
  await expect(app.getByText(/已恢复自动保存的工作/)).toBeVisible();
  await expect(app.getByTestId('workspace-dirty')).toBeVisible();
  await expect.poll(() => overviewNumbers(app)).toEqual(before);
});

test('unsaved work is autosaved, and at start it is offered, not restored silently', async ({ app }) => {
  // Leaving a page with unsaved changes asks first (beforeunload): say yes.
  app.on('dialog', (d) => void d.accept());
  const before = await overviewNumbers(app);
  // A save (另存为 in the menu downloads too), then an unsaved change: a new pivot view.
  const download = app.waitForEvent('download');
  await menu(app, '另存为…');
  await download;
  await expect(app.getByText(/已保存工作区/)).toBeVisible();
  await app.getByRole('button', { name: /^透视/ }).click();
  await app.getByLabel('视图名称').fill('自动保存的视图');
  await app.getByRole('button', { name: '保存', exact: true }).click();
  await expect(app.getByTestId('workspace-dirty')).toBeVisible();

  // The tab goes to the background: the app writes its autosave copy to IndexedDB.
  await app.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect.poll(() => app.evaluate(async () => {
    const db: IDBDatabase = await new Promise((resolve) => {
      const r = indexedDB.open('xingtu-workspace', 1);
      r.onsuccess = () => resolve(r.result);
    });
    return new Promise<number>((resolve) => {
      const req = db.transaction('autosave').objectStore('autosave').get('current');
      req.onsuccess = () => resolve(req.result?.bytes?.length ?? 0);
    });
  })).toBeGreaterThan(1000);

  // Power cut: the page is gone, and so is the local copy of the views.
  await app.evaluate(() => localStorage.removeItem('xingtu.pivot-views.v1'));
  await app.reload();
  const dialog = app.getByTestId('workspace-dialog');
  await expect(dialog).toContainText('恢复上次未保存的工作', { timeout: 45_000 });
  await expect(dialog).toContainText('示例数据');
  await screenshot(app, 'workspace-6-recover');
  await dialog.getByRole('button', { name: '恢复', exact: true }).click();
  await expect(app.getByText(/已恢复自动保存的工作/)).toBeVisible();
  await expect(app.getByTestId('workspace-dirty')).toBeVisible();
  await expect.poll(() => overviewNumbers(app)).toEqual(before);
  await app.getByRole('button', { name: /^透视/ }).click();
  await expect(app.getByLabel('打开视图')).toContainText('自动保存的视图');

  // Declining once means it is not offered again.
  await app.reload();
  await expect(app.getByTestId('workspace-dialog')).toContainText('恢复上次未保存的工作', { timeout: 45_000 });
  await app.getByRole('button', { name: '不恢复' }).click();
  await app.reload();
  await expect(app.getByTestId('overview')).toBeVisible({ timeout: 45_000 });
  await expect(app.getByTestId('workspace-dialog')).toHaveCount(0);
  // Start panel: the recent workspaces, over the sample that still loads at start.
  const start = app.getByTestId('workspace-start');
  await expect(start).toContainText('示例数据');
  await screenshot(app, 'workspace-8-start');
  await start.getByRole('button', { name: '先看示例数据' }).click();
  await expect(start).toHaveCount(0);
  // The recent list remembers the saved file under its name (downloads have no file handle).
  await app.getByTestId('workspace-menu').click();
  await expect(app.getByRole('menuitem', { name: /^示例数据 \d/ })).toBeVisible();
  await screenshot(app, 'workspace-7-menu');
});
