// The atomic writer: the file-system calls happen in the order crash safety needs
// (write temp -> fsync temp -> rename -> fsync directory), recorded through an injected
// fs layer; a writer process SIGKILLed before any of these steps leaves the old complete
// bytes before the rename and the new ones after it; leftovers are ignored and cleaned.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMP_SUFFIX, atomicWrite, cleanStaleTemps, isTempFileFor } from '../../electron/atomic-write';
import { readUserFile } from '../../electron/files';
import { fsError, recordingFs } from '../support/electron-atomic-fs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const writerScript = path.join(root, 'tests/support/electron-atomic-writer.ts');
const MiB = 1024 * 1024;

let tmp: string;
let n = 0;
const freshDir = async (): Promise<string> => {
  const dir = path.join(tmp, `case-${++n}`);
  await mkdir(dir);
  return dir;
};

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'xingtu-atomic-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const filled = (size: number, byte: number) => new Uint8Array(size).fill(byte);
const text = (s: string) => new TextEncoder().encode(s);

/** Which uniform fill byte a file holds, or null if it is mixed/partial. */
function uniformByte(bytes: Uint8Array, expectedSize: number): number | null {
  if (bytes.byteLength !== expectedSize || bytes.byteLength === 0) return null;
  const first = bytes[0]!;
  for (let i = 0; i < bytes.byteLength; i += 4096) if (bytes[i] !== first) return null;
  return bytes[bytes.byteLength - 1] === first ? first : null;
}

async function tempsIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith(TEMP_SUFFIX));
}

// ---- the writer child process ----

interface Writer {
  child: ChildProcess;
  /** Resolves with the first stdout line starting with `prefix`. */
  line(prefix: string): Promise<string>;
  /** Every stdout line so far. */
  lines(): string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startWriter(args: string[]): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', writerScript, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: { prefix: string; resolve: (line: string) => void }[] = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const w of [...waiters]) {
      const found = out.split('\n').find((l) => l.startsWith(w.prefix));
      if (found !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(found);
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    lines: () => out.split('\n').filter((l) => l !== ''),
    line: (prefix) =>
      new Promise<string>((resolve, reject) => {
        const found = out.split('\n').find((l) => l.startsWith(prefix));
        if (found !== undefined) return resolve(found);
        waiters.push({ prefix, resolve });
        void exited.then(({ code, signal }) => reject(new Error(`writer exited (${code ?? signal}) before "${prefix}": ${err}`)));
      }),
  };
}

// ---- tests ----

