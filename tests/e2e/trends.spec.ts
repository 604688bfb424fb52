/**
 * 趋势: the four charts render from the engine, their numbers match an independent reading
 * of the sample CSV, clicks on a chart cross-filter the other views, and every chart exports.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { BOM_CSV_HEADER } from '../support/fixtures.ts';
import { figuresFor, latestPeriod, readSampleRows, type TruthRow } from '../support/sample-truth.ts';
import { gridBottom, HEATMAP, LEVEL_CHART, percentAxisMax, SHARE_CHART } from '../../renderer/src/views/trends/layout.ts';
import { expect, screenshot, test } from './fixtures.ts';

const truth = readSampleRows();
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const { year: lastYear, quarter: lastQuarter } = latestPeriod(truth);
const lastKey = `${lastYear}Q${lastQuarter}`;
const periodKeys = [...new Set(truth.map((r) => `${r.year}Q${r.quarter}`))].sort();
const townships = [...new Set(truth.map((r) => r.township))];

/** 三星以上 share of a selection, computed here from the CSV rows. */
function share3(rows: TruthRow[]): { n3: number; units: number; share: number } {
  const n3 = rows.filter((r) => r.level >= 3).length;
  return { n3, units: rows.length, share: n3 / rows.length };
}

async function openTrends(app: Page): Promise<void> {
  await app.getByRole('button', { name: /^趋势/ }).click();
  await expect(app.getByTestId('trends')).toBeVisible();
  for (const id of ['share', 'levels', 'stars', 'heatmap']) {
    await expect(app.getByTestId(`chart-${id}`).locator('canvas').first()).toBeVisible();
  }
}

/** Box of a chart after scrolling it into view. */
async function chartBox(chart: Locator) {
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.boundingBox();
  if (!box) throw new Error('chart not laid out');
  return box;
}

test('the trend charts render and their numbers match the sample CSV', async ({ app }) => {
  await openTrends(app);
  await expect(app.getByRole('img', { name: '各乡镇三星以上占比趋势折线图' })).toBeVisible();
  await expect(app.getByRole('img', { name: '各期星级结构堆叠柱状图' })).toBeVisible();
  await expect(app.getByRole('img', { name: '各星达标率趋势折线图' })).toBeVisible();
  await expect(app.getByRole('img', { name: '各乡镇三星以上占比热力图' })).toBeVisible();
  await screenshot(app, 'trends-1');

  // The county line in the tooltip at the latest period (hover the plot's right edge).
  const county = share3(truth.filter((r) => r.year === lastYear && r.quarter === lastQuarter));
  const share = app.getByTestId('chart-share');
  const box = await chartBox(share);
  const g = SHARE_CHART.grid;
  const plotTop = box.y + g.top;
  const plotBottom = box.y + box.height - gridBottom(g.bottom, periodKeys.length);
  await app.mouse.move(box.x + box.width - g.right - 3, (plotTop + plotBottom) / 2);
  await expect(share).toContainText('2025年第四季度');
  await expect(share).toContainText(`示例县${pct(county.share)}（${county.n3}/${county.units}个）`);
  await screenshot(app, 'trends-2-tooltip');
  await app.mouse.move(box.x + 4, box.y + 4);

  // The accessible data tables carry the same numbers.
  const shareTable = app.getByTestId('table-share');
  await app.getByTestId('trend-share').getByText('数据表').click();
  await expect(shareTable.locator('tr[data-row="total"] td[data-period="' + lastKey + '"]')).toHaveText(pct(county.share));
  for (const t of townships.slice(0, 3)) {
    for (const k of [periodKeys[0], lastKey]) {
      const [y, q] = k.split('Q').map(Number);
      const s = share3(truth.filter((r) => r.township === t && r.year === y && r.quarter === q));
      await expect(shareTable.locator(`tr[data-row="t:示例县:${t}"] td[data-period="${k}"]`)).toHaveText(pct(s.share));
    }
  }
  const cur = figuresFor(truth, lastYear, lastQuarter);
  const levelTable = app.getByTestId('table-levels');
  for (let n = 0; n <= 5; n++) {
    await expect(levelTable.locator(`tr[data-row="level-${n}"] td[data-period="${lastKey}"]`)).toHaveText(String(cur.levels[n]));
  }
  await expect(levelTable.locator(`tr[data-row="units"] td[data-period="${lastKey}"]`)).toHaveText(String(cur.units));
  const starTable = app.getByTestId('table-stars');
  for (const star of ['branch', 'industry', 'cobuild']) {
    await expect(starTable.locator(`tr[data-row="star-${star}"] td[data-period="${lastKey}"]`)).toHaveText(pct(cur.starRate[star]!));
  }
  // Village-only and community-only stars say so.
  await expect(starTable).toContainText('产业兴旺星（村）');
  await expect(starTable).toContainText('共建共享星（社区）');
  // The heatmap's default measure is the same share.
  const t0 = townships[0];
  const s0 = share3(truth.filter((r) => r.township === t0 && r.year === lastYear && r.quarter === lastQuarter));
  await expect(app.getByTestId('table-heatmap').locator(`tr[data-row="t:示例县:${t0}"] td[data-period="${lastKey}"]`)).toHaveText(pct(s0.share));

  // Any measure in the heatmap: 平均星级 from the CSV.
  await app.getByLabel('热力图指标').selectOption({ label: '平均星级' });
  await expect(app.getByRole('img', { name: '各乡镇平均星级热力图' })).toBeVisible();
  const sel = truth.filter((r) => r.township === t0 && r.year === lastYear && r.quarter === lastQuarter);
  const avg = sel.reduce((a, r) => a + r.level, 0) / sel.length;
  await expect(app.getByTestId('table-heatmap').locator(`tr[data-row="t:示例县:${t0}"] td[data-period="${lastKey}"]`)).toHaveText(avg.toFixed(2));
  await app.getByTestId('chart-heatmap').scrollIntoViewIfNeeded();
  await screenshot(app, 'trends-3-heatmap-avg');
  await app.getByLabel('热力图指标').selectOption({ label: '三星以上占比' });
});

