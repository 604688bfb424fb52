// Runs electronegativity (Doyensec's Electron security scanner) over a folder and
// writes its findings as JSON. Started as a child process by
// tests/unit/electron-negativity.test.ts:
//   node --import tsx tests/support/electron-negativity-run.ts <input> <out dir> <electron version> [excluded,checks]
//
// Offline on purpose: electronegativity 1.10 fetches translations from S3 on start-up
// and the Electron release list from GitHub in AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK.
// Both go through the `got` package, which is replaced here (in this child process
// only) by a stub that fails at once, so no request ever leaves the machine; the
// scanner then falls back to its bundled en-US texts.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [input, outDir, electronVersion, excluded = ''] = process.argv.slice(2);
if (!input || !outDir || !electronVersion) {
  console.error('usage: electron-negativity-run.ts <input> <out dir> <electron version> [excluded,checks]');
  process.exit(2);
}

const require = createRequire(import.meta.url);
const engDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const requests: string[] = [];
const offline = (url: unknown): Promise<never> => {
  requests.push(String(url));
  return Promise.reject(new Error('offline: no network access from tests'));
};
offline.head = offline;
offline.get = offline;
offline.default = offline;
for (const from of ['dist/locales', 'dist/finder/checks/GlobalChecks']) {
  const gotPath = require.resolve('got', { paths: [path.join(engDir, from)] });
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline } as unknown as NodeJS.Module;
}

process.env.LANG = 'en-US'; // the bundled locale; anything else would be fetched
const run = require(engDir) as (options: Record<string, unknown>) => Promise<{
  globalChecks: number;
  atomicChecks: number;
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: {
    id: string;
    file: string;
    location?: { line: number; column: number };
    sample?: string;
    description: string;
    severity: { name: string };
    confidence: { name: string };
    manualReview: boolean;
  }[];
}>;

const result = await run({
  input: path.resolve(input),
  output: path.join(outDir, 'electronegativity.csv'),
  isSarif: false,
  isRelative: true,
  electronVersionOverride: electronVersion,
  excludeFromScan: excluded ? excluded.split(',') : [],
});

const summary = {
  globalChecks: result.globalChecks,
  atomicChecks: result.atomicChecks,
  parseErrors: result.errors,
  blockedRequests: requests,
  issues: result.issues.map((i) => ({
    id: i.id,
    file: i.file,
    line: i.location?.line ?? 0,
    sample: i.sample ?? '',
    description: i.description,
    severity: i.severity.name,
    confidence: i.confidence.name,
    manualReview: i.manualReview,
  })),
};
writeFileSync(path.join(outDir, 'result.json'), JSON.stringify(summary, null, 2));
