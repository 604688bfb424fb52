/**
 * Reading a 简报 back as a reader gets it: the PDF through the print path (its text layer,
 * page by page) and the Excel workbook. Shared by the briefing specs.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect } from './fixtures.ts';

/**
 * CJK fonts map some ideographs and radicals to one glyph (⽀ U+2F40 and 支 U+652F; ⻘ U+2ED8
 * and 青), so a PDF's text layer may name the radical: fold those back. Kangxi radicals fold
 * by NFKC; the CJK Radicals Supplement has no decomposition, so its simplified forms are listed.
 */
const SUPPLEMENT: Record<string, string> = {
  '⻉': '贝', '⻋': '车', '⻓': '长', '⻔': '门', '⻘': '青', '⻛': '风', '⻜': '飞', '⻢': '马', '⻥': '鱼', '⻦': '鸟',
  '⻩': '黄', '⻬': '齐', '⻮': '齿', '⻰': '龙', '⻳': '龟', '⻄': '西', '⻅': '见', '⻆': '角', '⻝': '食', '⻚': '页',
};
export const foldRadicals = (s: string) => s.replace(/[\u2E80-\u2FDF]/g, (c) => SUPPLEMENT[c] ?? c.normalize('NFKC'));

/** Text of a PDF, page by page, with pdfjs-dist's legacy build (Node). */
export async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string[] }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  const text: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text.push(foldRadicals(content.items.map((it) => ('str' in it ? it.str : '')).join('')));
  }
  await doc.destroy();
  return { pages: doc.numPages, text };
}

/** Clicks 导出PDF with the browser's print stubbed (it would open a dialog), then prints the page to PDF as Chromium does. */
export async function printToPdf(app: Page, name: string): Promise<Uint8Array> {
  await app.evaluate(() => {
    const w = window as unknown as { print: () => void; __printed?: number };
    w.__printed = 0;
    w.print = () => { w.__printed = (w.__printed ?? 0) + 1; };
  });
  await app.getByTestId('briefing-export-pdf').click();
  await expect.poll(() => app.evaluate(() => (window as unknown as { __printed?: number }).__printed)).toBe(1);
  await app.emulateMedia({ media: 'print' });
  await app.evaluate(() => document.fonts.ready);
  await app.screenshot({ path: `tests/artifacts/screens/${name}-print.png`, fullPage: true });
  const pdf = await app.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
  writeFileSync(`tests/artifacts/screens/${name}.pdf`, pdf);
  await app.emulateMedia({ media: 'screen' });
  return new Uint8Array(pdf);
}

