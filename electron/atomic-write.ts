// Crash-safe file replacement: the target always holds either the old or the new
// complete bytes, never a mix, whatever happens to the process (killed, power cut
// after the fsync, disk full).
//
// How: write into a temp file in the same directory (same file system, so the
// rename cannot turn into a copy), fsync it, then rename it over the target.
// - POSIX: rename(2) replaces the target atomically. The directory is fsynced
//   afterwards so the rename itself survives a power cut.
// - Windows: Node's fs.rename is libuv's MoveFileExW(MOVEFILE_REPLACE_EXISTING)
//   (deps/uv/src/win/fs.c, fs__rename), which does replace an existing file. It
//   fails with EPERM/EACCES/EBUSY while another process (virus scanner, indexer,
//   a viewer) holds the target open without FILE_SHARE_DELETE, so we retry for a
//   while. A directory cannot be opened for fsync there; that step is skipped.
//
// Temp files are named `.<target name>.<random>.xingtu-tmp`. One left behind by a
// killed writer is never read (readers open the target only) and is removed by the
// next write to the same target. The main process holds the single-instance lock,
// so no other writer can be using such a file at that moment; within this process
// writes to one target are serialised and their own temp files are skipped.
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { copyFile, link, open, readdir, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';

export const TEMP_SUFFIX = '.xingtu-tmp';
const CHUNK = 4 * 1024 * 1024;

export interface AtomicWriteOptions {
  /** Keep the previous content of the target as `<target>.bak` (also replaced atomically). */
  backup?: boolean;
  /** Called after every chunk reaches the temp file (tests use it to stop mid-write). */
  onProgress?: (written: number, total: number) => void | Promise<void>;
  /** Defaults to process.platform; decides whether to retry a locked rename. */
  platform?: NodeJS.Platform;
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
export async function cleanStaleTemps(target: string): Promise<string[]> {
  const dir = path.dirname(target);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!isTempFileFor(target, name)) continue;
    const full = path.join(dir, name);
    if (activeTemps.has(full)) continue;
    try {
      await unlink(full);
      removed.push(full);
    } catch {
      // Locked or already gone; the next write tries again.
    }
  }
  return removed;
}

const LOCK_CODES = new Set(['EPERM', 'EACCES', 'EBUSY']);

async function renameWithRetry(from: string, to: string, platform: NodeJS.Platform): Promise<void> {
  // Up to ~3 s in total; only Windows reports a locked target this way.
  const delays = platform === 'win32' ? [20, 50, 100, 200, 400, 800, 1200] : [];
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      const delay = delays[attempt];
      if (delay === undefined || !LOCK_CODES.has(code)) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

async function fsyncDirectory(dir: string, platform: NodeJS.Platform): Promise<void> {
  if (platform === 'win32') return;
  try {
    const handle = await open(dir, fsConstants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems (and some containers) refuse fsync on directories; the data
    // itself is already durable, only the rename might be replayed after a power cut.
  }
}

async function writeTemp(temp: string, data: Uint8Array, onProgress: AtomicWriteOptions['onProgress']): Promise<void> {
  // 'wx': never follow or reuse an existing file at the random name.
  const handle = await open(temp, 'wx', 0o666);
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
async function refreshBackup(target: string, platform: NodeJS.Platform): Promise<void> {
  const backup = `${target}.bak`;
  const temp = tempPathFor(backup);
  activeTemps.add(temp);
  try {
    try {
      // A hard link costs nothing; after the rename below it still names the old bytes.
      await link(target, temp);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return; // no previous version to keep
      // FAT/exFAT drives and some network shares have no hard links: copy instead.
      await copyFile(target, temp);
      const handle = await open(temp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    await renameWithRetry(temp, backup, platform);
  } finally {
    activeTemps.delete(temp);
    await rm(temp, { force: true }).catch(() => undefined);
  }
}

async function writeAtomicNow(target: string, data: Uint8Array, options: AtomicWriteOptions): Promise<void> {
  const platform = options.platform ?? process.platform;
  await cleanStaleTemps(target);
  if (options.backup) await cleanStaleTemps(`${target}.bak`);

  const temp = tempPathFor(target);
  activeTemps.add(temp);
  try {
    await writeTemp(temp, data, options.onProgress);
    if (options.backup) await refreshBackup(target, platform);
    await renameWithRetry(temp, target, platform);
    await fsyncDirectory(path.dirname(target), platform);
  } finally {
    activeTemps.delete(temp);
    // After a successful rename the temp name no longer exists; after a failure, drop it.
    await rm(temp, { force: true }).catch(() => undefined);
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
