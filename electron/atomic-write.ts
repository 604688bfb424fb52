// Crash-safe file replacement: a temp file in the same directory is written,
// fsynced and renamed over the target, so readers of the target see either the old
// or the new complete bytes, never a mix.
//
// Order of file-system calls (tests/unit/electron-atomic-write.test.ts records them
// through the injected `fs` layer and checks this order):
//   open temp (O_EXCL) -> write temp -> fsync temp -> close temp
//   [backup: link target -> .bak temp (or copy + fsync) -> rename .bak temp -> .bak]
//   -> rename temp -> target -> open directory -> fsync directory -> close directory.
// - POSIX: rename(2) replaces the target atomically; fsyncing the temp before the
//   rename and the directory after it is what POSIX requires for the new bytes and
//   the new name to survive a power cut. A power cut cannot be simulated here (a
//   SIGKILLed process leaves its writes in the page cache), so for durability the
//   call-order test is the evidence, not the kill tests.
// - SIGKILL: the kill tests stop a writer process before each of these steps and
//   check that the target holds the old bytes before the rename and the new bytes
//   after it, and that a leftover temp file is removed by the next write.
// - Windows: Node's fs.rename is libuv's MoveFileExW(MOVEFILE_REPLACE_EXISTING)
//   (deps/uv/src/win/fs.c, fs__rename), which does replace an existing file. It
//   fails with EPERM/EACCES/EBUSY while another process (virus scanner, indexer,
//   a viewer) holds the target open without FILE_SHARE_DELETE, so we retry for a
//   while (tested with a scripted fs layer). A directory cannot be opened for fsync
//   there; that step is skipped.
//
// Temp files are named `.<target name>.<random>.xingtu-tmp`. One left behind by a
// killed writer is never read (readers open the target only) and is removed by the
// next write to the same target. The main process holds the single-instance lock,
// so no other writer can be using such a file at that moment; within this process
// writes to one target are serialised and their own temp files are skipped.
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import * as fsp from 'node:fs/promises';
import path from 'node:path';

export const TEMP_SUFFIX = '.xingtu-tmp';
const CHUNK = 4 * 1024 * 1024;

