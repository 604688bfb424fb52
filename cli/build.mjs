// Bundles the CLI once with esbuild, so `xingtu` runs plain JavaScript instead of compiling
// the TypeScript sources with tsx at every call (issue #14: ≤ 1 s for `xingtu summary`).
//   node cli/build.mjs   (npm run build:cli)  ->  dist-cli/xingtu.mjs + dist-cli/inputs.json
//
// dist-cli/ sits one level below the root like cli/, so the paths the CLI resolves from its
// own location (../datasets/sample-county.csv, node_modules through createRequire) are the
// same. duckdb-wasm's Node build, its worker and its .wasm are loaded at run time through
// createRequire (cli/node-duckdb.ts) and stay in node_modules: esbuild leaves a call of a
// local `require` alone. Lazily imported code (the legacy .xls reader) becomes its own chunk.
//
// inputs.json lists the project sources the bundle was built from; bin/xingtu.js runs the
// bundle only while none of them is newer than it, else falls back to tsx.
import { build } from 'esbuild';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist-cli');

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { xingtu: 'cli/main.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Packages that only work from node_modules: the wasm engine (also loaded via createRequire).
  external: ['@duckdb/duckdb-wasm', '@duckdb/node-api'],
  // Bundled CommonJS dependencies call require() for Node built-ins: give the ESM bundle one.
  banner: { js: "import { createRequire as __xtCreateRequire } from 'node:module'; const require = __xtCreateRequire(import.meta.url);" },
  metafile: true,
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});

// The project's own sources (not node_modules): the freshness check in bin/xingtu.js.
const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules/')).sort();
inputs.push('package-lock.json', 'cli/build.mjs');
writeFileSync(path.join(outdir, 'inputs.json'), JSON.stringify({ builtAt: new Date().toISOString(), inputs }, null, 1) + '\n');
const size = statSync(path.join(outdir, 'xingtu.mjs')).size;
console.log(`dist-cli/xingtu.mjs ${(size / 1e6).toFixed(2)} MB from ${inputs.length} project files`);