test('yearly cadence uses each year’s Q4 rating when there is no annual one', async ({ app }) => {
  await openTrends(app);
  await app.getByRole('radio', { name: '年度' }).click();
  const shareTable = app.getByTestId('table-share');
  const years = [...new Set(truth.map((r) => r.year))].sort();
  await expect(shareTable.locator('thead th')).toHaveText(['乡镇', ...years.map((y) => `${String(y).slice(2)}年`)]);
  const y = years.at(-1)!;
  const s = share3(truth.filter((r) => r.year === y && r.quarter === 4));
  await expect(shareTable.locator(`tr[data-row="total"] td[data-period="${y}"]`)).toHaveText(pct(s.share));
  await screenshot(app, 'trends-4-yearly');
  // Clicking a year picks that year's last quarter as the global period.
  await app.getByTestId('trend-share').getByText('数据表').click();
  await shareTable.getByRole('button', { name: `${String(years[0]).slice(2)}年` }).click();
  await expect(app.getByLabel('期次', { exact: true })).toHaveValue(`${years[0]}Q4`);
  await app.getByRole('radio', { name: '季度' }).click();
});

test('clicking a heatmap cell cross-filters township and period; the overview follows', async ({ app }) => {
  await openTrends(app);
  // Rows in the order the chart draws them (top to bottom), read from its data table.
  const rowNames = await app.getByTestId('table-heatmap').locator('tbody th').allTextContents();
  expect(rowNames.length).toBe(townships.length);
  const row = 2;
  const col = periodKeys.indexOf('2024Q3');
  const chart = app.getByTestId('chart-heatmap');
  const box = await chartBox(chart);
  const g = HEATMAP.grid;
  const plotW = box.width - g.left - g.right;
  const plotH = box.height - g.top - gridBottom(g.bottom, periodKeys.length);
  const x = box.x + g.left + (col + 0.5) * (plotW / periodKeys.length);
  const y = box.y + g.top + (row + 0.5) * (plotH / rowNames.length);
  const township = rowNames[row];
  // The cell's tooltip: township, period and the exact share from the CSV.
  await app.mouse.move(x, y);
  const cell = share3(truth.filter((r) => r.township === township && r.year === 2024 && r.quarter === 3));
  await expect(chart).toContainText(`${township}2024年第三季度三星以上占比${pct(cell.share)}`);
  await screenshot(app, 'trends-5-heatmap-tooltip');
  await app.mouse.click(x, y);
  await expect(app.getByTestId('active-filters')).toContainText(township);
  await expect(app.getByLabel('乡镇', { exact: true })).toHaveValue(township);
  await expect(app.getByLabel('期次', { exact: true })).toHaveValue('2024Q3');
  // The trends follow: one township, its title and its line.
  await expect(app.getByRole('heading', { level: 2 })).toContainText(township);
  await expect(app.getByTestId('table-share').locator('tbody tr')).toHaveCount(1);
  await screenshot(app, 'trends-6-filtered');

  await app.getByRole('button', { name: /^总览/ }).click();
  const fig = figuresFor(truth, 2024, 3, township);
  await expect(app.getByTestId('kpi-units-value')).toHaveText(String(fig.units));
  await expect(app.getByTestId('kpi-n3plus-value')).toHaveText(String(fig.n3plus));
  await app.getByRole('button', { name: '清除筛选' }).click();
  await expect(app.getByTestId('active-filters')).toHaveCount(0);
});

