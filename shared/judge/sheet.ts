/**
 * Reads a 观摩评比 judges' sheet (issue #16) from the RawSheets of shared/import/read.ts
 * readImportFile: one row per contestant (乡镇/街道, or 村/社区/单位/名称), judges as columns
 * (评委一…, 评委1…, 专家A…, 评委甲…), optionally in components: a two-row header (现场观摩 over
 * its judges, 汇报 over its own) or one sheet per component (the sheet's name names it).
 * A maximum may be written in the component label, the sheet name, the title or a judge's
 * header ("满分100", "(70分)"); otherwise it is 100.
 *
 * An empty cell (or /、—、缺、缺席、回避) is a missing score. A score above the maximum, a
 * negative one, or text that is no number is refused: JudgeSheetError lists every such cell
 * with file, sheet, Excel row, judge and value. Several sheets (or files) are one round:
 * each sheet's components are added, contestants matched by township and name.
 */
import { cellToString, cleanText, normalizeName } from '../import/normalize.ts';
import { mergedCellGetter, rowIsBlank } from '../import/sheet-cells.ts';
import type { Problem, RawCell, RawSheet } from '../import/types.ts';
import { parseNumber } from '../import/values.ts';
import { findJudgeHeader, type JudgeHeader } from './header.ts';
import { isMissingMark, isNoteRow, maxIn, withoutMax } from './labels.ts';
import { DEFAULT_COMPONENT, type JudgeComponent, type JudgeContestant, type JudgeRound } from './types.ts';

export const DEFAULT_MAX = 100;
/** At most this many problems are spelled out in the error's message (all are in `problems`). */
const MESSAGE_PROBLEMS = 20;

/** The sheets cannot be read as judges' scores; `problems` hold every reason, `message` the first ones. */
export class JudgeSheetError extends Error {
  constructor(readonly problems: Problem[]) {
    const shown = problems.slice(0, MESSAGE_PROBLEMS).map((p) => p.message);
    if (problems.length > MESSAGE_PROBLEMS) shown.push(`……另有 ${problems.length - MESSAGE_PROBLEMS} 处问题。`);
    super(shown.join('\n'));
  }
}

interface SheetComponent {
  name: string;
  max: number;
  judges: string[];
  columns: number[];
  fromSheetName: boolean;
}

interface SheetRow {
  key: string;
  name: string;
  township: string | null;
  row: number;
  scores: Array<Array<number | null>>;
}

interface SheetRead {
  sheet: RawSheet;
  title: string | null;
  components: SheetComponent[];
  rows: SheetRow[];
}

const baseName = (file: string) => (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]*$/, '');

/** "文件"x.xlsx"工作表"Sheet1"", without the sheet for a CSV (its one table is the file). */
function where(sheet: RawSheet): string {
  return sheet.delimiter !== undefined ? `文件"${sheet.file}"` : `文件"${sheet.file}"工作表"${sheet.sheet}"`;
}

function problem(sheet: RawSheet, row: number | null, column: string | null, value: string | null, code: string, message: string): Problem {
  return { file: sheet.file, sheet: sheet.sheet, row, column, value, code, severity: 'error', message };
}

function components(sheet: RawSheet, header: JudgeHeader): SheetComponent[] {
  const sheetMax = maxIn(sheet.sheet) ?? header.preamble.map(maxIn).find((m) => m != null) ?? null;
  return header.groups.map((g) => {
    const judges = g.columns.map((c) => c.label);
    const judgeMax = judges.map(maxIn).find((m) => m != null) ?? null;
    if (g.label == null) return { name: DEFAULT_COMPONENT, max: sheetMax ?? judgeMax ?? DEFAULT_MAX, judges, columns: g.columns.map((c) => c.index), fromSheetName: false };
    return { name: withoutMax(g.label) || DEFAULT_COMPONENT, max: maxIn(g.label) ?? judgeMax ?? DEFAULT_MAX, judges, columns: g.columns.map((c) => c.index), fromSheetName: false };
  });
}

