/**
 * 评比 (issue #16): a 观摩评比 round typed in the entry grid with the keyboard (Enter down, Tab
 * right), ranked live by the trimmed mean with a tie shown as 并列, a score above the maximum
 * refused with a Chinese message, Ctrl+Z undoing an entry, then added to the 简报 and exported
 * as Excel, whose ranked rows are read back. Expected numbers are worked out by hand below.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Locator, Page } from '@playwright/test';
import { latestPeriod, readSampleRows } from '../support/sample-truth.ts';
import { expect, screenshot, test } from './fixtures.ts';

const FIXTURES = join('tests', 'fixtures', 'judge');

const TOWNSHIPS = ['城关镇', '河口镇', '青石镇', '柳林乡'];
// Five judges, 去掉1个最高分和1个最低分:
//   城关镇 90 92 88 95 85 → drop 95, 85 → (90 + 92 + 88) / 3 = 90.00
//   河口镇 93 91 94 90 96 → drop 96, 90 → (93 + 91 + 94) / 3 = 92.666… → 92.67
//   青石镇 89 91 90 92 88 → drop 92, 88 → (89 + 91 + 90) / 3 = 90.00 → tied with 城关镇
//   柳林乡 80 85 82 84 81 → drop 85, 80 → (82 + 84 + 81) / 3 = 82.333… → 82.33
const SCORES = [
  [90, 92, 88, 95, 85],
  [93, 91, 94, 90, 96],
  [89, 91, 90, 92, 88],
  [80, 85, 82, 84, 81],
];
const RANKED = [['1', '河口镇', '92.67'], ['并列2', '城关镇', '90.00'], ['并列2', '青石镇', '90.00'], ['4', '柳林乡', '82.33']];

function cell(app: Page, row: number, judge: number): Locator {
  return app.getByTestId('judge-grid').locator(`.ag-row[row-index="${row}"] .ag-cell[col-id="s_0_${judge}"]`);
}

async function resultRows(app: Page): Promise<string[][]> {
  const rows = app.getByTestId('judge-result-row');
  const out: string[][] = [];
  for (let i = 0; i < await rows.count(); i++) {
    const r = rows.nth(i);
    out.push([await r.getByTestId('judge-rank').innerText(), await r.getByTestId('judge-name').innerText(), await r.getByTestId('judge-score').innerText()]);
  }
  return out;
}

test('enter a round with the keyboard, rank it, undo an entry, add it to the 简报 and export Excel', async ({ app }) => {
  test.setTimeout(120_000);
  await app.getByRole('button', { name: /^评比/ }).click();
  await expect(app.getByText('还没有观摩评比')).toBeVisible();
  await app.getByTestId('judge-new').first().click();
  // The round is named after the filter's period (the sample's latest quarter).
  await expect(app.getByTestId('judge-title')).toHaveText(/^\d{4}年第[一二三四]季度观摩评比$/);
  const roundName = await app.getByTestId('judge-title').innerText();
  await expect(app.getByText('还没有参评单位')).toBeVisible();

  // Townships typed one by one (name, Enter).
  const add = app.getByTestId('judge-add-name');
  for (const t of TOWNSHIPS) {
    await add.fill(t);
    await add.press('Enter');
  }
  await expect(app.getByTestId('judge-grid').locator('.ag-cell[col-id="s_0_0"]')).toHaveCount(4);

  // 评委一 down the column with Enter.
  await cell(app, 0, 0).click();
  for (const row of SCORES) {
    await app.keyboard.type(String(row[0]));
    await app.keyboard.press('Enter');
  }
  // The other judges along each row with Tab; Enter ends the row.
  for (const [r, row] of SCORES.entries()) {
    await cell(app, r, 1).click();
    for (const [j, v] of row.slice(1).entries()) {
      // A score above the maximum: refused, with contestant, judge and value named.
      if (r === 1 && j === 0) {
        await app.keyboard.type('105');
        await app.keyboard.press('Tab');
        await expect(app.getByTestId('judge-entry-error')).toHaveText('"河口镇"：评委二的分数 105 超过满分 100，未录入。');
        await expect(cell(app, 1, 1)).toHaveText('');
        await cell(app, 1, 1).click();
      }
      await app.keyboard.type(String(v));
      await app.keyboard.press(j < 3 ? 'Tab' : 'Enter');
      // Tab opens the next judge's editor: type once it has the focus, as a person does.
      if (j < 3) await expect(app.getByTestId('judge-grid').locator('.ag-cell-inline-editing input')).toBeFocused();
    }
  }
  for (const [r, row] of SCORES.entries()) {
    for (const [j, v] of row.entries()) await expect(cell(app, r, j)).toHaveText(String(v));
  }
  await expect(app.getByTestId('judge-entry-error')).toHaveCount(0);

  // The ranking, live: trimmed mean, the tie shared.
  await expect(app.getByTestId('judge-rule')).toHaveText('计分规则：去掉1个最高分和1个最低分后取平均，保留2位小数（四舍五入），同分并列（1、2、2、4）。');
  await expect.poll(() => resultRows(app)).toEqual(RANKED);
  // Two struck-through scores per township: 城关镇 (2nd row) loses 95 and 85.
  const second = app.getByTestId('judge-result-row').nth(1);
  await expect(second.locator('s')).toHaveText(['95', '85']);

  // A wrong entry, then Ctrl+Z: 城关镇 评委三 88 → 98 gives 90 92 98 95 85 → drop 98, 85 → 92.33, alone in 2nd place.
  await cell(app, 0, 2).click();
  await app.keyboard.type('98');
  await app.keyboard.press('Enter');
  await expect.poll(() => resultRows(app)).toEqual([['1', '河口镇', '92.67'], ['2', '城关镇', '92.33'], ['3', '青石镇', '90.00'], ['4', '柳林乡', '82.33']]);
  await app.keyboard.press('Control+z');
  await expect(app.getByText('已撤销录入 城关镇 评委三 98')).toBeVisible();
  await expect(cell(app, 0, 2)).toHaveText('88');
  await expect.poll(() => resultRows(app)).toEqual(RANKED);

  // Against star progress in the round's period (the sample's latest quarter vs the one before), from the sample CSV.
  const truth = readSampleRows();
  const { year, quarter } = latestPeriod(truth);
  const prev = quarter === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: quarter - 1 };
  const share = (tw: string, p: { year: number; quarter: number }) => {
    const sel = truth.filter((r) => r.township === tw && r.year === p.year && r.quarter === p.quarter);
    return sel.filter((r) => r.level >= 3).length / sel.length;
  };
  const pp = (d: number) => {
    const r = Math.round(d * 1000) / 10;
    return r === 0 ? '持平' : `${r > 0 ? '+' : '−'}${Math.abs(r).toFixed(1)}`;
  };
  const progress = app.getByTestId('judge-progress');
  await expect(progress.getByTestId('judge-progress-text')).toHaveText(/^评比得分与三星以上占比提升幅度的等级相关系数为 -?\d\.\d\d，.+（只有 4 个乡镇，仅供参考）。$/);
  const order = ['河口镇', '城关镇', '青石镇', '柳林乡'];
  await expect(progress.locator('tbody tr')).toHaveText(order.map((tw) => new RegExp(`${tw}.*${pp(share(tw, { year, quarter }) - share(tw, prev)).replace('+', '\\+')}$`)));

  await screenshot(app, 'judge');
  await app.getByTestId('judge-result-panel').screenshot({ path: 'tests/artifacts/screens/judge-result.png' });

  // Kept across a reload (the round is workspace data, mirrored in localStorage).
  await app.reload();
  await expect(app.getByTestId('overview')).toBeVisible({ timeout: 45_000 });
  await app.getByRole('button', { name: /^评比/ }).click();
  await expect(app.getByTestId('judge-title')).toHaveText(roundName);
  await expect.poll(() => resultRows(app)).toEqual(RANKED);

  // 加入简报, then the 简报 shows the ranked table with the rule as its note.
  await app.getByTestId('judge-add-briefing').click();
  await expect(app.getByText('已加入简报（共1项）')).toBeVisible();
  await app.getByRole('button', { name: /^简报/ }).click();
  const item = app.getByTestId('briefing-item').first();
  await expect(item).toHaveAttribute('data-kind', 'judge');
  await expect(item).toContainText(`${roundName}结果`);
  const table = item.getByTestId('briefing-table');
  await expect(table.locator('tbody tr')).toHaveCount(4);
  await expect(table.locator('tbody tr').first()).toContainText('河口镇');
  await expect(item).toContainText('计分规则：去掉1个最高分和1个最低分后取平均');

  // Excel: the round's sheet, read back — rank, name, final score per row.
  const [download] = await Promise.all([app.waitForEvent('download'), app.getByTestId('briefing-export-xlsx').click()]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await download.path())!);
  // The round's sheet is titled by the round (the workbook may also hold the narrative).
  const ws = wb.worksheets.find((w) => w.getCell('A1').value === `${roundName}结果`)!;
  expect(ws, wb.worksheets.map((w) => w.name).join('、')).toBeTruthy();
  // Row 2: the judges' group header; row 3: the column headers; rows 4–7: the ranking.
  expect(ws.getRow(3).getCell(1).value).toBe('名次');
  expect(ws.getRow(3).getCell(5).value).toBe('评委二');
  const rows = [4, 5, 6, 7].map((r) => [ws.getRow(r).getCell(1).value, ws.getRow(r).getCell(2).value, ws.getRow(r).getCell(3).value]);
  expect(rows).toEqual([[1, '河口镇', 92.67], [2, '城关镇', 90], [2, '青石镇', 90], [4, '柳林乡', 82.33]]);
  // 城关镇's dropped scores are marked.
  expect(ws.getRow(5).getCell(7).value).toBe('95（去）');
});

test('import judges’ sheets; the round travels in the workspace file', async ({ app }, info) => {
  test.setTimeout(120_000);
  // Chromium's file pickers away: saving downloads, opening uses the file input.
  await app.evaluate(() => {
    for (const name of ['showSaveFilePicker', 'showOpenFilePicker']) Object.defineProperty(window, name, { value: undefined, configurable: true, writable: true });
  });
  await app.getByRole('button', { name: /^评比/ }).click();

  // A sheet with a score above the maximum is refused, naming file, row, judge and value.
  await app.getByTestId('judge-file').setInputFiles(join(FIXTURES, 'over-max.csv'));
  await expect(app.getByTestId('judge-import-error')).toHaveText(/^文件"over-max.csv"第3行"评委三"的分数"105"超过满分 100。/);

  // five-judges.xlsx, 去掉1个最高分和1个最低分:
  //   城关镇 90 92 88 95 85 → 90.00; 河口镇 93 91 94 90 96 → 92.67;
  //   石门镇 85 87 86 88 84 → drop 88, 84 → 258 / 3 = 86.00; 青山乡 80.5 82 81.5 79 83 → drop 83, 79 → 244 / 3 = 81.33
  const ranked = [['1', '河口镇', '92.67'], ['2', '城关镇', '90.00'], ['3', '石门镇', '86.00'], ['4', '青山乡', '81.33']];
  await app.getByTestId('judge-file').setInputFiles(join(FIXTURES, 'five-judges.xlsx'));
  await expect(app.getByTestId('judge-title')).toHaveText('2026年第三季度观摩评比评分表');
  await expect(app.getByTestId('judge-import-error')).toHaveCount(0);
  await expect.poll(() => resultRows(app)).toEqual(ranked);
  await expect(app.getByTestId('judge-grid').locator('.ag-row[row-index="3"] .ag-cell[col-id="s_0_0"]')).toHaveText('80.5');

  // The rule is the round's: 全部评委平均 gives 河口镇 (93 + 91 + 94 + 90 + 96) / 5 = 92.80, 城关镇 450 / 5 = 90.00,
  // 石门镇 430 / 5 = 86.00, 青山乡 406 / 5 = 81.20; one decimal then rounds them (92.8, 90.0, 86.0, 81.2); Ctrl+Z twice goes back.
  await app.getByText('评比设置：').click();
  await app.getByLabel('计分方法').selectOption('mean');
  await expect(app.getByTestId('judge-rule')).toHaveText('计分规则：取全部评委的平均分，保留2位小数（四舍五入），同分并列（1、2、2、4）。');
  await expect.poll(() => resultRows(app)).toEqual([['1', '河口镇', '92.80'], ['2', '城关镇', '90.00'], ['3', '石门镇', '86.00'], ['4', '青山乡', '81.20']]);
  await app.getByLabel('保留小数位数').selectOption('1');
  await expect.poll(() => resultRows(app)).toEqual([['1', '河口镇', '92.8'], ['2', '城关镇', '90.0'], ['3', '石门镇', '86.0'], ['4', '青山乡', '81.2']]);
  await app.getByTestId('judge-title').click();
  await app.keyboard.press('Control+z');
  await app.keyboard.press('Control+z');
  await expect.poll(() => resultRows(app)).toEqual(ranked);

  // Save (Ctrl+S downloads), then an empty workspace, then open the file: the round is back.
  const download = app.waitForEvent('download');
  await app.keyboard.press('Control+s');
  const file = info.outputPath('示例数据.xingtu');
  await (await download).saveAs(file);
  await expect(app.getByText(/已保存工作区/)).toBeVisible();
  await app.evaluate(() => localStorage.removeItem('xingtu.judge-rounds'));
  await app.getByTestId('workspace-menu').click();
  await app.getByRole('menuitem', { name: '新建空白工作区' }).click();
  await app.getByRole('button', { name: /^评比/ }).click();
  await expect(app.getByText('还没有观摩评比')).toBeVisible();
  const chooser = app.waitForEvent('filechooser');
  await app.getByTestId('workspace-menu').click();
  await app.getByRole('menuitem', { name: '打开工作区…' }).click();
  await (await chooser).setFiles(file);
  await expect(app.getByText(/已打开工作区/)).toBeVisible();
  await app.getByRole('button', { name: /^评比/ }).click();
  await expect(app.getByTestId('judge-title')).toHaveText('2026年第三季度观摩评比评分表');
  await expect.poll(() => resultRows(app)).toEqual(ranked);

  // A second round (seven judges, no period: after the dated one): the ranks side by side.
  //   城关镇 88 90 85 92 87 95 80 → drop 95, 80 → 442 / 5 = 88.40 (2nd); 河口镇 → drop 94, 88 → 455 / 5 = 91.00 (1st);
  //   石门镇 → drop 90, 83 → 430 / 5 = 86.00 (3rd); 青山乡 not in it.
  await app.getByTestId('judge-file').setInputFiles(join(FIXTURES, 'seven-judges.csv'));
  await expect(app.getByTestId('judge-title')).toHaveText('创建思路大比武');
  await expect.poll(() => resultRows(app)).toEqual([['1', '河口镇', '91.00'], ['2', '城关镇', '88.40'], ['3', '石门镇', '86.00']]);
  await expect(app.getByTestId('judge-history-row')).toHaveText([
    /^河口镇\s*1\s*1\s*持平$/, /^城关镇\s*2\s*2\s*持平$/, /^石门镇\s*3\s*3\s*持平$/, /^青山乡\s*4\s*—\s*—$/,
  ]);
  await screenshot(app, 'judge-history');
});
