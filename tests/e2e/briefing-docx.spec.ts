/**
 * 导出Word: the 总览 key figures and the 乡镇排名 added to the 简报, exported as .docx and read
 * back with fflate: the 版头, the sections, each table's header and cells equal to the 简报
 * page's table as shown, and the ranking's bar chart as a 2× PNG with its caption. The file is
 * kept under tests/artifacts/briefing-docx/ (and rendered to PDF/PNG when LibreOffice is here).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Locator } from '@playwright/test';
import { expect, screenshot, test } from './fixtures.ts';
import { pdfText, printToPdf } from './briefing-io.ts';

function unescape(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    const m: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return m[e.toLowerCase()];
  });
}
const texts = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1]));
const paragraphs = (xml: string) => [...xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '').matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => texts(m[0]).join(''));
function docTables(xml: string): { header: string[]; rows: string[][]; headerRepeats: boolean; cantSplit: boolean }[] {
  return [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) => {
    const rows = [...t[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) => ({
      head: r[0].includes('<w:tblHeader/>'),
      split: !r[0].includes('<w:cantSplit/>'),
      cells: [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => texts(c[0]).join('')),
    }));
    const head = rows.filter((r) => r.head);
    return {
      header: head.at(-1)?.cells ?? [],
      rows: rows.filter((r) => !r.head).map((r) => r.cells),
      headerRepeats: head.length > 0,
      cantSplit: rows.every((r) => !r.split),
    };
  });
}

/** A table of the 简报 page as shown: its header cells and body cells. */
async function pageTable(table: Locator): Promise<{ header: string[]; rows: string[][] }> {
  return table.evaluate((el) => ({
    header: [...el.querySelectorAll('thead tr:last-child th')].map((th) => (th.textContent ?? '').trim()),
    rows: [...el.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
  }));
}

test('导出Word: the overview and the ranking as a 简报 .docx whose tables equal the page', async ({ app }) => {
  test.setTimeout(120_000);
  // 总览 (the first screen) and 排名.
  await app.getByTestId('add-overview').click();
  await expect(app.getByText('已加入简报（共1项）')).toBeVisible();
  await app.getByRole('button', { name: /^排名/ }).click();
  await expect(app.getByTestId('township-ranking')).toBeVisible();
  await app.getByTestId('add-ranking').click();
  await expect(app.getByText('已加入简报（共2项）')).toBeVisible();

  await app.getByRole('button', { name: /^简报/ }).click();
  const items = app.getByTestId('briefing-item');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toHaveAttribute('data-kind', 'overview');
  await expect(items.nth(1)).toHaveAttribute('data-kind', 'ranking');
  await expect(items.nth(1).getByTestId('briefing-chart').locator('canvas').first()).toBeVisible();
  await items.nth(1).getByTestId('caption-input').fill('各乡镇三星以上占比排名如下。');
  await app.getByLabel('发文单位').fill('中共示例县委组织部');
  const narrative = (await app.getByTestId('narrative-input').inputValue()).split(/\n+/).map((p) => p.trim()).filter(Boolean);
  expect(narrative.length).toBeGreaterThan(0);
  const overview = await pageTable(items.nth(0).getByTestId('briefing-table'));
  const ranking = await pageTable(items.nth(1).getByTestId('briefing-table'));
  expect(ranking.rows.length).toBeGreaterThan(3);
  const overviewTitle = (await items.nth(0).getByLabel('第二部分标题').getAttribute('placeholder'))!;
  const rankingTitle = (await items.nth(1).getByLabel('第三部分标题').getAttribute('placeholder'))!;

  const button = app.getByTestId('briefing-export-docx');
  await expect(button).toHaveText('导出Word');
  await screenshot(app, 'briefing-docx-button');
  const [download] = await Promise.all([app.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toMatch(/^“五星”支部创建工作简报-\d{4}-\d{2}-\d{2}\.docx$/);
  await expect(app.getByText(/^已导出 .*\.docx$/)).toBeVisible();
  const bytes = new Uint8Array(readFileSync((await download.path())!));
  const zip = unzipSync(bytes);
  const xml = strFromU8(zip['word/document.xml']);

  // 版头, then the sections in the page's order, with the narrative and the caption.
  const ps = paragraphs(xml);
  expect(ps[0]).toBe('“五星”支部创建工作简报');
  expect(ps[1]).toBe('第1期');
  expect(ps[2]).toMatch(/^中共示例县委组织部\d{4}年\d{1,2}月\d{1,2}日$/);
  expect(ps).toContain('一、总体情况');
  for (const p of narrative) expect(ps).toContain(p);
  expect(ps).toContain(`二、${overviewTitle}`);
  expect(ps).toContain(`三、${rankingTitle}`);
  expect(ps).toContain('各乡镇三星以上占比排名如下。');
  expect(ps.slice(-5, -1)).toEqual([
    expect.stringMatching(/^报：/), expect.stringMatching(/^送：/), expect.stringMatching(/^发：/), '（共印　　份）',
  ]);

  // The tables: header rows repeat, rows never split, and every cell as the page shows it.
  const tables = docTables(xml);
  expect(tables).toHaveLength(2);
  for (const t of tables) {
    expect(t.headerRepeats).toBe(true);
    expect(t.cantSplit).toBe(true);
  }
  expect(tables[0].header).toEqual(overview.header);
  expect(tables[0].rows).toEqual(overview.rows);
  expect(tables[1].header).toEqual(ranking.header);
  expect(tables[1].rows).toEqual(ranking.rows);

  // The ranking's bar chart: one 2× PNG, captioned 图1.
  const media = Object.keys(zip).filter((k) => k.startsWith('word/media/'));
  expect(media).toHaveLength(1);
  const png = zip[media[0]];
  expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
  const box = (await items.nth(1).getByTestId('briefing-chart').locator('canvas').first().boundingBox())!;
  const pngWidth = new DataView(png.buffer, png.byteOffset).getUint32(16);
  expect(Math.abs(pngWidth - 2 * box.width)).toBeLessThanOrEqual(4);
  expect(ps).toContain(`图1　${rankingTitle}（条形图）`);

  // Kept to look at; rendered when LibreOffice is installed.
  const dir = path.resolve('tests/artifacts/briefing-docx');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'e2e-简报.docx');
  writeFileSync(file, bytes);
  const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));
  if (soffice) {
    execFileSync(soffice, ['--headless', '--convert-to', 'pdf', '--outdir', dir, file], { timeout: 120_000, stdio: 'pipe', env: { ...process.env, HOME: dir } });
    for (const f of readdirSync(dir)) if (/^e2e-page-\d+\.png$/.test(f)) rmSync(path.join(dir, f));
    if (existsSync('/usr/bin/pdftoppm')) execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '60', path.join(dir, 'e2e-简报.pdf'), path.join(dir, 'e2e-page')]);
  }
});

