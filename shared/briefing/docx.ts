/**
 * The 简报 as a Word document (.docx), the way a 组织部 sends it out: leaders and the general
 * office open it in WPS or Word, edit, stamp and forward it (issue 13, DESIGN.md §1).
 *
 * Layout per GB/T 9704-2012 on A4: margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm
 * (a 156 × 225 mm text block), body 3号 (16 pt) 仿宋_GB2312 on a grid of 22 lines (exactly
 * 28.95 pt) × 28 characters, headings 一、 in 黑体 and （一） in 楷体_GB2312, the title in
 * 方正小标宋简体. 版头: the red 简报 name, 第X期, the issuing unit left and the date right over a
 * red rule. Then 一、总体情况 (the narrative), the items as sections 二、三、… with their tables
 * as real Word tables (the header rows repeat on every page, rows never split, numbers as the
 * 简报 page writes them: tables.ts formatCell) and their charts as 2× PNG images with captions
 * 图1 …, and at the end the 报/送/发 block between two thin rules and 共印N份. Page numbers
 * "— 1 —" in 4号 below the text block, odd pages right and even pages left.
 *
 * The font names are written as the offices have them (the eastAsia font of each run), so WPS
 * and Word use the installed official fonts. Imported text (township names, titles, the
 * analyst's captions) is data: it goes into text runs as it is, never into fields or markup.
 *
 * Pure: no DOM, no React. The renderer passes the chart images (ChartFigure's print PNGs);
 * the CLI or tests pass none or their own.
 */
import {
  AlignmentType, BorderStyle, Document, Footer, ImageRun, LineRuleType, Packer, PageNumber, Paragraph,
  type ParagraphChild, Table, TableCell, TableLayoutType, TableRow, TabStopType, TextRun, VerticalAlignTable, WidthType,
  DocumentGridType, Tab,
} from 'docx';
import { chineseDate, chineseNumber, itemFilter, type BriefingItem, type ItemSpec } from './model.ts';
import { copiesText, distributionLines, type Distribution } from './distribution.ts';
import type { Runner } from './narrative.ts';
import { autoTitle, cellFormat, formatCell, itemTables, type BriefingTable } from './tables.ts';
import type { Filter } from '../filter.ts';

// ---------------------------------------------------------------------------------------------
// The page (twips: 1/20 pt, 1440 to the inch)

const mm = (x: number) => Math.round((x / 25.4) * 1440);
/** A4 and the GB/T 9704 margins: the text block is 156 × 225 mm. */
export const PAGE = {
  width: mm(210), height: mm(297),
  top: mm(37), bottom: mm(35), left: mm(28), right: mm(26),
} as const;
export const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
/** 22 lines in 225 mm: 28.95 pt a line (579 twips). */
export const LINE_PITCH = 579;
/**
 * 28 characters of 16 pt in 156 mm (442.2 pt): each character 0.25 pt narrower (15.75 pt,
 * 441 pt a line), as a default character spacing. Word's own way, a docGrid of type
 * linesAndChars with charSpace -849, is not used: LibreOffice lays such a grid out with
 * characters about twice as far apart, and the spacing gives 28 a line in every program.
 */
export const CHAR_SPACING = -5;

/** Font names as the offices have them installed (not free: named, never embedded). */
export const FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  hei: '黑体',
  kai: '楷体_GB2312',
  song: '宋体',
} as const;

const RED = 'FF0000';
/** Half-points. */
const PT = (pt: number) => Math.round(pt * 2);
const SIZE = { er: 22, san: 16, si: 14, xiaosi: 12, wu: 10.5 } as const;

type FontName = (typeof FONTS)[keyof typeof FONTS];
const font = (name: FontName) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name });

interface RunStyle { font?: FontName; size?: number; bold?: boolean; color?: string; grid?: boolean; breakBefore?: boolean }

