/**
 * Issue #17 as an analyst does it: import a 台账 of two years with a 是否软弱涣散 column and a
 * 创建规划 sheet (.xlsx written as people write it: 1个, 70%, 0.6, 30), read 规划完成 and
 * 软弱涣散 on 排名 against numbers counted by hand, add both to the 简报 (its narrative names
 * the plan), export Excel and read the same numbers back.
 */
import ExcelJS from 'exceljs';
import type { Locator, Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures.ts';

const VILLAGE_STARS = ['支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星'];

// Each village in 2024Q4 and 2025Q4: [township, name, level 2024, weak 2024, level 2025, weak 2025].
const UNITS: Array<[string, string, number, boolean, number, boolean]> = [
  ['城关镇', '东关村', 5, false, 5, false],
  ['城关镇', '西关村', 3, false, 4, false],
  ['城关镇', '南关村', 1, true, 3, false], // converted
  ['城关镇', '北关村', 2, false, 1, true], // newly weak
  ['河口镇', '河东村', 4, false, 5, false],
  ['河口镇', '河西村', 0, true, 1, true], // still weak
  ['河口镇', '河北村', 2, true, 3, false], // converted
];

function ledger(): string {
  const head = ['县（市、区）', '乡镇（街道）', '村（社区）名称', '类型', '年度', '季度', ...VILLAGE_STARS, '星级', '是否软弱涣散'];
  const line = (t: string, n: string, year: number, level: number, weak: boolean) =>
    ['甲县', t, n, '村', year, 4, ...VILLAGE_STARS.map((_, i) => (i < level ? '√' : '')), level, weak ? '是' : '否'].join(',');
  const rows = UNITS.flatMap(([t, n, l24, w24, l25, w25]) => [line(t, n, 2024, l24, w24), line(t, n, 2025, l25, w25)]);
  return [head.join(','), ...rows].join('\n') + '\n';
}

/** The plan for 2025 as an office writes it: a title row, counts with 个, shares three ways. */
async function planXlsx(rows: Array<Array<string | number>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('创建规划');
  ws.addRow(['2025年各乡镇（街道）“五星”支部创建规划']);
  ws.addRow(['乡镇（街道）', '规划五星', '规划四星', '三星以上占比目标']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const PLAN_ROWS = [['城关镇', '1个', 2, '70%'], ['河口镇', 1, '0个', 0.6], ['新区街道', 1, 0, 30]];

// By hand, 2025Q4: 城关镇 4 villages at 5,4,3,1 星 → 五星 1, 四星 1, 三星以上 3/4; 河口镇 3 at 5,1,3 → 五星 1,
// 四星 0, 2/3; 新区街道 none; 甲县 7 → 五星 2, 四星 1, 5/7 = 71.4%. Plan county = sum: 五星 3, 四星 2, no share.
const ATTAINMENT = [
  ['城关镇', '1', '1', '2', '1', '70.0%', '75.0%', '未达到'],
  ['河口镇', '1', '1', '0', '0', '60.0%', '66.7%', '达到'],
  ['新区街道', '1', '0', '0', '0', '30.0%', '—', '未达到'],
  ['全县', '3', '2', '2', '1', '—', '71.4%', '未达到'],
];
// 软弱涣散 2025Q4 vs 2024Q4: weak now, converted, newly weak, rated in both.
const WEAK = [
  ['城关镇', '1', '1', '1', '4'],
  ['河口镇', '1', '1', '0', '3'],
  ['合计', '2', '2', '1', '7'],
];
const SENTENCE = '按2025年创建规划，甲县规划创建“五星”支部3个，已创成2个（完成66.7%），规划创建“四星”支部2个，已创成1个（完成50.0%）；'
  + '1个乡镇完成规划目标，城关镇、新区街道尚未完成。';

const cellsOf = (table: Locator) => table.evaluate((el) => [...el.querySelectorAll('tbody tr, tfoot tr')]
  .map((tr) => [...tr.children].map((td) => (td.textContent ?? '').replace(/\s+/g, ''))));

function excelText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (typeof v === 'number') return cell.numFmt?.includes('%') ? `${(v * 100).toFixed(1)}%` : String(v);
  return v == null || v === '' ? '—' : String(v).replace(/\s+/g, '');
}

async function importLedger(app: Page): Promise<void> {
  await app.getByTestId('import-input').setInputFiles([{ name: '甲县2024-2025年台账.csv', mimeType: 'text/csv', buffer: Buffer.from(ledger()) }]);
  await expect(app.getByTestId('import-summary')).toBeVisible({ timeout: 30_000 });
  await app.getByTestId('import-commit').click();
  await expect(app.getByTestId('import-dialog')).toBeHidden();
  await expect(app.getByLabel('期次')).toHaveValue('2025Q4');
}

test('a plan and 软弱涣散 on 排名, in the 简报 and its Excel, as counted by hand; the plan travels in the .xingtu file', async ({ app }, info) => {
  test.setTimeout(180_000);
  await importLedger(app);
  await app.getByRole('button', { name: /^排名/ }).click();
  const panel = app.getByTestId('plan-panel');
  await expect(panel.getByText('还没有2025年创建规划')).toBeVisible();

  // A sheet with a share nobody can read: a clear message, nothing imported.
  await panel.getByTestId('plan-input').setInputFiles({ name: '2025年创建规划.xlsx', mimeType: 'application/octet-stream',
    buffer: await planXlsx([['城关镇', 1, 2, '七成']]) });
  await expect(panel.getByTestId('plan-error')).toContainText('第3行“三星以上占比目标”列的值“七成”不是占比');
  await expect(panel.getByTestId('plan-table')).toHaveCount(0);

  await panel.getByTestId('plan-input').setInputFiles({ name: '2025年创建规划.xlsx', mimeType: 'application/octet-stream', buffer: await planXlsx(PLAN_ROWS) });
  await expect(panel.getByTestId('plan-error')).toHaveCount(0);
  const planTable = panel.getByTestId('plan-table');
  await expect(planTable).toBeVisible();
  expect(await planTable.evaluate((el) => [...el.querySelectorAll('thead th')].map((th) => th.textContent))).toEqual(
    ['乡镇（街道）', '规划五星', '已创成五星', '规划四星', '已创成四星', '三星以上占比目标', '三星以上占比实际', '完成情况']);
  expect(await cellsOf(planTable)).toEqual(ATTAINMENT);
  await expect(panel.getByTestId('plan-note')).toContainText('新区街道本期没有评定数据');

  const weakTable = app.getByTestId('weak-panel').getByTestId('weak-table');
  await expect(weakTable).toBeVisible();
  expect(await cellsOf(weakTable)).toEqual(WEAK);
  await app.getByTestId('plan-panel').scrollIntoViewIfNeeded();
  await screenshot(app, 'plans-ranking');

  // Ctrl+Z takes the imported plan back; importing again restores it.
  await app.locator('body').click({ position: { x: 5, y: 5 } });
  await app.keyboard.press('Control+z');
  await expect(panel.getByText('还没有2025年创建规划')).toBeVisible();
  await panel.getByTestId('plan-input').setInputFiles({ name: '2025年创建规划.xlsx', mimeType: 'application/octet-stream', buffer: await planXlsx(PLAN_ROWS) });
  await expect(planTable).toBeVisible();

  await app.getByTestId('add-plan').click();
  await app.getByTestId('add-weak').click();

  // The 简报: both tables as on 排名, and the narrative's sentence about the plan.
  await app.getByRole('button', { name: /^简报/ }).click();
  const tableOf = (kind: string) => app.locator(`[data-testid="briefing-item"][data-kind="${kind}"]`).getByTestId('briefing-table').first();
  await expect(tableOf('planAttainment')).toBeVisible();
  expect(await cellsOf(tableOf('planAttainment'))).toEqual(ATTAINMENT);
  expect(await cellsOf(tableOf('weakConversion'))).toEqual(WEAK);
  await expect(app.getByTestId('narrative-input')).toHaveValue(new RegExp(SENTENCE.replace(/[()（）.]/g, '\\$&')));
  await screenshot(app, 'plans-briefing');

  // Excel: the same numbers, as numbers.
  const [download] = await Promise.all([app.waitForEvent('download'), app.getByTestId('briefing-export-xlsx').click()]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await download.path())!);
  const sheetRows = (ws: ExcelJS.Worksheet) => {
    const out: string[][] = [];
    ws.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (c) => cells.push(excelText(c)));
      out.push(cells);
    });
    return out;
  };
  const sheets = wb.worksheets.map(sheetRows);
  const body = (header: string, n: number) => {
    const rows = sheets.find((s) => s.some((r) => r.includes(header)))!;
    const at = rows.findIndex((r) => r.includes(header));
    return rows.slice(at + 1, at + 1 + n).map((r) => r.slice(0, ATTAINMENT[0].length));
  };
  expect(body('规划五星', ATTAINMENT.length)).toEqual(ATTAINMENT);
  expect(body('已转化', WEAK.length).map((r) => r.slice(0, WEAK[0].length))).toEqual(WEAK);

  // The workspace file carries the plan: save, forget it here, start empty, open the file.
  // Chromium's file pickers away: saving downloads, opening uses the file input.
  const noPickers = () => app.evaluate(() => {
    for (const name of ['showSaveFilePicker', 'showOpenFilePicker']) Object.defineProperty(window, name, { value: undefined, configurable: true, writable: true });
  });
  await noPickers();
  const saving = app.waitForEvent('download', { timeout: 30_000 });
  await app.getByTestId('workspace-menu').click();
  await app.getByRole('menuitem', { name: /^保存/ }).click();
  const file = info.outputPath('甲县.xingtu');
  await (await saving).saveAs(file);
  await app.evaluate(() => localStorage.removeItem('xingtu.plans'));
  await app.reload();
  await expect(app.getByTestId('overview')).toBeVisible({ timeout: 45_000 });
  await noPickers();
  await app.getByTestId('workspace-menu').click();
  await app.getByRole('menuitem', { name: '新建空白工作区' }).click();
  await expect(app.getByText('还没有评定数据')).toBeVisible();
  const chooser = app.waitForEvent('filechooser');
  await app.getByTestId('workspace-menu').click();
  await app.getByRole('menuitem', { name: '打开工作区…' }).click();
  await (await chooser).setFiles(file);
  await expect(app.getByText(/已打开工作区/)).toBeVisible();
  await app.getByRole('button', { name: /^排名/ }).click();
  await expect(app.getByTestId('plan-table')).toBeVisible();
  expect(await cellsOf(app.getByTestId('plan-table'))).toEqual(ATTAINMENT);
});

