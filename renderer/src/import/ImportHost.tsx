/**
 * Where imports start: a hidden file input (Ctrl+O or any "导入台账" button), files
 * dropped anywhere on the window, and the import dialog itself.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ImportInput } from '../../../shared/import/run.ts';
import { notify } from '../state/toast.ts';
import { ImportDialog } from './ImportDialog.tsx';

const ACCEPT = '.csv,.tsv,.txt,.xlsx,.xls,.arrow,.feather,.ipc,.parquet';
/** Above this the browser cannot hold the file and its parsed rows at once. */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;

const ImportContext = createContext<() => void>(() => {});

export function useOpenImport(): () => void {
  return useContext(ImportContext);
}

async function readInputs(files: File[]): Promise<ImportInput[]> {
  const tooLarge = files.filter((f) => f.size > MAX_FILE_BYTES);
  if (tooLarge.length) {
    notify(`文件“${tooLarge[0].name}”有 ${(tooLarge[0].size / 1024 ** 3).toFixed(1)} GB，超过单个文件 1 GB 的上限。请按乡镇或季度拆分后分别导入。`, 'error', 10_000);
  }
  const ok = files.filter((f) => f.size <= MAX_FILE_BYTES);
  return Promise.all(ok.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

export function ImportHost({ children }: { children: ReactNode }) {
  const input = useRef<HTMLInputElement>(null);
  const [inputs, setInputs] = useState<ImportInput[] | null>(null);
  const [dragging, setDragging] = useState(false);

  const open = useCallback(() => input.current?.click(), []);
  const start = useCallback(async (files: File[]) => {
    if (files.length === 0) return;
    const read = await readInputs(files);
    if (read.length) setInputs(read);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        open();
      }
    };
    const onDragOver = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      setDragging(true);
    };
    const onDragLeave = (e: DragEvent) => {
      if (e.relatedTarget == null) setDragging(false);
    };
    const onDrop = (e: DragEvent) => {
      e.preventDefault();
      setDragging(false);
      void start([...(e.dataTransfer?.files ?? [])]);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [open, start]);

  return (
    <ImportContext.Provider value={open}>
      {children}
      <input
        ref={input}
        type="file"
        multiple
        accept={ACCEPT}
        hidden
        data-testid="import-input"
        onChange={(e) => {
          void start([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      {dragging && <div className="drop-overlay">松开鼠标导入台账（Excel、CSV）</div>}
      {inputs && <ImportDialog inputs={inputs} onClose={() => setInputs(null)} />}
    </ImportContext.Provider>
  );
}
