/**
 * Committing an import into the workspace, and the matching undo entries.
 *
 * The first run: the bundled sample is a demo and never mixes with real data. A real import
 * while the sample is loaded removes the sample in the same step (one undo entry brings both
 * back), and the sample never takes part in the replace / keep-both question.
 */
import {
  findConflicts, nextDatasetId, removeDataset, removeSamples, replacePeriods, undoRemoval, type PeriodConflict,
} from '../../../shared/datasets.ts';
import type { Filter } from '../../../shared/filter.ts';
import { loadImport, removeImportLinks, type LinkSuggestion } from '../../../shared/identity/index.ts';
import { comparePeriods, parsePeriodKey, type Period } from '../../../shared/period.ts';
import type { Coordinator } from '../data/coordinator.ts';
import { filterStore } from '../state/filter-store.ts';
import { dismiss, notify } from '../state/toast.ts';
import { undoLastChange, undoStore } from '../state/undo.ts';

export type ConflictChoice = 'replace' | 'keep-both';

/** Periods of real datasets the import overlaps; the sample never counts (it is removed instead). */
export async function conflictsFor(coordinator: Coordinator, periods: string[]): Promise<PeriodConflict[]> {
  return findConflicts(coordinator.db, periods, undefined, { ignoreSample: true });
}

/** The latest of some period keys ("2024Q3", "2024"), or null when none parses. */
export function latestPeriod(keys: readonly string[]): Period | null {
  let best: Period | null = null;
  for (const k of keys) {
    const p = parsePeriodKey(k);
    if (p && (best == null || comparePeriods(p, best) > 0)) best = p;
  }
  return best;
}

export interface CommitOptions {
  /** How long the notice stays (ms); tests shorten it. */
  toastMs?: number;
  /** Link suggestions the user accepted in the dialog (shared/identity). */
  links?: readonly LinkSuggestion[];
}

export async function commitImport(
  coordinator: Coordinator,
  name: string,
  csv: string,
  periods: string[],
  choice: ConflictChoice,
  options: CommitOptions = {},
): Promise<string> {
  const before: Filter = filterStore.get();
  let toast = 0;
  const result = await coordinator.mutate(async (db) => {
    const id = await nextDatasetId(db);
    const rows = await loadImport(db, { dataset_id: id, name, source: name, is_sample: false }, csv, options.links ?? []);
    const sample = await removeSamples(db);
    const removal = choice === 'replace' ? await replacePeriods(db, id, periods) : null;
    return { id, rows, removal, sample };
  });

  // The period follows the new data; after the sample left, its townships mean nothing any more.
  const latest = latestPeriod(periods);
  filterStore.set({
    ...(latest ? { period: latest } : {}),
    ...(result.sample != null ? { counties: [], townships: [] } : {}),
  });

  const entry = {
    label: result.sample != null ? `撤销导入“${name}”（恢复示例数据）` : `撤销导入“${name}”`,
    run: async () => {
      // Its 撤销 button would now undo something else.
      dismiss(toast);
      await coordinator.mutate(async (db) => {
        await removeImportLinks(db, result.id);
        await removeDataset(db, result.id);
        if (result.removal != null) await undoRemoval(db, result.removal);
        if (result.sample != null) await undoRemoval(db, result.sample);
      });
      // Back to what the user was looking at before the import.
      filterStore.set({ period: before.period, counties: before.counties ?? [], townships: before.townships, kind: before.kind });
    },
  };
  undoStore.push(entry);

  const count = `${result.rows.toLocaleString('zh-CN')} 条评定记录`;
  if (result.sample != null) {
    toast = notify(`已导入“${name}”：${count}。示例数据已移除，按 Ctrl+Z 可撤销（恢复示例数据）。`, 'info', options.toastMs ?? 12_000,
      // Only while this import is still the last change: the button never undoes something else.
      { label: '撤销', run: () => void (undoStore.get().at(-1) === entry ? undoLastChange() : notify('该导入之后还有其他更改，请用 Ctrl+Z 逐步撤销。')) });
  } else {
    notify(`已导入“${name}”：${count}${result.removal != null ? '（已替换原有同期数据）' : ''}。按 Ctrl+Z 可撤销。`, 'info', options.toastMs);
  }
  return result.id;
}

export async function removeDatasetWithUndo(coordinator: Coordinator, datasetId: string, name: string): Promise<void> {
  const removal = await coordinator.mutate((db) => removeDataset(db, datasetId));
  undoStore.push({
    label: `撤销移除“${name}”`,
    run: () => coordinator.mutate((db) => undoRemoval(db, removal)),
  });
  notify(`已移除“${name}”。按 Ctrl+Z 可撤销。`);
}
