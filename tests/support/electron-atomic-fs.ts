// A recording fs layer for electron/atomic-write.ts: every call is named as a step
// relative to one target (write the temp file, fsync it, rename it over the target,
// fsync the directory...) and passed to hooks that can pause or fail it before it runs.
// Used by the unit tests (call order, injected failures) and by the writer child
// process of the kill tests (which prints each step so the parent knows where a
// SIGKILL landed).
import { constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { isTempFileFor, nodeFs, type AtomicFileHandle, type AtomicFs } from '../../electron/atomic-write';

export type Step =
  | 'readdir'
  | 'unlink-stale'
  | 'open-temp'
  | 'write-temp'
  | 'sync-temp'
  | 'close-temp'
  | 'link-backup'
  | 'copy-backup'
  | 'open-backup'
  | 'sync-backup'
  | 'close-backup'
  | 'rename-backup'
  | 'rename-target'
  | 'open-dir'
  | 'sync-dir'
  | 'close-dir'
  | 'rm-temp'
  | 'other';

export interface StepHooks {
  /** Runs before the call; throwing fails the call, awaiting delays it. */
  before?: (step: Step) => void | Promise<void>;
  /** Runs after the call succeeded. */
  after?: (step: Step) => void;
}

type Role = 'temp' | 'backup' | 'dir' | 'other';

/** Wraps `base` (Node's fs by default) for writes to `target`; `steps` lists every call as it starts. */
export function recordingFs(target: string, hooks: StepHooks = {}, base: AtomicFs = nodeFs): { fs: AtomicFs; steps: Step[] } {
  const resolved = path.resolve(target);
  const backup = `${resolved}.bak`;
  const dir = path.dirname(resolved);
  const steps: Step[] = [];

  const run = async <T>(step: Step, call: () => Promise<T>): Promise<T> => {
    steps.push(step);
    await hooks.before?.(step);
    const result = await call();
    hooks.after?.(step);
    return result;
  };

  const roleOf = (filePath: string, flags: string | number): Role => {
    const p = path.resolve(filePath);
    const name = path.basename(p);
    if (p === dir && flags === fsConstants.O_RDONLY) return 'dir';
    if (flags === 'wx' && path.dirname(p) === dir && isTempFileFor(resolved, name)) return 'temp';
    if (flags === 'r+' && path.dirname(p) === dir && isTempFileFor(backup, name)) return 'backup';
    return 'other';
  };

  const wrapHandle = (role: Role, handle: AtomicFileHandle): AtomicFileHandle => {
    const step = (op: 'write' | 'sync' | 'close'): Step => (role === 'other' ? 'other' : (`${op}-${role}` as Step));
    return {
      write: (buffer, offset, length, position) => run(step('write'), () => handle.write(buffer, offset, length, position)),
      sync: () => run(step('sync'), () => handle.sync()),
      close: () => run(step('close'), () => handle.close()),
    };
  };

  const fs: AtomicFs = {
    open: async (filePath, flags, mode) => {
      const role = roleOf(filePath, flags);
      const handle = await run(role === 'other' ? 'other' : (`open-${role}` as Step), () => base.open(filePath, flags, mode));
      return wrapHandle(role, handle);
    },
    rename: (from, to) => {
      const p = path.resolve(to);
      return run(p === resolved ? 'rename-target' : p === backup ? 'rename-backup' : 'other', () => base.rename(from, to));
    },
    link: (existing, newPath) => run(path.resolve(existing) === resolved ? 'link-backup' : 'other', () => base.link(existing, newPath)),
    copyFile: (from, to) => run(path.resolve(from) === resolved ? 'copy-backup' : 'other', () => base.copyFile(from, to)),
    readdir: (d) => run('readdir', () => base.readdir(d)),
    unlink: (filePath) => run('unlink-stale', () => base.unlink(filePath)),
    rm: (filePath, options) => run('rm-temp', () => base.rm(filePath, options)),
  };
  return { fs, steps };
}

/** An fs error with a code, as Node throws them. */
export function fsError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}
