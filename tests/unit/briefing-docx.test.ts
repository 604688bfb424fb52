/**
 * The 简报 as Word (shared/briefing/docx.ts): built in Node for a small briefing of the
 * hand-computed analysis county (overview, township ranking, 红黑榜, a pivot and a chart),
 * unzipped and read back: the GB/T 9704 page, the font names, the 版头, the sections, the
 * tables (repeating header rows, rows never split, the ranking's numbers as the 简报 page
 * writes them, checked against the independent answers of briefing-workbook.test.ts), the
 * footers with "— PAGE —" on odd and even pages, the 报/送/发 block, and imported text kept
 * as literal text. When LibreOffice is installed the file is also converted to PDF (and
 * page 1 to PNG with pdftoppm) under tests/artifacts/briefing-docx/ to look at.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync, zlibSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import type { Filter } from '../../shared/filter.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { runAnalysis } from '../../shared/engine/index.ts';
import { briefingDistribution, makeItem, parseBriefing } from '../../shared/briefing/model.ts';
import { DEFAULT_DISTRIBUTION } from '../../shared/briefing/distribution.ts';
import type { Runner } from '../../shared/briefing/narrative.ts';
import type { BriefingTable } from '../../shared/briefing/tables.ts';
import {
  briefingToDocx, docTables, docxSections, headerLines, imageSize, LINE_PITCH, PAGE, TEXT_WIDTH, type DocxBriefing, type DocxChart,
} from '../../shared/briefing/docx.ts';
import { ANALYSIS_COUNTY_CSV, CHENGGUAN, DONGHU, HEKOU } from '../support/analysis-county.ts';

let db: Database;
let run: Runner;
const Q4F: Filter = { period: { year: 2024, quarter: 4 }, townships: [], kind: null };
const HOSTILE = ['=HYPERLINK("http://x","y")', '<b>x</b>', '{ PAGE }', '&amp;'];

beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'd1', name: '测试', source: 'analysis.csv', is_sample: false }, ANALYSIS_COUNTY_CSV);
  run = (q) => runAnalysis(db, q);
});
afterAll(async () => db?.close());

// ---------------------------------------------------------------------------------------------
// A chart-like PNG without a canvas: bars on white, 2× (1200 × 560 for a 600 × 280 chart).

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function png(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Uint8Array {
  const raw = new Uint8Array((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), y * (width * 3 + 1) + 1 + x * 3);
  }
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    dv.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  };
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const parts = [new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlibSync(raw)), chunk('IEND', new Uint8Array())];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

const BARS = [0.667, 0.5, 0.5, 0];
const chartPng = png(1200, 560, (x, y) => {
  const i = Math.floor((x - 100) / 260);
  const inBar = i >= 0 && i < BARS.length && (x - 100) % 260 < 160 && y > 500 - BARS[i] * 440 && y < 500;
  if (inBar) return [84, 112, 198];
  if (y === 500 && x > 80) return [120, 120, 120];
  return [255, 255, 255];
});

// ---------------------------------------------------------------------------------------------
// Reading the document back

/** XML text → plain text (the five predefined entities and numeric references). */
function unescape(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    const m: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return m[e.toLowerCase()];
  });
}
const texts = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1]));
const paragraphs = (xml: string) => [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => m[0]);
const paraText = (p: string) => texts(p).join('');
/** Each table as rows of cell texts. */
function tables(xml: string): { xml: string; rows: { xml: string; cells: string[] }[] }[] {
  return [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) => ({
    xml: t[0],
    rows: [...t[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) => ({
      xml: r[0],
      cells: [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => texts(c[0]).join('')),
    })),
  }));
}

function hostileTable(): BriefingTable {
  return {
    title: '导入的名称', groups: [],
    columns: [{ header: '乡镇（街道）', format: 'text' }, { header: '单位数', format: 'count' }, { header: '三星以上占比', format: 'percent' }],
    rows: HOSTILE.map((h, i) => ({ cells: [h, i + 1, i / 4] })),
    note: HOSTILE.join(' '),
  };
}

