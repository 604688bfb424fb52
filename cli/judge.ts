/**
 * xingtu judge FILE... [--rule trimmed|mean] [--drop N] [--json]
 * Ranks a 观摩评比 round from the judges' score sheets (issue #16). All files (and all their
 * sheets) are one round: one sheet per component is allowed. Needs no database.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Database } from '../shared/db.ts';
import { ImportError } from '../shared/import/errors.ts';
import { readImportFile } from '../shared/import/read.ts';
import type { RawSheet } from '../shared/import/types.ts';
import { JudgeRuleError, rankRound } from '../shared/judge/rules.ts';
import { JudgeSheetError, readJudgeRound } from '../shared/judge/sheet.ts';
import type { JudgeMethod, JudgeRule } from '../shared/judge/types.ts';
import { DataError, UsageError, type ParsedArgs } from './args.ts';
import { formatJudge, judgeJson } from './judge-format.ts';
import type { Io } from './main.ts';

const METHODS: readonly JudgeMethod[] = ['trimmed', 'mean'];

/**
 * The value of --key: "--key=v", or "--key v" once args.ts knows the key takes a value.
 * Until then "--key v" parses as a flag and v as a file; the first such file that fits is
 * taken back as the value (no judges' sheet is named "trimmed", "mean" or "2").
 */
function valued(args: ParsedArgs, key: string, fits: (v: string) => boolean): string | undefined {
  const v = args.options[key];
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  const i = args.files.findIndex(fits);
  if (i < 0) return '';
  return args.files.splice(i, 1)[0];
}

/** The rule from --rule and --drop; default: trimmed (drop 1 with 5 or more judges). */
export function ruleFromArgs(args: ParsedArgs): JudgeRule {
  const method = valued(args, 'rule', (v) => (METHODS as readonly string[]).includes(v)) ?? 'trimmed';
  if (method === '') throw new UsageError('选项 --rule 需要一个值：trimmed（去掉最高分和最低分后平均）或 mean（直接平均）。');
  if (!(METHODS as readonly string[]).includes(method)) throw new UsageError(`--rule 只能是 trimmed（去掉最高分和最低分后平均）或 mean（直接平均），收到"${method}"。`);
  const dropText = valued(args, 'drop', (v) => /^\d+$/.test(v));
  const rule: JudgeRule = { method: method as JudgeMethod };
  if (dropText !== undefined) {
    if (dropText === '') throw new UsageError('选项 --drop 需要一个值：去掉几个最高分和几个最低分，例如 --drop 1。');
    if (!/^\d+$/.test(dropText)) throw new UsageError(`--drop 需要一个非负整数（去掉几个最高分和几个最低分），收到"${dropText}"。`);
    const drop = Number(dropText);
    if (rule.method === 'mean' && drop > 0) throw new UsageError('--rule mean 直接取平均，不能同时用 --drop；要去掉最高最低分请用 --rule trimmed --drop N。');
    rule.drop = drop;
  }
  return rule;
}

async function readSheets(files: string[]): Promise<RawSheet[]> {
  const sheets: RawSheet[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new DataError(`无法读取文件"${file}"：${code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个文件夹' : (e as Error).message}。请检查路径。`);
    }
    try {
      sheets.push(...(await readImportFile(basename(file), bytes)));
    } catch (e) {
      if (e instanceof ImportError) throw new DataError(e.message);
      throw e;
    }
  }
  return sheets;
}

export async function judgeCommand(_db: Database, args: ParsedArgs, io: Io): Promise<void> {
  const rule = ruleFromArgs(args);
  if (args.files.length === 0) throw new UsageError('请给出评分表文件，例如: xingtu judge 2026年第三季度观摩评比评分表.xlsx');
  const sheets = await readSheets(args.files);
  try {
    const result = rankRound(readJudgeRound(sheets, basename(args.files[0])), rule);
    io.out(args.options.json ? JSON.stringify(judgeJson(result), null, 2) + '\n' : formatJudge(result));
  } catch (e) {
    if (e instanceof JudgeSheetError) throw new DataError(e.message);
    if (e instanceof JudgeRuleError) throw new UsageError(e.message);
    throw e;
  }
}