test('the plan on 总览 and as the 趋势 target line; who was converted, with their record', async ({ app }) => {
  test.setTimeout(120_000);
  await importLedger(app);
  await app.getByRole('button', { name: /^排名/ }).click();
  await app.getByTestId('plan-panel').getByTestId('plan-input').setInputFiles({ name: '2025年创建规划.xlsx', mimeType: 'application/octet-stream', buffer: await planXlsx(PLAN_ROWS) });
  await expect(app.getByTestId('plan-table')).toBeVisible();

  // 已转化单位 (by hand: 南关村 1星 weak → 3星; 河北村 2星 weak → 3星), in the 台账's township order.
  const converted = app.getByTestId('converted-list');
  await converted.locator('summary').click();
  await expect(converted.locator('summary')).toContainText('已转化单位（2个）');
  expect(await converted.getByTestId('converted-row').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)))).toEqual([
    ['南关村', '城关镇', '三星', '支部过硬、产业兴旺、生态宜居', '2024Q4 一星（软弱涣散） → 2025Q4 三星'],
    ['河北村', '河口镇', '三星', '支部过硬、产业兴旺、生态宜居', '2024Q4 二星（软弱涣散） → 2025Q4 三星'],
  ]);

  // 总览: the county's plan (sum of the townships' counts: 五星 3, 四星 2; no county share target).
  await app.getByRole('button', { name: /^总览/ }).click();
  const strip = app.getByTestId('overview-plan');
  await expect(strip).toContainText('2025年创建规划完成情况');
  await expect(strip.getByTestId('overview-plan-five')).toHaveText('“五星”支部：规划 3个，已创成 2个（未达到）');
  await expect(strip.getByTestId('overview-plan-four')).toHaveText('“四星”支部：规划 2个，已创成 1个（未达到）');
  await expect(strip.getByTestId('overview-plan-share3plus')).toHaveCount(0);

  // One township chosen: its own plan, and on 趋势 its 70% target line for 2025 only (no 2024 plan).
  await app.getByRole('button', { name: /^排名/ }).click();
  await app.getByTestId('plan-table').locator('tbody tr', { hasText: '城关镇' }).click();
  await app.getByRole('button', { name: /^总览/ }).click();
  await expect(strip.getByTestId('overview-plan-share3plus')).toHaveText('三星以上占比：目标 70.0%，实际 75.0%（达到）');
  await app.getByRole('button', { name: /^趋势/ }).click();
  await app.getByTestId('trend-share').getByText('数据表').click();
  const target = app.getByTestId('table-share').locator('tr[data-row="target"]');
  await expect(target.locator('th')).toHaveText('规划目标');
  await expect(target.locator('td[data-period="2024Q4"]')).toHaveText('—');
  await expect(target.locator('td[data-period="2025Q4"]')).toHaveText('70.0%');
  await screenshot(app, 'plans-trend-target');
});

