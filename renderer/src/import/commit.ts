/** Committing an import into the workspace, and the matching undo entries. */
import { findConflicts, nextDatasetId, removeDataset, replacePeriods, undoRemoval, type PeriodConflict } from '../../../shared/datasets.ts';
import { loadNormalizedCsv } from '../../../shared/load.ts';
import type { Coordinator } from '../data/coordinator.ts';
import { notify } from '../state/toast.ts';
import { undoStore } from '../state/undo.ts';

export type ConflictChoice = 'replace' | 'keep-both';

export async function conflictsFor(coordinator: Coordinator, periods: string[]): Promise<PeriodConflict[]> {
  return findConflicts(coordinator.db, periods);
}

export async function commitImport(
  coordinator: Coordinator,
  name: string,
  csv: string,
  periods: string[],
  choice: ConflictChoice,
): Promise<string> {
  const result = await coordinator.mutate(async (db) => {
    const id = await nextDatasetId(db);
    const rows = await loadNormalizedCsv(db, { dataset_id: id, name, source: name, is_sample: false }, csv);
    const removal = choice === 'replace' ? await replacePeriods(db, id, periods) : null;
    return { id, rows, removal };
  });
  undoStore.push({
    label: `撤销导入“${name}”`,
    run: () =>
      coordinator.mutate(async (db) => {
        await removeDataset(db, result.id);
        if (result.removal != null) await undoRemoval(db, result.removal);
      }).then(() => undefined),
  });
  notify(`已导入“${name}”：${result.rows.toLocaleString('zh-CN')} 条评定记录${result.removal != null ? '（已替换原有同期数据）' : ''}。按 Ctrl+Z 可撤销。`);
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
