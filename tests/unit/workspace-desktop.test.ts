/**
 * The renderer's workspace actions against the desktop API contract (electron/api.ts),
 * with a fake window.xingtu and the real engine: save asks for a place once, then writes
 * back to the token; autosave writes only new changes; opening replaces the data and
 * is clean; a damaged file offers the autosave and leaves the data alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import { overview } from '../../shared/engine.ts';
import { exportWorkspace } from '../../shared/workspace/index.ts';
import type { OpenedFile, SavedFile, XingtuApi } from '../../electron/api.ts';
import { Coordinator } from '../../renderer/src/data/coordinator.ts';
import { undoStore } from '../../renderer/src/state/undo.ts';
import { loadViews, storeViews } from '../../renderer/src/views/pivot/saved-views.ts';
import {
  attachCoordinator, autosave, openWorkspace, saveWorkspace,
} from '../../renderer/src/workspace/actions.ts';
import { currentDialog } from '../../renderer/src/workspace/dialogs.ts';
import { markChanged, workspaceStore } from '../../renderer/src/workspace/store.ts';
import { loadSample, loadSecondCounty, SECOND_COUNTY } from '../support/workspace-county.ts';

const Q = { year: 2025, quarter: 4 };
const calls: Array<{ op: string; args: unknown }> = [];
let nextOpen: OpenedFile[] = [];
const autosaves: Uint8Array[] = [];
const written = new Map<string, Uint8Array>();

const fake: Partial<XingtuApi> = {
  isElectron: true,
  async saveWorkspace(bytes, options): Promise<SavedFile | null> {
    calls.push({ op: 'save', args: options });
    const token = options.token ?? 't-saved';
    written.set(token, bytes);
    return { token, name: '城关镇.xingtu' };
  },
  async openWorkspace(options) {
    calls.push({ op: 'open', args: options });
    return nextOpen;
  },
  async writeAutosave(bytes) {
    autosaves.unshift(bytes);
  },
  async readAutosaves() {
    return autosaves;
  },
  async recentWorkspaces() {
    return [];
  },
};

let coordinator: Coordinator;
let second: Uint8Array;

async function until<T>(get: () => T | null | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = get();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out');
}

beforeAll(async () => {
  (globalThis as unknown as { window: unknown }).window = { xingtu: fake };
  const db = await openNodeDuckDB();
  coordinator = new Coordinator(db);
  await coordinator.mutate((d) => loadSample(d));
  attachCoordinator(coordinator);
  const other = await openNodeDuckDB();
  await loadSecondCounty(other);
  second = await exportWorkspace(other, { 'pivot-views': [{ name: '乙县视图', config: { rows: ['township'], columns: [], measures: [{ kind: 'units' }] } }] }, { name: SECOND_COUNTY, appVersion: 't' });
  await other.close();
}, 120_000);

afterAll(async () => coordinator?.db.close());

describe('workspace actions on the desktop', () => {
  it('first save asks where (save as), the next one writes back to the token', async () => {
    expect(await saveWorkspace()).toBe(true);
    expect(calls.at(-1)).toEqual({ op: 'save', args: { saveAs: true, suggestedName: '示例数据.xingtu' } });
    expect(workspaceStore.get()).toMatchObject({ name: '城关镇', token: 't-saved', dirty: false, origin: 'file', busy: null });
    markChanged();
    expect(workspaceStore.get().dirty).toBe(true);
    expect(await saveWorkspace()).toBe(true);
    expect(calls.at(-1)).toEqual({ op: 'save', args: { token: 't-saved', saveAs: false, suggestedName: '城关镇.xingtu' } });
    expect(workspaceStore.get().dirty).toBe(false);
    expect(await saveWorkspace(true)).toBe(true);
    expect(calls.at(-1)!.args).toMatchObject({ saveAs: true });
  });

  it('saving clears the undo stack (the trash is purged)', async () => {
    undoStore.push({ label: '撤销导入', run: async () => undefined });
    await saveWorkspace();
    expect(undoStore.get()).toEqual([]);
  });

  it('autosaves only when there are changes it does not hold yet', async () => {
    await autosave();
    expect(autosaves).toHaveLength(0); // clean
    storeViews([...loadViews(), { name: '新视图', config: { rows: ['kind'], columns: [], measures: [{ kind: 'units' }] } }]);
    expect(workspaceStore.get().dirty).toBe(true);
    await autosave();
    await autosave();
    expect(autosaves).toHaveLength(1);
  });

  it('opening a workspace replaces data and parts, clean, named after the file (asking first about unsaved changes)', async () => {
    nextOpen = [{ token: 't-second', name: `${SECOND_COUNTY}.xingtu`, bytes: second }];
    const opening = openWorkspace();
    const d = await until(() => currentDialog());
    expect(d.kind).toBe('unsaved');
    if (d.kind === 'unsaved') d.resolve('discard');
    await opening;
    expect(workspaceStore.get()).toMatchObject({ name: SECOND_COUNTY, token: 't-second', dirty: false, origin: 'file' });
    const o = await overview(coordinator.db, Q);
    expect(o.current!.units).toBe(369);
    expect(loadViews().map((v) => v.name)).toEqual(['乙县视图']);
  });

  it('a damaged file: a clear message, the data untouched, and the autosave on offer', async () => {
    const before = await overview(coordinator.db, Q);
    nextOpen = [{ token: 't-bad', name: '坏文件.xingtu', bytes: second.subarray(0, 5000) }];
    const opening = openWorkspace();
    const d = await until(() => currentDialog());
    expect(d.kind).toBe('error');
    if (d.kind !== 'error') return;
    expect(d.fileName).toBe('坏文件.xingtu');
    expect(d.problem).toMatch(/损坏/);
    expect(d.autosave?.name).toBe('城关镇');
    expect(await overview(coordinator.db, Q)).toEqual(before);
    d.resolve('autosave');
    await opening;
    await until(() => (workspaceStore.get().busy == null && workspaceStore.get().origin === 'recovered') || null);
    expect(workspaceStore.get()).toMatchObject({ name: '城关镇', dirty: true });
    expect((await overview(coordinator.db, Q)).current!.units).toBe(357);
    expect(loadViews().map((v) => v.name)).toContain('新视图');
  });
});

describe('after the shell restarted', () => {
  it('a token the shell no longer knows makes the save ask for a place instead of failing', async () => {
    const original = fake.saveWorkspace!;
    fake.saveWorkspace = async (bytes, options) => {
      if (options.token) throw new Error('workspace:save: unknown token');
      return original(bytes, options);
    };
    try {
      workspaceStore.set({ token: 'stale-token', dirty: true });
      expect(await saveWorkspace()).toBe(true);
      expect(calls.at(-1)).toEqual({ op: 'save', args: { saveAs: true, suggestedName: `${workspaceStore.get().name}.xingtu` } });
      expect(workspaceStore.get()).toMatchObject({ token: 't-saved', dirty: false });
    } finally {
      fake.saveWorkspace = original;
    }
  });
});
