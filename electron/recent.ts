// The recent-workspaces list: recent.json in the app's data folder, written
// atomically, at most 10 entries, newest first. The file is validated on every
// read; anything malformed is dropped (a broken list must never stop the app).
//
// Only workspace files (.xingtu) are listed. Each entry records whether the user
// chose that path in a save dialog (`writable`); only such entries let a workspace
// reopened after a restart be saved back in place without asking (see ipc.ts).
// Only the main process writes this file.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { atomicWrite } from './atomic-write';
import { WORKSPACE_EXTENSION } from './files';

export const MAX_RECENT = 10;
const MAX_RECENT_FILE_BYTES = 1024 * 1024;

export interface RecentEntry {
  /** Absolute path. Stays in the main process. */
  path: string;
  /** ISO time of the last open or save. */
  usedAt: string;
  /** True once the user chose this path in a save dialog. */
  writable: boolean;
}

/** True for a path named like a workspace file (*.xingtu, any case). */
export function isWorkspacePath(filePath: string): boolean {
  return path.extname(filePath).toLowerCase() === `.${WORKSPACE_EXTENSION}`;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function parseRecent(raw: unknown): RecentEntry[] {
  const list = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as { entries?: unknown }).entries : undefined;
  if (!Array.isArray(list)) return [];
  const out: RecentEntry[] = [];
  const seen = new Set<string>();
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const { path: p, usedAt, writable } = item as { path?: unknown; usedAt?: unknown; writable?: unknown };
    if (typeof p !== 'string' || p.length === 0 || p.length > 4096 || p.includes('\u0000') || !path.isAbsolute(p)) continue;
    if (!isWorkspacePath(p)) continue;
    if (typeof usedAt !== 'string' || !ISO.test(usedAt) || Number.isNaN(Date.parse(usedAt))) continue;
    if (seen.has(p)) continue;
    seen.add(p);
    out.push({ path: p, usedAt, writable: writable === true });
    if (out.length === MAX_RECENT) break;
  }
  return out;
}

export class RecentList {
  private cache: RecentEntry[] | null = null;

  constructor(
    private readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(): Promise<RecentEntry[]> {
    if (this.cache) return [...this.cache];
    let parsed: RecentEntry[] = [];
    try {
      const text = await readFile(this.file, 'utf8');
      if (text.length <= MAX_RECENT_FILE_BYTES) parsed = parseRecent(JSON.parse(text));
    } catch {
      parsed = []; // missing or corrupt: start empty
    }
    this.cache = parsed;
    return [...parsed];
  }

  /** The entry of a path, or null if it is not listed. */
  async find(filePath: string): Promise<RecentEntry | null> {
    const resolved = path.resolve(filePath);
    return (await this.list()).find((e) => e.path === resolved) ?? null;
  }

  /**
   * Moves (or adds) a workspace path to the top of the list and saves the list. Pass
   * `savedViaDialog` when the user just chose the path in a save dialog; otherwise the
   * entry keeps what it recorded before. Paths that are not .xingtu files are not listed.
   */
  async touch(filePath: string, options: { savedViaDialog?: boolean } = {}): Promise<void> {
    const resolved = path.resolve(filePath);
    if (!isWorkspacePath(resolved)) return;
    const all = await this.list();
    const writable = options.savedViaDialog === true || all.some((e) => e.path === resolved && e.writable);
    const entries = all.filter((e) => e.path !== resolved);
    entries.unshift({ path: resolved, usedAt: this.now().toISOString(), writable });
    await this.save(entries.slice(0, MAX_RECENT));
  }

  async remove(filePath: string): Promise<void> {
    const resolved = path.resolve(filePath);
    const entries = await this.list();
    const kept = entries.filter((e) => e.path !== resolved);
    if (kept.length !== entries.length) await this.save(kept);
  }

  private async save(entries: RecentEntry[]): Promise<void> {
    this.cache = entries;
    await mkdir(path.dirname(this.file), { recursive: true });
    const body = JSON.stringify({ version: 2, entries }, null, 2);
    await atomicWrite(this.file, new TextEncoder().encode(body));
  }
}

export function recentFile(userData: string): string {
  return path.join(userData, 'recent.json');
}
