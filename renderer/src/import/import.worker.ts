/**
 * The import runs here, off the UI thread: reading, decoding, interpreting and writing
 * the normalized CSV. The page stays responsive and can cancel by terminating the worker.
 */
import { importFiles, type ImportInput, type ImportOptions, type ImportStage } from '../../../shared/import/run.ts';
import { toNormalizedCsv } from '../../../shared/import/normalized-csv.ts';
import type { ImportReport } from '../../../shared/import/types.ts';
import type { RejectedRow } from '../../../shared/import/run.ts';
import { historiesOf, type UnitHistory } from '../../../shared/identity/suggest.ts';

export type ImportRequest = { inputs: ImportInput[]; options: ImportOptions };

export type ImportMessage =
  | { type: 'stage'; stage: ImportStage }
  | { type: 'done'; report: ImportReport; csv: string; rows: number; rejectedRows: RejectedRow[]; histories: UnitHistory[] }
  | { type: 'failed'; message: string };

const post = (m: ImportMessage) => (self as unknown as Worker).postMessage(m);

self.onmessage = async (e: MessageEvent<ImportRequest>) => {
  try {
    const { ratings, report, rejectedRows } = await importFiles(e.data.inputs, e.data.options, (stage) => post({ type: 'stage', stage }));
    // One history per unit id, so the dialog can find renamed units against the workspace.
    post({ type: 'done', report, csv: toNormalizedCsv(ratings), rows: ratings.length, rejectedRows, histories: historiesOf(ratings) });
  } catch (err) {
    post({ type: 'failed', message: (err as Error).message });
  }
};
