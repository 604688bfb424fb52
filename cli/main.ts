/**
 * xingtu: the headless front door to the same engine the app runs.
 *   xingtu summary [FILE...] --period 2024Q3 [--by township|county|kind] [--plan PLAN.xlsx] [--json]
 *   xingtu briefing FILE... [--period 2024Q4] --out 简报.docx [--xlsx 简报.xlsx] [--unit …] [--issue 3]
 * With no FILE the bundled sample county is used.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../shared/db.ts';
import { listPeriods } from '../shared/engine.ts';
import { loadNormalizedCsv } from '../shared/load.ts';
import { parsePeriodKey, periodKey, periodLabel, type Period } from '../shared/period.ts';
import { NORMALIZED_CSV_COLUMNS } from '../shared/sql/schema.ts';
import type { UnitKind } from '../shared/stars.ts';
import type { SummaryBy } from '../shared/views/overview.ts';
import { DataError, parseArgs, scoreRuleOption, UsageError } from './args.ts';
import { hasErrors, importFiles, type ImportInput } from '../shared/import/run.ts';
import { toNormalizedCsv } from '../shared/import/normalized-csv.ts';
import { rejectedRowsCsv } from '../shared/import/report-csv.ts';
import type { ImportReport } from '../shared/import/types.ts';
import { openNodeDuckDB } from './node-duckdb.ts';
import { formatSummary, summaryResult, unplannedNames } from './summary.ts';
import { type Plan, PlanSheetError, readPlan } from '../shared/plans/sheet.ts';
import { readImportFile } from '../shared/import/read.ts';
import { historiesOf, loadImport, suggestLinks, type LinkSuggestion } from '../shared/identity/index.ts';
import { judgeCommand } from './judge.ts';

export const SAMPLE_PATH = fileURLToPath(new URL('../datasets/sample-county.csv', import.meta.url));

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE = `用法:
  xingtu summary [文件...] [--period 2024Q3] [--by township|county|kind] [--kind village|community] [--county 某某县] [--accept-links] [--plan 规划表.xlsx] [--json]
    按乡镇（或县、类型）统计各星级单位数、三星以上占比、软弱涣散数和已转化数（上年同期为软弱涣散、本期不是）；
    --plan 加上各乡镇的创建规划（规划五星、规划四星、三星以上占比目标）。不给文件时使用内置示例数据。
    多个文件中同乡镇同名的单位自动按同一单位统计；--accept-links 把 check 列出的其他可能是同一单位的
    （撤乡设镇、村改居、改名）也按同一单位统计（仅本次运行）。
  xingtu check 文件... [--period 2024Q3] [--encoding gb18030] [--county 某某县] [--no-capstone] [--rejected 被拒绝的行.csv] [--json]
    按导入规则检查台账（Excel、CSV），列出每个问题所在的文件、工作表、行、列和值。
    --county 把所有文件都按该县（市、区）导入；不给时从县列、标题、工作表名、文件名或同批其他文件推断。
    全部可读且没有被拒绝的行时退出码为 0，否则为 1。
  xingtu judge 评分表... [--rule trimmed|mean] [--drop N] [--json]
    按评委打分计算观摩评比得分和名次：trimmed 去掉最高分和最低分后取平均（默认 5 名及以上评委时各去掉 1 个），
    mean 直接取平均；多个文件或工作表按同一轮的不同评分部分合计。
  xingtu briefing 文件... --out 简报.docx [--period 2024Q4] [--xlsx 简报.xlsx] [--unit 中共某某县委组织部] [--issue 3]
                  [--county 某某县] [--accept-links] [--plan 规划表.xlsx]
    按台账生成默认简报（Word，与软件“简报”页导出的格式相同）：一、总体情况，各乡镇星级结构表，
    各乡镇三星以上占比排名，乡镇红黑榜（前 5 名、后 5 名），文末报/送/发和共印份数。不含图表。
    --period 默认最新一期；--issue 期号（默认 1）；--unit 编发单位（默认按数据中的县写作“中共某某县委组织部”）；
    日期为当天；--xlsx 另存各表的 Excel 工作簿；--plan 在总体情况中写入创建规划完成情况。`;

const defaultIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let db: Database | null = null;
  try {
    const args = parseArgs(argv);
    if (!args.command || args.options.help || args.command === 'help') {
      io.out(USAGE + '\n');
      return args.command ? 0 : 2;
    }
    const command = COMMANDS[args.command];
    if (!command) throw new UsageError(`未知命令"${args.command}"。\n${USAGE}`);
    // 观摩评比 scores need no database: skip the engine's boot (a few seconds).
    if (!NO_DATABASE.has(args.command)) db = await openNodeDuckDB();
    await command(db as Database, args, io);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`错误: ${e.message}\n`);
      return 2;
    }
    if (e instanceof SilentFailure) return 1;
    if (e instanceof DataError) {
      io.err(`错误: ${e.message}\n`);
      return 1;
    }
    io.err(`内部错误: ${(e as Error).message}\n请把以上信息反馈给开发者。\n`);
    return 3;
  } finally {
    await db?.close().catch(() => undefined);
  }
}

type Command = (db: Database, args: ReturnType<typeof parseArgs>, io: Io) => Promise<void>;

const NO_DATABASE = new Set(['judge']);

const COMMANDS: Record<string, Command> = { summary: summaryCommand, check: checkCommand, judge: judgeCommand,
  // Loaded when asked for: the Word and Excel writers are a large part of the bundle (their own chunk).
  briefing: async (db, args, io) => (await import('./briefing.ts')).briefingCommand(db, args, io,
    { importOptions, loadFiles, readPlanOption, resolvePeriod, writeFileAtomic }),
};

async function readInputs(files: string[]): Promise<ImportInput[]> {
  return Promise.all(
    files.map(async (file) => {
      try {
        return { name: basename(file), bytes: new Uint8Array(await readFile(file)) };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new DataError(`无法读取文件"${file}"：${code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个文件夹' : (e as Error).message}。请检查路径。`);
      }
    }),
  );
}

export function importOptions(args: ReturnType<typeof parseArgs>) {
  const period = args.options.period;
  const parsed = typeof period === 'string' ? parsePeriodKey(period) : undefined;
  if (period !== undefined && !parsed) throw new UsageError(`无法识别期次"${period === true ? '' : period}"，请写成 2024Q3（季度）或 2024（年度）。`);
  const encoding = args.options.encoding;
  const county = args.options.county;
  if (county !== undefined && (county === true || county.trim() === '')) throw new UsageError('--county 需要县（市、区）名称，例如 --county 某某县。');
  return {
    period: parsed ?? undefined,
    encoding: typeof encoding === 'string' ? encoding : undefined,
    capstoneRule: !args.options['no-capstone'],
    county: typeof county === 'string' ? county : undefined,
    ...scoreRuleOption(args.options),
  };
}

async function checkCommand(_db: Database, args: ReturnType<typeof parseArgs>, io: Io): Promise<void> {
  if (args.files.length === 0) throw new UsageError('请给出要检查的文件，例如: xingtu check 城关镇2024年三季度.xlsx');
  const { ratings, report, rejectedRows } = await importFiles(await readInputs(args.files), importOptions(args));
  const links = suggestLinks(historiesOf(ratings));
  const out = args.options.rejected;
  if (typeof out === 'string') {
    await writeFileAtomic(out, rejectedRowsCsv(rejectedRows));
    io.err(`已把 ${rejectedRows.length} 个被拒绝的行写入 ${out}\n`);
  }
  io.out(args.options.json ? JSON.stringify(checkJson(report, links), null, 2) + '\n' : formatCheck(report) + formatLinks(links));
  if (hasErrors(report)) throw new SilentFailure();
}

/** The check report as documented: files, counts, periods, units and every problem. */
function checkJson(r: ImportReport, links: LinkSuggestion[]) {
  return {
    files: r.files.map((f) => ({
      file: f.file,
      county: f.county,
      county_source: f.county_source,
      sheets: f.sheets.map((s) => ({
        name: s.name, period: s.period, period_source: s.period_source, header_row: s.header_row, rows_read: s.rows_read, skipped: s.skipped,
        extras: s.extras ?? [],
      })),
    })),
    accepted: r.accepted, rejected: r.rejected, warnings: r.warnings, skipped: r.skipped,
    periods: r.periods, units: r.units, extras: r.extras,
    problems: r.problems.map((p) => ({ file: p.file, sheet: p.sheet, row: p.row, column: p.column, value: p.value, code: p.code, severity: p.severity, message: p.message })),
    // Units that are probably one unit (shared/identity/suggest.ts): from / to are the ids the files gave.
    links: links.map((l) => ({
      from: l.from, to: l.to, reason: l.reason, rule: l.rule, confidence: l.confidence, fromUnit: l.fromUnit, toUnit: l.toUnit,
    })),
  };
}

