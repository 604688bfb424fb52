/**
 * One definition per number (issue #11), as a reader checks it: for each view kind (总览, 排名,
 * 红榜, 乡镇对比, 趋势 by year, 透视 with a period chosen in its own 筛选 well) the numbers on the screen are
 * the numbers of the same item in the 简报 — on its page, in its PDF text and in its Excel
 * workbook — for one county and for a merged two-county city whose townships share names.
 * The 总览 is also checked against plain JS over the imported rows.
 */
import ExcelJS from 'exceljs';
import type { Locator, Page } from '@playwright/test';
import { STARS } from '../../shared/stars.ts';
import { secondCountyCsv } from '../support/workspace-county.ts';
import { expect, screenshot, test } from './fixtures.ts';
import { pdfText, printToPdf } from './briefing-io.ts';

const COUNTIES = ['甲县', '乙县'] as const;
const NORMALIZED = { 甲县: secondCountyCsv('甲县', 3, 2023, 2024), 乙县: secondCountyCsv('乙县', 7, 2023, 2024) };

/** The generated county as the 台账 an office keeps: Chinese headers, √ marks, 村/社区. */
function asLedger(csv: string): string {
  const [header, ...lines] = csv.trimEnd().split('\n');
  const cols = header.split(',');
  const at = (name: string) => cols.indexOf(name);
  const head = ['县（市、区）', '乡镇（街道）', '村（社区）名称', '类型', '年度', '季度', ...STARS.map((s) => s.name), '星级'];
  const body = lines.map((l) => l.split(',')).map((v) => [
    v[at('county')], v[at('township')], v[at('name')], v[at('kind')] === 'village' ? '村' : '社区', v[at('year')], v[at('quarter')],
    ...STARS.map((s) => (v[at(s.id)] === 'true' ? '√' : '')), v[at('level')],
  ].join(','));
  return [head.join(','), ...body].join('\n') + '\n';
}
const CSV = { 甲县: asLedger(NORMALIZED.甲县), 乙县: asLedger(NORMALIZED.乙县) };

/** The imported rows in plain JS: county, period, level, for the independent 总览 figures. */
function rowsOf(csv: string) {
  const [header, ...lines] = csv.trimEnd().split('\n');
  const cols = header.split(',');
  const at = (name: string) => cols.indexOf(name);
  return lines.map((l) => l.split(',')).map((v) => ({
    county: v[at('county')], year: Number(v[at('year')]), quarter: v[at('quarter')] === '' ? null : Number(v[at('quarter')]),
    level: Number(v[at('level')]),
  }));
}
const ROWS = [...rowsOf(NORMALIZED.甲县), ...rowsOf(NORMALIZED.乙县)];

const cellsOf = (table: Locator) => table.evaluate((el) => [...el.querySelectorAll('tbody tr')]
  .map((tr) => [...tr.children].map((td) => (td.textContent ?? '').replace(/\s+/g, '').replace(/^并列/, ''))));

/** A workbook cell as the screen writes it: percentages to one decimal, counts whole. */
function excelText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (typeof v === 'number') return cell.numFmt?.includes('%') ? `${(v * 100).toFixed(1)}%` : String(v);
  return v == null ? '' : String(v).replace(/\s+/g, '');
}

function sheetRows(ws: ExcelJS.Worksheet): string[][] {
  const out: string[][] = [];
  ws.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c) => cells.push(excelText(c)));
    out.push(cells);
  });
  return out;
}

async function importCounties(app: Page): Promise<void> {
  await app.getByTestId('import-input').setInputFiles(COUNTIES.map((c) => ({ name: `${c}台账.csv`, mimeType: 'text/csv', buffer: Buffer.from(CSV[c]) })));
  await expect(app.getByTestId('import-summary')).toBeVisible({ timeout: 30_000 });
  await app.getByTestId('import-commit').click();
  await expect(app.getByTestId('import-dialog')).toBeHidden();
  await expect(app.getByLabel('期次')).toHaveValue('2024Q4');
  // Both files are in (the views read them all): the status bar counts every rating.
  const ratings = COUNTIES.reduce((n, c) => n + CSV[c].trim().split('\n').length - 1, 0);
  await expect(app.getByTestId('status-rows')).toHaveText(`${ratings.toLocaleString('zh-CN')} 条评定记录`);
}

