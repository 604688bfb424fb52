import { gb18030Csv, multiSheetXlsx, truthFor, type Quarter } from '../support/fixtures.ts';
import { expect, screenshot, test } from './fixtures.ts';
import type { Page } from '@playwright/test';

async function pick(page: Page, file: { name: string; bytes: Uint8Array }, mimeType: string) {
  await page.getByTestId('import-input').setInputFiles({ name: file.name, mimeType, buffer: Buffer.from(file.bytes) });
  await expect(page.getByTestId('import-summary')).toBeVisible({ timeout: 30_000 });
}

async function expectOverview(page: Page, q: Quarter) {
  const t = truthFor(q);
  await page.getByRole('button', { name: /^总览/ }).click();
  await page.getByLabel('期次').selectOption(t.period);
  await expect(page.getByTestId('kpi-units-value')).toHaveText(String(t.units));
  await expect(page.getByTestId('kpi-n3plus-value')).toHaveText(String(t.atLeast3));
  for (let n = 0; n <= 5; n++) await expect(page.getByTestId(`level-${n}`)).toHaveText(String(t.byLevel[n]));
}

test('remove the sample, import a GB18030 CSV and a multi-sheet XLSX through the file input, and see their numbers', async ({ app }) => {
  // Start from an empty workspace: remove the sample (undoable), then import.
  await app.getByRole('button', { name: /^数据/ }).click();
  await app.getByRole('button', { name: /移除数据集/ }).click();
  await expect(app.getByText('工作区里还没有数据')).toBeVisible();
  await app.keyboard.press('Control+z');
  await expect(app.getByTestId('datasets')).toContainText('示例数据');
  await app.getByRole('button', { name: /移除数据集/ }).click();

  const csv = gb18030Csv(3);
  await pick(app, csv, 'text/csv');
  const dialog = app.getByTestId('import-dialog');
  await expect(app.getByTestId('import-accepted')).toHaveText(String(csv.truth.units));
  await expect(app.getByTestId('import-rejected')).toHaveText('0');
  await expect(app.getByTestId('import-sheets')).toContainText('2024年第三季度');
  // The 合计 row at the bottom is skipped and reported, not imported.
  await expect(app.getByTestId('import-summary')).toContainText(`跳过 ${csv.totalRow ? 1 : 0} 行`);
  // Every column of this file is a rating field: no extra columns to keep.
  await expect(app.getByTestId('import-extras')).toHaveCount(0);
  await screenshot(app, '4-import-preview-csv');
  await app.getByTestId('import-commit').click();
  await expect(dialog).toBeHidden();
  await expectOverview(app, 3);

  const xlsx = await multiSheetXlsx();
  await pick(app, xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const units = xlsx.sheets.reduce((n, s) => n + s.units, 0);
  await expect(app.getByTestId('import-accepted')).toHaveText(String(units));
  await expect(app.getByTestId('import-sheets')).toContainText('填表说明');
  // 备注 is no rating field: the dialog says it is kept, not ignored.
  await expect(app.getByTestId('import-extras')).toContainText('另存扩展列：备注');
  await screenshot(app, '5-import-preview-xlsx');
  await app.getByTestId('import-commit').click();
  // 2024Q3 is already there from the CSV: replace it.
  await expect(app.getByTestId('import-conflict')).toContainText('2024年第三季度');
  await app.getByTestId('import-replace').click();
  await expect(dialog).toBeHidden();
  for (const q of [1, 2, 3] as Quarter[]) await expectOverview(app, q);
  await screenshot(app, '6-overview-imported');

  // Undo the XLSX import: the CSV's Q3 comes back, Q1 is gone again.
  await app.keyboard.press('Control+z');
  await expectOverview(app, 3);
  await expect(app.getByLabel('期次').locator('option')).toHaveCount(1);
});

test('a file that is not a spreadsheet is refused with a Chinese message naming it', async ({ app }) => {
  await app.getByTestId('import-input').setInputFiles({ name: '台账.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('这不是Excel文件') });
  const dialog = app.getByTestId('import-dialog');
  await expect(dialog).toContainText('台账.xlsx');
  await expect(app.getByTestId('import-commit')).toBeDisabled();
  await screenshot(app, '7-import-refused');
});
