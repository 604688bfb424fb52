// Child process for the "kill the writer mid-save" tests (run with `node --import tsx`).
//   electron-atomic-writer.ts <target> <megabytes> <fill byte> <pause|run> [backup]
// Writes <megabytes> MiB of <fill byte> to <target> through atomicWrite.
//   pause: after the first chunk reaches the temp file, prints "MID <temp path>" and
//          waits forever, so the parent can SIGKILL it at a known point mid-write.
//   run:   prints "START", writes to the end and prints "DONE"; the parent kills it at a
//          random moment.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { atomicWrite, isTempFileFor } from '../../electron/atomic-write';

const [target, megabytes, fill, mode, backup] = process.argv.slice(2);
if (!target || !megabytes || !fill || (mode !== 'pause' && mode !== 'run')) {
  console.error('usage: electron-atomic-writer.ts <target> <megabytes> <fill byte> <pause|run> [backup]');
  process.exit(2);
}

const data = new Uint8Array(Number(megabytes) * 1024 * 1024).fill(Number(fill));
let paused = false;
process.stdout.write('START\n');

await atomicWrite(target, data, {
  backup: backup === 'backup',
  onProgress: async (written, total) => {
    if (mode !== 'pause' || paused || written >= total) return;
    paused = true;
    const names = await readdir(path.dirname(target));
    const temp = names.find((n) => isTempFileFor(target, n));
    process.stdout.write(`MID ${temp ? path.join(path.dirname(target), temp) : ''}\n`);
    setInterval(() => {}, 1000); // keep the process alive
    await new Promise(() => {}); // wait for SIGKILL
  },
});
process.stdout.write('DONE\n');
