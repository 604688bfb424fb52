import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    reporters: ['default', 'json'],
    outputFile: { json: 'tests/artifacts/vitest.json' },
    // duckdb-wasm boots a worker and a 30 MB wasm per test file; give it room on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