/** The part of an open file handle the writer uses. */
export interface AtomicFileHandle {
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file-system calls the writer makes; injectable so tests can record or fail them. */
export interface AtomicFs {
  open(filePath: string, flags: string | number, mode?: number): Promise<AtomicFileHandle>;
  rename(from: string, to: string): Promise<void>;
  link(existing: string, newPath: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  readdir(dir: string): Promise<string[]>;
  unlink(filePath: string): Promise<void>;
  rm(filePath: string, options: { force: true }): Promise<void>;
}

/** Node's fs/promises. */
export const nodeFs: AtomicFs = {
  open: (filePath, flags, mode) => fsp.open(filePath, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  link: (existing, newPath) => fsp.link(existing, newPath),
  copyFile: (from, to) => fsp.copyFile(from, to),
  readdir: (dir) => fsp.readdir(dir),
  unlink: (filePath) => fsp.unlink(filePath),
  rm: (filePath, options) => fsp.rm(filePath, options),
};

export interface AtomicWriteOptions {
  /** Keep the previous content of the target as `<target>.bak` (also replaced atomically). */
  backup?: boolean;
  /** Called after every chunk reaches the temp file (tests use it to stop mid-write). */
  onProgress?: (written: number, total: number) => void | Promise<void>;
  /** Defaults to process.platform; decides whether to retry a locked rename. */
  platform?: NodeJS.Platform;
  /** Defaults to nodeFs; tests inject a recording or failing layer. */
  fs?: AtomicFs;
}

const activeTemps = new Set<string>();
const queues = new Map<string, Promise<unknown>>();

export function isTempFileFor(target: string, candidateName: string): boolean {
  const prefix = `.${path.basename(target)}.`;
  return (
    candidateName.startsWith(prefix) &&
    candidateName.endsWith(TEMP_SUFFIX) &&
    /^[0-9a-f]{16}$/.test(candidateName.slice(prefix.length, -TEMP_SUFFIX.length))
  );
}

function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(8).toString('hex')}${TEMP_SUFFIX}`);
}

/** Removes temp files a killed writer left next to `target`. Returns the removed paths. */
export async function cleanStaleTemps(target: string, fs: AtomicFs = nodeFs): Promise<string[]> {
  const dir = path.dirname(target);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!isTempFileFor(target, name)) continue;
    const full = path.join(dir, name);
    if (activeTemps.has(full)) continue;
    try {
      await fs.unlink(full);
      removed.push(full);
    } catch {
      // Locked or already gone; the next write tries again.
    }
  }
  return removed;
}

const LOCK_CODES = new Set(['EPERM', 'EACCES', 'EBUSY']);

async function renameWithRetry(fs: AtomicFs, from: string, to: string, platform: NodeJS.Platform): Promise<void> {
  // Up to ~3 s in total; only Windows reports a locked target this way.
  const delays = platform === 'win32' ? [20, 50, 100, 200, 400, 800, 1200] : [];
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      const delay = delays[attempt];
      if (delay === undefined || !LOCK_CODES.has(code)) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

async function fsyncDirectory(fs: AtomicFs, dir: string, platform: NodeJS.Platform): Promise<void> {
  if (platform === 'win32') return;
  try {
    const handle = await fs.open(dir, fsConstants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems (and some containers) refuse fsync on directories. The temp
    // file's bytes were fsynced before the rename; only the new name is not forced out.
  }
}

async function writeTemp(fs: AtomicFs, temp: string, data: Uint8Array, onProgress: AtomicWriteOptions['onProgress']): Promise<void> {
  // 'wx': never follow or reuse an existing file at the random name.
  const handle = await fs.open(temp, 'wx', 0o666);
  try {
    let written = 0;
    while (written < data.byteLength) {
      const length = Math.min(CHUNK, data.byteLength - written);
      const { bytesWritten } = await handle.write(data, written, length, written);
      written += bytesWritten;
      if (onProgress) await onProgress(written, data.byteLength);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes `<target>.bak` a copy of the current target, without ever touching the target. */
async function refreshBackup(fs: AtomicFs, target: string, platform: NodeJS.Platform): Promise<void> {
  const backup = `${target}.bak`;
  const temp = tempPathFor(backup);
  activeTemps.add(temp);
  try {
    try {
      // A hard link costs nothing; after the rename below it still names the old bytes.
      await fs.link(target, temp);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return; // no previous version to keep
      // FAT/exFAT drives and some network shares have no hard links: copy instead.
      await fs.copyFile(target, temp);
      const handle = await fs.open(temp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    await renameWithRetry(fs, temp, backup, platform);
  } finally {
    activeTemps.delete(temp);
    await fs.rm(temp, { force: true }).catch(() => undefined);
  }
}

async function writeAtomicNow(target: string, data: Uint8Array, options: AtomicWriteOptions): Promise<void> {
  const platform = options.platform ?? process.platform;
  const fs = options.fs ?? nodeFs;
  await cleanStaleTemps(target, fs);
  if (options.backup) await cleanStaleTemps(`${target}.bak`, fs);

  const temp = tempPathFor(target);
  activeTemps.add(temp);
  try {
    await writeTemp(fs, temp, data, options.onProgress);
    if (options.backup) await refreshBackup(fs, target, platform);
    await renameWithRetry(fs, temp, target, platform);
    await fsyncDirectory(fs, path.dirname(target), platform);
  } finally {
    activeTemps.delete(temp);
    // After a successful rename the temp name no longer exists; after a failure, drop it.
    await fs.rm(temp, { force: true }).catch(() => undefined);
  }
}

/**
 * Atomically replaces `target` with `data`. Writes to the same target are queued, so
 * two saves in quick succession land in order and never share a temp file.
 */
export function atomicWrite(target: string, data: Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const key = path.resolve(target);
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => writeAtomicNow(key, data, options));
  queues.set(key, next);
  const cleanup = (): void => {
    if (queues.get(key) === next) queues.delete(key);
  };
  next.then(cleanup, cleanup);
  return next;
}