const CONFIDENCE = { auto: '自动合并', strong: '很可能', weak: '可能' } as const;

function formatLinks(links: LinkSuggestion[]): string {
  if (links.length === 0) return '';
  const lines = ['以下单位可能是同一单位（summary 自动合并“自动合并”一类；加 --accept-links 全部按同一单位统计）：'];
  for (const l of links) {
    lines.push(`  [${CONFIDENCE[l.confidence]}] ${l.fromUnit.township}${l.fromUnit.name}（${l.fromUnit.first}–${l.fromUnit.last}） → ${l.toUnit.township}${l.toUnit.name}（${l.toUnit.first}–${l.toUnit.last}）：${l.reason}`);
  }
  return lines.join('\n') + '\n';
}

const COUNTY_SOURCE_LABEL: Record<NonNullable<ImportReport['files'][number]['county_source']>, string> = {
  column: '取自县列', title: '取自标题', sheet: '取自工作表名', file: '取自文件名', import: '按同批其他文件推断', workspace: '按工作区推断', user: '按指定',
};

function formatCheck(r: ImportReport): string {
  const lines: string[] = [];
  for (const f of r.files) {
    lines.push(`文件 ${f.file}${f.county ? `（${f.county}，${COUNTY_SOURCE_LABEL[f.county_source ?? 'user']}）` : '（未注明县）'}`);
    for (const s of f.sheets) {
      lines.push(`  工作表 ${s.name}: ${s.skipped ? '已跳过' : `期次 ${s.period ?? '未识别'}，表头第 ${s.header_row ?? '?'} 行，数据 ${s.rows_read} 行`}`);
      if (s.extras?.length) lines.push(`    另存扩展列：${s.extras.join('、')}`);
    }
  }
  lines.push(`可导入 ${r.accepted} 条，拒绝 ${r.rejected} 条，警告 ${r.warnings} 条，跳过 ${r.skipped} 行；期次 ${r.periods.join(', ') || '无'}；${r.units} 个单位。`);
  for (const p of r.problems) lines.push(`[${p.severity === 'error' ? '错误' : '警告'}] ${p.message}`);
  return lines.join('\n') + '\n';
}

