/**
 * `xingtu briefing` (issue #13): the default 简报 written from two quarters' 台账 CSVs as Word
 * and Excel. The .docx is unzipped and read back (版头, headings, the narrative's numbers, the
 * 星级结构 table, the 报/送/发 block), the .xlsx read with exceljs; every expected number is
 * computed here in plain JS over the fixture's own rows, never through the app's resolvers.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';

// ---------------------------------------------------------------------------------------------
// The fixture: 11 units of 某某县 in 2024Q3 and 2024Q4, levels given, marks derived from them.

type Kind = '村' | '社区';
interface Unit { township: string; name: string; kind: Kind; q3: number; q4: number }

const UNITS: Unit[] = [
  { township: '城关镇', name: '东关社区', kind: '社区', q3: 3, q4: 4 },
  { township: '城关镇', name: '西关社区', kind: '社区', q3: 2, q4: 3 },
  { township: '城关镇', name: '新区社区', kind: '社区', q3: 4, q4: 4 },
  { township: '城关镇', name: '南关村', kind: '村', q3: 3, q4: 3 },
  { township: '城关镇', name: '北关村', kind: '村', q3: 1, q4: 1 },
  { township: '河口镇', name: '河口村', kind: '村', q3: 5, q4: 5 },
  { township: '河口镇', name: '柳林村', kind: '村', q3: 2, q4: 3 },
  { township: '河口镇', name: '石桥村', kind: '村', q3: 0, q4: 1 },
  { township: '青山乡', name: '青山村', kind: '村', q3: 1, q4: 0 },
  { township: '青山乡', name: '马坊村', kind: '村', q3: 2, q4: 2 },
  { township: '青山乡', name: '杨庄村', kind: '村', q3: 3, q4: 2 },
];

const STAR_HEADERS = ['支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星', '共建共享星', '幸福和谐星', '宜业兴业星'];
// Stars each kind can earn (columns above), in the order a unit earns them: 支部过硬星 last (the capstone).
const EARN_ORDER: Record<Kind, number[]> = { 村: [1, 2, 3, 4, 0], 社区: [3, 5, 6, 7, 0] };
const LEVEL_TEXT = ['无星', '一星', '二星', '三星', '四星', '五星'];
const QUARTER_TEXT = { 3: '第三季度', 4: '第四季度' } as const;

function ledgerCsv(quarter: 3 | 4): string {
  const lines = [
    `某某县2024年${QUARTER_TEXT[quarter]}“五星”支部创建情况统计表`,
    ['乡镇', '村（社区）名称', '类型', '季度', ...STAR_HEADERS, '星级'].join(','),
  ];
  for (const u of UNITS) {
    const level = quarter === 3 ? u.q3 : u.q4;
    const held = new Set(EARN_ORDER[u.kind].slice(0, level));
    const marks = STAR_HEADERS.map((_, i) => (!EARN_ORDER[u.kind].includes(i) ? '/' : held.has(i) ? '√' : '×'));
    lines.push([u.township, u.name, u.kind, `2024年${QUARTER_TEXT[quarter]}`, ...marks, LEVEL_TEXT[level]].join(','));
  }
  return lines.join('\n') + '\n';
}

// Independent answers.
const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(1)}%`;
const q4 = UNITS.map((u) => u.q4);
const q3 = UNITS.map((u) => u.q3);
const atLeast3 = (xs: number[]) => xs.filter((l) => l >= 3).length;
const countLevel = (xs: number[], l: number) => xs.filter((x) => x === l).length;

// ---------------------------------------------------------------------------------------------
// Running the command and reading the document back

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const texts = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) =>
  m[1].replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!));
/** Paragraphs outside tables, as text. */
const paragraphs = (xml: string) => [...xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '').matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
  .map((m) => texts(m[0]).join('')).filter(Boolean);
const tables = (xml: string) => [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) =>
  [...t[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) => [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => texts(c[0]).join(''))));

let dir: string;
let files: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xingtu-briefing-'));
  files = [join(dir, '2024年三季度台账.csv'), join(dir, '2024年四季度台账.csv')];
  await writeFile(files[0], ledgerCsv(3));
  await writeFile(files[1], ledgerCsv(4));
});

