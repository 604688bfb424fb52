/** A tiny argv parser: positional files plus --flag and --key value options. */
export interface ParsedArgs {
  command: string | null;
  files: string[];
  options: Record<string, string | true>;
}

const VALUED = new Set(['period', 'by', 'township', 'kind', 'encoding', 'rejected', 'county']);

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

/** A mistake in how the command was called (exit code 2). */
export class UsageError extends Error {}

/** A problem with the user's data or files (exit code 1). */
export class DataError extends Error {}
