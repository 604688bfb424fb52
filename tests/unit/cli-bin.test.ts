// bin/xingtu.js picks the built CLI (dist-cli/xingtu.mjs, npm run build:cli) only while it is
// fresh, else the TypeScript sources through tsx: both paths answer the same. `help` opens no
// database, so this stays cheap. (Speed is the bench's business: npm run bench:chromium, cliMs.)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const help = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['bin/xingtu.js', 'help'], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });

describe('bin/xingtu.js', () => {
  it('runs the sources through tsx when asked (XINGTU_CLI_SOURCE=1), as on a fresh clone', () => {
    const r = help({ XINGTU_CLI_SOURCE: '1' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('xingtu summary');
  });

  it('runs the built CLI, when there is one, with the same answer', () => {
    const r = help({});
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(help({ XINGTU_CLI_SOURCE: '1' }).stdout);
  });

  it('the build lists the project sources it was made from, for the freshness check', () => {
    const list = `${root}dist-cli/inputs.json`;
    if (!existsSync(list)) return; // not built here: the tsx path above is the one in use
    const { inputs } = JSON.parse(readFileSync(list, 'utf8')) as { inputs: string[] };
    expect(inputs).toContain('cli/main.ts');
    expect(inputs).toContain('shared/load.ts');
    expect(inputs.some((f) => f.includes('node_modules/'))).toBe(false);
  });
});