describe('xingtu briefing', () => {
  it('writes the default 简报 as Word and Excel, with the numbers of the fixture', async () => {
    const docx = join(dir, '简报.docx');
    const xlsx = join(dir, '简报.xlsx');
    const r = await run('briefing', ...files, '--period', '2024Q4', '--out', docx, '--xlsx', xlsx, '--issue', '3', '--unit', '中共某某县委组织部');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toEqual([expect.stringMatching(/^已写出 .*简报\.docx（/), expect.stringMatching(/^已写出 .*简报\.xlsx（/)]);
    // Written atomically: no temporary file is left beside them.
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const xml = strFromU8(unzipSync(new Uint8Array(await readFile(docx)))['word/document.xml']);
    const ps = paragraphs(xml);

    // 版头: the name, 第3期, the unit and today's date.
    const now = new Date();
    expect(ps[0]).toBe('“五星”支部创建工作简报');
    expect(ps[1]).toBe('第3期');
    expect(ps[2]).toBe(`中共某某县委组织部${now.getFullYear()}年${now.getMonth() + 1}月${now.getDate()}日`);

    // The sections, in order.
    const headings = ps.filter((p) => /^[一二三四五六七八九十]+、/.test(p));
    expect(headings).toEqual([
      '一、总体情况',
      '二、2024年第四季度各乡镇星级结构',
      '三、2024年第四季度各乡镇三星以上占比排名',
      '四、2024年第四季度乡镇红黑榜（三星以上占比）',
    ]);

    // 总体情况: units, units per level, the 三星以上 share and its change, units up and demoted.
    const narrative = ps.slice(ps.indexOf('一、总体情况') + 1, ps.indexOf(headings[1])).join('\n');
    const villages = UNITS.filter((u) => u.kind === '村').length;
    expect(narrative).toContain(`某某县共有参评单位${UNITS.length}个（村${villages}个、社区${UNITS.length - villages}个）`);
    expect(narrative).toContain(`其中“五星”支部${countLevel(q4, 5)}个、“四星”支部${countLevel(q4, 4)}个、“三星”支部${countLevel(q4, 3)}个`);
    expect(narrative).toContain(`三星以上占比${pct(atLeast3(q4), UNITS.length)}`);
    const points = ((atLeast3(q4) - atLeast3(q3)) / UNITS.length * 100).toFixed(1);
    expect(narrative).toContain(`较上季度提高${points}个百分点`);
    const up = UNITS.filter((u) => u.q4 > u.q3).length;
    const down = UNITS.filter((u) => u.q4 < u.q3).length;
    expect(narrative).toContain(`共有${up}个单位星级提升、${down}个单位被摘星`);

    // 星级结构: a township's row and the total.
    const [levels, ranking, red, black] = tables(xml);
    expect(levels[0]).toEqual(['乡镇（街道）', '单位数', ...LEVEL_TEXT, '三星以上占比']);
    const cg = UNITS.filter((u) => u.township === '城关镇').map((u) => u.q4);
    expect(levels.find((row) => row[0] === '城关镇')).toEqual(
      ['城关镇', String(cg.length), ...LEVEL_TEXT.map((_, l) => String(countLevel(cg, l))), pct(atLeast3(cg), cg.length)]);
    expect(levels.at(-1)).toEqual(['合计', String(UNITS.length), ...LEVEL_TEXT.map((_, l) => String(countLevel(q4, l))), pct(atLeast3(q4), UNITS.length)]);

    // The ranking and the boards: townships by 三星以上占比 (no ties in the fixture).
    const share = (t: string) => atLeast3(UNITS.filter((u) => u.township === t).map((u) => u.q4)) / UNITS.filter((u) => u.township === t).length;
    const order = [...new Set(UNITS.map((u) => u.township))].sort((a, b) => share(b) - share(a));
    expect(ranking.slice(1).map((row) => [row[0], row[1], row[2]])).toEqual(order.map((t, i) => [String(i + 1), t, pct(share(t), 1)]));
    expect(red.slice(1).map((row) => row[1])).toEqual(order);
    expect(black.slice(1)[0][1]).toBe(order.at(-1));

    // 版记: 报/送/发 and a blank 共印 count.
    const end = ps.slice(-4);
    expect(end[0]).toMatch(/^报：\S+/);
    expect(end[1]).toMatch(/^送：\S+/);
    expect(end[2]).toMatch(/^发：\S+/);
    expect(end[3]).toBe('（共印　　份）');

    // The workbook: 总体情况 first, then one sheet per table with numbers as numbers.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(xlsx)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)[0]).toBe('总体情况');
    const ws = wb.worksheets.find((w) => w.name.includes('星级结构'))!;
    let row: ExcelJS.Row | undefined;
    ws.eachRow((r) => { if (r.getCell(1).value === '城关镇') row = r; });
    expect(row!.getCell(2).value).toBe(cg.length);
    expect(row!.getCell(9).value).toBeCloseTo(atLeast3(cg) / cg.length, 4);
  }, 90_000);

  it('defaults to the latest period and the unit of the data’s county', async () => {
    const docx = join(dir, '默认.docx');
    const r = await run('briefing', ...files, '--out', docx);
    expect(r.code).toBe(0);
    const ps = paragraphs(strFromU8(unzipSync(new Uint8Array(await readFile(docx)))['word/document.xml']));
    expect(ps[1]).toBe('第1期');
    expect(ps[2].startsWith('中共某某县委组织部')).toBe(true);
    expect(ps).toContain('二、2024年第四季度各乡镇星级结构');
  }, 60_000);

  it('refuses a missing --out, a bad --issue and a non-.docx --out as usage mistakes (exit 2)', async () => {
    const noOut = await run('briefing', ...files);
    expect(noOut.code).toBe(2);
    expect(noOut.err).toContain('请用 --out 指定');
    const badIssue = await run('briefing', ...files, '--out', join(dir, 'x.docx'), '--issue', 'abc');
    expect(badIssue.code).toBe(2);
    expect(badIssue.err).toContain('--issue 需要');
    expect((await run('briefing', ...files, '--out', join(dir, 'x.pdf'))).code).toBe(2);
  }, 60_000);

  it('names a file it cannot read (exit 1)', async () => {
    const r = await run('briefing', join(dir, '不存在的台账.csv'), '--out', join(dir, 'y.docx'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('不存在的台账.csv');
  });
});
