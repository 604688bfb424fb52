// Child process for the "kill the writer mid-save" tests (run with `node --import tsx`).
//   electron-atomic-writer.ts <target> <megabytes> <fill byte> <stop> [backup]
// Writes <megabytes> MiB of <fill byte> to <target> through atomicWrite, with a
// recording fs layer (electron-atomic-fs.ts) that prints every step to stdout:
//   "STEP <step>" just before the call, "END <step>" once it returned.
// The lines are written with writeSync, so the parent has every line printed before a
// SIGKILL and knows which step the kill landed in.
//   <stop> = "run":            writes to the end and prints "DONE".
//   <stop> = "<step>[#<n>]":   before the n-th (default first) call of that step, prints
//                              "PAUSED <step>" and waits forever for the parent's SIGKILL.
import { writeSync } from 'node:fs';
import { atomicWrite } from '../../electron/atomic-write';
import { recordingFs, type Step } from './electron-atomic-fs';

const [target, megabytes, fill, stop, backup] = process.argv.slice(2);
if (!target || !megabytes || !fill || !stop) {
  console.error('usage: electron-atomic-writer.ts <target> <megabytes> <fill byte> <run|step[#n]> [backup]');
  process.exit(2);
}

const say = (line: string): void => void writeSync(1, `${line}\n`);
const [stopStep, stopCount] = stop === 'run' ? [null, 0] : [stop.split('#')[0] as Step, Number(stop.split('#')[1] ?? 1)];
let seen = 0;

const { fs } = recordingFs(target, {
  before: async (step) => {
    say(`STEP ${step}`);
    if (step === stopStep && ++seen === stopCount) {
      say(`PAUSED ${step}`);
      setInterval(() => {}, 1000); // keep the process alive
      await new Promise(() => {}); // wait for SIGKILL
    }
  },
  after: (step) => say(`END ${step}`),
});

const data = new Uint8Array(Number(megabytes) * 1024 * 1024).fill(Number(fill));
say('START');
await atomicWrite(target, data, { backup: backup === 'backup', fs });
say('DONE');
