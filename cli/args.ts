/** A tiny argv parser: positional files plus --flag and --key value options. */
import type { ScoreRule } from '../shared/import/score-rule.ts';

export interface ParsedArgs {
  command: string | null;
  files: string[];
  options: Record<string, string | true>;
}

const VALUED = new Set(['period', 'by', 'township', 'kind', 'encoding', 'rejected', 'county', 'score-threshold', 'score-max', 'plan', 'rule', 'drop', 'out', 'xlsx', 'unit', 'issue']);

export function parseArgs(argv: string[]): ParsedArgs {
  const [command = null, ...rest] = argv;
  const files: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a.startsWith('--')) {
      const [key, inline] = a.slice(2).split('=', 2);
      if (inline !== undefined) options[key] = inline;
      else if (VALUED.has(key)) {
        const v = rest[++i];
        if (v === undefined || v.startsWith('--')) throw new UsageError(`选项 --${key} 需要一个值`);
        options[key] = v;
      } else options[key] = true;
    } else files.push(a);
  }
  return { command, files, options };
}

/**
 * The rule that turns star scores into stars from --score-max N and --score-threshold N
 * (shared/import/score-rule.ts); either may be left out (the header's 满分, else 100; 80% of
 * the maximum). Empty when neither is given.
 */
export function scoreRuleOption(options: ParsedArgs['options']): { scoreRule?: ScoreRule } {
  const read = (key: string): number | undefined => {
    const v = options[key];
    if (v === undefined) return undefined;
    const n = typeof v === 'string' ? Number(v.trim()) : NaN;
    if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n) || n <= 0) {
      throw new UsageError(`--${key} 需要一个大于0的分数，例如 --${key} ${key === 'score-max' ? '100' : '80'}，收到"${v === true ? '' : v}"。`);
    }
    return n;
  };
  const max = read('score-max');
  const threshold = read('score-threshold');
  if (max !== undefined && threshold !== undefined && threshold > max) {
    throw new UsageError(`--score-threshold ${threshold} 高于 --score-max ${max}：达标分数不能超过满分。`);
  }
  if (max === undefined && threshold === undefined) return {};
  return { scoreRule: { ...(max !== undefined ? { max } : {}), ...(threshold !== undefined ? { threshold } : {}) } };
}

/** A mistake in how the command was called (exit code 2). */
export class UsageError extends Error {}

/** A problem with the user's data or files (exit code 1). */
export class DataError extends Error {}
