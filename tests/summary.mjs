// Prints one closing line over both suites (Vitest and Playwright JSON reports).
import { readFileSync } from 'node:fs';

const read = (f) => JSON.parse(readFileSync(f, 'utf8'));
const unit = read('tests/artifacts/vitest.json');
const e2e = read('tests/artifacts/e2e.json');
const passed = unit.numPassedTests + e2e.stats.expected;
const failed = unit.numFailedTests + e2e.stats.unexpected + (e2e.stats.flaky ?? 0);
const skipped = unit.numPendingTests + unit.numTodoTests + e2e.stats.skipped;
console.log(`unit ${unit.numPassedTests} passed, e2e ${e2e.stats.expected} passed`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