/** Write through a temporary file and rename, so an interrupted write never leaves half a file. */
export async function writeFileAtomic(file: string, text: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}

/** The command already printed everything; only the exit code remains to say. */
class SilentFailure extends Error {}

/** Load the given files (or the sample county) into the engine. */
export async function loadFiles(
  db: Database,
  files: string[],
  options: ReturnType<typeof importOptions> = { period: undefined, encoding: undefined, capstoneRule: true, county: undefined },
  onNotice?: (text: string) => void,
  acceptLinks = false,
): Promise<void> {
  if (files.length === 0) {
    const text = await readFile(SAMPLE_PATH, 'utf8');
    await loadNormalizedCsv(db, { dataset_id: 'sample', name: '示例数据（虚构县）', source: 'sample-county.csv', is_sample: true }, text);
    return;
  }
  const inputs = await readInputs(files);
  const expected = Object.keys(NORMALIZED_CSV_COLUMNS);
  const isNormalized = (bytes: Uint8Array) => {
    const head = new TextDecoder().decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0].split(',');
    return expected.every((c) => head.includes(c));
  };
  const normalized = inputs.filter((i) => isNormalized(i.bytes));
  const ledgers = inputs.filter((i) => !isNormalized(i.bytes));
  for (const [i, input] of normalized.entries()) {
    try {
      await loadNormalizedCsv(db, { dataset_id: `n${i + 1}`, name: input.name, source: input.name, is_sample: false }, new TextDecoder().decode(input.bytes));
    } catch (e) {
      throw new DataError(`文件"${input.name}"读取失败：${(e as Error).message.split('\n')[0]}。请检查文件内容。`);
    }
  }
  if (ledgers.length > 0) {
    const { ratings, report } = await importFiles(ledgers, options);
    if (report.rejected > 0 || hasErrors(report)) {
      onNotice?.(`注意：有 ${report.rejected} 行被拒绝、${report.problems.filter((p) => p.severity === 'error' && p.row == null).length} 个文件或工作表无法读取，未计入统计。运行 xingtu check 查看详情。\n`);
    }
    if (ratings.length === 0) throw new DataError(`文件中没有可统计的记录。运行 xingtu check ${ledgers.map((l) => l.name).join(' ')} 查看原因。`);
    // Same-named units of one township are one unit; the other suggestions only when asked.
    const links = suggestLinks(historiesOf(ratings));
    const accepted = links.filter((l) => acceptLinks || l.confidence === 'auto');
    const left = links.length - accepted.length;
    if (left > 0) {
      onNotice?.(`注意：有 ${left} 组单位可能是同一单位（撤乡设镇、村改居或改名），本次按不同单位统计。运行 xingtu check --json 查看，或加 --accept-links 按同一单位统计。\n`);
    }
    const info = { dataset_id: 'import', name: ledgers.map((l) => l.name).join('、'), source: 'import', is_sample: false };
    await loadImport(db, info, toNormalizedCsv(ratings), accepted);
  }
}

