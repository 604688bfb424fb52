/**
 * 简报: compose a briefing from three views (透视, a 趋势 chart, the 乡镇排名) with 加入简报,
 * caption and reorder it, check the narrative's numbers against an independent reading of the
 * sample CSV, export it as PDF (the print path: A4, page count, the text layer holds the
 * narrative's numbers) and as Excel (read back: a sheet per table, numbers, formula-looking
 * names stay text).
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { BOM_CSV_HEADER } from '../support/fixtures.ts';
import { latestPeriod, readSampleRows } from '../support/sample-truth.ts';
import { narrativeTruth, pct } from '../support/briefing-truth.ts';
import { expect, screenshot, test } from './fixtures.ts';
import { pdfText, printToPdf } from './briefing-io.ts';

const truth = readSampleRows();
const { year, quarter } = latestPeriod(truth);
const QN = ['一', '二', '三', '四'];

async function addFromViews(app: Page): Promise<void> {
  // 透视: the default pivot (townships × 单位数, 三星以上单位数, 三星以上占比).
  await app.getByRole('button', { name: /^透视/ }).click();
  await expect(app.getByTestId('pivot-grid').locator('.ag-row').first()).toBeVisible();
  await app.getByTestId('add-pivot').click();
  await expect(app.getByText('已加入简报（共1项）')).toBeVisible();
  // 趋势: the 三星以上占比 lines.
  await app.getByRole('button', { name: /^趋势/ }).click();
  await expect(app.getByTestId('chart-share').locator('canvas').first()).toBeVisible();
  await app.getByTestId('add-trend-share').click();
  await expect(app.getByText('已加入简报（共2项）')).toBeVisible();
  // 排名: the township ranking.
  await app.getByRole('button', { name: /^排名/ }).click();
  await expect(app.getByTestId('township-ranking')).toBeVisible();
  await app.getByTestId('add-ranking').click();
  await expect(app.getByText('已加入简报（共3项）')).toBeVisible();
}

test('compose a briefing from three views, export it as PDF and Excel', async ({ app }) => {
  test.setTimeout(120_000);
  const t = narrativeTruth(truth, year, quarter);
  const periodName = `${year}年第${QN[quarter - 1]}季度`;

  // The empty briefing says how to add items.
  await app.getByRole('button', { name: /^简报/ }).click();
  await expect(app.getByTestId('briefing-empty')).toContainText('加入简报');
  await expect(app.getByRole('button', { name: '去透视' })).toBeVisible();

  await addFromViews(app);
  await app.getByRole('button', { name: /^简报/ }).click();
  const items = app.getByTestId('briefing-item');
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toHaveAttribute('data-kind', 'pivot');

  // The narrative, from the data: the numbers computed here from the CSV.
  const narrative = app.getByTestId('narrative-input');
  await expect(narrative).toContainText(`截至${periodName}，示例县共有参评单位${t.units}个`);
  const text = await narrative.inputValue();
  expect(text).toContain(`其中“五星”支部${t.levels[5]}个、“四星”支部${t.levels[4]}个、“三星”支部${t.levels[3]}个`);
  expect(text).toContain(`三星以上占比${t.share}，${t.change}。`);
  expect(text).toContain(t.unitsUp > 0 ? `共有${t.unitsUp}个单位星级提升` : '没有单位星级提升');
  expect(text).toContain(t.demoted > 0 ? `${t.demoted}个单位被摘星` : '没有单位被摘星');
  expect(text).toContain(`${t.weakest.name}`);
  expect(text).toMatch(new RegExp(`达标率最低（(均为)?${t.weakest.rate.replace('.', '\\.')}）`));

  // Caption, reorder (the trend chart moves first), and a title of one's own.
  await items.nth(1).getByTestId('caption-input').fill('各乡镇三星以上占比总体稳步提升，城关镇增幅明显。');
  await app.getByRole('button', { name: '上移第三部分' }).click();
  await expect(items.nth(0)).toHaveAttribute('data-kind', 'trend');
  await expect(items.nth(1)).toHaveAttribute('data-kind', 'pivot');
  await expect(app.getByTestId('outline-item').nth(0)).toContainText('二、示例县各乡镇三星以上占比走势');
  await app.getByLabel('发文单位').fill('中共示例县委组织部');
  await app.getByLabel('简报期号').fill('7');
  await expect(app.getByTestId('briefing-issue')).toHaveText('第7期');

  // Remove and undo (Ctrl+Z on this screen).
  await app.getByRole('button', { name: '删除第四部分' }).click();
  await expect(items).toHaveCount(2);
  await expect(app.getByTestId('briefing-undo')).toBeVisible();
  await app.locator('body').click({ position: { x: 5, y: 5 } });
  await app.keyboard.press('Control+z');
  await expect(items).toHaveCount(3);
  await expect(items.nth(2)).toHaveAttribute('data-kind', 'ranking');

  // Every part rendered: a chart, the tables.
  await expect(app.getByTestId('briefing-chart').first().locator('canvas').first()).toBeVisible();
  await expect(items.nth(1).getByTestId('briefing-table')).toContainText('合计');
  await expect(items.nth(2).getByTestId('briefing-table')).toContainText('名次');
  await app.getByTestId('briefing-title').scrollIntoViewIfNeeded();
  await screenshot(app, 'briefing-1-composer');
  await items.nth(2).scrollIntoViewIfNeeded();
  await screenshot(app, 'briefing-2-composer-ranking');

  // Each chart exports as a 2× PNG.
  const figure = app.getByTestId('briefing-chart').first();
  const box = (await figure.locator('canvas').first().boundingBox())!;
  const [png] = await Promise.all([app.waitForEvent('download'), figure.getByRole('button', { name: '导出PNG' }).click()]);
  expect(png.suggestedFilename()).toBe('示例县各乡镇三星以上占比走势.png');
  const bytes = readFileSync((await png.path())!);
  expect([...bytes.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
  expect(Math.abs(bytes.readUInt32BE(16) - 2 * box.width)).toBeLessThanOrEqual(2);

  // PDF through the print path.
  const pdf = await printToPdf(app, 'briefing');
  const { pages, text: pageText } = await pdfText(pdf);
  expect(pages).toBeGreaterThanOrEqual(2);
  const all = pageText.join('\n').replace(/\s+/g, '');
  expect(all).toContain('“五星”支部创建工作简报');
  expect(all).toContain('中共示例县委组织部');
  expect(all).toContain('第7期');
  expect(all).toContain('一、总体情况');
  expect(all).toContain(`参评单位${t.units}个`);
  expect(all).toContain(`三星以上占比${t.share}`);
  expect(all).toContain(t.change);
  expect(all).toContain(t.weakest.rate);
  expect(all).toContain('二、示例县各乡镇三星以上占比走势');
  expect(all).toContain('各乡镇三星以上占比总体稳步提升');
  expect(all).toContain(`四、${periodName}各乡镇三星以上占比排名`);
  // Page numbers in the bottom margin: — 1 —, — 2 — …
  expect(pageText[0].replace(/\s+/g, '')).toContain('—1—');
  expect(pageText[1].replace(/\s+/g, '')).toContain('—2—');

  // Excel: one sheet per table, read back.
  const [download] = await Promise.all([app.waitForEvent('download'), app.getByTestId('briefing-export-xlsx').click()]);
  expect(download.suggestedFilename()).toMatch(/^“五星”支部创建工作简报-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await download.path())!);
  // 总体情况 first (the narrative as the page shows it), then a sheet per table.
  expect(wb.worksheets.length).toBe(4);
  const [narrativeSheet, trendSheet, pivotSheet, rankSheet] = wb.worksheets;
  expect(narrativeSheet.name).toBe('总体情况');
  const narrativeCells: string[] = [];
  narrativeSheet.eachRow((row) => narrativeCells.push(String(row.getCell(1).value ?? '')));
  expect(narrativeCells.join('')).toContain(`三星以上占比${t.share}`);
  expect(trendSheet.getCell('A1').value).toBe('示例县各乡镇三星以上占比走势');
  expect(String(pivotSheet.getCell('A1').value)).toContain('统计表');
  expect(rankSheet.getCell('A1').value).toBe(`${periodName}各乡镇三星以上占比排名`);
  // The ranking's first row: rank 1, the best share, as a number formatted as a percentage.
  const best = Math.max(...[...new Set(truth.map((r) => r.township))].map((tw) => {
    const sel = truth.filter((r) => r.township === tw && r.year === year && r.quarter === quarter);
    return sel.filter((r) => r.level >= 3).length / sel.length;
  }));
  expect(rankSheet.getCell('A3').value).toBe(1);
  expect(rankSheet.getCell('C3').value as number).toBeCloseTo(best, 9);
  expect(rankSheet.getCell('C3').numFmt).toBe('0.0%');
  expect(pct(best)).toMatch(/%$/);
});

test('the Excel export keeps formula-looking names as text', async ({ app }) => {
  const evil = '=HYPERLINK("http://evil","x")';
  const yes = (n: number) => Array.from({ length: 5 }, (_, i) => (i < n ? '是' : '否'));
  const village = (township: string, name: string, q: string, stars: string[]) =>
    [township, name, '村', '2024', q, ...stars, '', '', '', String(stars.filter((x) => x === '是').length), ''];
  const field = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = [
    BOM_CSV_HEADER,
    village(evil, '甲村', '第一季度', yes(3)), village(evil, '@SUM(A1)村', '第一季度', yes(1)),
    village(evil, '甲村', '第二季度', yes(4)), village(evil, '@SUM(A1)村', '第二季度', yes(2)),
    village('平安镇', '丙村', '第一季度', yes(2)), village('平安镇', '丙村', '第二季度', yes(3)),
  ];
  const csv = '\ufeff' + rows.map((r) => r.map(field).join(',')).join('\n') + '\n';
  await app.getByRole('button', { name: /^数据/ }).click();
  await app.getByRole('button', { name: /^移除数据集/ }).click();
  await app.getByTestId('import-input').setInputFiles({ name: '公式测试.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await expect(app.getByTestId('import-accepted')).toHaveText('6', { timeout: 30_000 });
  await app.getByTestId('import-commit').click();
  await expect(app.getByTestId('import-dialog')).toBeHidden();
  await app.getByLabel('期次', { exact: true }).selectOption('2024Q2');

  await addFromViews(app);
  await app.getByRole('button', { name: /^简报/ }).click();
  await expect(app.getByTestId('briefing-item')).toHaveCount(3);
  // On screen the name is text.
  await expect(app.getByTestId('briefing-item').nth(2).getByTestId('briefing-table')).toContainText(evil);
  await screenshot(app, 'briefing-3-hostile');

  const [download] = await Promise.all([app.waitForEvent('download'), app.getByTestId('briefing-export-xlsx').click()]);
  const file = (await download.path())!;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  let hits = 0;
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => {
    const story = ws.name === '总体情况';
    expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
    if (typeof cell.value === 'string' && cell.value.includes('HYPERLINK')) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value.startsWith('=')).toBe(false);
      // A table cell is the name alone and carries the ' prefix; the narrative sheet quotes it inside a sentence.
      if (!story) {
        hits++;
        expect(cell.value).toBe(`'${evil}`);
      }
    }
  })));
  // The pivot, the trend table and the ranking each name the township.
  expect(hits).toBeGreaterThanOrEqual(3);
  // And the raw XML has no <f> (formula) element at all.
  const { unzipSync, strFromU8 } = await import('fflate');
  const zip = unzipSync(new Uint8Array(readFileSync(file)));
  for (const [path, bytes] of Object.entries(zip)) {
    if (path.startsWith('xl/worksheets/')) expect(strFromU8(bytes)).not.toContain('<f>');
  }
});

test('every view adds to the briefing; each part renders, follows the filter when asked, and drags into place', async ({ app }) => {
  test.setTimeout(150_000);
  // 总览: the key figures.
  await app.getByTestId('add-overview').click();
  await expect(app.getByText('已加入简报（共1项）')).toBeVisible();
  await screenshot(app, 'briefing-4-overview-button');
  // 趋势: the other three panels.
  await app.getByRole('button', { name: /^趋势/ }).click();
  await expect(app.getByTestId('chart-heatmap').locator('canvas').first()).toBeVisible();
  for (const id of ['levels', 'stars', 'heatmap']) await app.getByTestId(`add-trend-${id}`).click();
  await expect(app.getByText('已加入简报（共4项）')).toBeVisible();
  await screenshot(app, 'briefing-5-trends-buttons');
  // 排名: the 红黑榜.
  await app.getByRole('button', { name: /^排名/ }).click();
  await app.getByTestId('add-boards').click();
  await expect(app.getByText('已加入简报（共5项）')).toBeVisible();
  await app.getByTestId('add-boards').scrollIntoViewIfNeeded();
  await screenshot(app, 'briefing-6-ranking-buttons');
  // 对比: each tab.
  await app.getByRole('button', { name: /^对比/ }).click();
  await expect(app.getByTestId('radar-chart').locator('canvas').first()).toBeVisible();
  await app.getByTestId('add-compare').click();
  await app.getByRole('tab', { name: '乡镇对比' }).click();
  await expect(app.getByTestId('township-compare')).toBeVisible();
  await app.getByTestId('add-compare').click();
  await app.getByRole('tab', { name: '年度对比' }).click();
  await expect(app.getByTestId('yoy-grid')).toBeVisible();
  await app.getByTestId('add-compare').click();
  await expect(app.getByText('已加入简报（共8项）')).toBeVisible();
  await screenshot(app, 'briefing-7-compare-button');

  await app.getByRole('button', { name: /^简报/ }).click();
  const items = app.getByTestId('briefing-item');
  await expect(items).toHaveCount(8);
  expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(
    ['overview', 'trend', 'trend', 'trend', 'boards', 'unitCompare', 'townshipCompare', 'yearOverYear']);
  // Every part rendered: charts have canvases, tables have rows, nothing failed.
  await expect(app.getByTestId('briefing-chart')).toHaveCount(5);
  for (let i = 0; i < 5; i++) await expect(app.getByTestId('briefing-chart').nth(i).locator('canvas').first()).toBeVisible();
  await expect(app.locator('.bf-doc .state-error')).toHaveCount(0);
  await expect(app.locator('.bf-doc .state-loading')).toHaveCount(0);
  const overview = items.nth(0).getByTestId('briefing-table');
  const fig = narrativeTruth(truth, year, quarter);
  await expect(overview.locator('tr', { hasText: '参评单位数' })).toContainText(String(fig.units));
  await expect(overview.locator('tr', { hasText: '三星以上占比' })).toContainText(fig.share);
  await expect(items.nth(4).getByTestId('briefing-table')).toHaveCount(2);
  await expect(items.nth(7)).toContainText('表中只列星级有变化的单位');
  await screenshot(app, 'briefing-8-all-kinds');

  // Drag the last part (年度对比) to the top in the outline.
  const outline = app.getByTestId('outline-item');
  await outline.nth(7).dragTo(outline.nth(0));
  await expect(items.nth(0)).toHaveAttribute('data-kind', 'yearOverYear');
  await expect(outline.nth(0)).toContainText('二、示例县');

  // The overview part keeps its period until it follows the current filter.
  const prevKey = quarter === 1 ? `${year - 1}Q4` : `${year}Q${quarter - 1}`;
  const ov = items.nth(1);
  await app.getByLabel('期次', { exact: true }).selectOption(prevKey);
  await expect(ov.getByRole('textbox', { name: '第三部分标题' })).toHaveAttribute('placeholder', new RegExp(`^${year}年第${QN[quarter - 1]}季度`));
  await ov.getByRole('checkbox', { name: '跟随当前筛选' }).check();
  const prevName = quarter === 1 ? `${year - 1}年第四季度` : `${year}年第${QN[quarter - 2]}季度`;
  await expect(ov.getByRole('textbox', { name: '第三部分标题' })).toHaveAttribute('placeholder', new RegExp(`^${prevName}`));
  // The narrative follows the filter too.
  await expect(app.getByTestId('narrative-input')).toContainText(`截至${prevName}`);
  // A narrative of one's own stays; 重新生成 brings the automatic one back.
  await app.getByTestId('narrative-input').fill('自己写的总体情况。');
  await expect(app.getByTestId('narrative-state')).toContainText('已手动修改');
  await app.getByTestId('narrative-regenerate').click();
  await app.getByTestId('narrative-confirm-ok').click();
  await expect(app.getByTestId('narrative-input')).toContainText(`截至${prevName}`);

  // A reload keeps the briefing (localStorage).
  await app.reload();
  await expect(app.getByTestId('overview')).toBeVisible({ timeout: 45_000 });
  await app.getByRole('button', { name: /^简报/ }).click();
  await expect(app.getByTestId('briefing-item')).toHaveCount(8);

  const pdf = await printToPdf(app, 'briefing-all-kinds');
  const { pages } = await pdfText(pdf);
  expect(pages).toBeGreaterThanOrEqual(4);
});

test('重新生成 asks before replacing an edited narrative, and Ctrl+Z brings the edited text back', async ({ app }) => {
  const t = narrativeTruth(truth, year, quarter);
  const periodName = `${year}年第${QN[quarter - 1]}季度`;
  const auto = `截至${periodName}，示例县共有参评单位${t.units}个`;
  await app.getByRole('button', { name: /^简报/ }).click();
  const narrative = app.getByTestId('narrative-input');
  await expect(narrative).toContainText(auto);
  // The automatic text ends with the analyst's part.
  await expect(narrative).toContainText('（一）存在问题');
  await expect(narrative).toContainText('（二）下步打算');

  // Not edited: 重新生成 does not ask.
  await app.getByTestId('narrative-regenerate').click();
  await expect(app.getByTestId('narrative-confirm')).toHaveCount(0);

  // Edited: 取消 keeps the text, 重新生成 replaces it and says how to undo.
  const mine = `${await narrative.inputValue()}\n\n自己补充的一段话。`;
  await narrative.fill(mine);
  await expect(app.getByTestId('narrative-state')).toContainText('已手动修改');
  await app.getByTestId('narrative-regenerate').click();
  const dialog = app.getByTestId('narrative-confirm');
  await expect(dialog).toContainText('重新生成总体情况？');
  await dialog.getByRole('button', { name: '取消' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(narrative).toHaveValue(mine);

  await app.getByTestId('narrative-regenerate').click();
  await app.getByTestId('narrative-confirm-ok').click();
  await expect(dialog).toHaveCount(0);
  await expect(app.getByText('按 Ctrl+Z 撤销').first()).toBeVisible();
  await expect(narrative).not.toHaveValue(mine);
  await expect(narrative).toContainText(auto);
  await expect(app.getByTestId('narrative-state')).not.toContainText('已手动修改');

  // Ctrl+Z (outside the text box) puts the edited text back.
  await app.locator('body').click({ position: { x: 5, y: 5 } });
  await app.keyboard.press('Control+z');
  await expect(narrative).toHaveValue(mine);
  await expect(app.getByTestId('narrative-state')).toContainText('已手动修改');
});
