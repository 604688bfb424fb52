/**
 * Writes the 青禾县 history fixtures to tests/fixtures/history/: the four files of
 * history-county.ts and truth.json (history-truth.ts). Run after changing either:
 *   npx tsx tests/support/write-history-fixtures.ts
 * tests/unit/history-fixtures.test.ts fails while the committed files differ from these.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateHistoryCounty, historyFiles } from './history-county.ts';
import { historyTruth } from './history-truth.ts';

export const HISTORY_FIXTURE_DIR = fileURLToPath(new URL('../fixtures/history/', import.meta.url));
export const TRUTH_FILE = 'truth.json';

/**
 * truth.json's text: one line per top-level key, per list item and per unit's levels, so the
 * file stays small and a diff shows which period changed.
 */
export function truthJson(): string {
  const truth = historyTruth(generateHistoryCounty()) as unknown as Record<string, unknown>;
  const entries = Object.entries(truth).map(([key, value]) => {
    let body: string;
    if (Array.isArray(value) && value.some((x) => typeof x === 'object')) {
      body = `[\n${value.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]`;
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      body = `{\n${Object.entries(value).map(([k, x]) => `    ${JSON.stringify(k)}: ${JSON.stringify(x)}`).join(',\n')}\n  }`;
    } else body = JSON.stringify(value);
    return `  ${JSON.stringify(key)}: ${body}`;
  });
  return `{\n${entries.join(',\n')}\n}\n`;
}

async function main(): Promise<void> {
  await mkdir(HISTORY_FIXTURE_DIR, { recursive: true });
  for (const f of await historyFiles()) {
    await writeFile(join(HISTORY_FIXTURE_DIR, f.name), f.bytes);
    console.log(`${f.name}  ${f.bytes.length} B`);
  }
  const truth = truthJson();
  await writeFile(join(HISTORY_FIXTURE_DIR, TRUTH_FILE), truth);
  console.log(`${TRUTH_FILE}  ${Buffer.byteLength(truth)} B`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