/** A text run of data: one w:t per line, no field, no markup — whatever the text holds. */
function run(text: string, s: RunStyle = {}): TextRun {
  // Control characters other than tab and newline are not allowed in XML 1.0.
  const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
  return new TextRun({
    text: clean,
    font: font(s.font ?? FONTS.body),
    size: PT(s.size ?? SIZE.san),
    ...(s.bold ? { bold: true } : {}),
    ...(s.color ? { color: s.color } : {}),
    ...(s.breakBefore ? { break: 1 } : {}),
    // Tables, notes, captions, the end block: their own line heights, no squeezed characters.
    ...(s.grid === false ? { snapToGrid: false, characterSpacing: 0 } : {}),
  });
}

/** Exact line spacing (never snapped to the grid, never squeezed). */
const exact = (pt: number) => ({ line: Math.round(pt * 20), lineRule: LineRuleType.EXACT });
const BODY_SPACING = { line: LINE_PITCH, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
/** First line indented two characters (the body and the headings of 一、 and （一）). */
const INDENT2 = { firstLine: 2 * 320 };

// ---------------------------------------------------------------------------------------------
// Input

export interface DocxChart {
  /** PNG bytes, rendered at 2× (ChartFigure's print image). */
  png: Uint8Array;
  /** Size on screen in CSS pixels (the PNG is twice as large); scaled down to the text width. */
  width: number;
  height: number;
  /** What the caption says after 图N. */
  title: string;
}

export interface DocxSection {
  /** Section heading (without 二、). */
  title: string;
  /** The analyst's 说明 under the heading. */
  caption: string;
  /** The tables the 简报 page shows for the item (docTables). */
  tables: BriefingTable[];
  charts: DocxChart[];
}

/** 报/送/发 (distribution.ts, the one definition the app and the CLI share). */
export type { Distribution } from './distribution.ts';

export interface DocxBriefing {
  /** The 简报 name printed in red, e.g. “五星”支部创建工作简报. */
  name: string;
  /** 第X期. */
  issue: number;
  /** 编发单位. */
  unit: string;
  /** ISO date, YYYY-MM-DD. */
  date: string;
  /** Optional headline of this issue (2号 方正小标宋简体, black), under the red rule. */
  heading?: string;
  /** 一、总体情况: paragraphs separated by line breaks. */
  narrative: string;
  sections: DocxSection[];
  distribution?: Distribution;
  /** 共印N份; null or absent: a blank the office fills in. */
  copies?: number | null;
}

// ---------------------------------------------------------------------------------------------
// From the briefing (the same inputs as the Excel workbook: tables.ts itemTables)

/** An item's heading: the user's, else the automatic one (as the 简报 page shows it). */
export function itemTitle(item: BriefingItem, filter: Filter, loaded: readonly string[] = []): string {
  return item.title.trim() || autoTitle(item.spec, filter, loaded);
}

/**
 * The tables the 简报 page prints for an item (views/briefing/ItemContent.tsx): none for a trend
 * (its numbers go to the workbook), only the first for a township comparison (its lines are a chart).
 */
export function docTables(spec: ItemSpec, tables: BriefingTable[]): BriefingTable[] {
  if (spec.kind === 'trend') return [];
  if (spec.kind === 'townshipCompare') return tables.slice(0, 1);
  return tables;
}

/** Every item of the briefing as a section, its tables computed through `run`; charts by item id. */
export async function docxSections(
  run: Runner, items: readonly BriefingItem[], current: Filter, loaded: readonly string[] = [],
  charts: ReadonlyMap<string, DocxChart[]> = new Map(),
): Promise<DocxSection[]> {
  return Promise.all(items.map(async (it) => {
    const f = itemFilter(it, current);
    const title = itemTitle(it, f, loaded);
    const tables = await itemTables(run, it.spec, f, title, loaded);
    return { title, caption: it.caption, tables: docTables(it.spec, tables), charts: charts.get(it.id) ?? [] };
  }));
}

// ---------------------------------------------------------------------------------------------
// Paragraphs

/** Paragraphs of a text: line breaks (one or more) separate them, as on the 简报 page. */
export function textParagraphs(text: string): string[] {
  return text.split(/\n+/).map((p) => p.trim()).filter(Boolean);
}

const CN = '一二三四五六七八九十';
const LEVEL1 = new RegExp(`^[${CN}]+、`);
const LEVEL2 = new RegExp(`^（[${CN}]+）`);

/**
 * A body paragraph. One that starts like a heading of the second level (（一）…) has that
 * heading — up to its first 。 or the end — in 楷体; one of the first level (一、…) is all 黑体.
 */
function bodyParagraph(text: string, keepNext = false): Paragraph {
  let children: ParagraphChild[];
  if (LEVEL1.test(text)) children = [run(text, { font: FONTS.hei })];
  else if (LEVEL2.test(text)) {
    const end = text.indexOf('。');
    const head = end >= 0 ? text.slice(0, end + 1) : text;
    children = [run(head, { font: FONTS.kai }), ...(end >= 0 && end + 1 < text.length ? [run(text.slice(end + 1))] : [])];
  } else children = [run(text)];
  return new Paragraph({ children, spacing: BODY_SPACING, indent: INDENT2, alignment: AlignmentType.BOTH, ...(keepNext ? { keepNext } : {}) });
}

function heading1(n: number, title: string): Paragraph {
  return new Paragraph({
    children: [run(`${chineseNumber(n)}、${title}`, { font: FONTS.hei })],
    spacing: BODY_SPACING, indent: INDENT2, keepNext: true, keepLines: true,
  });
}

function heading2(n: number, title: string): Paragraph {
  return new Paragraph({
    children: [run(`（${chineseNumber(n)}）${title}`, { font: FONTS.kai })],
    spacing: BODY_SPACING, indent: INDENT2, keepNext: true, keepLines: true,
  });
}

// ---------------------------------------------------------------------------------------------
// 版头

/** The red name: 2号 at least, up to 小初 (36 pt) when it fits one line of the text block. */
function nameSize(name: string): number {
  const chars = Math.max(1, textWidth(name));
  const fit = Math.floor((TEXT_WIDTH / 20) / chars);
  return Math.max(SIZE.er, Math.min(36, fit));
}

function masthead(b: DocxBriefing): Paragraph[] {
  const size = nameSize(b.name);
  const out = [
    new Paragraph({
      children: [run(b.name, { font: FONTS.title, size, color: RED })],
      alignment: AlignmentType.CENTER,
      spacing: { ...exact(Math.ceil(size * 1.3)), before: LINE_PITCH, after: 0 },
    }),
    new Paragraph({
      children: [run(`第${b.issue}期`)],
      alignment: AlignmentType.CENTER,
      spacing: { ...BODY_SPACING, before: 120 },
    }),
    // 编发单位 left and the date right (each one character in), over the red rule.
    new Paragraph({
      children: [run(b.unit), new TextRun({ children: [new Tab()] }), run(chineseDate(b.date))],
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH - 320 }],
      indent: { left: 320, right: 320 },
      spacing: { ...BODY_SPACING, before: 120 },
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 4 } },
    }),
  ];
  if (b.heading?.trim()) {
    out.push(new Paragraph({
      children: [run(b.heading.trim(), { font: FONTS.title, size: SIZE.er })],
      alignment: AlignmentType.CENTER,
      spacing: { ...exact(Math.round(SIZE.er * 1.5)), before: LINE_PITCH, after: LINE_PITCH },
    }));
  } else {
    out.push(new Paragraph({ children: [], spacing: BODY_SPACING }));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tables

/** Width of a text in characters of the font size: CJK and full-width 1, the rest about 0.55. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u2014\u2026\u201c\u201d]/.test(ch) || ch.codePointAt(0)! > 0xffff ? 1 : 0.55;
  return w;
}

/** Text columns that have no header group above them: their header spans the header rows (figures.tsx). */
function spanningColumns(t: BriefingTable): boolean[] {
  return t.columns.map((c, i) => c.format === 'text' && t.groups.length > 0
    && !t.groups.some((g) => g.some((h) => i >= h.col && i < h.col + h.span && h.text)));
}

/**
 * A header that must wrap, in its lines: 乡镇（街道） → 乡镇 / （街道）, so that it never breaks
 * inside a word (乡镇（街 / 道）); one without a bracket is left to the line breaking.
 */
export function headerLines(header: string, wrap: boolean): string[] {
  const at = header.indexOf('（');
  return wrap && at > 0 && textWidth(header) > 4 ? [header.slice(0, at), header.slice(at)] : [header];
}

/** Column widths (twips) from the content, summing to the text width; wrap: long headers take two lines. */
function columnWidths(t: BriefingTable, texts: string[][], size: number): { widths: number[]; wrap: boolean } {
  const pad = 2 * 80;
  const cells = t.columns.map((_, i) => Math.min(16, Math.max(0, ...texts.map((r) => textWidth(r[i] ?? '')))));
  const widthsFor = (wrap: boolean) => t.columns.map((c, i) => {
    const head = textWidth(c.header);
    // When the table is too wide, a long header wraps onto two lines; a short one (名次, 无星) never does.
    const lines = headerLines(c.header, wrap);
    const headW = !wrap || head <= 4 ? head : lines.length > 1 ? Math.max(...lines.map(textWidth)) : Math.max(4, Math.ceil(head / 2));
    return Math.max(headW, cells[i], 2) * size * 20 + pad;
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const full = widthsFor(false);
  const wrap = sum(full) > TEXT_WIDTH;
  const natural = wrap ? widthsFor(true) : full;
  const scale = TEXT_WIDTH / sum(natural);
  const out = natural.map((w) => Math.floor(w * scale));
  out[out.length - 1] += TEXT_WIDTH - sum(out);
  return { widths: out, wrap };
}

const THIN = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

function cellParagraph(text: string | string[], align: (typeof AlignmentType)[keyof typeof AlignmentType], s: RunStyle, keepNext = false): Paragraph {
  const size = s.size ?? SIZE.xiaosi;
  const lines = typeof text === 'string' ? [text] : text;
  return new Paragraph({
    children: lines.map((l, i) => run(l, { ...s, size, grid: false, breakBefore: i > 0 })),
    alignment: align,
    ...(keepNext ? { keepNext } : {}),
    spacing: { ...exact(Math.ceil(size * 1.45)), before: 0, after: 0 },
  });
}

/** A real Word table: header rows repeat on each page, rows never split, thin borders. */
export function docxTable(t: BriefingTable): Table {
  const wide = t.columns.length > 8;
  const size = wide ? 9 : t.columns.length > 5 ? SIZE.wu : SIZE.xiaosi;
  const texts = t.rows.map((r) => r.cells.map((v, i) => formatCell(v, cellFormat(t, r, i))));
  const { widths, wrap } = columnWidths(t, texts, size);
  const spanning = spanningColumns(t);
  const depth = t.groups.length;
  const head = (text: string, extra: { columnSpan?: number; rowSpan?: number } = {}, col = 0) => new TableCell({
    children: [cellParagraph(headerLines(text, wrap), AlignmentType.CENTER, { font: FONTS.hei, size }, true)],
    verticalAlign: VerticalAlignTable.CENTER,
    width: { size: widths.slice(col, col + (extra.columnSpan ?? 1)).reduce((a, b) => a + b, 0), type: WidthType.DXA },
    ...extra,
  });
  const rows: TableRow[] = [];
  for (const [gi, cells] of t.groups.entries()) {
    const out: TableCell[] = [];
    for (let i = 0; i < t.columns.length;) {
      if (spanning[i]) {
        // The spanning header is one merged cell from the top group row down to the column headers.
        out.push(head(gi === 0 ? t.columns[i].header : '', gi === 0 ? { rowSpan: depth + 1 } : {}, i));
        i++;
        continue;
      }
      const c = cells.find((x) => x.col === i);
      if (c) {
        out.push(head(c.text, { columnSpan: c.span }, i));
        i += c.span;
      } else {
        out.push(head('', {}, i));
        i++;
      }
    }
    rows.push(new TableRow({ children: out, tableHeader: true, cantSplit: true }));
  }
  // docx writes a rowSpan as vMerge restart/continue itself: the rows below leave those columns out.
  rows.push(new TableRow({
    children: t.columns.map((c, i) => (depth > 0 && spanning[i] ? null : head(c.header, {}, i))).filter((x): x is TableCell => x != null),
    tableHeader: true, cantSplit: true,
  }));
  // Rows kept with the next one (Word and WPS honour keepNext inside tables): the header and the
  // first three rows start a page together, and the last three rows end one together.
  const n = t.rows.length;
  const keep = (ri: number) => ri < 2 || (ri >= n - 3 && ri < n - 1);
  t.rows.forEach((r, ri) => {
    rows.push(new TableRow({
      cantSplit: true,
      children: r.cells.map((v, i) => {
        const f = cellFormat(t, r, i);
        const num = !(f === 'text' && typeof v !== 'number');
        return new TableCell({
          children: [cellParagraph(texts[ri][i], num ? AlignmentType.RIGHT : AlignmentType.LEFT, { size, bold: r.kind != null }, keep(ri))],
          verticalAlign: VerticalAlignTable.CENTER,
          width: { size: widths[i], type: WidthType.DXA },
        });
      }),
    }));
  });
  return new Table({
    rows,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    margins: { left: 80, right: 80, top: 30, bottom: 30 },
    borders: { top: THIN, bottom: THIN, left: THIN, right: THIN, insideHorizontal: THIN, insideVertical: THIN },
  });
}

function note(text: string): Paragraph {
  return new Paragraph({
    children: [run(text, { size: SIZE.xiaosi, grid: false })],
    spacing: { ...exact(18), before: 60, after: 0 },
    alignment: AlignmentType.BOTH,
  });
}

// ---------------------------------------------------------------------------------------------
// Charts

/** Display size in 96-dpi pixels: the chart's screen size, scaled down to the text width. */
export function imageSize(c: Pick<DocxChart, 'width' | 'height'>): { width: number; height: number } {
  const max = (TEXT_WIDTH / 1440) * 96;
  const k = c.width > max ? max / c.width : 1;
  return { width: Math.round(c.width * k), height: Math.round(c.height * k) };
}

function figure(c: DocxChart, n: number): Paragraph[] {
  return [
    new Paragraph({
      children: [new ImageRun({ type: 'png', data: c.png, transformation: imageSize(c), altText: { name: `图${n}`, description: c.title, title: c.title } })],
      alignment: AlignmentType.CENTER,
      keepNext: true,
      // Single (auto) spacing: an exact line would clip the picture to one line's height.
      spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 120, after: 0 },
    }),
    new Paragraph({
      children: [run(`图${n}　${c.title}`, { size: SIZE.si, grid: false })],
      alignment: AlignmentType.CENTER,
      spacing: { ...exact(22), before: 60, after: 120 },
    }),
  ];
}

// ---------------------------------------------------------------------------------------------
// 版记 and footers

function endBlock(b: DocxBriefing): Paragraph[] {
  const lines = distributionLines(b.distribution ?? {});
  // The rules are empty paragraphs of their own, so that they span the whole text width
  // whatever the indents of the lines between them.
  const rule = (keepNext: boolean) => new Paragraph({
    children: [],
    spacing: { ...exact(2), before: 0, after: 0 },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    ...(keepNext ? { keepNext } : {}),
  });
  const common = { spacing: { ...exact(SIZE.si * 1.6), before: 0, after: 0 }, keepNext: true, keepLines: true };
  const out: Paragraph[] = [new Paragraph({ children: [], spacing: BODY_SPACING, keepNext: true }), rule(true)];
  for (const [k, v] of lines) {
    out.push(new Paragraph({
      ...common,
      children: [run(`${k}：${v}`, { size: SIZE.si, grid: false })],
      // One character in; a second line of a long list lines up after 报：.
      indent: { left: 280 + 2 * 280, hanging: 2 * 280 },
    }));
  }
  out.push(new Paragraph({
    ...common,
    children: [run(copiesText(b.copies), { size: SIZE.si, grid: false })],
    alignment: AlignmentType.RIGHT,
    indent: { right: 280 },
  }));
  out.push(rule(false));
  return out;
}

/** "— 1 —" in 4号 宋体, right on odd pages and left on even ones, a quarter character in. */
function pageFooter(side: 'odd' | 'even'): Footer {
  return new Footer({
    children: [new Paragraph({
      alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
      indent: side === 'odd' ? { right: 280 } : { left: 280 },
      spacing: exact(SIZE.si),
      children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font(FONTS.song), size: PT(SIZE.si) })],
    })],
  });
}