async function build(extra: Partial<DocxBriefing> = {}) {
  const items = [
    makeItem({ kind: 'overview' }, Q4F, 'ov'),
    makeItem({ kind: 'ranking', measure: { kind: 'shareAtLeast', level: 3 } }, Q4F, 'rk'),
    makeItem({ kind: 'boards', target: 'township', measure: { kind: 'shareAtLeast', level: 3 }, by: 'value', unitBy: 'level', n: 2 }, Q4F, 'bd'),
    makeItem({ kind: 'pivot', pivot: { rows: ['township'], columns: ['kind'], measures: [{ kind: 'units' }] } }, Q4F, 'pv'),
  ];
  items[1].caption = '城关镇（甲县）继续领先。\n河口镇需加强指导。';
  const chart: DocxChart = { png: chartPng, width: 600, height: 280, title: '2024年第四季度各乡镇三星以上占比排名（条形图）' };
  const sections = await docxSections(run, items, Q4F, ['甲县', '乙县'], new Map([['rk', [chart]]]));
  sections.push({ title: `导入的名称 ${HOSTILE[0]}`, caption: HOSTILE.join('\n'), tables: [hostileTable()], charts: [] });
  const b: DocxBriefing = {
    name: '“五星”支部创建工作简报', issue: 3, unit: '中共河口县委组织部', date: '2026-12-03',
    narrative: '截至2024年第四季度，全县共有参评单位9个。\n\n（一）存在问题。个别乡镇进展不快。\n1.基础工作有短板。',
    sections,
    distribution: { bao: '市委组织部', song: '县委常委，县人大常委会、县政府、县政协主要领导', fa: '各乡镇（街道）党（工）委' },
    copies: 30,
    ...extra,
  };
  const bytes = await briefingToDocx(b);
  const zip = unzipSync(bytes);
  return { b, bytes, zip, xml: strFromU8(zip['word/document.xml']) };
}