describe('atomicWrite', () => {
  it('creates, then replaces a file, leaving no temp file behind', async () => {
    const dir = await freshDir();
    const target = path.join(dir, '工作区.xingtu');
    await atomicWrite(target, text('one'));
    expect(await readFile(target, 'utf8')).toBe('one');
    await atomicWrite(target, text('two, longer'));
    expect(await readFile(target, 'utf8')).toBe('two, longer');
    await atomicWrite(target, text('3'));
    expect(await readFile(target, 'utf8')).toBe('3');
    expect(await readdir(dir)).toEqual(['工作区.xingtu']);
  });

  it('writes empty and multi-chunk files exactly', async () => {
    const dir = await freshDir();
    const target = path.join(dir, 'big.xingtu');
    const big = new Uint8Array(9 * MiB + 123);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
    await atomicWrite(target, big);
    expect(Buffer.compare(await readFile(target), Buffer.from(big))).toBe(0);
    await atomicWrite(target, new Uint8Array(0));
    expect((await stat(target)).size).toBe(0);
  });

  it('keeps the previous version as .bak when asked', async () => {
    const dir = await freshDir();
    const target = path.join(dir, 'workspace.xingtu');
    await atomicWrite(target, text('v1'), { backup: true });
    expect(await readdir(dir)).toEqual(['workspace.xingtu']); // nothing to back up yet
    await atomicWrite(target, text('v2'), { backup: true });
    expect(await readFile(target, 'utf8')).toBe('v2');
    expect(await readFile(`${target}.bak`, 'utf8')).toBe('v1');
    await atomicWrite(target, text('v3'), { backup: true });
    expect(await readFile(target, 'utf8')).toBe('v3');
    expect(await readFile(`${target}.bak`, 'utf8')).toBe('v2');
    expect((await readdir(dir)).sort()).toEqual(['workspace.xingtu', 'workspace.xingtu.bak']);
  });

  it('queues concurrent writes to one target: the last call wins', async () => {
    const dir = await freshDir();
    const target = path.join(dir, 'w.xingtu');
    await Promise.all(Array.from({ length: 8 }, (_, i) => atomicWrite(target, filled(MiB + i, i + 1), { backup: true })));
    const bytes = await readFile(target);
    expect(bytes.byteLength).toBe(MiB + 7);
    expect(uniformByte(bytes, MiB + 7)).toBe(8);
    expect(uniformByte(await readFile(`${target}.bak`), MiB + 6)).toBe(7);
    expect(await tempsIn(dir)).toEqual([]);
  });

  it('fails cleanly: a missing folder or a directory in the way leaves no temp file and no damage', async () => {
    const dir = await freshDir();
    await expect(atomicWrite(path.join(dir, 'missing', 'x.xingtu'), text('x'))).rejects.toMatchObject({ code: 'ENOENT' });
    const blocker = path.join(dir, 'blocked.xingtu');
    await mkdir(blocker);
    await writeFile(path.join(blocker, 'keep.txt'), 'keep');
    await expect(atomicWrite(blocker, text('x'))).rejects.toThrow();
    expect(await readFile(path.join(blocker, 'keep.txt'), 'utf8')).toBe('keep');
    expect(await tempsIn(dir)).toEqual([]);
  });

  it('ignores a partial temp file left behind and removes it on the next write', async () => {
    const dir = await freshDir();
    const target = path.join(dir, 'workspace.xingtu');
    await atomicWrite(target, text('complete old workspace'));
    const stale = path.join(dir, `.workspace.xingtu.0123456789abcdef${TEMP_SUFFIX}`);
    const staleBak = path.join(dir, `.workspace.xingtu.bak.fedcba9876543210${TEMP_SUFFIX}`);
    const unrelated = [
      path.join(dir, `.other.xingtu.0123456789abcdef${TEMP_SUFFIX}`), // another target's temp
      path.join(dir, `.workspace.xingtu.not-hex-at-all${TEMP_SUFFIX}`), // not our pattern
      path.join(dir, 'workspace.xingtu.tmp'),
    ];
    await writeFile(stale, 'partial ne');
    await writeFile(staleBak, 'partial');
    for (const f of unrelated) await writeFile(f, 'leave me');

    // Readers only ever open the target.
    expect(new TextDecoder().decode(await readUserFile(target))).toBe('complete old workspace');
    expect(isTempFileFor(target, path.basename(stale))).toBe(true);
    expect(isTempFileFor(target, path.basename(unrelated[0]!))).toBe(false);

    await atomicWrite(target, text('new'), { backup: true });
    const names = await readdir(dir);
    expect(names).not.toContain(path.basename(stale));
    expect(names).not.toContain(path.basename(staleBak));
    for (const f of unrelated) expect(names).toContain(path.basename(f));
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readFile(`${target}.bak`, 'utf8')).toBe('complete old workspace');

    // cleanStaleTemps on its own (what main() runs at start-up).
    await writeFile(stale, 'again');
    expect(await cleanStaleTemps(target)).toEqual([stale]);
    expect(await cleanStaleTemps(path.join(dir, 'nope', 'x'))).toEqual([]);
  });
});

