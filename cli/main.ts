/**
 * xingtu: the headless front door to the same engine the app runs.
 *   xingtu summary [FILE...] --period 2024Q3 [--by township|county|kind] [--json]
 * With no FILE the bundled sample county is used.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../shared/db.ts';
import { levelSummary, listPeriods, type LevelSummary } from '../shared/engine.ts';
import { loadNormalizedCsv } from '../shared/load.ts';
import { parsePeriodKey, periodKey, periodLabel, type Period } from '../shared/period.ts';
import { NORMALIZED_CSV_COLUMNS } from '../shared/sql/schema.ts';
import { KIND_NAMES, LEVEL_NAMES, type UnitKind } from '../shared/stars.ts';
import type { SummaryBy } from '../shared/sql/measures.ts';
import { DataError, parseArgs, UsageError } from './args.ts';
import { openNodeDuckDB } from './node-duckdb.ts';

export const SAMPLE_PATH = fileURLToPath(new URL('../datasets/sample-county.csv', import.meta.url));

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE = `用法:
  xingtu summary [文件...] --period 2024Q3 [--by township|county|kind] [--json]
    按乡镇（或县、类型）统计各星级单位数和三星以上占比；不给文件时使用内置示例数据。`;

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
    db = await openNodeDuckDB();
    await command(db, args, io);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`错误: ${e.message}\n`);
      return 2;
    }
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

const COMMANDS: Record<string, Command> = { summary: summaryCommand };

/** Load the given files (or the sample county) into the engine. */
export async function loadFiles(db: Database, files: string[]): Promise<void> {
  if (files.length === 0) {
    const text = await readFile(SAMPLE_PATH, 'utf8');
    await loadNormalizedCsv(db, { dataset_id: 'sample', name: '示例数据（虚构县）', source: 'sample-county.csv', is_sample: true }, text);
    return;
  }
  for (const [i, file] of files.entries()) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new DataError(`无法读取文件"${file}"：${(e as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : (e as Error).message}。请检查路径。`);
    }
    const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0].split(',').map((h) => h.trim());
    const expected = Object.keys(NORMALIZED_CSV_COLUMNS);
    const missing = expected.filter((c) => !header.includes(c));
    if (missing.length > 0) {
      throw new DataError(
        `文件"${basename(file)}"不是星图标准格式（缺少列: ${missing.join('、')}）。` +
          `目前命令行只接受星图导出的标准 CSV；台账 Excel/CSV 的导入正在开发中。`,
      );
    }
    try {
      await loadNormalizedCsv(db, { dataset_id: `file${i + 1}`, name: basename(file), source: basename(file), is_sample: false }, text);
    } catch (e) {
      throw new DataError(`文件"${basename(file)}"读取失败：${(e as Error).message.split('\n')[0]}。请检查文件内容。`);
    }
  }
}

async function resolvePeriod(db: Database, option: string | true | undefined): Promise<Period> {
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
  await loadFiles(db, args.files);
  const period = await resolvePeriod(db, args.options.period);
  const result = await levelSummary(db, period, by, { townships: [], kind: (kind as UnitKind | undefined) ?? null });
  io.out(args.options.json ? JSON.stringify(result, null, 2) + '\n' : formatSummary(result, by, period));
}

const pct = (x: number | null) => (x == null ? '—' : `${(x * 100).toFixed(1)}%`);

function formatSummary(s: LevelSummary, by: SummaryBy, period: Period): string {
  const label = { township: '乡镇', county: '县', kind: '类型' }[by];
  const head = [label, '单位数', ...LEVEL_NAMES, '三星以上占比'];
  const lines = s.rows.map((r) => {
    const g = String(r[by] ?? '');
    return [by === 'kind' ? KIND_NAMES[g as UnitKind] ?? g : g, r.units, ...r.levels, pct(r.share3plus)].join('\t');
  });
  lines.push(['合计', s.total.units, ...s.total.levels, pct(s.total.share3plus)].join('\t'));
  return `${periodLabel(period)}各${label}星级分布\n${head.join('\t')}\n${lines.join('\n')}\n`;
}
