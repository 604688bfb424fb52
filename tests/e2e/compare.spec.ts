/**
 * 对比: pick two villages by name, check the comparison table against the sample CSV,
 * remove a chip; townships and year over year against independent computations.
 */
import { latestPeriod, readSampleRows } from '../support/sample-truth.ts';
import { expect, screenshot, test } from './fixtures.ts';

const truth = readSampleRows();
const LEVELS = ['无星', '一星', '二星', '三星', '四星', '五星'];
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Villages whose name is unique in the county (so a name picks one unit). */
function uniqueVillages() {
  const ids = new Map<string, Set<string>>();
  for (const r of truth) ids.set(r.name, (ids.get(r.name) ?? new Set()).add(r.unit_id));
  const names = [...ids].filter(([, s]) => s.size === 1).map(([n]) => n).sort();
  return names
    .map((name) => truth.find((r) => r.name === name)!)
    .filter((r) => r.kind === 'village');
}

test('对比: search and pick two villages, levels match the CSV, chips remove', async ({ app }) => {
  const { year, quarter } = latestPeriod(truth);
  const key = `${year}Q${quarter}`;
  const villages = uniqueVillages();
  // Two villages in different townships, from the middle of the list.
  const a = villages[Math.floor(villages.length / 3)];
  const b = villages.find((v) => v.township !== a.township && v.name !== a.name && villages.indexOf(v) > villages.length / 2)!;

  await app.getByRole('button', { name: /^对比/ }).click();
  // Two units are preselected so the screen is not empty.
  await expect(app.getByTestId('unit-chip')).toHaveCount(2);
  await expect(app.getByTestId('compare-table')).toBeVisible();
  await expect(app.getByTestId('radar-chart')).toBeVisible();

  const search = app.getByRole('combobox', { name: '搜索村（社区）' });
  for (const v of [a, b]) {
    await search.fill(v.name);
    const option = app.locator('#unit-search-results [role="option"]').filter({ has: app.locator('.hit-name', { hasText: new RegExp(`^${v.name}$`) }) });
    await expect(option).toHaveCount(1);
    await expect(option).toContainText(v.township);
    await option.click();
    await expect(app.locator(`[data-testid="unit-chip"][data-unit="${v.unit_id}"]`)).toBeVisible();
  }
  await expect(app.getByTestId('unit-chip')).toHaveCount(4);

  // Each one's level in the latest period, as in the CSV.
  for (const v of [a, b]) {
    const row = truth.find((r) => r.unit_id === v.unit_id && r.year === year && r.quarter === quarter)!;
    const cell = app.getByTestId(`level-${v.unit_id}-${key}`);
    await expect(cell).toHaveAttribute('data-level', String(row.level));
    await expect(cell).toContainText(LEVELS[row.level]);
    // And every star of that period.
    for (const [star, held] of Object.entries(row.stars)) {
      if (held == null) continue;
      await expect(app.getByTestId(`star-${v.unit_id}-${star}-${key}`)).toContainText(held ? '★' : '☆');
    }
  }
  await app.getByTestId('compare-table').evaluate((el) => el.closest('.view')!.scrollTo(0, 0));
  await screenshot(app, 'compare-1');

  // Remove one chip: it and its rows are gone.
  await app.getByRole('button', { name: `移除${a.name}` }).click();
  await expect(app.locator(`[data-testid="unit-chip"][data-unit="${a.unit_id}"]`)).toHaveCount(0);
  await expect(app.getByTestId('unit-chip')).toHaveCount(3);
  await expect(app.getByTestId(`levels-${a.unit_id}`)).toHaveCount(0);
  await expect(app.getByTestId(`levels-${b.unit_id}`)).toBeVisible();

  // '/' focuses the search box.
  await app.getByRole('heading', { name: /五星雷达/ }).click();
  await app.keyboard.press('/');
  await expect(search).toBeFocused();
  await app.getByTestId('compare-table').scrollIntoViewIfNeeded();
  await screenshot(app, 'compare-2');
});

test('对比: townships side by side and year over year match the CSV', async ({ app }) => {
  const { year, quarter } = latestPeriod(truth);
  await app.getByRole('button', { name: /^对比/ }).click();

  // Townships: the first two in the 台账's order are preselected; 三星以上占比 as in the CSV.
  await app.getByRole('tab', { name: '乡镇对比' }).click();
  const townships = [...new Set(truth.map((r) => r.township))];
  const table = app.getByTestId('township-compare');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  for (const t of townships.slice(0, 2)) {
    const sel = truth.filter((r) => r.township === t && r.year === year && r.quarter === quarter);
    const row = table.locator('tbody tr', { hasText: t });
    await expect(row).toContainText(pct(sel.filter((r) => r.level >= 3).length / sel.length));
    await expect(row.locator('td').nth(1)).toHaveText(String(sel.length));
  }
  await app.getByRole('button', { name: townships[2], exact: true }).click();
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(app.getByTestId('township-lines')).toBeVisible();
  await screenshot(app, 'compare-3');

  // Year over year: last two years, Q4 stands for the year (the sample has no annual rating).
  await app.getByRole('tab', { name: '年度对比' }).click();
  const years = [...new Set(truth.map((r) => r.year))].sort();
  const [ya, yb] = years.slice(-2);
  const levelIn = (y: number) => new Map(truth.filter((r) => r.year === y && r.quarter === 4).map((r) => [r.unit_id, r.level]));
  const la = levelIn(ya);
  const lb = levelIn(yb);
  let up = 0;
  let down = 0;
  for (const [id, l] of lb) {
    const before = la.get(id);
    if (before == null) continue;
    if (l > before) up++;
    if (l < before) down++;
  }
  await expect(app.getByTestId('yoy-up')).toContainText(String(up));
  await expect(app.getByTestId('yoy-down')).toContainText(String(down));
  await app.getByTestId('yoy-down').click();
  // Only units whose level fell are listed.
  const changes = app.getByTestId('yoy-grid').locator('.ag-cell[col-id="change"]');
  await expect(changes.first()).toContainText('▼');
  for (const text of await changes.allTextContents()) expect(text).toMatch(/^▼\d$/);
  await screenshot(app, 'compare-4');

  // Filterable by the global township filter.
  const t = townships[0];
  await app.getByLabel('乡镇', { exact: true }).selectOption(t);
  let upT = 0;
  for (const [id, l] of lb) {
    const r = truth.find((x) => x.unit_id === id)!;
    if (r.township === t && la.get(id) != null && l > la.get(id)!) upT++;
  }
  await expect(app.getByTestId('yoy-up')).toContainText(String(upT));
});