describe('order of file-system calls (recorded through an injected fs layer)', () => {
  it('writes the temp file, fsyncs it, renames it over the target, then fsyncs the directory', async () => {
    const dir = await freshDir();
    const target = path.join(dir, 'w.xingtu');
    await atomicWrite(target, text('old'));
    const { fs, steps } = recordingFs(target);
    const big = filled(9 * MiB, 7); // three 4 MiB chunks
    await atomicWrite(target, big, { fs, platform: 'linux' });
    expect(steps).toEqual([
      'readdir', // stale temp files of a killed writer
      'open-temp',
      'write-temp',
      'write-temp',
      'write-temp',
      'sync-temp',
      'close-temp',
      'rename-target',
      'open-dir',
      'sync-dir',
      'close-dir',
      'rm-temp', // the temp name no longer exists: a no-op
    ]);
    expect(uniformByte(await readFile(target), 9 * MiB)).toBe(7);
    expect(await readdir(dir)).toEqual(['w.xingtu']);
  });

  it('with a backup: links the old target to a temp name and renames that to .bak before the target is replaced', async () => {
    const dir = await freshDir();
    const target = path.join(dir, 'w.xingtu');
    await atomicWrite(target, text('old'));
    const { fs, steps } = recordingFs(target);
    await atomicWrite(target, text('new'), { backup: true, fs, platform: 'linux' });
    expect(steps).toEqual([
      'readdir',
      'readdir',
      'open-temp',
      'write-temp',
      'sync-temp',
      'close-temp',
      'link-backup',
      'rename-backup',
      'rm-temp',
      'rename-target',
      'open-dir',
      'sync-dir',
      'close-dir',
      'rm-temp',
    ]);
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readFile(`${target}.bak`, 'utf8')).toBe('old');
  });

  it('without hard links (FAT drives): copies the old target, fsyncs the copy, then renames it to .bak', async () => {
    const dir = await freshDir();
    const target = path.join(dir, 'w.xingtu');
    await atomicWrite(target, text('old'));
    const { fs, steps } = recordingFs(target, {
      before: (step) => {
        if (step === 'link-backup') throw fsError('EPERM');
      },
    });
    await atomicWrite(target, text('new'), { backup: true, fs, platform: 'linux' });
    const from = steps.indexOf('link-backup');
    expect(steps.slice(from, steps.indexOf('rename-target') + 1)).toEqual([
      'link-backup',
      'copy-backup',
      'open-backup',
      'sync-backup',
      'close-backup',
      'rename-backup',
      'rm-temp',
      'rename-target',
    ]);
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readFile(`${target}.bak`, 'utf8')).toBe('old');
  });

  it('Windows: retries a rename refused because the target is held open, and opens no directory', async () => {
    const dir = await freshDir();
    const target = path.join(dir, 'w.xingtu');
    await atomicWrite(target, text('old'));
    let refusals = 2;
    const { fs, steps } = recordingFs(target, {
      before: (step) => {
        if (step === 'rename-target' && refusals-- > 0) throw fsError('EBUSY');
      },
    });
    await atomicWrite(target, text('new'), { fs, platform: 'win32' });
    expect(steps.filter((s) => s === 'rename-target')).toHaveLength(3);
    expect(steps).not.toContain('open-dir');
    expect(steps).not.toContain('sync-dir');
    expect(await readFile(target, 'utf8')).toBe('new');
  });

  it('elsewhere a refused rename fails at once and leaves the old target and no temp file', async () => {
    const dir = await freshDir();
    const target = path.join(dir, 'w.xingtu');
    await atomicWrite(target, text('old'));
    const { fs, steps } = recordingFs(target, {
      before: (step) => {
        if (step === 'rename-target') throw fsError('EPERM');
      },
    });
    await expect(atomicWrite(target, text('new'), { fs, platform: 'linux' })).rejects.toMatchObject({ code: 'EPERM' });
    expect(steps.filter((s) => s === 'rename-target')).toHaveLength(1);
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['w.xingtu']);
  });

  it.each([
    ['disk full during the second chunk', 'write-temp', 2, 'ENOSPC'],
    ['fsync of the temp file fails', 'sync-temp', 1, 'EIO'],
  ] as const)('%s: nothing is renamed, the target keeps its old bytes, the temp file is removed', async (_what, failing, nth, code) => {
    const dir = await freshDir();
    const target = path.join(dir, 'w.xingtu');
    await atomicWrite(target, filled(MiB, OLD_FILL), { backup: true });
    let seen = 0;
    const { fs, steps } = recordingFs(target, {
      before: (step) => {
        if (step === failing && ++seen === nth) throw fsError(code);
      },
    });
    await expect(atomicWrite(target, filled(9 * MiB, 0x22), { backup: true, fs, platform: 'linux' })).rejects.toMatchObject({ code });
    expect(steps).not.toContain('rename-target');
    expect(steps).not.toContain('link-backup');
    expect(uniformByte(await readFile(target), MiB)).toBe(OLD_FILL);
    expect(await readdir(dir)).toEqual(['w.xingtu']);
  });
});

const OLD_FILL = 0x11;