describe('the 简报 as .docx', () => {
  it('is a Word package: content types, the document, footers, the image', async () => {
    const { zip, xml } = await build();
    expect(Object.keys(zip)).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'word/styles.xml', 'word/settings.xml']));
    expect(Object.keys(zip).filter((k) => /^word\/media\/.+\.png$/.test(k))).toHaveLength(1);
    expect(xml.startsWith('<?xml')).toBe(true);
    // Well-formed enough for the tag balance of the parts we read.
    for (const tag of ['w:p', 'w:tbl', 'w:tr', 'w:tc']) {
      expect((xml.match(new RegExp(`<${tag}[ >]`, 'g')) ?? []).length).toBe((xml.match(new RegExp(`</${tag}>`, 'g')) ?? []).length);
    }
  });

  it('the GB/T 9704 page: A4, a 156 × 225 mm text block, 22 lines of 28.95 pt × 28 characters', async () => {
    const { xml, zip } = await build();
    expect(TEXT_WIDTH).toBe(8845);
    const sect = /<w:sectPr[\s\S]*?<\/w:sectPr>/.exec(xml)![0];
    expect(sect).toMatch(new RegExp(`<w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}"`));
    expect(sect).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect((PAGE.height - PAGE.top - PAGE.bottom) / LINE_PITCH).toBeCloseTo(22, 1);
    expect(sect).toContain('<w:docGrid w:type="default" w:linePitch="579"/>');
    // 28 characters of 16 pt a line: each 0.25 pt narrower (a default of the document).
    expect(strFromU8(zip['word/styles.xml'])).toMatch(/<w:rPrDefault><w:rPr>[\s\S]*<w:spacing w:val="-5"\/>/);
    expect(28 * (16 - 0.25) * 20).toBeLessThanOrEqual(TEXT_WIDTH);
    expect(29 * (16 - 0.25) * 20).toBeGreaterThan(TEXT_WIDTH);
    // Body paragraphs: exactly 28.95 pt.
    expect(xml).toContain('<w:spacing w:after="0" w:before="0" w:line="579" w:lineRule="exact"/>');
  });

  it('names the office fonts as eastAsia fonts: 仿宋_GB2312 body, 方正小标宋简体 name, 黑体 一、, 楷体_GB2312 （一）', async () => {
    const { xml, zip } = await build();
    const styles = strFromU8(zip['word/styles.xml']);
    expect(styles).toContain('w:eastAsia="仿宋_GB2312"');
    expect(styles).toMatch(/<w:sz w:val="32"\/>/);
    const ps = paragraphs(xml);
    const find = (text: string) => ps.find((p) => paraText(p) === text || paraText(p).startsWith(text))!;
    expect(find('“五星”支部创建工作简报')).toContain('w:eastAsia="方正小标宋简体"');
    expect(find('一、总体情况')).toContain('w:eastAsia="黑体"');
    expect(find('截至2024年第四季度')).toContain('w:eastAsia="仿宋_GB2312"');
    expect(find('截至2024年第四季度')).toMatch(/<w:sz w:val="32"\/>/);
    // （一）存在问题。 in 楷体, the rest of the paragraph in 仿宋.
    const sub = find('（一）存在问题。');
    expect(sub).toMatch(/w:eastAsia="楷体_GB2312"[\s\S]*<w:t[^>]*>（一）存在问题。<\/w:t>/);
    expect(sub).toMatch(/w:eastAsia="仿宋_GB2312"[\s\S]*<w:t[^>]*>个别乡镇进展不快。<\/w:t>/);
    // The 红黑榜's two tables are （一）… and （二）… in 楷体.
    expect(find('（一）红榜')).toContain('w:eastAsia="楷体_GB2312"');
    expect(find('（二）黑榜')).toContain('w:eastAsia="楷体_GB2312"');
  });

  it('版头: the red name, 第3期, the unit left and the date right over a red rule; then the sections', async () => {
    const { xml } = await build();
    const ps = paragraphs(xml).map((p) => ({ p, text: paraText(p) }));
    expect(ps[0].text).toBe('“五星”支部创建工作简报');
    expect(ps[0].p).toContain('<w:color w:val="FF0000"/>');
    expect(ps[0].p).toContain('<w:jc w:val="center"/>');
    expect(ps[1].text).toBe('第3期');
    expect(ps[2].text).toBe('中共河口县委组织部2026年12月3日');
    expect(ps[2].p).toMatch(/中共河口县委组织部<\/w:t><\/w:r><w:r><w:tab\/><\/w:r><w:r>/);
    expect(ps[2].p).toMatch(/<w:tab w:val="right" w:pos="\d+"\/>/);
    expect(ps[2].p).toMatch(/<w:pBdr><w:bottom w:val="single" w:color="FF0000" w:sz="18" w:space="4"\/><\/w:pBdr>/);
    const headings = ps.map((x) => x.text).filter((t) => /^[一二三四五六七八九十]+、/.test(t));
    expect(headings).toEqual([
      '一、总体情况',
      '二、2024年第四季度甲县、乙县“五星”支部创建主要指标',
      '三、2024年第四季度各乡镇三星以上占比排名',
      '四、2024年第四季度乡镇红黑榜（三星以上占比）',
      '五、2024年第四季度甲县、乙县统计表（按乡镇、类型）',
      `六、导入的名称 ${HOSTILE[0]}`,
    ]);
    // The analyst's caption, paragraph by paragraph, under its heading.
    const i = ps.findIndex((x) => x.text.startsWith('三、'));
    expect(ps.slice(i + 1, i + 3).map((x) => x.text)).toEqual(['城关镇（甲县）继续领先。', '河口镇需加强指导。']);
  });

  it('tables: header rows repeat, rows never split, thin borders; the ranking as the 简报 page writes it', async () => {
    const { xml } = await build();
    const ts = tables(xml);
    // overview, ranking, 红榜, 黑榜, pivot, the hostile one.
    expect(ts).toHaveLength(6);
    for (const t of ts) {
      expect(t.rows[0].xml).toContain('<w:tblHeader/>');
      for (const r of t.rows) expect(r.xml).toContain('<w:cantSplit/>');
      expect(t.xml).toContain('<w:insideH w:val="single"');
      expect(t.xml).toContain('<w:tblLayout w:type="fixed"/>');
    }
    const rank = ts[1];
    expect(rank.rows[0].cells).toEqual(['名次', '乡镇（街道）', '三星以上占比', '较上季度（百分点）', '名次变化', '单位数', '无星', '一星', '二星', '三星', '四星', '五星']);
    expect(rank.rows.slice(1).map((r) => r.cells.slice(0, 5))).toEqual([
      ['1', `${CHENGGUAN}（甲县）`, '66.7%', '持平', '持平'],
      ['2', `${CHENGGUAN}（乙县）`, '50.0%', '持平', '持平'],
      ['2', DONGHU, '50.0%', '+50.0', '上升1'],
      ['4', HEKOU, '0.0%', '持平', '下降1'],
    ]);
    // 单位数 and levels: 甲县城关镇 a1(5) a2(2) a3(3).
    expect(rank.rows[1].cells.slice(5)).toEqual(['3', '0', '0', '1', '1', '0', '1']);
    // Wide: a long header wraps at its bracket, never inside a word (乡镇（街 / 道）).
    expect(rank.rows[0].xml).toMatch(/<w:t xml:space="preserve">乡镇<\/w:t><\/w:r><w:r><w:rPr>[\s\S]*?<\/w:rPr><w:br\/><w:t xml:space="preserve">（街道）<\/w:t>/);
    expect(headerLines('乡镇（街道）', false)).toEqual(['乡镇（街道）']);
    expect(headerLines('名次', true)).toEqual(['名次']);
    // Numbers right-aligned, names left.
    const cellsXml = [...rank.rows[1].xml.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((m) => m[0]);
    expect(cellsXml[2]).toContain('<w:jc w:val="right"/>');
    expect(cellsXml[1]).toContain('<w:jc w:val="left"/>');
    // The table's note under it.
    expect(paragraphs(xml.slice(xml.indexOf(rank.xml) + rank.xml.length)).map(paraText)[0]).toContain('并列');
    // The pivot's header group (村 / 合计 over 单位数) with 乡镇（街道） merged down both header rows.
    const pv = ts[4];
    expect(pv.rows[0].xml).toContain('<w:vMerge w:val="restart"/>');
    expect(pv.rows[1].xml).toContain('<w:vMerge w:val="continue"/>');
    expect(pv.rows[1].xml).toContain('<w:tblHeader/>');
    expect(pv.rows[0].cells).toEqual(['乡镇（街道）', '村', '社区', '合计']);
  });

  it('the chart: an inline 2× PNG scaled to the text width, captioned 图1', async () => {
    const { xml, zip } = await build();
    const media = Object.keys(zip).find((k) => k.startsWith('word/media/'))!;
    expect(zip[media]).toEqual(chartPng);
    const { width, height } = imageSize({ width: 600, height: 280 });
    expect(width).toBeLessThanOrEqual(Math.round((TEXT_WIDTH / 1440) * 96));
    expect(xml).toContain(`<wp:extent cx="${width * 9525}" cy="${height * 9525}"/>`);
    expect(paragraphs(xml).map(paraText)).toContain('图1　2024年第四季度各乡镇三星以上占比排名（条形图）');
    // A wide chart is scaled down to the text block, keeping its proportions.
    expect(imageSize({ width: 1200, height: 400 })).toEqual({ width: 590, height: 197 });
  });

  it('footers: "— PAGE —" in 4号, odd pages right and even pages left', async () => {
    const { xml, zip } = await build();
    expect(strFromU8(zip['word/settings.xml'])).toContain('<w:evenAndOddHeaders/>');
    const refs = [...xml.matchAll(/<w:footerReference w:type="(\w+)" r:id="(\w+)"\/>/g)].map((m) => [m[1], m[2]]);
    expect(refs.map((r) => r[0]).sort()).toEqual(['default', 'even']);
    const rels = strFromU8(zip['word/_rels/document.xml.rels']);
    for (const [type, id] of refs) {
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)![1];
      const footer = strFromU8(zip[`word/${target}`]);
      // "— " and " —" around the PAGE field (its result is left to Word/WPS to fill in).
      expect(texts(footer).join('')).toBe('—  —');
      expect(footer).toMatch(/<w:t xml:space="preserve">— <\/w:t>[\s\S]*<w:fldChar w:fldCharType="begin"\/>[\s\S]*<w:instrText xml:space="preserve">PAGE<\/w:instrText>[\s\S]*<w:fldChar w:fldCharType="end"\/>[\s\S]*<w:t xml:space="preserve"> —<\/w:t>/);
      expect(footer).toContain('<w:sz w:val="28"/>');
      expect(footer).toContain(type === 'even' ? '<w:jc w:val="left"/>' : '<w:jc w:val="right"/>');
    }
  });

  it('ends with 报/送/发 between two thin rules and 共印N份 (a blank when not given)', async () => {
    const { xml } = await build();
    const ps = paragraphs(xml);
    const tail = ps.slice(-6);
    expect(tail.map(paraText)).toEqual([
      '',
      '报：市委组织部',
      '送：县委常委，县人大常委会、县政府、县政协主要领导',
      '发：各乡镇（街道）党（工）委',
      '（共印30份）',
      '',
    ]);
    // Two thin rules (0.75 pt), each an empty paragraph of the full text width.
    for (const r of [tail[0], tail[5]]) expect(r).toMatch(/<w:pBdr><w:bottom w:val="single" w:color="000000" w:sz="6" w:space="1"\/><\/w:pBdr>/);
    expect(tail.slice(1, 5).join('')).not.toContain('<w:pBdr>');
    expect(tail[4]).toContain('<w:jc w:val="right"/>');
    const blank = paragraphs((await build({ copies: null, distribution: { bao: '市委组织部' } })).xml).slice(-3).map(paraText);
    expect(blank).toEqual(['报：市委组织部', '（共印　　份）', '']);
  });

  it('the briefing\'s own 报/送/发 and 共印8份 (its distribution setting) end the document; the defaults otherwise', async () => {
    const own = briefingDistribution(parseBriefing({
      distribution: { bao: '市委组织部，县委主要领导', song: '', fa: '各乡镇党委 <w:t>&amp;', copies: 8 },
    }));
    const { copies, ...distribution } = own;
    const tail = paragraphs((await build({ distribution, copies })).xml).slice(-5).map(paraText);
    // An empty 送 is not printed; markup in the text stays text.
    expect(tail).toEqual(['', '报：市委组织部，县委主要领导', '发：各乡镇党委 <w:t>&amp;', '（共印8份）', '']);
    const d = briefingDistribution(parseBriefing({}));
    expect(d).toEqual(DEFAULT_DISTRIBUTION);
    const defaults = paragraphs((await build({ distribution: d, copies: d.copies })).xml).slice(-5).map(paraText);
    expect(defaults).toEqual(['报：' + DEFAULT_DISTRIBUTION.bao, '送：' + DEFAULT_DISTRIBUTION.song, '发：' + DEFAULT_DISTRIBUTION.fa, '（共印　　份）', '']);
  });

  it('imported text stays literal text: no field, no markup, no hyperlink', async () => {
    const { xml } = await build();
    const all = texts(xml);
    for (const h of HOSTILE) expect(all).toContain(h);
    expect(xml).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(xml).toContain('&amp;amp;');
    expect(xml).not.toMatch(/<w:hyperlink|<w:fldSimple|HYPERLINK<\/w:instrText>|<b>x<\/b>/);
    // The only field of the document body is none at all (page numbers live in the footers).
    expect(xml).not.toContain('<w:instrText');
    const hostile = tables(xml)[5];
    expect(hostile.rows.slice(1).map((r) => r.cells)).toEqual(HOSTILE.map((h, i) => [h, String(i + 1), `${(i * 25).toFixed(1)}%`]));
  });

  // Word refuses a file whose property elements are out of the schema's sequence ("unreadable
  // content"). No XSD validator is on our machines: the sequences of ECMA-376 (transitional,
  // the docx package's target) for the property elements this document writes are checked here.
  it('writes every property element in the order of the WordprocessingML schema', async () => {
    const { xml, zip } = await build();
    const SEQ: Record<string, string[]> = {
      pPr: ['pStyle', 'keepNext', 'keepLines', 'pageBreakBefore', 'framePr', 'widowControl', 'numPr', 'suppressLineNumbers', 'pBdr', 'shd', 'tabs',
        'suppressAutoHyphens', 'kinsoku', 'wordWrap', 'overflowPunct', 'topLinePunct', 'autoSpaceDE', 'autoSpaceDN', 'bidi', 'adjustRightInd',
        'snapToGrid', 'spacing', 'ind', 'contextualSpacing', 'mirrorIndents', 'suppressOverlap', 'jc', 'textDirection', 'textAlignment',
        'textboxTightWrap', 'outlineLvl', 'divId', 'cnfStyle', 'rPr', 'sectPr', 'pPrChange'],
      rPr: ['rStyle', 'rFonts', 'b', 'bCs', 'i', 'iCs', 'caps', 'smallCaps', 'strike', 'dstrike', 'outline', 'shadow', 'emboss', 'imprint', 'noProof',
        'snapToGrid', 'vanish', 'webHidden', 'color', 'spacing', 'w', 'kern', 'position', 'sz', 'szCs', 'highlight', 'u', 'effect', 'bdr', 'shd',
        'fitText', 'vertAlign', 'rtl', 'cs', 'em', 'lang', 'eastAsianLayout', 'specVanish', 'oMath'],
      tcPr: ['cnfStyle', 'tcW', 'gridSpan', 'hMerge', 'vMerge', 'tcBorders', 'shd', 'noWrap', 'tcMar', 'textDirection', 'tcFitText', 'vAlign', 'hideMark'],
      tblPr: ['tblStyle', 'tblpPr', 'tblOverlap', 'bidiVisual', 'tblStyleRowBandSize', 'tblStyleColBandSize', 'tblW', 'jc', 'tblCellSpacing', 'tblInd',
        'tblBorders', 'shd', 'tblLayout', 'tblCellMar', 'tblLook'],
      tblBorders: ['top', 'left', 'start', 'bottom', 'right', 'end', 'insideH', 'insideV'],
      pBdr: ['top', 'left', 'bottom', 'right', 'between', 'bar'],
      sectPr: ['headerReference', 'footerReference', 'footnotePr', 'endnotePr', 'type', 'pgSz', 'pgMar', 'paperSrc', 'pgBorders', 'lnNumType',
        'pgNumType', 'cols', 'formProt', 'vAlign', 'noEndnote', 'titlePg', 'textDirection', 'bidi', 'rtlGutter', 'docGrid', 'printerSettings'],
      tr: ['tblPrEx', 'trPr', 'tc'],
      tc: ['tcPr', 'p', 'tbl'],
    };
    // headerReference and footerReference are one choice group.
    const rank = (parent: string, name: string) => (parent === 'sectPr' && name === 'headerReference' ? 1 : SEQ[parent].indexOf(name));
    const checked: Record<string, number> = {};
    const check = (part: string, text: string) => {
      const stack: { name: string; children: string[] }[] = [];
      for (const m of text.matchAll(/<(\/?)w:(\w+)[^>]*?(\/?)>/g)) {
        const [, close, name, selfClose] = m;
        if (close) {
          const done = stack.pop()!;
          expect(done.name, part).toBe(name);
          if (SEQ[name]) {
            checked[name] = (checked[name] ?? 0) + 1;
            const ranks = done.children.map((c) => rank(name, c));
            expect(ranks.every((r) => r >= 0), `${part}: <w:${name}> has ${done.children.join(',')}`).toBe(true);
            expect(ranks, `${part}: <w:${name}> order ${done.children.join(',')}`).toEqual([...ranks].sort((a, b) => a - b));
          }
          continue;
        }
        stack.at(-1)?.children.push(name);
        if (!selfClose) stack.push({ name, children: [] });
      }
      expect(stack, part).toEqual([]);
    };
    // The check itself catches an out-of-order or unknown element.
    expect(() => check('bad', '<w:p><w:pPr><w:jc w:val="left"/><w:spacing w:line="240"/></w:pPr></w:p>')).toThrow();
    expect(() => check('bad', '<w:r><w:rPr><w:sz w:val="32"/><w:rFonts w:eastAsia="黑体"/></w:rPr></w:r>')).toThrow();
    expect(() => check('bad', '<w:tc><w:tcPr><w:bogus/></w:tcPr></w:tc>')).toThrow();
    for (const [name, bytes] of Object.entries(zip)) {
      if (/^word\/(document|styles|footer\d+|settings)\.xml$/.test(name)) check(name, strFromU8(bytes));
    }
    // Every kind was met: paragraphs, runs, cells, tables, borders, the section.
    for (const k of Object.keys(SEQ)) expect(checked[k] ?? 0, k).toBeGreaterThan(0);
    expect(xml).toContain('<w:tblHeader/>');
  });

  it('docTables: what the 简报 page prints (no table for a trend, the first for a township comparison)', () => {
    const t = hostileTable();
    expect(docTables({ kind: 'trend', panel: 'share', cadence: 'quarter' }, [t])).toEqual([]);
    expect(docTables({ kind: 'townshipCompare', townships: ['a', 'b'], measures: [], lineMeasure: { kind: 'units' } }, [t, t])).toHaveLength(1);
    expect(docTables({ kind: 'overview' }, [t])).toHaveLength(1);
  });

  // A further check by eye: LibreOffice opens the file, and page 1 is kept as an image.
  const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));
  it.runIf(soffice)('opens in LibreOffice (converted to PDF; page 1 as PNG in tests/artifacts/briefing-docx)', async () => {
    const { bytes } = await build();
    const dir = path.resolve('tests/artifacts/briefing-docx');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, '简报.docx');
    writeFileSync(file, bytes);
    execFileSync(soffice!, ['--headless', '--convert-to', 'pdf', '--outdir', dir, file], { timeout: 120_000, stdio: 'pipe', env: { ...process.env, HOME: dir } });
    expect(readdirSync(dir)).toContain('简报.pdf');
    if (existsSync('/usr/bin/pdftoppm')) {
      for (const f of readdirSync(dir)) if (/^page-\d+\.png$/.test(f)) rmSync(path.join(dir, f));
      execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '60', path.join(dir, '简报.pdf'), path.join(dir, 'page')], { timeout: 60_000 });
      expect(readdirSync(dir).some((f) => /^page-\d+\.png$/.test(f))).toBe(true);
    }
  }, 180_000);
});
