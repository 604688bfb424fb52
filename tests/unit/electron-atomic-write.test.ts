// The atomic writer: the target always holds old or new complete bytes, even when
// the writing process is SIGKILLed mid-save; leftovers are ignored and cleaned.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMP_SUFFIX, atomicWrite, cleanStaleTemps, isTempFileFor } from '../../electron/atomic-write';
import { readUserFile } from '../../electron/files';

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

describe('kill the writer mid-save', () => {
  const OLD = 0x11;
  const NEW = 0x22;
  const OLD_SIZE = 8 * MiB;
  const NEW_SIZE = 48 * MiB;

  for (const backup of [false, true]) {
    it(`SIGKILL after the first chunk: the target keeps the old complete bytes${backup ? ' (with .bak)' : ''}`, async () => {
      const dir = await freshDir();
      const target = path.join(dir, 'workspace.xingtu');
      await atomicWrite(target, filled(OLD_SIZE, OLD));
      if (backup) await atomicWrite(target, filled(OLD_SIZE, OLD), { backup: true }); // .bak = old too

      const writer = startWriter([target, String(NEW_SIZE / MiB), String(NEW), 'pause', ...(backup ? ['backup'] : [])]);
      const mid = await writer.line('MID ');
      const temp = mid.slice('MID '.length);
      expect(temp).not.toBe('');
      // The writer really is mid-way: its temp file holds part of the new bytes.
      const partial = (await stat(temp)).size;
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(NEW_SIZE);

      writer.child.kill('SIGKILL');
      expect(await writer.exited).toEqual({ code: null, signal: 'SIGKILL' });

      // The target was never touched; reading it gives the old complete workspace.
      expect(uniformByte(await readUserFile(target), OLD_SIZE)).toBe(OLD);
      if (backup) expect(uniformByte(await readFile(`${target}.bak`), OLD_SIZE)).toBe(OLD);
      // The partial temp file is still there until the next write cleans it up.
      expect(await tempsIn(dir)).toEqual([path.basename(temp)]);
      await atomicWrite(target, text('after the crash'), { backup });
      expect(await tempsIn(dir)).toEqual([]);
      expect(await readFile(target, 'utf8')).toBe('after the crash');
      if (backup) expect(uniformByte(await readFile(`${target}.bak`), OLD_SIZE)).toBe(OLD);
    });
  }

  it('SIGKILL at random moments: the target is always either the old or the new complete file', async () => {
    const dir = await freshDir();
    const target = path.join(dir, 'workspace.xingtu');
    const outcomes: string[] = [];
    for (let round = 0; round < 5; round++) {
      // Twice, so that .bak holds OLD too even when the previous round's writer finished (NEW).
      await atomicWrite(target, filled(OLD_SIZE, OLD));
      await atomicWrite(target, filled(OLD_SIZE, OLD), { backup: true });
      const writer = startWriter([target, String(NEW_SIZE / MiB), String(NEW), 'run', 'backup']);
      await writer.line('START');
      // Spread the kills over the whole write (it takes a few hundred ms here).
      await new Promise((resolve) => setTimeout(resolve, round * 40));
      writer.child.kill('SIGKILL');
      const { signal } = await writer.exited;

      const bytes = await readFile(target);
      const fill = bytes.byteLength === OLD_SIZE ? uniformByte(bytes, OLD_SIZE) : uniformByte(bytes, NEW_SIZE);
      expect([OLD, NEW], `round ${round}: target is mixed or truncated (${bytes.byteLength} bytes)`).toContain(fill);
      const bak = await readFile(`${target}.bak`).catch(() => null);
      if (bak) expect(uniformByte(bak, OLD_SIZE)).toBe(OLD);
      outcomes.push(`${signal ?? 'done'}:${fill === OLD ? 'old' : 'new'}`);
      await cleanStaleTemps(target);
      await cleanStaleTemps(`${target}.bak`);
      expect(await tempsIn(dir)).toEqual([]);
    }
    expect(outcomes).toHaveLength(5);
  }, 60_000);
});
