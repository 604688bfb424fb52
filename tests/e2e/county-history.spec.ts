/**
 * One county, one history (issue #10), as a newcomer meets it: the app opens on the sample,
 * the analyst picks a county's 2023 file (naming no county, no codes, 石门乡) and its 2024
 * workbook (青禾县 in the title, codes, 石门镇, 王庄村 turned 王庄社区) at once, sees which file
 * got which county and which units are one unit, clicks 导入 once, and sees that county alone,
 * its latest quarter, its name, and per-period counts equal to the independent truth.
 */
import { readFileSync } from 'node:fs';
import { expect, screenshot, test } from './fixtures.ts';

const dir = 'tests/fixtures/history/';
const FILE_2023 = '2023年各村（社区）五星支部创建季度台账.csv';
const FILE_2024 = '青禾县2024年“五星”支部创建情况统计表.xlsx';
const truth = JSON.parse(readFileSync(`${dir}truth.json`, 'utf8')) as {
  units: unknown[]; byPeriod: Array<{ period: string; units: number; byLevel: number[] }>;
};
const inPeriod = (key: string) => truth.byPeriod.find((p) => p.period === key)!;

test('a newcomer imports a county\'s two files at once and sees one county with one history', async ({ app }) => {
  await app.getByTestId('import-input').setInputFiles([
    { name: FILE_2023, mimeType: 'text/csv', buffer: readFileSync(dir + FILE_2023) },
    { name: FILE_2024, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: readFileSync(dir + FILE_2024) },
  ]);
  await expect(app.getByTestId('import-summary')).toBeVisible({ timeout: 30_000 });
  await expect(app.getByTestId('import-rejected')).toHaveText('0');

  // The file that names no county takes the other file's, and says so.
  const counties = app.getByTestId('import-counties');
  await expect(counties).toContainText(FILE_2023);
  await expect(counties.getByRole('row').filter({ hasText: FILE_2023 }).getByTestId('county-source')).toHaveText('未注明县（市、区），按 青禾县 导入');
  await expect(app.getByLabel(`“${FILE_2024}”的县（市、区）`)).toHaveValue('青禾县');

  // The renamed units are offered as one unit, checked.
  const links = app.getByTestId('import-links');
  await expect(links).toContainText('以下单位可能是同一单位');
  await expect(links.getByTestId('link-row').filter({ hasText: '村改居' })).toContainText('王庄社区');
  await expect(links.getByTestId('link-row').filter({ hasText: '撤乡设镇' }).first()).toContainText('石门乡');
  for (const box of await links.getByTestId('link-row').getByRole('checkbox').all()) await expect(box).toBeChecked();
  // The count of units follows the checked links: every true unit once; unchecking 村改居 splits 王庄 in two.
  await expect(app.getByTestId('import-units')).toHaveText(`${truth.units.length} 个单位`);
  const village = links.getByTestId('link-row').filter({ hasText: '村改居' }).getByRole('checkbox');
  await village.uncheck();
  await expect(app.getByTestId('import-units')).toHaveText(`${truth.units.length + 1} 个单位`);
  await village.check();
  await screenshot(app, 'county-history-1-dialog');

  await app.getByTestId('import-commit').click();
  await expect(app.getByTestId('import-dialog')).toBeHidden();
  await expect(app.getByTestId('import-conflict')).toHaveCount(0);

  // That county alone, its latest quarter, its name on screen.
  await expect(app.getByLabel('期次')).toHaveValue('2024Q4');
  await expect(app.getByTestId('workspace-title')).toContainText('青禾县');
  await expect(app.getByLabel('县（市、区）')).toHaveCount(0);
  // Every unit of the two years once (renamed ones included), and the quarter's levels as the truth has them.
  await expect(app.getByTestId('status-units')).toHaveText(`${truth.units.length} 个单位`);
  for (const [i, n] of inPeriod('2024Q4').byLevel.entries()) await expect(app.getByTestId(`level-${i}`)).toHaveText(String(n));
  const towns = await app.getByLabel('乡镇').locator('option').allTextContents();
  expect(towns.some((t) => t.startsWith('石门乡'))).toBe(false);
  expect(towns.some((t) => t.startsWith('石门镇'))).toBe(true);
  await expect(app.getByTestId('overview')).toContainText('青禾县');
  await screenshot(app, 'county-history-2-overview');

  // A 2023 quarter counts its units once, under today's township names.
  await app.getByLabel('期次').selectOption('2023Q4');
  for (const [i, n] of inPeriod('2023Q4').byLevel.entries()) await expect(app.getByTestId(`level-${i}`)).toHaveText(String(n));

  // 数据 lists the links; the renamed community shows its former name when searched by it.
  await app.getByRole('button', { name: /^数据/ }).click();
  const panel = app.getByTestId('unit-links');
  await panel.locator('summary').click();
  await expect(panel.getByTestId('unit-link').filter({ hasText: '村改居' })).toContainText('王庄社区');
  await screenshot(app, 'county-history-3-links');
});
