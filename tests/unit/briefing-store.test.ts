/**
 * The briefing store: add, move, remove with undo, and the workspace part 'briefings'
 * (save → restore round trip, older or broken JSON accepted).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Filter } from '../../shared/filter.ts';
import { workspaceParts } from '../../renderer/src/workspace/parts.ts';
import {
  addItem, briefingStore, moveItemTo, removedStore, removeItem, undoRemove, updateItem,
} from '../../renderer/src/views/briefing/store.ts';
import { emptyBriefing } from '../../shared/briefing/model.ts';

const F: Filter = { period: { year: 2024, quarter: 3 }, townships: ['城关镇'], kind: null };
const part = () => workspaceParts().find((p) => p.key === 'briefings')!;

beforeEach(() => {
  part().restore(undefined);
});

describe('briefing store', () => {
  it('adds items with the filter of the moment, moves and edits them', () => {
    expect(addItem({ kind: 'overview' }, F)).toBe(1);
    expect(addItem({ kind: 'ranking', measure: { kind: 'shareAtLeast', level: 3 } }, F)).toBe(2);
    const [a, b] = briefingStore.get().items;
    expect(a.filter).toEqual(F);
    expect(a.filter).not.toBe(F);
    moveItemTo(1, 0);
    expect(briefingStore.get().items.map((i) => i.id)).toEqual([b.id, a.id]);
    updateItem(a.id, { caption: '说明', follow: true });
    expect(briefingStore.get().items[1]).toMatchObject({ caption: '说明', follow: true });
  });

  it('undoes removals in reverse order, back in place', () => {
    addItem({ kind: 'overview' }, F);
    addItem({ kind: 'trend', panel: 'share', cadence: 'quarter' }, F);
    addItem({ kind: 'trend', panel: 'levels', cadence: 'quarter' }, F);
    const ids = briefingStore.get().items.map((i) => i.id);
    removeItem(ids[1], '二');
    removeItem(ids[0], '一');
    expect(briefingStore.get().items.map((i) => i.id)).toEqual([ids[2]]);
    expect(removedStore.get().map((r) => r.label)).toEqual(['二', '一']);
    expect(undoRemove()?.label).toBe('一');
    expect(undoRemove()?.label).toBe('二');
    expect(briefingStore.get().items.map((i) => i.id)).toEqual(ids);
    expect(undoRemove()).toBeNull();
  });

  it('is the workspace part "briefings": saves plain JSON and restores it', () => {
    addItem({ kind: 'pivot', pivot: { rows: ['township'], columns: [], measures: [{ kind: 'units' }] } }, F);
    briefingStore.set({ title: '三季度简报', narrative: '自己写的' });
    const saved = JSON.parse(JSON.stringify(part().save()));
    expect(Array.isArray(saved)).toBe(true);
    part().restore(undefined);
    expect(briefingStore.get().items).toEqual([]);
    part().restore(saved);
    expect(briefingStore.get()).toMatchObject({ title: '三季度简报', narrative: '自己写的' });
    expect(briefingStore.get().items).toHaveLength(1);
    // A single briefing object (not a list) and junk are accepted too.
    part().restore({ ...emptyBriefing(), title: '单个' });
    expect(briefingStore.get().title).toBe('单个');
    part().restore('junk');
    expect(briefingStore.get().items).toEqual([]);
    // Changes notify the workspace (dirty marker).
    let calls = 0;
    const off = part().subscribe(() => calls++);
    addItem({ kind: 'overview' }, F);
    off();
    expect(calls).toBe(1);
  });
});

describe('第X期', () => {
  it('keeps a valid issue number and falls back to 1 otherwise', async () => {
    const { parseBriefing, issueNumber } = await import('../../shared/briefing/model.ts');
    expect(parseBriefing({ issueNo: 12 }).issueNo).toBe(12);
    expect(parseBriefing({ issueNo: '3' }).issueNo).toBe(3);
    expect(parseBriefing({ issueNo: 0 }).issueNo).toBe(1);
    expect(parseBriefing({ issueNo: 2.5 }).issueNo).toBe(1);
    expect(parseBriefing({}).issueNo).toBe(1);
    expect(issueNumber('10000')).toBeNull();
  });
});

describe('重新生成 of the narrative', () => {
  it('asks only when the user\'s text differs from the automatic one', async () => {
    const { narrativeEdited } = await import('../../renderer/src/views/briefing/store.ts');
    expect(narrativeEdited(null, '自动')).toBe(false);
    expect(narrativeEdited('自动', '自动')).toBe(false);
    expect(narrativeEdited('自己写的', '自动')).toBe(true);
    // Still being written: the user's text counts as edited.
    expect(narrativeEdited('自己写的', null)).toBe(true);
    expect(narrativeEdited('', '自动')).toBe(true);
  });

  it('goes back to the automatic text, and the app\'s undo puts the user\'s text back', async () => {
    const { regenerateNarrative, REGENERATE_UNDO_LABEL } = await import('../../renderer/src/views/briefing/store.ts');
    const { undoStore } = await import('../../renderer/src/state/undo.ts');
    undoStore.clear();
    briefingStore.set({ narrative: '自己写的总体情况。' });
    const entry = regenerateNarrative('自动写的。');
    expect(briefingStore.get().narrative).toBeNull();
    expect(entry?.label).toBe(REGENERATE_UNDO_LABEL);
    expect(undoStore.get().at(-1)).toBe(entry);
    expect((await undoStore.undo())?.label).toBe(REGENERATE_UNDO_LABEL);
    expect(briefingStore.get().narrative).toBe('自己写的总体情况。');
    expect(undoStore.get()).toEqual([]);
    // Nothing to lose: no undo entry.
    briefingStore.set({ narrative: '自动写的。' });
    expect(regenerateNarrative('自动写的。')).toBeNull();
    briefingStore.set({ narrative: null });
    expect(regenerateNarrative('自动写的。')).toBeNull();
    expect(briefingStore.get().narrative).toBeNull();
    expect(undoStore.get()).toEqual([]);
  });
});

describe('期号 per year and the 版记', () => {
  it('recordIssued keeps the 期号 for the year of the date; the suggestion is taken only by a click, and undone', async () => {
    const { recordIssued, applyIssueSuggestion, ISSUE_UNDO_LABEL } = await import('../../renderer/src/views/briefing/store.ts');
    const { issueSuggestion } = await import('../../shared/briefing/model.ts');
    const { undoStore } = await import('../../renderer/src/state/undo.ts');
    undoStore.clear();
    briefingStore.set({ date: '2025-06-30', issueNo: 3 });
    expect(applyIssueSuggestion()).toBeNull();
    recordIssued();
    expect(briefingStore.get().issued).toEqual({ 2025: 3 });
    // Exporting again does not change the number by itself.
    expect(briefingStore.get().issueNo).toBe(3);
    expect(issueSuggestion(briefingStore.get())).toMatchObject({ last: 3, next: 4 });
    const entry = applyIssueSuggestion();
    expect(entry?.label).toBe(ISSUE_UNDO_LABEL);
    expect(briefingStore.get().issueNo).toBe(4);
    expect(issueSuggestion(briefingStore.get())).toBeNull();
    await undoStore.undo();
    expect(briefingStore.get().issueNo).toBe(3);
    briefingStore.set({ issueNo: 4 });
    recordIssued();
    // A new year: 第1期 offered.
    briefingStore.set({ date: '2026-01-08' });
    expect(issueSuggestion(briefingStore.get())).toEqual({ year: '2026', last: null, next: 1 });
    applyIssueSuggestion();
    expect(briefingStore.get().issueNo).toBe(1);
    recordIssued();
    expect(briefingStore.get().issued).toEqual({ 2025: 4, 2026: 1 });
    undoStore.clear();
  });

  it('updateDistribution starts from the defaults; the workspace part carries it and the 期号 history', async () => {
    const { updateDistribution, recordIssued } = await import('../../renderer/src/views/briefing/store.ts');
    const { DEFAULT_DISTRIBUTION } = await import('../../shared/briefing/distribution.ts');
    expect(briefingStore.get().distribution).toBeUndefined();
    updateDistribution({ bao: '市委组织部' });
    expect(briefingStore.get().distribution).toEqual({ ...DEFAULT_DISTRIBUTION, bao: '市委组织部' });
    updateDistribution({ copies: 8 });
    briefingStore.set({ date: '2025-06-30', issueNo: 2 });
    recordIssued();
    const saved = JSON.parse(JSON.stringify(part().save()));
    part().restore(undefined);
    expect(briefingStore.get().issued).toEqual({});
    part().restore(saved);
    expect(briefingStore.get().distribution).toEqual({ ...DEFAULT_DISTRIBUTION, bao: '市委组织部', copies: 8 });
    expect(briefingStore.get().issued).toEqual({ 2025: 2 });
  });
});