test('a bar sets the period; a township line or its table row sets the township', async ({ app }) => {
  await openTrends(app);
  // Click the bottom of the stacked bar of the first period.
  const chart = app.getByTestId('chart-levels');
  const box = await chartBox(chart);
  const g = LEVEL_CHART.grid;
  const plotW = box.width - g.left - g.right;
  const plotBottom = box.y + box.height - gridBottom(g.bottom, periodKeys.length);
  await app.mouse.click(box.x + g.left + 0.5 * (plotW / periodKeys.length), plotBottom - 4);
  await expect(app.getByLabel('期次', { exact: true })).toHaveValue(periodKeys[0]);

  // Click the highest township's point at the latest period: that township becomes the filter.
  const shares = townships.map((t) => periodKeys.map((k) => {
    const [y, q] = k.split('Q').map(Number);
    return share3(truth.filter((r) => r.township === t && r.year === y && r.quarter === q)).share;
  }));
  const last = shares.map((s) => s.at(-1)!);
  const top = townships[last.indexOf(Math.max(...last))];
  const axisMax = percentAxisMax(Math.max(...shares.flat()));
  const line = app.getByTestId('chart-share');
  const lb = await chartBox(line);
  const sg = SHARE_CHART.grid;
  const plotTop = lb.y + sg.top;
  const plotBottom2 = lb.y + lb.height - gridBottom(sg.bottom, periodKeys.length);
  await app.mouse.click(lb.x + lb.width - sg.right, plotTop + (1 - Math.max(...last) / axisMax) * (plotBottom2 - plotTop));
  await expect(app.getByTestId('active-filters')).toContainText(top);
  await expect(app.getByTestId('table-share').locator('tbody tr')).toHaveCount(1);
  await app.getByRole('button', { name: '清除筛选' }).click();

  // Keyboard / screen-reader path: the township buttons of the data table.
  await app.getByTestId('trend-share').getByText('数据表').click();
  const t = townships[1];
  await app.getByTestId('table-share').getByRole('button', { name: t, exact: true }).click();
  await expect(app.getByTestId('active-filters')).toContainText(t);
  await app.getByRole('button', { name: '清除筛选' }).click();
});

test('each chart exports a 2× PNG and an SVG', async ({ app }) => {
  await openTrends(app);
  const panel = app.getByTestId('trend-share');
  const box = await chartBox(app.getByTestId('chart-share'));
  const [png] = await Promise.all([app.waitForEvent('download'), panel.getByRole('button', { name: '导出PNG' }).click()]);
  expect(png.suggestedFilename()).toBe('趋势-三星以上占比-示例县.png');
  const bytes = readFileSync((await png.path())!);
  await png.saveAs('tests/artifacts/screens/trends-export-share.png');
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // The image is the chart as exported: as wide, taller (title above, every legend row and the source line below).
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  expect(Math.abs(width - 2 * box.width)).toBeLessThanOrEqual(2);
  expect(height).toBeGreaterThan(2 * box.height);

  const [svg] = await Promise.all([app.waitForEvent('download'), panel.getByRole('button', { name: '导出SVG' }).click()]);
  expect(svg.suggestedFilename()).toBe('趋势-三星以上占比-示例县.svg');
  const text = readFileSync((await svg.path())!, 'utf8');
  expect(text).toMatch(/^<svg/);
  expect(text).toContain(townships[0]);
  // Title, every township in the legend, the source line.
  expect(text).toContain('示例县各乡镇三星以上占比（');
  for (const t of townships) expect(text).toContain(`>${t}<`);
  expect(text).toContain('数据来源：星图 · ');
  expect(text).toContain('制图日期');

  for (const id of ['levels', 'stars', 'heatmap']) {
    const [d] = await Promise.all([app.waitForEvent('download'), app.getByTestId(`trend-${id}`).getByRole('button', { name: '导出PNG' }).click()]);
    const b = readFileSync((await d.path())!);
    expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
    await d.saveAs(`tests/artifacts/screens/trends-export-${id}.png`);
  }
});

