/**
 * xingtu briefing FILE... [--period 2024Q4] --out 简报.docx [--xlsx 简报.xlsx] [--unit 中共某某县委组织部] [--issue 3]
 *   [--county 某某县] [--accept-links] [--plan 规划表.xlsx]
 *
 * The default 简报 (issue #13) written headless with the builders the app's 简报 page uses:
 * 一、总体情况 (shared/briefing/narrative.ts), then the level table by township (a 透视 item),
 * the township ranking by 三星以上占比 and the township 红黑榜 (tables.ts itemTables through
 * docx.ts docxSections), as Word (docx.ts) and optionally Excel (workbook.ts). No charts: the
 * CLI has no browser to draw them, and the default briefing has none.
 */
import ExcelJS from 'exceljs';
import { loadedCounties } from '../shared/datasets.ts';
import type { Database } from '../shared/db.ts';
import { runAnalysis } from '../shared/engine/index.ts';
import type { Filter } from '../shared/filter.ts';
import { DEFAULT_TITLE, issueNumber, type ItemSpec, makeItem, todayIso } from '../shared/briefing/model.ts';
import { generateNarrative, type Runner } from '../shared/briefing/narrative.ts';
import { briefingToDocx, docxSections } from '../shared/briefing/docx.ts';
import { DEFAULT_DISTRIBUTION } from '../shared/briefing/distribution.ts';
import { briefingToXlsx, type ExcelJSModule } from '../shared/briefing/workbook.ts';
import { periodLabel, type Period } from '../shared/period.ts';
import { issuingUnit } from '../shared/scope.ts';
import type { Plan } from '../shared/plans/sheet.ts';
import { DataError, type ParsedArgs, UsageError } from './args.ts';
import type * as Main from './main.ts';

/** What the command shares with summary, passed in by main.ts (this module is loaded only when asked for). */
export type CliHelpers = Pick<typeof Main, 'importOptions' | 'loadFiles' | 'readPlanOption' | 'resolvePeriod' | 'writeFileAtomic'>;

const SHARE3 = { kind: 'shareAtLeast', level: 3 } as const;

/** The parts of the default briefing after 一、总体情况, with their headings ('' = the automatic one). */
function defaultItems(period: Period): Array<{ spec: ItemSpec; title: string }> {
  return [
    {
      // 星级结构: per township the units, the units at each level and the 三星以上 share, with the total.
      spec: { kind: 'pivot', pivot: { rows: ['township'], columns: [], measures: [{ kind: 'units' }, { kind: 'levels' }, SHARE3] } },
      title: `${periodLabel(period)}各乡镇星级结构`,
    },
    { spec: { kind: 'ranking', measure: SHARE3 }, title: '' },
    // The 排名 view's default 红黑榜 (views/ranking/Boards.tsx DEFAULT_BOARDS): top and bottom 5 townships.
    { spec: { kind: 'boards', target: 'township', measure: SHARE3, by: 'value', unitBy: 'level', n: 5 }, title: '' },
  ];
}

/** A string option, or undefined when absent; an empty value is a usage mistake. */
function text(args: ParsedArgs, key: string, example: string): string | undefined {
  const v = args.options[key];
  if (v === undefined) return undefined;
  if (v === true || v.trim() === '') throw new UsageError(`--${key} 需要一个值，例如 --${key} ${example}。`);
  return v.trim();
}

function outputs(args: ParsedArgs): { docx: string; xlsx?: string } {
  const docx = text(args, 'out', '简报.docx');
  if (docx === undefined) throw new UsageError('请用 --out 指定要写出的 Word 文件，例如: xingtu briefing 台账.xlsx --out 简报.docx');
  if (!/\.docx$/i.test(docx)) throw new UsageError(`--out 应是 .docx 文件（Word 文档），收到"${docx}"。`);
  const xlsx = text(args, 'xlsx', '简报.xlsx');
  if (xlsx !== undefined && !/\.xlsx$/i.test(xlsx)) throw new UsageError(`--xlsx 应是 .xlsx 文件（Excel 工作簿），收到"${xlsx}"。`);
  return { docx, xlsx };
}

