/**
 * The 简报's printed pages (issue #13): wherever the township ranking (12 rows) falls on a page,
 * it never starts with fewer than three rows at a page foot, never leaves fewer than three rows
 * alone on the next page, keeps its heading with its first rows, and its header cells never
 * break inside a word. The narrative is rewritten with more and more paragraphs so the table
 * starts at every height down the first page; each PDF is read back with pdfjs, page by page.
 */
import { readSampleRows } from '../support/sample-truth.ts';
import { expect, test } from './fixtures.ts';
import { pdfText, printToPdf } from './briefing-io.ts';

const townships = [...new Set(readSampleRows().map((r) => r.township))];

test('a table is never split with fewer than three rows on either side of a page break', async ({ app }) => {
  test.setTimeout(300_000);
  await app.getByRole('button', { name: /^排名/ }).click();
  await expect(app.getByTestId('township-ranking')).toBeVisible();
  await app.getByTestId('add-ranking').click();
  await app.getByRole('button', { name: /^简报/ }).click();
  const table = app.getByTestId('briefing-table');
  await expect(table.locator('tbody tr')).toHaveCount(townships.length);
  // Header cells: each word on one line (名次 never 名/次): every nowrap piece is one line high.
  const pieces = await table.locator('th .nw').evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { text: e.textContent, lines: Math.round(r.height / parseFloat(getComputedStyle(e).lineHeight || '20')) };
  }));
  expect(pieces.length).toBeGreaterThan(0);
  for (const p of pieces) expect(p.lines, p.text ?? '').toBeLessThanOrEqual(1);

  const splits: string[] = [];
  for (let paragraphs = 8; paragraphs <= 26; paragraphs += 2) {
    await app.getByTestId('narrative-input').fill(Array.from({ length: paragraphs }, (_, i) => `第${i + 1}段。`).join('\n\n'));
    const { text } = await pdfText(await printToPdf(app, `briefing-print-${paragraphs}`));
    // Rows of the ranking on each page: the lines naming a township (nothing else on these pages does).
    const rowsPerPage = text.map((page) => townships.filter((t) => page.includes(t)).length);
    const onPages = rowsPerPage.filter((n) => n > 0);
    splits.push(`${paragraphs}: ${rowsPerPage.join('/')}`);
    expect(onPages.reduce((a, b) => a + b, 0), `${paragraphs} paragraphs`).toBe(townships.length);
    for (const n of onPages) expect(n, `${paragraphs} paragraphs: rows per page ${rowsPerPage.join('/')}`).toBeGreaterThanOrEqual(3);
    // The heading sits on the page of the first rows.
    const first = rowsPerPage.findIndex((n) => n > 0);
    expect(text[first], `${paragraphs} paragraphs`).toContain('三星以上占比排名');
  }
  // The sweep must have crossed a page break with the table split over two pages at least once.
  expect(splits.some((s) => s.split(': ')[1].split('/').filter((n) => n !== '0').length > 1), splits.join('; ')).toBe(true);
});
