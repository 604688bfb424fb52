/**
 * 乡镇地图 (issue 17): without a boundary file the 排名 screen offers only the button to load
 * one; with a synthetic GeoJSON (squares for the sample county's townships, one written
 * 东湖街道办事处, one township left out, one shape of another county) the map colours each
 * township by 三星以上占比 — checked against plain JavaScript over the sample CSV — says which
 * shapes and townships did not match, shows the township and value on hover, and a click
 * filters every view to that township. Removing the file is undone with Ctrl+Z. The file
 * travels in a saved workspace (the 'map' part).
 */
import { latestPeriod, readSampleRows } from '../support/sample-truth.ts';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { expect, screenshot, test } from './fixtures.ts';

const truth = readSampleRows();
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** 三星以上占比 per township in the latest period, from the CSV. */
function shares(): Map<string, number> {
  const { year, quarter } = latestPeriod(truth);
  const by = new Map<string, { n: number; ge3: number }>();
  for (const r of truth) {
    if (r.year !== year || r.quarter !== quarter) continue;
    const t = by.get(r.township) ?? { n: 0, ge3: 0 };
    t.n++;
    if (r.level >= 3) t.ge3++;
    by.set(r.township, t);
  }
  return new Map([...by].map(([t, v]) => [t, v.ge3 / v.n]));
}

const SHARES = shares();
const TOWNSHIPS = [...SHARES.keys()].sort();
const LEFT_OUT = TOWNSHIPS.at(-1)!;
/** Shapes in a 4 × 3 grid of 0.1° squares, row 0 at the top (north). */
const CELLS: Array<{ name: string; township: string | null }> = [
  ...TOWNSHIPS.slice(0, -1).map((t) => ({ name: t === '东湖街道' ? '东湖街道办事处' : t, township: t })),
  { name: '外县镇', township: null },
];
const COLS = 4;
const ROWS = 3;
const [X0, Y_TOP, SIDE] = [113.0, 34.3, 0.1];

function geojson(): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: CELLS.map((c, i) => {
      const x = X0 + (i % COLS) * SIDE;
      const y = Y_TOP - (Math.floor(i / COLS) + 1) * SIDE;
      const ring = [[x, y], [x + SIDE, y], [x + SIDE, y + SIDE], [x, y + SIDE], [x, y]].map(([a, b]) => [+a.toFixed(4), +b.toFixed(4)]);
      // Names under different keys, as GIS exports write them.
      const properties = c.name === '东湖街道办事处' ? { XZMC: c.name, code: '411001' } : { name: c.name };
      return { type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [ring] } };
    }),
  });
}

/** Centre of a cell on the page: the map is fitted into the chart's box (16 px, 12 px margins) keeping its aspect. */
function cellPoint(box: { x: number; y: number; width: number; height: number }, index: number) {
  const scale = Math.cos(((Y_TOP + Y_TOP - ROWS * SIDE) / 2) * (Math.PI / 180));
  const aspect = (COLS / ROWS) * scale;
  const bw = box.width - 32;
  const bh = box.height - 24;
  const [w, h] = bw / bh > aspect ? [bh * aspect, bh] : [bw, bw / aspect];
  const left = box.x + 16 + (bw - w) / 2;
  const top = box.y + 12 + (bh - h) / 2;
  return { x: left + ((index % COLS) + 0.5) * (w / COLS), y: top + (Math.floor(index / COLS) + 0.5) * (h / ROWS) };
}