function issue(args: ParsedArgs): number {
  const v = args.options.issue;
  if (v === undefined) return 1;
  const n = typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? issueNumber(v.trim()) : null;
  if (n == null) throw new UsageError(`--issue 需要 1 到 9999 之间的整数期号，例如 --issue 3，收到"${v === true ? '' : v}"。`);
  return n;
}

async function write(writeFileAtomic: CliHelpers['writeFileAtomic'], file: string, bytes: Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(file, bytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(`无法写入文件"${file}"：${code === 'ENOENT' ? '所在文件夹不存在' : code === 'EACCES' || code === 'EPERM' ? '没有写入权限' : (e as Error).message}。`);
  }
}

const size = (bytes: Uint8Array) => `${Math.max(1, Math.round(bytes.length / 1024))} KB`;

export async function briefingCommand(db: Database, args: ParsedArgs, io: Main.Io, cli: CliHelpers): Promise<void> {
  // Every usage mistake before the (slow) import.
  const out = outputs(args);
  const issueNo = issue(args);
  const unitOption = text(args, 'unit', '中共某某县委组织部');
  if (args.files.length === 0) throw new UsageError('请给出台账文件，例如: xingtu briefing 2024年台账.xlsx --period 2024Q4 --out 简报.docx');
  const options = cli.importOptions(args);

  await cli.loadFiles(db, args.files, { ...options, period: undefined }, io.err, args.options['accept-links'] === true);
  const period = await cli.resolvePeriod(db, args.options.period);
  const plan = await cli.readPlanOption(args.options.plan);
  const plans: Plan[] = [];
  if (plan) {
    // A plan that names no year is taken as the period's year, as summary takes it.
    if (plan.year != null && plan.year !== period.year) io.err(`注意：规划表是 ${plan.year} 年的，简报期次是 ${periodLabel(period)}，总体情况中不写规划完成情况。\n`);
    plans.push({ ...plan, year: plan.year ?? period.year });
  }

  const run: Runner = (q) => runAnalysis(db, q);
  const loaded = await loadedCounties(db);
  const filter: Filter = { period, townships: [], kind: null };
  const items = defaultItems(period).map(({ spec, title }, i) => ({ ...makeItem(spec, filter, `cli${i + 1}`), title }));
  const [{ text: narrative }, sections] = await Promise.all([
    generateNarrative(run, period, { counties: [], townships: [], kind: null, loaded }, plans),
    docxSections(run, items, filter, loaded),
  ]);
  const meta = { title: DEFAULT_TITLE, unit: unitOption ?? issuingUnit(loaded), date: todayIso() };

  const docx = await briefingToDocx({
    name: meta.title, issue: issueNo, unit: meta.unit, date: meta.date, narrative, sections,
    // The 报/送/发 the app starts from (the office corrects them in Word or WPS).
    distribution: DEFAULT_DISTRIBUTION, copies: DEFAULT_DISTRIBUTION.copies,
  });
  // The workbook holds every table of the items (the Word file the ones the page prints: the same here).
  const tables = sections.flatMap((s) => s.tables);
  const xlsx = out.xlsx ? await briefingToXlsx(tables, ExcelJS as unknown as ExcelJSModule, { ...meta, narrative }) : null;

  await write(cli.writeFileAtomic, out.docx, docx);
  io.out(`已写出 ${out.docx}（Word，${periodLabel(period)}，第${issueNo}期，${sections.length + 1}个部分，${size(docx)}）\n`);
  if (out.xlsx && xlsx) {
    await write(cli.writeFileAtomic, out.xlsx, xlsx);
    io.out(`已写出 ${out.xlsx}（Excel，${tables.length}张表和总体情况，${size(xlsx)}）\n`);
  }
}