test('the trends follow the kind filter: communities show community stars only', async ({ app }) => {
  await openTrends(app);
  await app.getByRole('radio', { name: '社区', exact: true }).click();
  await expect(app.getByRole('heading', { level: 2 })).toContainText('示例县（仅社区）');
  const starTable = app.getByTestId('table-stars');
  await expect(starTable.locator('tbody tr')).toHaveCount(5);
  await expect(starTable).not.toContainText('产业兴旺星');
  const cur = figuresFor(truth.filter((r) => r.kind === 'community'), lastYear, lastQuarter);
  await expect(starTable.locator(`tr[data-row="star-cobuild"] td[data-period="${lastKey}"]`)).toHaveText(pct(cur.starRate.cobuild!));
  await expect(app.getByTestId('table-share').locator(`tr[data-row="total"] td[data-period="${lastKey}"]`))
    .toHaveText(pct(cur.n3plus / cur.units));
  await screenshot(app, 'trends-7-communities');
});

test('with no data the trends say what to import', async ({ app }) => {
  await app.getByRole('button', { name: /^数据/ }).click();
  await app.getByRole('button', { name: /^移除数据集/ }).click();
  await expect(app.getByTestId('datasets')).toHaveCount(0);
  await app.getByRole('button', { name: /^趋势/ }).click();
  await expect(app.getByRole('heading', { name: '还没有评定数据' })).toBeVisible();
  await expect(app.getByRole('button', { name: '导入台账（Ctrl+O）' })).toBeVisible();
  await screenshot(app, 'trends-8-empty');
});

test('township names from the data are shown as text in tooltips, never as HTML', async ({ app }) => {
  const evil = '<img src=x onerror=window.__xss=1>河乡';
  const yes = (n: number) => Array.from({ length: 5 }, (_, i) => (i < n ? '是' : '否'));
  // 五星 columns in STARS order: 支部过硬 产业兴旺 生态宜居 平安法治 文明幸福 (village) then 3 community stars.
  const village = (township: string, name: string, q: string, stars: string[]) =>
    [township, name, '村', '2024', q, ...stars, '', '', '', String(stars.filter((x) => x === '是').length), ''];
  const rows = [
    BOM_CSV_HEADER,
    village(evil, '甲村', '第一季度', yes(5)), village(evil, '乙村', '第一季度', ['否', '是', '否', '否', '否']),
    village(evil, '甲村', '第二季度', yes(5)), village(evil, '乙村', '第二季度', ['否', '是', '是', '是', '否']),
    village('平安镇', '丙村', '第一季度', ['否', '是', '否', '否', '否']), village('平安镇', '丙村', '第二季度', ['否', '是', '否', '否', '否']),
  ];
  const text = '\ufeff' + rows.map((r) => r.join(',')).join('\n') + '\n';
  await app.getByRole('button', { name: /^数据/ }).click();
  await app.getByRole('button', { name: /^移除数据集/ }).click();
  await app.getByTestId('import-input').setInputFiles({ name: '转义测试.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
  await expect(app.getByTestId('import-accepted')).toHaveText('6', { timeout: 30_000 });
  await app.getByTestId('import-commit').click();
  await expect(app.getByTestId('import-dialog')).toBeHidden();
  await app.getByLabel('期次', { exact: true }).selectOption('2024Q2');

  await app.getByRole('button', { name: /^趋势/ }).click();
  const share = app.getByTestId('chart-share');
  await expect(share.locator('canvas').first()).toBeVisible();
  const box = await chartBox(share);
  const g = SHARE_CHART.grid;
  // Two periods, no slider.
  await app.mouse.move(box.x + box.width - g.right - 3, box.y + g.top + 40);
  // 2024Q2: the evil township has 2 of 2 at ≥ 3 stars, 平安镇 0 of 1; the county 2 of 3.
  await expect(share).toContainText(`${evil}100.0%（2/2个）`);
  await expect(share).toContainText('全县66.7%（2/3个）');
  await expect(share.locator('img')).toHaveCount(0);
  expect(await app.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await screenshot(app, 'trends-9-escaped');

  const heat = app.getByTestId('chart-heatmap');
  const hb = await chartBox(heat);
  const h = HEATMAP.grid;
  const rowNames = await app.getByTestId('table-heatmap').locator('tbody th').allTextContents();
  const row = rowNames.indexOf(evil);
  const plotH = hb.height - h.top - h.bottom;
  await app.mouse.move(hb.x + hb.width - h.right - 10, hb.y + h.top + (row + 0.5) * (plotH / rowNames.length));
  await expect(heat).toContainText(`${evil}2024年第二季度三星以上占比100.0%`);
  await expect(heat.locator('img')).toHaveCount(0);
});
