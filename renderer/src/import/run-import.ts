/** Runs one import in a fresh worker; cancel() terminates it at once. */
import type { ImportInput, ImportOptions, ImportStage, RejectedRow } from '../../../shared/import/run.ts';
import type { ImportReport } from '../../../shared/import/types.ts';
import type { ImportMessage } from './import.worker.ts';
import type { UnitHistory } from '../../../shared/identity/suggest.ts';

export interface ImportResult {
  report: ImportReport;
  csv: string;
  rows: number;
  rejectedRows: RejectedRow[];
  /** The import's units (ids as the files gave them), for link suggestions. */
  histories: UnitHistory[];
}

export interface ImportJob {
  result: Promise<ImportResult>;
  cancel: () => void;
}

export class ImportCancelled extends Error {
  constructor() {
    super('导入已取消');
  }
}

export function startImport(inputs: ImportInput[], options: ImportOptions, onStage: (s: ImportStage) => void): ImportJob {
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  let cancel = () => {};
  const result = new Promise<ImportResult>((resolve, reject) => {
    cancel = () => {
      worker.terminate();
      reject(new ImportCancelled());
    };
    worker.onmessage = (e: MessageEvent<ImportMessage>) => {
      const m = e.data;
      if (m.type === 'stage') onStage(m.stage);
      else {
        worker.terminate();
        if (m.type === 'done') resolve(m);
        else reject(new Error(m.message));
      }
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || '导入进程意外退出（文件可能过大，超出了内存）'));
    };
  });
  // Copies, not transfers: a re-run with another encoding or period needs the bytes again.
  worker.postMessage({ inputs, options });
  return { result, cancel: () => cancel() };
}