test('乡镇地图: offered only with a boundary file, coloured by 三星以上占比 from the CSV, click filters', async ({ app }) => {
  await app.getByRole('button', { name: /^排名/ }).click();
  const panel = app.getByTestId('map-panel');
  await expect(panel.getByRole('heading', { name: '乡镇地图' })).toBeVisible();

  // No file: the map is not offered, only the button to load one.
  await expect(panel.getByRole('button')).toHaveCount(1);
  await expect(panel.getByTestId('map-import')).toHaveText('导入乡镇边界（GeoJSON）…');
  await expect(panel.getByTestId('map-chart')).toHaveCount(0);
  await expect(panel.getByTestId('map-measure')).toHaveCount(0);

  // A file that is not GeoJSON is refused with a message naming it.
  await panel.getByTestId('map-input').setInputFiles({ name: '边界.shp', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\u0003\u0004') });
  await expect(panel.getByTestId('map-error')).toContainText('无法读取乡镇边界文件“边界.shp”：文件不是 JSON 格式');
  await expect(panel.getByTestId('map-chart')).toHaveCount(0);

  // The boundary file.
  await panel.getByTestId('map-input').setInputFiles({ name: '示例县乡镇边界.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(geojson()) });
  await expect(panel.getByTestId('map-error')).toHaveCount(0);
  const chart = panel.getByTestId('map-chart');
  await expect(chart.locator('canvas')).toBeVisible();
  await expect(panel.getByTestId('map-measure').locator('option:checked')).toHaveText('三星以上占比');
  await expect(panel).toContainText('三星以上占比 · 边界文件：示例县乡镇边界.geojson');
  await expect(panel.getByTestId('map-note')).toHaveText(
    `注：边界文件中的外县镇未对应到已导入的乡镇，显示为灰色；${LEFT_OUT}在边界文件中没有边界，不在地图上显示。`);

  // Every township's value, as plain JavaScript counts it from the CSV.
  const values = panel.getByTestId('map-value');
  await expect(values).toHaveCount(TOWNSHIPS.length);
  for (const t of TOWNSHIPS) {
    const li = panel.locator(`[data-testid="map-value"][data-township="${t}"]`);
    await expect(li.getByTestId('map-value-text')).toHaveText(pct(SHARES.get(t)!));
    if (t === LEFT_OUT) await expect(li).toContainText('（无边界）');
  }

  // Hover shows the township and its value (东湖街道 is drawn by the 东湖街道办事处 shape).
  await chart.scrollIntoViewIfNeeded();
  const box = (await chart.boundingBox())!;
  const east = CELLS.findIndex((c) => c.township === '东湖街道');
  let p = cellPoint(box, east);
  await app.mouse.move(p.x, p.y);
  await expect(chart).toContainText(`东湖街道三星以上占比：${pct(SHARES.get('东湖街道')!)}`);
  const pick = CELLS[5].township!;
  p = cellPoint(box, 5);
  await app.mouse.move(p.x, p.y);
  await expect(chart).toContainText(`${pick}三星以上占比：${pct(SHARES.get(pick)!)}`);
  await app.mouse.move(cellPoint(box, CELLS.length - 1).x, cellPoint(box, CELLS.length - 1).y);
  await expect(chart).toContainText('外县镇未对应到已导入的乡镇');
  await screenshot(app, 'ranking-map');

  // A click on a township filters every view to it.
  p = cellPoint(box, 5);
  await app.mouse.click(p.x, p.y);
  await expect(app.getByTestId('active-filters')).toContainText(pick);
  await expect(app.locator(`[data-testid="rank-row"][data-township="${pick}"]`)).toHaveAttribute('aria-selected', 'true');
  // The grey shape of another county is not a township: clicking it filters nothing more.
  p = cellPoint(box, CELLS.length - 1);
  await app.mouse.click(p.x, p.y);
  await expect(app.getByTestId('active-filters')).toContainText(pick);

  // Another measure: 平均星级 is written with two decimals.
  await panel.getByTestId('map-measure').selectOption({ label: '平均星级' });
  await expect(panel.getByTestId('map-value-text').first()).toHaveText(/^\d\.\d\d$/);

  // Removing the file takes the map away; Ctrl+Z brings it back.
  await panel.getByTestId('map-remove').click();
  await expect(panel.getByTestId('map-chart')).toHaveCount(0);
  await expect(panel.getByTestId('map-import')).toHaveText('导入乡镇边界（GeoJSON）…');
  await app.keyboard.press('Control+z');
  await expect(panel.getByTestId('map-chart').locator('canvas')).toBeVisible();
  await expect(panel.getByTestId('map-note')).toContainText('外县镇');
});

// Saving downloads and opening uses the file input (no File System Access pickers), as in workspace.spec.ts.
const noPickers = test.extend({
  page: async ({ page }, use) => {
    await page.addInitScript(() => {
      for (const name of ['showSaveFilePicker', 'showOpenFilePicker']) {
        Object.defineProperty(window, name, { value: undefined, configurable: true, writable: true });
      }
    });
    await use(page);
  },
});

async function menu(page: Page, item: string): Promise<void> {
  await page.getByTestId('workspace-menu').click();
  await page.getByRole('menuitem', { name: item }).click();
}

noPickers('the boundary file travels in a saved workspace', async ({ app }, info) => {
  await app.getByRole('button', { name: /^排名/ }).click();
  const panel = app.getByTestId('map-panel');
  await panel.getByTestId('map-input').setInputFiles({ name: '示例县乡镇边界.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(geojson()) });
  await expect(panel.getByTestId('map-chart').locator('canvas')).toBeVisible();
  await expect(app.getByTestId('workspace-dirty')).toBeVisible();

  const download = app.waitForEvent('download');
  await app.keyboard.press('Control+s');
  const file = info.outputPath('示例数据.xingtu');
  await (await download).saveAs(file);
  await expect(app.getByText(/已保存工作区/)).toBeVisible();
  // The file holds the part: the shapes under the names the file gave them.
  const part = JSON.parse(new TextDecoder().decode(unzipSync(readFileSync(file))['parts/map.json']));
  expect(part.fileName).toBe('示例县乡镇边界.geojson');
  expect(part.geojson.features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(CELLS.map((c) => c.name));

  await menu(app, '新建空白工作区');
  await expect(app.getByText('还没有评定数据')).toBeVisible();
  const chooser = app.waitForEvent('filechooser');
  await menu(app, '打开工作区…');
  await (await chooser).setFiles(file);
  await expect(app.getByText(/已打开工作区/)).toBeVisible();
  await app.getByRole('button', { name: /^排名/ }).click();
  await expect(panel.getByTestId('map-chart').locator('canvas')).toBeVisible();
  await expect(panel).toContainText('边界文件：示例县乡镇边界.geojson');
  await expect(panel.getByTestId('map-note')).toContainText('外县镇');
  await expect(panel.locator(`[data-testid="map-value"][data-township="城关镇"]`).getByTestId('map-value-text')).toHaveText(pct(SHARES.get('城关镇')!));
});