// ---------------------------------------------------------------------------------------------
// The document

export function briefingDocument(b: DocxBriefing): Document {
  const body: Array<Paragraph | Table> = [...masthead(b)];
  body.push(heading1(1, '总体情况'));
  for (const p of textParagraphs(b.narrative)) body.push(bodyParagraph(p));
  let fig = 0;
  b.sections.forEach((s, si) => {
    body.push(heading1(si + 2, s.title));
    // The caption stays with what it introduces.
    for (const p of textParagraphs(s.caption)) body.push(bodyParagraph(p, s.tables.length + s.charts.length > 0));
    const sub = s.tables.length > 1;
    s.tables.forEach((t, ti) => {
      if (sub) body.push(heading2(ti + 1, t.title.replace(`${s.title} · `, '')));
      body.push(docxTable(t));
      if (t.rows.length === 0) body.push(note('没有符合条件的数据。'));
      if (t.note) body.push(note(t.note));
    });
    if (s.tables.length === 0 && s.charts.length === 0) body.push(bodyParagraph('没有期次数据，无法生成这一部分。'));
    for (const c of s.charts) body.push(...figure(c, ++fig));
  });
  body.push(...endBlock(b));

  return new Document({
    creator: b.unit,
    title: b.name,
    description: `${b.name} 第${b.issue}期`,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: font(FONTS.body), size: PT(SIZE.san), characterSpacing: CHAR_SPACING },
          paragraph: { spacing: BODY_SPACING },
        },
      },
    },
    sections: [{
      properties: {
        page: {
          size: { width: PAGE.width, height: PAGE.height },
          margin: {
            top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right,
            header: mm(15),
            // The page number's line starts 7 mm below the text block (its exact line is 14 pt).
            footer: PAGE.bottom - mm(7) - SIZE.si * 20,
          },
        },
        // 22 lines a page: every body paragraph is exactly one line pitch (28.95 pt), and so is a new
        // one typed in Word (the default paragraph spacing). No document grid: LibreOffice applies a
        // line grid to table rows too, doubling their height.
        grid: { type: DocumentGridType.DEFAULT, linePitch: LINE_PITCH },
      },
      footers: { default: pageFooter('odd'), even: pageFooter('even') },
      children: body,
    }],
  });
}

/** The .docx file's bytes. */
export async function briefingToDocx(b: DocxBriefing): Promise<Uint8Array> {
  const buf = await Packer.toArrayBuffer(briefingDocument(b));
  return new Uint8Array(buf);
}