interface Screen {
  overview: { units: string; n3plus: string; share: string };
  ranking: string[][];
  red: string[][];
  compare: string[][];
  trend: string[][];
  pivotTotal: string[];
}

async function readScreens(app: Page): Promise<Screen> {
  // 总览
  await app.getByRole('button', { name: /^总览/ }).click();
  const units = (await app.getByTestId('kpi-units-value').innerText()).trim();
  const n3plus = (await app.getByTestId('kpi-n3plus-value').innerText()).trim();
  const share = (await app.getByTestId('kpi-n3plus-detail').innerText()).replace('占比', '').trim();
  await app.getByTestId('add-overview').click();

  // 排名 (三星以上占比, the default)
  await app.getByRole('button', { name: /^排名/ }).click();
  const rankTable = app.getByTestId('township-ranking');
  await expect(rankTable.getByTestId('rank-row').first()).toBeVisible();
  const ranking = (await cellsOf(rankTable)).map((r) => r.slice(0, 3));
  await app.getByTestId('add-ranking').click();
  // 红榜 (of townships, by the same measure)
  const red = (await cellsOf(app.getByTestId('board-red').locator('table'))).map((r) => r.slice(0, 3));
  await app.getByTestId('add-boards').click();

  // 对比: the default two townships side by side
  await app.getByRole('button', { name: /^对比/ }).click();
  await app.getByRole('tab', { name: /乡镇/ }).click().catch(() => undefined);
  const cmpTable = app.getByTestId('township-compare');
  await expect(cmpTable.locator('tbody tr').first()).toBeVisible();
  const compare = await cellsOf(cmpTable);
  await app.getByTestId('add-compare').click();

  // 趋势 by year
  await app.getByRole('button', { name: /^趋势/ }).click();
  await app.getByRole('radio', { name: '年度' }).click();
  const shareTable = app.getByTestId('table-share');
  await expect(shareTable.locator('tbody tr').first()).toBeAttached();
  const trend = await cellsOf(shareTable);
  await app.getByTestId('add-trend-share').click();

  // 透视 with the year 2023 chosen in its own 筛选 well: the global period (2024Q4) must not apply.
  await app.getByRole('button', { name: /^透视/ }).click();
  const grid = app.getByTestId('pivot-grid');
  await expect(grid.locator('.ag-row').first()).toBeVisible();
  await app.getByTestId('pivot-field-list').getByText('年度', { exact: true }).dragTo(app.getByTestId('pivot-filters'));
  await app.getByRole('group', { name: '年度筛选值' }).getByLabel('2023年', { exact: true }).check();
  const total = grid.locator('[row-id="total"]');
  await expect(total).toBeVisible();
  await app.waitForTimeout(600);
  const pivotTotal = await total.locator('[col-id^="v:"]').allInnerTexts();
  await app.getByTestId('add-pivot').click();
  return { overview: { units, n3plus, share }, ranking, red, compare, trend, pivotTotal: pivotTotal.map((t) => t.trim()) };
}