describe('kill the writer mid-save', () => {
  const PREV = 0x10;
  const OLD = OLD_FILL;
  const NEW = 0x22;
  const OLD_SIZE = 8 * MiB;
  const NEW_SIZE = 16 * MiB; // four 4 MiB chunks

  /** target = OLD; with a backup, .bak = PREV (so a refreshed .bak is told apart). */
  async function prepare(dir: string, backup: boolean): Promise<string> {
    const target = path.join(dir, 'workspace.xingtu');
    await atomicWrite(target, filled(OLD_SIZE, PREV));
    await atomicWrite(target, filled(OLD_SIZE, OLD), { backup });
    return target;
  }

  // Where the writer is stopped (before that call runs) and what must be on disk after the kill.
  const stops: { stop: string; backup: boolean; target: 'old' | 'new'; bak: 'prev' | 'old' | 'none'; temps: number }[] = [
    { stop: 'write-temp#2', backup: false, target: 'old', bak: 'none', temps: 1 }, // first chunk in the temp file
    { stop: 'sync-temp', backup: false, target: 'old', bak: 'none', temps: 1 }, // temp complete, not yet fsynced
    { stop: 'rename-target', backup: false, target: 'old', bak: 'none', temps: 1 },
    { stop: 'open-dir', backup: false, target: 'new', bak: 'none', temps: 0 }, // renamed, directory not yet fsynced
    { stop: 'write-temp#2', backup: true, target: 'old', bak: 'prev', temps: 1 },
    { stop: 'link-backup', backup: true, target: 'old', bak: 'prev', temps: 1 },
    { stop: 'rename-backup', backup: true, target: 'old', bak: 'prev', temps: 2 }, // .bak's temp is a link to the old target
    { stop: 'rename-target', backup: true, target: 'old', bak: 'old', temps: 1 },
    { stop: 'sync-dir', backup: true, target: 'new', bak: 'old', temps: 0 },
  ];

  it.each(stops)('SIGKILL before $stop (backup: $backup): target holds the $target bytes, .bak: $bak', async ({ stop, backup, target: expected, bak, temps }) => {
    const dir = await freshDir();
    const target = await prepare(dir, backup);
    const writer = startWriter([target, String(NEW_SIZE / MiB), String(NEW), stop, ...(backup ? ['backup'] : [])]);
    const step = stop.split('#')[0]!;
    await writer.line(`PAUSED ${step}`);
    // The kill lands where it was aimed: the last thing the writer did was announce that step.
    expect(writer.lines().at(-1)).toBe(`PAUSED ${step}`);
    if (stop === 'write-temp#2') {
      // Mid-write: the temp file holds the first chunk only.
      const [temp] = await tempsIn(dir);
      expect((await stat(path.join(dir, temp!))).size).toBe(4 * MiB);
    }
    writer.child.kill('SIGKILL');
    expect(await writer.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const bytes = await readUserFile(target);
    if (expected === 'old') expect(uniformByte(bytes, OLD_SIZE)).toBe(OLD);
    else expect(uniformByte(bytes, NEW_SIZE)).toBe(NEW);
    if (bak !== 'none') expect(uniformByte(await readFile(`${target}.bak`), OLD_SIZE)).toBe(bak === 'prev' ? PREV : OLD);
    else expect(await readdir(dir)).not.toContain('workspace.xingtu.bak');
    expect(await tempsIn(dir)).toHaveLength(temps);

    // The next save removes what the killed writer left and works as usual.
    await atomicWrite(target, text('after the crash'), { backup });
    expect(await tempsIn(dir)).toEqual([]);
    expect(await readFile(target, 'utf8')).toBe('after the crash');
  }, 30_000);

  it('SIGKILL at random moments: the target is old before the rename started and new once it returned', async () => {
    const dir = await freshDir();
    const SIZE = 48 * MiB;
    const landed: string[] = [];
    for (let round = 0; round < 5; round++) {
      const target = await prepare(dir, true);
      const writer = startWriter([target, String(SIZE / MiB), String(NEW), 'run', 'backup']);
      await writer.line('START');
      // Spread the kills over the whole write (it takes a few hundred ms here).
      await new Promise((resolve) => setTimeout(resolve, round * 40));
      writer.child.kill('SIGKILL');
      await writer.exited;

      const lines = writer.lines();
      const renameStarted = lines.includes('STEP rename-target');
      const renamed = lines.includes('END rename-target');
      const bytes = await readFile(target);
      const state = uniformByte(bytes, OLD_SIZE) === OLD ? 'old' : uniformByte(bytes, SIZE) === NEW ? 'new' : 'mixed';
      const where = lines.filter((l) => l.startsWith('STEP ')).at(-1) ?? 'before the first step';
      if (renamed) expect(state, `round ${round}, killed after ${where}`).toBe('new');
      else if (renameStarted) expect(['old', 'new'], `round ${round}, killed during the rename`).toContain(state);
      else expect(state, `round ${round}, killed at ${where}`).toBe('old');
      landed.push(lines.includes('DONE') ? 'done' : where);

      await cleanStaleTemps(target);
      await cleanStaleTemps(`${target}.bak`);
      expect(await tempsIn(dir)).toEqual([]);
    }
    expect(landed).toHaveLength(5);
  }, 60_000);
});
