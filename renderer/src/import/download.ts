/**
 * Saving through the browser's download (the Electron shell handles it natively), and the
 * one place the renderer makes a suggested file name safe: exportFileName.
 */
import { fileNameNotice, safeFileName } from '../../../shared/file-name.ts';
import { notify } from '../state/toast.ts';

/** `name` made safe for the file system (shared/file-name.ts); says so in a notice when that changed it. */
export function exportFileName(name: string, fallback?: string): string {
  const safe = safeFileName(name, fallback);
  const notice = fileNameNotice(name, safe);
  if (notice) notify(notice, 'info', 8000);
  return safe.name;
}

/** Saves bytes as a file through a download, under a safe name. */
export function downloadBytes(filename: string, bytes: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = exportFileName(filename);
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves text as a file through a download, under a safe name. */
export function downloadText(filename: string, text: string, type: string): void {
  downloadBytes(filename, text, `${type};charset=utf-8`);
}
