/**
 * The first run (issue #10): the app starts with the sample; importing a real county's file
 * removes the sample without asking to replace or keep, moves the period to the latest
 * imported quarter, and names the workspace, the window, 总览 and the briefing after the
 * county. One Ctrl+Z brings the sample back. 工作区 ▾ 载入示例数据 loads it again later.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures.ts';

const COUNTY = '河口县';
const STARS = '支部过硬星,产业兴旺星,生态宜居星,平安法治星,文明幸福星,共建共享星,幸福和谐星,宜业兴业星';
// Two quarters of a small real county; its 城关镇 shares its name with the sample's.
const REAL_CSV = [
  `县（市、区）,乡镇（街道）,村（社区）名称,类型,年度,季度,${STARS},星级`,
  `${COUNTY},城关镇,东关村,村,2024,2,否,是,是,是,否,,,,3`,
  `${COUNTY},城关镇,西关社区,社区,2024,2,否,,,是,,是,否,否,2`,
  `${COUNTY},河湾乡,南岭村,村,2024,2,是,是,是,是,是,,,,5`,
  `${COUNTY},城关镇,东关村,村,2024,3,是,是,是,是,是,,,,5`,
  `${COUNTY},城关镇,西关社区,社区,2024,3,否,,,是,,是,是,否,3`,
  `${COUNTY},河湾乡,南岭村,村,2024,3,是,是,是,是,是,,,,5`,
].join('\n') + '\n';

// What the sample holds, read from its file: its county, townships and latest period.
const sampleRows = readFileSync('datasets/sample-county.csv', 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const SAMPLE_COUNTY = sampleRows[0][1];
const SAMPLE_TOWNSHIPS = [...new Set(sampleRows.map((r) => r[2]))];
const SAMPLE_LATEST = sampleRows.map((r) => `${r[5]}Q${r[6]}`).sort().at(-1)!;

async function townshipOptions(page: Page): Promise<string[]> {
  return page.getByLabel('乡镇').locator('option').allTextContents();
}

test('the first real import replaces the sample, names the workspace after the county, and Ctrl+Z brings the sample back', async ({ app }) => {
  await expect(app.getByTestId('workspace-title')).toHaveText('示例数据');
  await expect(app.getByLabel('期次')).toHaveValue(SAMPLE_LATEST);

  await app.getByTestId('import-input').setInputFiles({ name: `${COUNTY}2024年台账.csv`, mimeType: 'text/csv', buffer: Buffer.from(REAL_CSV) });
  await expect(app.getByTestId('import-summary')).toBeVisible({ timeout: 30_000 });
  await expect(app.getByTestId('import-accepted')).toHaveText('6');
  await app.getByTestId('import-commit').click();

  // One click: no replace / keep question, the dialog closes.
  await expect(app.getByTestId('import-dialog')).toBeHidden();
  await expect(app.getByTestId('import-conflict')).toHaveCount(0);
  const toast = app.getByTestId('toast').filter({ hasText: '示例数据已移除' });
  await expect(toast).toContainText('Ctrl+Z');
  await expect(toast.getByRole('button', { name: '撤销' })).toBeVisible();

  // The period is the latest imported quarter, and only the imported quarters are offered.
  await expect(app.getByLabel('期次')).toHaveValue('2024Q3');
  expect(await app.getByLabel('期次').locator('option').allTextContents()).toEqual(['2024年第三季度', '2024年第二季度']);
  // The sample is gone: only the county's own townships, its 城关镇 counting its own 2 units.
  expect(await townshipOptions(app)).toEqual(['全部乡镇（2个）', '城关镇（2）', '河湾乡（1）']);
  await expect(app.getByLabel('县（市、区）')).toHaveCount(0);
  await expect(app.getByTestId('status-bar')).not.toContainText('示例数据');
  await expect(app.getByTestId('status-units')).toHaveText('3 个单位');

  // The workspace, the window and 总览 carry the county's name.
  await expect(app.getByTestId('workspace-title')).toContainText(COUNTY);
  await expect(app).toHaveTitle(new RegExp(`${COUNTY} — 星图`));
  await expect(app.getByTestId('overview')).toContainText(`2024年第三季度 · ${COUNTY}“五星”支部创建情况`);
  await expect(app.getByTestId('overview')).not.toContainText('全县');
  await screenshot(app, 'first-run-1-imported');

  // The briefing is issued by the county's organization department.
  await app.getByRole('button', { name: /^简报/ }).click();
  await expect(app.getByTestId('briefing-unit')).toHaveText(`中共${COUNTY}委组织部`);
  await expect(app.getByTestId('briefing-doc')).toContainText(`${COUNTY}共有参评单位3个`);
  await screenshot(app, 'first-run-2-briefing');

  // One Ctrl+Z: the sample is back and the import is gone.
  await app.getByRole('button', { name: /^总览/ }).click();
  await app.locator('body').click({ position: { x: 5, y: 5 } });
  await app.keyboard.press('Control+z');
  await expect(app.getByTestId('workspace-title')).toContainText('示例数据');
  await expect(app.getByLabel('期次')).toHaveValue(SAMPLE_LATEST);
  await expect(app.getByTestId('status-bar')).toContainText('示例数据');
  const after = await townshipOptions(app);
  expect(after).toHaveLength(SAMPLE_TOWNSHIPS.length + 1);
  for (const t of SAMPLE_TOWNSHIPS) expect(after.some((o) => o.startsWith(`${t}（`))).toBe(true);
  expect(after).not.toContain('河湾乡（1）');
  await expect(app.getByTestId('overview')).toContainText(`${SAMPLE_COUNTY}“五星”支部创建情况`);
  await screenshot(app, 'first-run-3-undone');
});

test('工作区 ▾ 载入示例数据 loads the sample into a new empty workspace', async ({ app }) => {
  await app.getByTestId('workspace-menu').click();
  await app.getByRole('menuitem', { name: '新建空白工作区' }).click();
  await expect(app.getByTestId('workspace-title')).toContainText('未命名工作区');
  await expect(app.getByLabel('期次').locator('option')).toHaveText(['（无数据）']);

  await app.getByTestId('workspace-menu').click();
  await app.getByRole('menuitem', { name: '载入示例数据' }).click();
  await expect(app.getByTestId('workspace-title')).toHaveText('示例数据');
  await expect(app.getByLabel('期次')).toHaveValue(SAMPLE_LATEST);
  await expect(app.getByTestId('status-bar')).toContainText('示例数据 · 虚构县，仅供演示');
  expect(await townshipOptions(app)).toHaveLength(SAMPLE_TOWNSHIPS.length + 1);
});
