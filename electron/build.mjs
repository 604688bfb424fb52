// Bundles the Electron main process and preload with esbuild.
//   node electron/build.mjs           -> dist-electron/main.cjs + dist-electron/preload.cjs
// Both outputs are CommonJS: the sandboxed preload must be, and .cjs keeps Node from
// treating them as ESM under package.json "type": "module".
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist-electron');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22', // Electron 45 ships Node 22
  external: ['electron'],
  sourcemap: false, // keeps the package small; nothing consumes maps at runtime
  logLevel: 'info',
  absWorkingDir: root,
};

await Promise.all([
  build({ ...common, entryPoints: ['electron/index.ts'], outfile: path.join(outdir, 'main.cjs') }),
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: path.join(outdir, 'preload.cjs') }),
]);