async function checkBriefing(app: Page, screen: Screen, name: string): Promise<void> {
  await app.getByRole('button', { name: /^简报/ }).click();
  const items = app.getByTestId('briefing-item');
  await expect(items).toHaveCount(6);
  const tableOf = (kind: string) => app.locator(`[data-testid="briefing-item"][data-kind="${kind}"]`).getByTestId('briefing-table').first();

  const ov = await cellsOf(tableOf('overview'));
  const ovRow = (label: string) => ov.find((r) => r[0] === label)!;
  expect(ovRow('参评单位数')[1]).toBe(screen.overview.units);
  expect(ovRow('三星以上单位数')[1]).toBe(screen.overview.n3plus);
  expect(ovRow('三星以上占比')[1]).toBe(screen.overview.share);

  const rk = (await cellsOf(tableOf('ranking'))).map((r) => r.slice(0, 3));
  expect(rk).toEqual(screen.ranking);
  expect((await cellsOf(tableOf('boards'))).map((r) => r.slice(0, 3))).toEqual(screen.red);
  expect(await cellsOf(tableOf('townshipCompare'))).toEqual(screen.compare);

  // A trend item prints as its chart (drawn from the same resolver); its numbers are in the workbook, below.
  await expect(app.locator('[data-testid="briefing-item"][data-kind="trend"]').getByTestId('briefing-chart').locator('canvas').first()).toBeVisible();

  const pv = await cellsOf(tableOf('pivot'));
  const pvTotal = pv.find((r) => r[0] === '合计')!;
  expect(pvTotal.slice(1)).toEqual(screen.pivotTotal);
  await screenshot(app, `view-kinds-${name}-briefing`);

  // The PDF's text holds every row of the ranking and the trend as the screen writes them.
  const { text } = await printToPdf(app, `view-kinds-${name}`).then(pdfText);
  const pdf = text.join('').replace(/\s+/g, '');
  for (const r of [...screen.ranking, ...screen.red, ...screen.compare]) expect(pdf).toContain(r.join(''));
  expect(pdf).toContain(`三星以上占比${screen.overview.share}`);
  expect(pdf).toContain(`合计${screen.pivotTotal.join('')}`);

  // The workbook: the same numbers, as numbers.
  const [download] = await Promise.all([app.waitForEvent('download'), app.getByTestId('briefing-export-xlsx').click()]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await download.path())!);
  const sheets = wb.worksheets.map(sheetRows);
  const find = (pred: (rows: string[][]) => boolean) => sheets.find(pred)!;
  const ovSheet = find((rows) => rows.some((r) => r[0] === '三星以上占比'));
  expect(ovSheet.find((r) => r[0] === '参评单位数')![1]).toBe(screen.overview.units);
  expect(ovSheet.find((r) => r[0] === '三星以上占比')![1]).toBe(screen.overview.share);
  const rkSheet = find((rows) => rows.some((r) => r[0] === '名次'));
  const rkBody = rkSheet.slice(rkSheet.findIndex((r) => r[0] === '名次') + 1, rkSheet.findIndex((r) => r[0] === '名次') + 1 + screen.ranking.length);
  expect(rkBody.map((r) => r.slice(0, 3))).toEqual(screen.ranking);
  // The trend's sheet: every row of the screen's table (乡镇 and one value per year), in order.
  const trSheet = find((rows) => rows.some((r) => r[0] === screen.trend[screen.trend.length - 1][0]) && rows.some((r) => r[0] === '乡镇（街道）'));
  const trHead = trSheet.findIndex((r) => r[0] === '乡镇（街道）');
  expect(trSheet.slice(trHead + 1, trHead + 1 + screen.trend.length).map((r) => r.slice(0, screen.trend[0].length))).toEqual(screen.trend);
  const pvSheet = find((rows) => rows.some((r) => r[0] === '合计' && r.slice(1, screen.pivotTotal.length + 1).join() === screen.pivotTotal.join()));
  expect(pvSheet).toBeTruthy();
}

/** The 总览's figures for a county set in plain JS over the CSV rows. */
function overviewTruth(counties: readonly string[]) {
  const sel = ROWS.filter((r) => counties.includes(r.county) && r.year === 2024 && r.quarter === 4);
  const n3 = sel.filter((r) => r.level >= 3).length;
  return { units: String(sel.length), n3plus: String(n3), share: `${((n3 / sel.length) * 100).toFixed(1)}%` };
}

test('a merged city: every view\'s numbers are the 简报\'s, on the page, in the PDF and in Excel', async ({ app }) => {
  test.setTimeout(180_000);
  await importCounties(app);
  // The 总览 settles on both counties (its first answer may still be the first file's).
  await app.getByRole('button', { name: /^总览/ }).click();
  await expect(app.getByTestId('kpi-units-value')).toHaveText(overviewTruth(COUNTIES).units);
  const screen = await readScreens(app);
  expect(screen.overview).toEqual(overviewTruth(COUNTIES));
  // Two counties, one township name: 城关镇 appears once per county in the ranking.
  expect(screen.ranking.length).toBeGreaterThan(new Set(screen.ranking.map((r) => r[1])).size - 1);
  await checkBriefing(app, screen, 'merged');
});

test('one county of the city: the 简报 keeps the county filter in every item', async ({ app }) => {
  test.setTimeout(180_000);
  await importCounties(app);
  await app.getByLabel('县（市、区）').selectOption('乙县');
  const screen = await readScreens(app);
  expect(screen.overview).toEqual(overviewTruth(['乙县']));
  await checkBriefing(app, screen, 'one-county');
});
