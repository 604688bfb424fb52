/**
 * A broken view never blanks the window (issue #15): a workspace whose saved pivot view and
 * briefing section name unknown fields and measures opens with a notice of what was dropped
 * and every screen works; a chart export under a township called "…/东区" gets a safe file
 * name and says so; and a screen that throws anyway shows the error boundary (what failed,
 * 重置此视图, 复制错误信息) while the other screens keep working.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import { exportWorkspace } from '../../shared/workspace/index.ts';
import { loadSecondCounty, SECOND_COUNTY, secondCountyCsv } from '../support/workspace-county.ts';
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

const filter = { period: null, townships: [], kind: null };

/** A saved view written by no version of 星图: an unknown field, a measure out of range, a filter on nothing. */
const HOSTILE_VIEWS = [
  {
    name: '乡镇分类型',
    config: {
      rows: ['township', '村民小组'],
      columns: ['kind'],
      measures: [{ kind: 'units' }, { kind: 'atLeast', level: 9 }],
      fieldFilters: [{ dim: 'moon', values: 'all' }],
    },
  },
];

const HOSTILE_BRIEFING = [{
  version: 1,
  title: '第四季度简报',
  unit: '中共乙县县委组织部',
  date: '2025-12-31',
  narrative: '全县情况良好。',
  items: [
    { id: 'a', spec: { kind: 'overview' }, filter, follow: true, title: '', caption: '' },
    { id: 'b', spec: { kind: 'pivot', pivot: { rows: ['村民小组', 'township'], columns: [], measures: [{ kind: 'bogus' }] } }, filter, follow: true, title: '各乡镇情况', caption: '' },
  ],
}];

async function menu(page: Page, item: string | RegExp): Promise<void> {
  await page.getByTestId('workspace-menu').click();
  await page.getByRole('menuitem', { name: item }).click();
}

async function openFile(page: Page, path: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await menu(page, '打开工作区…');
  await (await chooser).setFiles(path);
}

async function go(page: Page, screen: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${screen}`) }).click();
}

test('a workspace with a hostile saved view and briefing opens with a notice; every screen works', async ({ app }, info) => {
  // The county's workspace, written by the same engine in Node; one township's name has a "/".
  const csv = secondCountyCsv();
  const township = csv.split('\n')[1].split(',')[csv.split('\n')[0].split(',').indexOf('township')];
  const slashed = `${township}/东区`;
  const db = await openNodeDuckDB();
  const path = info.outputPath('有问题的视图.xingtu');
  try {
    await loadSecondCounty(db, csv.replaceAll(`,${township},`, `,${slashed},`));
    writeFileSync(path, await exportWorkspace(db, { 'pivot-views': HOSTILE_VIEWS, briefings: HOSTILE_BRIEFING }, { name: '有问题的视图', appVersion: 'e2e' }));
  } finally {
    await db.close();
  }

  await openFile(app, path);
  await expect(app.getByText(/已打开工作区“有问题的视图”/)).toBeVisible();
  // The check says what it dropped, in the user's words; nothing blanks.
  await expect(app.getByText('已忽略保存的透视视图“乡镇分类型”中的未知字段“村民小组”', { exact: false })).toBeVisible();
  await expect(app.getByText(/已忽略简报段落“各乡镇情况”的透视表中的未知字段“村民小组”/)).toBeVisible();
  await screenshot(app, 'hostile-1-notice');

  // The repaired view opens: townships by kind, the valid measure kept.
  await go(app, '透视');
  await app.getByLabel('打开视图').selectOption('乡镇分类型');
  const grid = app.getByTestId('pivot-grid');
  await expect(grid).toContainText('合计');
  await expect(grid).toContainText(slashed);
  await expect(grid).toContainText('单位数');
  await expect(app.getByTestId('view-error')).toHaveCount(0);

  // The briefing keeps its sections, the pivot one repaired.
  await go(app, '简报');
  const items = app.getByTestId('briefing-item');
  await expect(items).toHaveCount(2);
  await expect(items.nth(1)).toContainText(slashed);

  // The other screens work.
  await go(app, '排名');
  await expect(app.getByTestId('view-error')).toHaveCount(0);
  await go(app, '对比');
  await expect(app.getByTestId('view-error')).toHaveCount(0);
  await go(app, '总览');
  await expect(app.getByTestId('kpi-units-value')).toBeVisible();

  // A chart of the township with a "/" exports under a safe name, and says so.
  await app.getByLabel('乡镇', { exact: true }).selectOption(slashed);
  await go(app, '趋势');
  await expect(app.getByTestId('chart-share').locator('canvas').first()).toBeVisible();
  const download = app.waitForEvent('download');
  await app.getByRole('button', { name: '导出PNG' }).first().click();
  const png = await download;
  expect(png.suggestedFilename()).toContain(`${township}_东区`);
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  await expect(app.getByText(/含有文件名中不能使用的字符/)).toContainText(`${township}_东区`);
  await screenshot(app, 'hostile-2-file-name');
});

test('a screen that throws shows what failed and a reset; the other screens keep working', async ({ page, guard }) => {
  void guard;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 45_000 });

  // The charts' canvas fails (as a broken graphics driver would): 趋势 throws while it renders.
  await page.evaluate(() => {
    const w = window as unknown as { __getContext: unknown };
    w.__getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = () => { throw new Error('画布不可用（测试注入）'); };
  });
  await go(page, '趋势');
  const boundary = page.getByTestId('view-error');
  await expect(boundary).toContainText('“趋势”页面出错');
  // The error as the chart library reports it (ECharts stumbles on the missing canvas context).
  await expect(page.getByTestId('view-error-detail')).toHaveText(/^错误信息：\S+/);
  await expect(boundary.getByRole('button', { name: '重置此视图' })).toBeVisible();
  await screenshot(page, 'hostile-3-boundary');

  await boundary.getByRole('button', { name: '复制错误信息' }).click();
  await expect(page.getByText('已复制错误信息')).toBeVisible();

  // The rest of the app: header, navigation, filter and the pivot grid.
  await go(page, '透视');
  await expect(page.getByTestId('pivot-grid')).toContainText('合计');
  await expect(page.getByTestId('view-error')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '导入台账' })).toBeEnabled();

  // Still broken when coming back; once the cause is gone, 重置此视图 renders the screen again.
  await go(page, '趋势');
  await expect(boundary).toBeVisible();
  await page.evaluate(() => {
    const w = window as unknown as { __getContext: typeof HTMLCanvasElement.prototype.getContext };
    HTMLCanvasElement.prototype.getContext = w.__getContext;
  });
  await boundary.getByRole('button', { name: '重置此视图' }).click();
  await expect(page.getByTestId('view-error')).toHaveCount(0);
  await expect(page.getByTestId('chart-share').locator('canvas').first()).toBeVisible();
  // The boundary caught it: nothing reached the page as an uncaught error.
  expect(errors).toEqual([]);
});