test('期号 per year and the 版记: after exporting 第3期 the next is offered, 报 edited, both in the next .docx', async ({ app }) => {
  test.setTimeout(120_000);
  await app.getByRole('button', { name: /^简报/ }).click();
  await expect(app.getByTestId('briefing')).toBeVisible();
  const hint = app.getByTestId('briefing-issue-hint');
  await expect(hint).toHaveCount(0);
  await app.getByLabel('简报期号').fill('3');
  await expect(app.getByTestId('briefing-issue')).toHaveText('第3期');
  const exportDocx = async () => {
    const [download] = await Promise.all([app.waitForEvent('download'), app.getByTestId('briefing-export-docx').click()]);
    const zip = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    return paragraphs(strFromU8(zip['word/document.xml']));
  };
  const first = await exportDocx();
  expect(first[1]).toBe('第3期');
  // Recorded for the year, offered, never applied by itself.
  await expect(hint).toContainText('本年已发至第3期');
  await expect(app.getByLabel('简报期号')).toHaveValue('3');
  await app.getByTestId('briefing-side').screenshot({ path: 'tests/artifacts/screens/briefing-issue-hint.png' });
  await app.getByRole('button', { name: '改为第4期' }).click();
  await expect(app.getByLabel('简报期号')).toHaveValue('4');
  await expect(app.getByTestId('briefing-issue')).toHaveText('第4期');
  await expect(hint).toHaveCount(0);

  // 报送范围: 报 and 共印 份数; the page ends with the same 版记.
  await app.getByTestId('briefing-distribution').locator('summary').click();
  await app.getByLabel('版记 报').fill('市委组织部');
  await app.getByLabel('共印份数').fill('8');
  const end = app.getByTestId('briefing-end');
  await expect(end).toContainText('报：市委组织部');
  await expect(app.getByTestId('briefing-copies')).toHaveText('（共印8份）');
  await screenshot(app, 'briefing-issue-distribution');
  await app.getByTestId('briefing-side').screenshot({ path: 'tests/artifacts/screens/briefing-side-panel.png' });

  const second = await exportDocx();
  expect(second[1]).toBe('第4期');
  expect(second).toContain('报：市委组织部');
  expect(second.slice(-5, -1)).toEqual(['报：市委组织部', expect.stringMatching(/^送：/), expect.stringMatching(/^发：/), '（共印8份）']);
  await expect(hint).toContainText('本年已发至第4期');
  await end.screenshot({ path: 'tests/artifacts/screens/briefing-end-block.png' });

  // The PDF ends with the same 版记.
  const { text } = await pdfText(await printToPdf(app, 'briefing-end-block'));
  const last = text.at(-1)!.replace(/\s+/g, '');
  expect(last).toContain('报：市委组织部');
  expect(last).toContain('（共印8份）');
});
