#!/usr/bin/env node
// Runs the CLI built by `npm run build:cli` (cli/build.mjs → dist-cli/xingtu.mjs) while it is
// fresh: none of the project sources it was built from (dist-cli/inputs.json) is newer than it.
// Otherwise — a fresh clone, or a source edited since the build — it runs the TypeScript
// sources through tsx as before, so the CLI is always the engine's current source.
// XINGTU_CLI_SOURCE=1 always runs the sources.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// A CLI call lives a few seconds: V8's optimizing tier for the 34 MB DuckDB wasm (TurboFan
// recompiling hot functions on background threads) costs more CPU than it saves in that time,
// so stay on the baseline compiler (Liftoff). Set before the DuckDB worker thread compiles the
// module. XINGTU_CLI_TIERUP=1 keeps V8's default (long runs over very large files).
if (!process.env.XINGTU_CLI_TIERUP) setFlagsFromString('--liftoff-only');

const root = fileURLToPath(new URL('..', import.meta.url));

function freshBuild() {
  if (process.env.XINGTU_CLI_SOURCE) return null;
  try {
    const bundle = root + 'dist-cli/xingtu.mjs';
    const built = statSync(bundle).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(root + 'dist-cli/inputs.json', 'utf8'));
    for (const file of inputs) if (statSync(root + file).mtimeMs > built) return null;
    return bundle;
  } catch {
    return null; // no build, or a source it lists is gone
  }
}

const bundle = freshBuild();
let main;
if (bundle) {
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
