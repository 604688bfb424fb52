// Runs Doyensec's electronegativity over electron/ and fails on any HIGH or MEDIUM
// finding that is not on the narrow, reasoned allow-list below. The scan runs in a
// child process with all network access stubbed out (see the runner).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

interface Issue {
  id: string;
  file: string;
  line: number;
  sample: string;
  description: string;
  severity: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH';
  confidence: string;
  manualReview: boolean;
}
interface ScanResult {
  globalChecks: number;
  atomicChecks: number;
  parseErrors: { file: string; message: string }[];
  blockedRequests: string[];
  issues: Issue[];
}

/**
 * Checks that are not run at all.
 * - AvailableSecurityFixesGlobalCheck downloads Electron's release list from GitHub to
 *   compare with the installed version. These machines (and the build) are offline, and
 *   the Electron version is pinned in package.json and upgraded deliberately.
 */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

/**
 * HIGH/MEDIUM findings accepted after review. Each entry matches one exact finding
 * (check id + file + sample) and says why it is a false positive here. Anything else
 * at MEDIUM or above fails the test.
 */
const ALLOWED: { id: string; file: string; sample: string; why: string }[] = [
  {
    id: 'CSP_GLOBAL_CHECK',
    file: 'N/A',
    sample: '',
    why:
      'Reports "no CSP detected" because it only recognises CSPs in <meta> tags or in ' +
      'onHeadersReceived responseHeaders literals. Ours is sent as a response header by the ' +
      'app:// protocol.handle handler (installAppProtocol) on every response, which the ' +
      'scanner does not model. electron.test.ts asserts the header on 200/403/404 responses, ' +
      'and the test below runs the scanner\'s own CSP evaluator over the real policy.',
  },
  {
    id: 'PRELOAD_JS_CHECK',
    file: 'main.ts',
    sample: 'preload: preloadPath,',
    why:
      'Raised for every BrowserWindow with a preload ("review the use of preload scripts", ' +
      'manualReview). Reviewed: the preload runs sandboxed with contextIsolation, requires only ' +
      "'electron', exposes exactly the XingtuApi functions (no ipcRenderer, no events, no " +
      'channel names), and every channel it reaches validates sender and arguments ' +
      '(electron-shell.test.ts, electron-ipc.test.ts).',
  },
];

const isAllowed = (issue: Issue) => ALLOWED.some((a) => a.id === issue.id && a.file === issue.file && a.sample === issue.sample);

let out: string;
let result: ScanResult;
let electronVersion: string;

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'xingtu-electronegativity-'));
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  electronVersion = pkg.devDependencies.electron!.replace(/^[\^~]/, '');
  await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'tests/support/electron-negativity-run.ts'), path.join(root, 'electron'), out, electronVersion, EXCLUDED_CHECKS.join(',')],
    { cwd: root, timeout: 120_000, env: { ...process.env, LANG: 'en-US' } },
  );
  result = JSON.parse(await readFile(path.join(out, 'result.json'), 'utf8')) as ScanResult;
}, 150_000);

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('electronegativity over electron/', () => {
  it('ran its checks over every source file without parse errors and without network access', async () => {
    expect(result.atomicChecks).toBeGreaterThanOrEqual(30);
    expect(result.globalChecks).toBeGreaterThanOrEqual(5);
    expect(result.parseErrors).toEqual([]);
    // Only the translation download was attempted, and the stub refused it.
    for (const url of result.blockedRequests) expect(url).toMatch(/electronegativity-i18n/);
    // The CSV report exists in the temp dir.
    expect(await readFile(path.join(out, 'electronegativity.csv'), 'utf8')).toMatch(/^issue, severity, confidence/);
  });

  it('has no HIGH or MEDIUM finding outside the reviewed allow-list', () => {
    const serious = result.issues.filter((i) => i.severity === 'HIGH' || i.severity === 'MEDIUM');
    const unexpected = serious.filter((i) => !isAllowed(i));
    expect(unexpected, JSON.stringify(unexpected, null, 2)).toEqual([]);
  });

  it('the allow-list is still needed (no stale entries)', () => {
    for (const entry of ALLOWED) {
      expect(
        result.issues.some((i) => i.id === entry.id && i.file === entry.file && i.sample === entry.sample),
        `${entry.id} no longer reported: remove it from ALLOWED`,
      ).toBe(true);
      expect(entry.why.length).toBeGreaterThan(80);
    }
  });

  it('would catch a weakened window: the scanner flags a BrowserWindow without the flags', async () => {
    // Guards against a scan that silently checks nothing: the same runner over a bad
    // sample must report the problems we claim to be free of.
    const bad = await mkdtemp(path.join(os.tmpdir(), 'xingtu-eng-bad-'));
    try {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(
        path.join(bad, 'main.ts'),
        "import { BrowserWindow } from 'electron';\n" +
          "const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n" +
          "w.loadURL('https://example.com');\n",
      );
      await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', path.join(root, 'tests/support/electron-negativity-run.ts'), bad, bad, electronVersion, EXCLUDED_CHECKS.join(',')],
        { cwd: root, timeout: 120_000 },
      );
      const badResult = JSON.parse(await readFile(path.join(bad, 'result.json'), 'utf8')) as ScanResult;
      const ids = new Set(badResult.issues.filter((i) => i.severity === 'HIGH' || i.severity === 'MEDIUM').map((i) => i.id));
      // The last two are global checks that pass on electron/ only because hardenWebContents
      // installs will-navigate and permission-request handlers.
      for (const id of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'AUXCLICK_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK']) {
        expect(ids, id).toContain(id);
      }
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  }, 150_000);
});

describe('the real CSP, evaluated by the scanner\'s own CSP evaluator', () => {
  it('has no HIGH or MEDIUM (or possibly-high) weakness', () => {
    const engDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
    const csp = require(require.resolve('@doyensec/csp-evaluator', { paths: [engDir] })) as {
      CspParser: new (policy: string) => { csp: unknown };
      CspEvaluator: new (csp: unknown, version: unknown) => { evaluate(): { severity: number; directive: string; value?: string; description: string }[] };
      Version: { CSP3: unknown };
      severities: Record<string, number>;
    };
    const findings = new csp.CspEvaluator(new csp.CspParser(CONTENT_SECURITY_POLICY).csp, csp.Version.CSP3).evaluate();
    const { HIGH, MEDIUM, HIGH_MAYBE, SYNTAX } = csp.severities;
    const serious = findings.filter((f) => f.severity === HIGH || f.severity === MEDIUM || f.severity === HIGH_MAYBE);
    expect(serious, JSON.stringify(serious)).toEqual([]);
    // The evaluator predates CSP3's 'wasm-unsafe-eval' (Chromium ≥ 97 supports it) and calls
    // it a syntax error; that keyword is the only syntax finding we accept.
    const syntax = findings.filter((f) => f.severity === SYNTAX);
    for (const f of syntax) expect(f.value, f.description).toBe("'wasm-unsafe-eval'");
  });
});