function parseScore(cell: RawCell): { ok: true; value: number | null } | { ok: false } {
  if (typeof cell === 'string' && isMissingMark(cell)) return { ok: true, value: null };
  if (typeof cell === 'boolean' || cell instanceof Date) return { ok: false };
  const p = parseNumber(cell);
  return p.ok ? { ok: true, value: p.value } : { ok: false };
}

function readRows(sheet: RawSheet, header: JudgeHeader, comps: SheetComponent[], problems: Problem[]): SheetRow[] {
  const cell = mergedCellGetter(sheet, header.dataStart);
  const col = (index: number) => ({ index, label: '', field: null, confidence: 'none' as const });
  const nameCol = col(header.nameCol);
  const townCol = header.townshipCol == null ? undefined : col(header.townshipCol);
  const rows: SheetRow[] = [];
  const seen = new Map<string, number>();
  for (let r = header.dataStart; r < sheet.rows.length; r++) {
    const raw = sheet.rows[r];
    if (rowIsBlank(raw)) continue;
    const excelRow = r + 1;
    const name = normalizeName(cleanText(cell(raw, r, nameCol)));
    if (name !== '' && isNoteRow(name)) continue;
    let hasScore = false;
    const scores = comps.map((comp) =>
      comp.columns.map((c, j) => {
        const v = raw[c] ?? null;
        const parsed = parseScore(v);
        const shown = cellToString(v).trim();
        const at = `${where(sheet)}第${excelRow}行"${comp.judges[j]}"${comps.length > 1 ? `（${comp.name}）` : ''}`;
        if (!parsed.ok) {
          problems.push(problem(sheet, excelRow, comp.judges[j], shown, 'bad_score', `${at}的"${shown}"不是分数。请改为 0 到 ${comp.max} 之间的数字；该评委没有打分请留空。`));
          return null;
        }
        if (parsed.value == null) return null;
        hasScore = true;
        if (parsed.value < 0) {
          problems.push(problem(sheet, excelRow, comp.judges[j], shown, 'negative_score', `${at}的分数"${shown}"是负数。请核对评分表，改为 0 到 ${comp.max} 之间的分数。`));
        } else if (parsed.value > comp.max) {
          problems.push(problem(sheet, excelRow, comp.judges[j], shown, 'over_max', `${at}的分数"${shown}"超过满分 ${comp.max}。请核对评分表改正；若本轮满分不是 ${comp.max}，请在标题或表头写明，例如"（满分120）"。`));
        }
        return parsed.value;
      }),
    );
    if (name === '') {
      // A note or signature row under the table has no name and no scores; scores without a name are a mistake.
      if (hasScore) problems.push(problem(sheet, excelRow, header.nameLabel, null, 'missing_name', `${where(sheet)}第${excelRow}行有评分但"${header.nameLabel}"为空。请填写名称，或删除这一行。`));
      continue;
    }
    const township = townCol ? normalizeName(cleanText(cell(raw, r, townCol))) || null : null;
    const key = `${township ?? ''}\u0000${name}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(problem(sheet, excelRow, header.nameLabel, name, 'duplicate_name', `${where(sheet)}第${first}行和第${excelRow}行都是"${township ?? ''}${name}"。同一单位只能有一行评分，请删除或合并重复的行。`));
      continue;
    }
    seen.set(key, excelRow);
    rows.push({ key, name, township, row: excelRow, scores });
  }
  if (rows.length === 0 && problems.length === 0) {
    problems.push(problem(sheet, null, null, null, 'no_rows', `${where(sheet)}表头下没有任何参评单位的评分行。请检查是否选错了文件或工作表。`));
  }
  return rows;
}

const MISS_TEXT = {
  no_name: '找到了评委列，但没有找到名称列（表头写作"乡镇""街道""村""社区""单位"或"名称"）',
  no_judges: '找到了名称列，但没有找到评委列（表头写作"评委一""评委1""专家A""评委甲"等）',
  nothing: '前 15 行中没有找到评分表的表头（名称列如"乡镇""村""单位"，评委列如"评委一""评委1""专家A"）',
} as const;

function readSheet(sheet: RawSheet, problems: Problem[]): SheetRead | Problem {
  const header = findJudgeHeader(sheet);
  if (typeof header === 'string') {
    return problem(sheet, null, null, null, `judge_${header}`, `${where(sheet)}${MISS_TEXT[header]}。请检查是否选错了文件或工作表，或把表头改成这样的写法。`);
  }
  const comps = components(sheet, header);
  return { sheet, title: header.preamble[0] ?? null, components: comps, rows: readRows(sheet, header, comps, problems) };
}

/** Reads the judges' sheets of one round (the sheets of one or more files). Throws JudgeSheetError. */
export function readJudgeRound(sheets: RawSheet[], fileName?: string): JudgeRound {
  const problems: Problem[] = [];
  const misses: Problem[] = [];
  const reads: SheetRead[] = [];
  for (const sheet of sheets) {
    if (sheet.rows.every((row) => rowIsBlank(row))) continue;
    const r = readSheet(sheet, problems);
    if ('code' in r) misses.push(r);
    else reads.push(r);
  }
  if (reads.length === 0) {
    throw new JudgeSheetError(misses.length > 0 ? misses : [{
      file: fileName ?? sheets[0]?.file ?? '', sheet: '', row: null, column: null, value: null, code: 'empty', severity: 'error',
      message: `文件"${fileName ?? sheets[0]?.file ?? ''}"中没有内容。请检查是否选错了文件。`,
    }]);
  }
  if (problems.length > 0) throw new JudgeSheetError(problems);
  const warnings = misses.map((m) => m.message.replace(/。请检查.*$/, '，已跳过。'));
  return merge(reads, fileName ?? reads[0].sheet.file, warnings);
}

/** One round from several sheets: components side by side, contestants matched by township and name. */
function merge(reads: SheetRead[], fileName: string, warnings: string[]): JudgeRound {
  const components: JudgeComponent[] = [];
  const offsets: number[] = [];
  for (const read of reads) {
    offsets.push(components.length);
    for (const c of read.components) {
      // One sheet per component: an unnamed component takes the sheet's name ("汇报（满分30）" → 汇报).
      const name = reads.length > 1 && c.name === DEFAULT_COMPONENT ? withoutMax(read.sheet.sheet) || c.name : c.name;
      if (components.some((x) => x.name === name)) {
        throw new JudgeSheetError([problem(read.sheet, null, null, name, 'duplicate_component', `${where(read.sheet)}中的"${name}"评分与前面的工作表重名。每个评分部分只能出现一次：请确认没有重复选择文件，或给各部分改用不同的名称。`)]);
      }
      components.push({ name, max: c.max, judges: c.judges, source: `${read.sheet.file} / ${read.sheet.sheet}` });
    }
  }
  const byKey = new Map<string, JudgeContestant>();
  reads.forEach((read, i) => {
    for (const row of read.rows) {
      let c = byKey.get(row.key);
      if (!c) {
        c = { name: row.name, township: row.township, scores: components.map((comp) => comp.judges.map(() => null)), source: `${read.sheet.file} / ${read.sheet.sheet} / 第${row.row}行` };
        byKey.set(row.key, c);
      }
      row.scores.forEach((s, k) => (c!.scores[offsets[i] + k] = s));
    }
  });
  if (reads.length > 1) {
    for (const [i, read] of reads.entries()) {
      const here = new Set(read.rows.map((r) => r.key));
      for (const [key, c] of byKey) {
        if (!here.has(key)) warnings.push(`"${c.township ?? ''}${c.name}"不在${where(read.sheet)}中，其"${components[offsets[i]].name}"评分按缺评处理。`);
      }
    }
  }
  const title = reads.find((r) => r.title)?.title ?? null;
  return { name: title ?? baseName(fileName), components, contestants: [...byKey.values()], warnings };
}
