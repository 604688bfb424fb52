/**
 * 排名: the township ranking checked against an independent computation from the sample
 * CSV (plain JavaScript, competition ranking done here), ties, the rule text, and the
 * cross-filter a click on a township sets.
 */
import { latestPeriod, readSampleRows, type TruthRow } from '../support/sample-truth.ts';
import { expect, screenshot, test } from './fixtures.ts';

const truth = readSampleRows();
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

interface Ranked { township: string; share: number; rank: number }

/** 三星以上 share per township in one quarter, ranked the standard competition way (1, 2, 2, 4). */
function rankTownships(rows: TruthRow[], year: number, quarter: number): Ranked[] {
  const by = new Map<string, { n: number; ge3: number }>();
  for (const r of rows) {
    if (r.year !== year || r.quarter !== quarter) continue;
    const t = by.get(r.township) ?? { n: 0, ge3: 0 };
    t.n++;
    if (r.level >= 3) t.ge3++;
    by.set(r.township, t);
  }
  const list = [...by].map(([township, t]) => ({ township, share: t.ge3 / t.n, n: t.n, ge3: t.ge3 }));
  // Compare exactly (cross-multiplied counts), not as rounded floats.
  const cmp = (a: typeof list[0], b: typeof list[0]) => b.ge3 * a.n - a.ge3 * b.n;
  list.sort(cmp);
  return list.map((t) => ({ township: t.township, share: t.share, rank: 1 + list.filter((o) => cmp(o, t) < 0).length }));
}

test('排名 ranks the townships by 三星以上占比 as computed from the CSV, ties share a rank', async ({ app }) => {
  const { year, quarter } = latestPeriod(truth);
  const expected = rankTownships(truth, year, quarter);
  const before = rankTownships(truth, quarter === 1 ? year - 1 : year, quarter === 1 ? 4 : quarter - 1);

  await app.getByRole('button', { name: /^排名/ }).click();
  await expect(app.getByRole('heading', { level: 2 })).toContainText('各乡镇排名');
  const table = app.getByTestId('township-ranking');
  const rows = table.getByTestId('rank-row');
  await expect(rows).toHaveCount(expected.length);

  // The top township and its value.
  const top = expected[0];
  await expect(rows.first()).toHaveAttribute('data-township', top.township);
  await expect(rows.first().getByTestId('rank-cell')).toHaveText('1');
  await expect(rows.first().getByTestId('value-cell')).toHaveText(pct(top.share));
  // Its change against the previous quarter, in 个百分点.
  const prevTop = before.find((b) => b.township === top.township)!;
  const pp = Math.round((top.share - prevTop.share) * 1000) / 10;
  await expect(rows.first()).toContainText(pp === 0 ? '持平' : `${pp > 0 ? '+' : '−'}${Math.abs(pp).toFixed(1)}个百分点`);

  // Every township's rank and value; tied townships share a rank and say so.
  const tiedRanks = new Set(expected.filter((e) => expected.filter((o) => o.rank === e.rank).length > 1).map((e) => e.rank));
  for (const e of expected) {
    const row = table.locator(`[data-testid="rank-row"][data-township="${e.township}"]`);
    await expect(row.getByTestId('rank-cell')).toHaveText(`${tiedRanks.has(e.rank) ? '并列' : ''}${e.rank}`);
    await expect(row.getByTestId('value-cell')).toHaveText(pct(e.share));
  }
  // Rows are in rank order.
  const shown = await rows.getByTestId('rank-cell').allTextContents();
  const ranks = shown.map((t) => Number(t.replace('并列', '')));
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  expect(ranks).toEqual(expected.map((e) => e.rank));
  await expect(app.getByTestId('rank-rule')).toContainText('1、2、2、4');
  await screenshot(app, 'ranking-1');

  // Clicking a township sets the global township filter; the unit lists follow it.
  const pick = expected[2].township;
  await table.locator(`[data-testid="rank-row"][data-township="${pick}"]`).click();
  await expect(app.getByLabel('乡镇', { exact: true })).toHaveValue(pick);
  await expect(app.getByTestId('active-filters')).toContainText(pick);
  await expect(table.locator(`[data-testid="rank-row"][data-township="${pick}"]`)).toHaveAttribute('aria-selected', 'true');
  // The ranking still lists every township (the township filter only highlights).
  await expect(rows).toHaveCount(expected.length);
  await expect(app.getByTestId('below-count')).toContainText(pick);

  // 红榜 / 黑榜 top 3: the red board starts with the top township.
  await app.getByLabel('上榜数量').fill('3');
  await expect(app.getByTestId('board-red').locator('tbody tr').first()).toContainText(top.township);
  await app.getByTestId('board-red').scrollIntoViewIfNeeded();
  await screenshot(app, 'ranking-2');
  await app.getByTestId('progress-grid').scrollIntoViewIfNeeded();
  await screenshot(app, 'ranking-3');
  await app.getByTestId('below-grid').scrollIntoViewIfNeeded();
  await screenshot(app, 'ranking-4');

  // Clicking the same township again clears the filter.
  await table.locator(`[data-testid="rank-row"][data-township="${pick}"]`).click();
  await expect(app.getByLabel('乡镇', { exact: true })).toHaveValue('');
});

test('排名 follows the ranking measure and the unit boards', async ({ app }) => {
  await app.getByRole('button', { name: /^排名/ }).click();
  await app.getByTestId('rank-measure').selectOption({ label: '平均星级' });
  await expect(app.getByTestId('township-ranking')).toContainText('平均星级');
  await expect(app.getByTestId('township-ranking').getByTestId('value-cell').first()).toHaveText(/^\d\.\d\d$/);
  await app.getByRole('radio', { name: '村（社区）' }).click();
  await expect(app.getByTestId('board-red').locator('tbody tr').first()).toBeVisible();
  await app.getByTestId('board-red').scrollIntoViewIfNeeded();
  await screenshot(app, 'ranking-5');
});
