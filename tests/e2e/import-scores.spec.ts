/**
 * The import dialog on a sheet of star scores (issue 12): scores above 100 with no maximum
 * are refused with the reason, the 按得分判定星级 setting takes the maximum and threshold, the
 * preview is read again under it, and the score columns show as the stars' scores.
 */
import { xlsxBytes } from '../support/layout-workbooks.ts';
import { expect, test } from './fixtures.ts';

test('a 150-point score sheet: set 满分 150 and 120 in the dialog, and the stars follow', async ({ app }) => {
  const bytes = await xlsxBytes([{
    name: '2024年第三季度',
    rows: [
      ['示例县2024年第三季度"五星"支部得分'],
      ['乡镇', '村名称', '支部过硬星得分', '产业兴旺星得分', '生态宜居星得分', '平安法治星得分', '文明幸福星得分'],
      ['城关镇', '东关村', 135, 120, 119, 150, 90], // 150/120: ✓ ✓ ✗ ✓ ✗ → 3
      ['城关镇', '西关村', 100, 140, 125, 110, 121], // ✗ ✓ ✓ ✗ ✓ → 3
    ],
  }]);
  await app.getByTestId('import-input').setInputFiles({
    name: '得分150.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(bytes),
  });
  await expect(app.getByTestId('import-summary')).toBeVisible({ timeout: 30_000 });
  await expect(app.getByTestId('import-accepted')).toHaveText('0');
  await expect(app.getByTestId('import-rejected')).toHaveText('2');
  await expect(app.getByTestId('import-problems')).toContainText('表头没有写明满分，无法判断多少分算获星');
  const rule = app.getByTestId('import-score-rule');
  await expect(rule).toContainText('按得分判定星级');
  await rule.getByLabel('得分满分').fill('150');
  await rule.getByLabel('获星分数').fill('120');
  await rule.getByLabel('获星分数').press('Enter');
  await expect(app.getByTestId('import-accepted')).toHaveText('2');
  await expect(app.getByTestId('import-rejected')).toHaveText('0');
  await expect(app.getByTestId('import-problems')).toContainText('满分150分，达到120分即获星（按设置的规则）');
  await expect(app.getByTestId('import-score-columns')).toContainText('支部过硬星（得分）');
  await app.getByTestId('import-commit').click();
  await expect(app.getByTestId('import-dialog')).toBeHidden();

  // The next quarter's file of the same layout is read under the remembered rule, with no typing.
  const next = await xlsxBytes([{
    name: '2024年第四季度',
    rows: [
      ['示例县2024年第四季度"五星"支部得分'],
      ['乡镇', '村名称', '支部过硬星得分', '产业兴旺星得分', '生态宜居星得分', '平安法治星得分', '文明幸福星得分'],
      ['城关镇', '东关村', 140, 130, 125, 150, 95], // ✓ ✓ ✓ ✓ ✗ → 4
    ],
  }]);
  await app.getByTestId('import-input').setInputFiles({
    name: '得分150-四季度.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(next),
  });
  await expect(app.getByTestId('import-summary')).toBeVisible({ timeout: 30_000 });
  await expect(app.getByTestId('import-accepted')).toHaveText('1');
  await expect(app.getByTestId('import-rejected')).toHaveText('0');
  await expect(app.getByTestId('import-problems')).toContainText('满分150分，达到120分即获星');
  await expect(app.getByTestId('import-score-rule').getByLabel('获星分数')).toHaveValue('120');
});