export async function resolvePeriod(db: Database, option: string | true | undefined): Promise<Period> {
  const periods = await listPeriods(db);
  if (periods.length === 0) throw new DataError('数据中没有任何评定期次。');
  if (option === undefined) return periods[periods.length - 1];
  const p = typeof option === 'string' ? parsePeriodKey(option) : null;
  if (!p) throw new UsageError(`无法识别期次"${option === true ? '' : option}"，请写成 2024Q3（季度）或 2024（年度）。`);
  if (!periods.some((x) => x.year === p.year && x.quarter === p.quarter)) {
    throw new DataError(`数据中没有 ${periodLabel(p)} 的评定记录。现有期次: ${periods.map(periodKey).join(', ')}。`);
  }
  return p;
}

async function summaryCommand(db: Database, args: ReturnType<typeof parseArgs>, io: Io): Promise<void> {
  const by = (args.options.by ?? 'township') as SummaryBy;
  if (!['township', 'county', 'kind'].includes(by)) throw new UsageError(`--by 只能是 township、county 或 kind，收到"${String(by)}"。`);
  const kind = args.options.kind;
  if (kind !== undefined && kind !== 'village' && kind !== 'community') throw new UsageError('--kind 只能是 village 或 community。');
  const options = importOptions(args);
  await loadFiles(db, args.files, { ...options, period: undefined }, io.err, args.options['accept-links'] === true);
  const period = await resolvePeriod(db, args.options.period);
  const plan = await readPlanOption(args.options.plan);
  const result = await summaryResult(db, period, by, { townships: [], kind: (kind as UnitKind | undefined) ?? null }, plan);
  if (plan) {
    const missing = unplannedNames(result, plan);
    if (missing.length) io.err(`注意：规划表中的 ${missing.join('、')} 在数据中没有单位（乡镇名称不一致或已撤并），未列入统计。\n`);
    if (plan.year != null && plan.year !== period.year) io.err(`注意：规划表是 ${plan.year} 年的，统计期次是 ${periodLabel(period)}。\n`);
  }
  io.out(args.options.json ? JSON.stringify(result, null, 2) + '\n' : formatSummary(result, by, period));
}

/** --plan FILE: the 创建规划 sheet, read with the import readers. */
export async function readPlanOption(option: string | true | undefined): Promise<Plan | undefined> {
  if (option === undefined) return undefined;
  if (option === true) throw new UsageError('--plan 后面要写规划表文件，如 --plan 2025年创建规划.xlsx。');
  const [input] = await readInputs([option]);
  try {
    return readPlan(await readImportFile(input.name, input.bytes));
  } catch (e) {
    if (e instanceof PlanSheetError) throw new DataError(e.message);
    throw new DataError(`规划表“${input.name}”读取失败：${(e as Error).message.split('\n')[0]}`);
  }
}

