/**
 * The boundary check (tests/boundaries.mjs, run by `npm test` before Vitest) can fail: on a
 * small tree with one violation of each rule it reports each one, at its line, and nothing
 * else (comments, a tagName 'SELECT', allowed imports stay quiet); on this checkout it passes.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBoundaries, formatViolations } from '../boundaries.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const checker = path.join(root, 'tests/boundaries.mjs');
const run = promisify(execFile);

/** A tree laid out like the repo; `// !rule` marks the lines that must be reported. */
const TREE: Record<string, string> = {
  'shared/bad.ts': [
    "import { useState } from 'react'; // !shared-imports",
    "import { grid } from '../renderer/src/grid.ts'; // !shared-imports",
    "import type { XingtuApi } from '../electron/api'; // !shared-imports",
    "import { ipcRenderer } from 'electron'; // !shared-imports",
    "import './look.css'; // !shared-imports",
    "import wasm from './engine.wasm?url'; // !shared-imports",
    'export const here = () => window.location.href; // !shared-dom',
    "export const saved = () => localStorage.getItem('k'); // !shared-dom",
    "export const worker = () => new Worker(new URL('../renderer/src/w.ts', import.meta.url)); // !shared-imports",
    'export { useState, grid, ipcRenderer, wasm };',
    'export type { XingtuApi };',
  ].join('\n'),
  'shared/good.ts': [
    "import { tableFromIPC } from 'apache-arrow';",
    "import { unzipSync } from 'fflate';",
    "import { other } from './sql/other.ts';",
    '// window.location and document are fine in a comment; so is SELECT x FROM y.',
    "export const word = 'word/document.xml';",
    'export const sql = `SELECT x FROM y`; // SQL is at home in shared/',
    'export { tableFromIPC, unzipSync, other };',
  ].join('\n'),
  'renderer/src/bad.tsx': [
    "import type { SavedFile } from '../../electron/api.ts'; // !renderer-imports",
    "import { ipcRenderer } from 'electron'; // !renderer-imports",
    'declare function sql(parts: TemplateStringsArray): string;',
    'export type { SavedFile };',
    'export { ipcRenderer };',
    'export function townQuery(t: string): string {',
    '  return `SELECT unit_id, name FROM units WHERE township = ${t}`; // !renderer-sql',
    '}',
    'export const tagged = sql`DELETE FROM units`; // !renderer-sql',
    "export const orderBy = 'ORDER BY ' + 'name'; // !renderer-sql",
  ].join('\n'),
  'renderer/src/good.tsx': [
    "import { townshipsQuery } from '../../shared/analysis/towns.ts';",
    "import type { XingtuApi } from '../../shared/desktop-api.ts';",
    "import { createRoot } from 'react-dom/client';",
    '// The query comes from shared/: SELECT township FROM units is not written here.',
    "export const isField = (tag: string) => ['INPUT', 'TEXTAREA', 'SELECT'].includes(tag);",
    "export const label = '从 FROM 到 TO'; // upper-case English without a name after it is not a query",
    'export const view = () => <select aria-label="乡镇"><option>全部</option></select>;',
    'export { townshipsQuery, createRoot };',
    'export type { XingtuApi };',
  ].join('\n'),
  'electron/bad.ts': [
    "import { App } from '../renderer/src/App.tsx'; // !electron-imports",
    "export const later = () => import('../renderer/src/late.ts'); // !electron-imports",
    "export type Late = import('../renderer/src/late.ts').Late; // !electron-imports",
    'export { App };',
  ].join('\n'),
  'electron/good.ts': [
    "import { app } from 'electron';",
    "import type { XingtuApi } from '../shared/desktop-api';",
    "import { readFile } from 'node:fs/promises';",
    'export { app, readFile };',
    'export type { XingtuApi };',
  ].join('\n'),
};

/** The `// !rule` markers of TREE as `file:line rule`. */
function expected(): string[] {
  return Object.entries(TREE).flatMap(([file, text]) =>
    text.split('\n').flatMap((line, i) => {
      const m = /\/\/ !([a-z-]+)$/.exec(line);
      return m ? [`${file}:${i + 1} ${m[1]}`] : [];
    })).sort();
}

describe('boundary check', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'xingtu-boundaries-'));
    for (const [file, text] of Object.entries(TREE)) {
      mkdirSync(path.dirname(path.join(tmp, file)), { recursive: true });
      writeFileSync(path.join(tmp, file), text);
    }
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('reports one violation of each rule, at its line, and nothing else', () => {
    const { files, violations } = checkBoundaries(tmp);
    expect(files).toBe(Object.keys(TREE).length);
    expect(violations.map((v) => `${v.file}:${v.line} ${v.rule}`).sort()).toEqual(expected());
    expect(new Set(violations.map((v) => v.rule))).toEqual(
      new Set(['shared-imports', 'shared-dom', 'renderer-imports', 'electron-imports', 'renderer-sql']));
  });

  it('says what is wrong and where the fix goes', () => {
    const text = formatViolations(checkBoundaries(tmp).violations);
    expect(text).toContain("renderer/src/bad.tsx:1  renderer-imports  renderer/ imports '../../electron/api.ts'");
    expect(text).toContain('shared/desktop-api.ts');
    expect(text).toMatch(/renderer\/src\/bad\.tsx:7 {2}renderer-sql {2}SQL text in renderer\/ \("SELECT unit_id, name FROM units WHERE township = \$\{…\}"\)/);
    expect(text).toContain("shared/ uses the browser global 'window'");
  });

  it('fails the command line on a violation', async () => {
    const err = await run(process.execPath, [checker, tmp]).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(err?.code).toBe(1);
    expect(err?.stderr).toContain('electron/bad.ts:1  electron-imports');
    expect(err?.stderr).toContain(`boundaries: ${expected().length} violation(s)`);
  }, 60_000);

  // `npm run lint:boundaries` runs the same check from the command line before Vitest.
  it('passes on this checkout', () => {
    const { files, violations } = checkBoundaries(root);
    expect(files).toBeGreaterThan(100);
    expect(formatViolations(violations)).toBe('');
  }, 60_000);
});