test('a plan typed in the grid: the sheet\'s rules, a clear message for a bad cell, Ctrl+Z', async ({ app }) => {
  test.setTimeout(120_000);
  await importLedger(app);
  await app.getByRole('button', { name: /^排名/ }).click();
  const panel = app.getByTestId('plan-panel');
  await panel.getByTestId('plan-edit').click();
  const editor = panel.getByTestId('plan-editor');
  const cell = (township: string, column: string) => editor.getByLabel(`${township}${column}`);
  await cell('城关镇', '规划五星').fill('1个');
  await cell('城关镇', '规划四星').fill('2');
  await cell('城关镇', '三星以上占比目标').fill('70%');
  await cell('河口镇', '规划五星').fill('一个');
  await editor.getByTestId('plan-editor-save').click();
  await expect(editor.getByTestId('plan-editor-error')).toHaveText('河口镇“规划五星”列的值“一个”不是个数。请填写整数，如 1 或 1个。');
  await cell('河口镇', '规划五星').fill('1');
  await cell('河口镇', '规划四星').fill('0');
  await cell('河口镇', '三星以上占比目标').fill('0.6');
  await cell('河口镇', '三星以上占比目标').press('Enter'); // down to 全县
  await expect(cell('全县', '三星以上占比目标')).toBeFocused();
  await editor.getByTestId('plan-editor-save').click();
  // By hand (2025Q4): as in the imported plan, without 新区街道; the county is the sum: 五星 2, 四星 2.
  expect(await cellsOf(panel.getByTestId('plan-table'))).toEqual([
    ['城关镇', '1', '1', '2', '1', '70.0%', '75.0%', '未达到'],
    ['河口镇', '1', '1', '0', '0', '60.0%', '66.7%', '达到'],
    ['全县', '2', '2', '2', '1', '—', '71.4%', '未达到'],
  ]);
  await app.locator('body').click({ position: { x: 5, y: 5 } });
  await app.keyboard.press('Control+z');
  await expect(panel.getByText('还没有2025年创建规划')).toBeVisible();
});
