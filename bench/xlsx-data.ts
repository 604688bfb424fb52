/**
 * A plain 台账 workbook of any size for the import benchmark (npm run bench) and for
 * profiling `xingtu check big.xlsx`: one sheet, a merged title row, one header row
 * (县 / 乡镇 / 村（社区）名称 / 类型 / 年度 / 季度 / the five village stars / 星级), then one row per
 * unit and quarter. Written the way Excel writes it (shared strings, numbers as numbers),
 * deflated with fflate; deterministic (seeded). Node or browser, no dependencies but fflate.
 *
 * Usage: npx tsx bench/xlsx-data.ts 50000 big.xlsx
 */
import { strToU8, zipSync } from 'fflate';

const COUNTY = '示例县';
const TOWNSHIPS = [
  '城关镇', '东湖街道', '河口镇', '青石镇', '柳林乡', '白马镇', '西岭乡', '南塘镇', '北坡乡', '桃源镇',
  '石桥镇', '杏花乡', '龙泉镇', '清水镇', '高山乡', '双河镇', '新安镇', '永丰乡', '长岭镇', '三江镇',
];
const FIRST = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'];
const SECOND = ['庄', '营', '寨', '湾', '岗', '坡', '沟', '河', '桥', '店', '楼', '屯', '园', '岭', '集', '洼', '堂', '坪', '铺', '家'];
const STARS = ['支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星'];
const LEVELS = ['无星', '一星', '二星', '三星', '四星', '五星'];
export const LEDGER_XLSX_HEADER = ['县', '乡镇', '村（社区）名称', '类型', '年度', '季度', ...STARS, '星级'];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function colLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * `rows` data rows (units × 20 quarters 2021Q1–2025Q4, the last unit cut short), as .xlsx bytes.
 * Villages only, so the five stars are all a unit can earn; 星级 = number of stars.
 */
export function ledgerXlsx(rows: number, seed = 20241001): Uint8Array {
  const random = rng(seed);
  const strings: string[] = [];
  const index = new Map<string, number>();
  const sst = (s: string) => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const width = LEDGER_XLSX_HEADER.length;
  const last = colLetter(width - 1);
  const parts: string[] = [];
  const cellS = (ref: string, s: string) => `<c r="${ref}" t="s"><v>${sst(s)}</v></c>`;
  const cellN = (ref: string, n: number) => `<c r="${ref}"><v>${n}</v></c>`;
  parts.push(`<row r="1">${cellS('A1', `${COUNTY}五星支部创建台账（2021—2025年）`)}</row>`);
  parts.push(`<row r="2">${LEDGER_XLSX_HEADER.map((h, c) => cellS(`${colLetter(c)}2`, h)).join('')}</row>`);
  const quarters = 20;
  const units = Math.ceil(rows / quarters);
  const used = new Set<string>();
  let r = 3;
  for (let u = 0; u < units && r - 3 < rows; u++) {
    const township = TOWNSHIPS[u % TOWNSHIPS.length];
    let name = '';
    for (let k = 0; ; k++) {
      name = `${FIRST[Math.floor(random() * FIRST.length)]}${SECOND[Math.floor(random() * SECOND.length)]}${k > 3 ? k : ''}村`;
      if (!used.has(township + name)) break;
    }
    used.add(township + name);
    const strength = random();
    for (let q = 0; q < quarters && r - 3 < rows; q++, r++) {
      const year = 2021 + Math.floor(q / 4);
      const stars = STARS.map(() => random() < Math.min(0.95, strength * 0.7 + q * 0.015 + 0.1));
      // 支部过硬星 is the capstone: only with the other four.
      stars[0] = stars[0] && stars.slice(1).every(Boolean);
      const level = stars.filter(Boolean).length;
      const cells = [
        cellS(`A${r}`, COUNTY), cellS(`B${r}`, township), cellS(`C${r}`, name), cellS(`D${r}`, '村'),
        cellN(`E${r}`, year), cellN(`F${r}`, (q % 4) + 1),
        ...stars.map((s, j) => (s ? cellS(`${colLetter(6 + j)}${r}`, '★') : '')),
        cellS(`${colLetter(11)}${r}`, LEVELS[level]),
      ];
      parts.push(`<row r="${r}">${cells.join('')}</row>`);
    }
  }
  const sheet =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<dimension ref="A1:${last}${r - 1}"/><sheetData>${parts.join('')}</sheetData>` +
    `<mergeCells count="1"><mergeCell ref="A1:${last}1"/></mergeCells></worksheet>`;
  const shared =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">` +
    strings.map((s) => `<si><t>${esc(s)}</t></si>`).join('') +
    '</sst>';
  const files: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      '<sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' +
      '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    'xl/styles.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>' +
      '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="1"><xf xfId="0"/></cellXfs></styleSheet>',
    'xl/worksheets/sheet1.xml': sheet,
    'xl/sharedStrings.xml': shared,
  };
  const mtime = new Date(Date.UTC(2024, 9, 8, 8, 0, 0));
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [strToU8(v), { mtime, level: 6 }]])) as never);
}

export interface XlsxImportTiming {
  rows: number;
  fileBytes: number;
  runs: number;
  /** Median ms of readImportFile alone (unzip + cells), and of importFiles (read + interpret), as the CLI and the import worker run them. */
  readMs: number;
  importMs: number;
  accepted: number;
}

/**
 * Times the import of a generated 台账 .xlsx the way `xingtu check` and the app's import worker
 * run it: readImportFile, then importFiles (which reads again and interprets). Median of `runs`
 * after one warm-up. (Before issue #12's fix — read-excel-file's time-sliced parser — 10k rows
 * read in ~1.3 s, 30k took ~60 s and then failed with a false "out of memory", 50k likewise.)
 */
export async function timeXlsxImport(rows: number, runs = 3): Promise<XlsxImportTiming> {
  const { readImportFile } = await import('../shared/import/read.ts');
  const { importFiles } = await import('../shared/import/run.ts');
  const bytes = ledgerXlsx(rows);
  const name = `台账${rows}.xlsx`;
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const reads: number[] = [];
  const imports: number[] = [];
  let accepted = 0;
  for (let i = 0; i <= runs; i++) {
    let t0 = performance.now();
    const sheets = await readImportFile(name, bytes);
    const readMs = performance.now() - t0;
    if (sheets[0].rows.length !== rows + 2) throw new Error(`${name}: read ${sheets[0].rows.length} rows, expected ${rows + 2}`);
    t0 = performance.now();
    const { report } = await importFiles([{ name, bytes }]);
    const importMs = performance.now() - t0;
    accepted = report.accepted;
    if (accepted !== rows) throw new Error(`${name}: accepted ${accepted} of ${rows} rows`);
    if (i > 0) {
      reads.push(readMs);
      imports.push(importMs);
    }
  }
  return { rows, fileBytes: bytes.length, runs, readMs: med(reads), importMs: med(imports), accepted };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const { writeFileSync } = await import('node:fs');
  const rows = Number(process.argv[2] ?? 50_000);
  const out = process.argv[3] ?? `ledger-${rows}.xlsx`;
  writeFileSync(out, ledgerXlsx(rows));
  console.log(`${out}: ${rows} rows`);
}
