/**
 * Saving files the user asked for, the same way in both front doors: the desktop shell
 * shows a native save dialog and writes atomically; the browser build downloads.
 */
import type { SavedFile } from '../../../shared/desktop-api.ts';

export interface FileType {
  /** Shown in the save dialog, e.g. 'Excel 工作簿'. */
  name: string;
  extensions: string[];
  mime: string;
}

export const FILE_TYPES = {
  csv: { name: 'CSV 表格', extensions: ['csv'], mime: 'text/csv' },
  xlsx: { name: 'Excel 工作簿', extensions: ['xlsx'], mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  png: { name: 'PNG 图片', extensions: ['png'], mime: 'image/png' },
  svg: { name: 'SVG 图片', extensions: ['svg'], mime: 'image/svg+xml' },
  pdf: { name: 'PDF 文档', extensions: ['pdf'], mime: 'application/pdf' },
  docx: { name: 'Word 文档', extensions: ['docx'], mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  workspace: { name: '星图工作区', extensions: ['xingtu'], mime: 'application/octet-stream' },
} as const satisfies Record<string, FileType>;

/** True inside the Electron shell (the preload exposes window.xingtu). */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && window.xingtu?.isElectron === true;
}

function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Saves bytes under a suggested name. Resolves to what was saved, or null when the user
 * cancelled the native dialog. In the browser the download always "succeeds".
 */
export async function saveBytes(name: string, bytes: Uint8Array, type: FileType): Promise<SavedFile | null> {
  if (isDesktop()) {
    return window.xingtu!.saveFile({
      suggestedName: name,
      filter: { name: type.name, extensions: [...type.extensions] },
      bytes,
    });
  }
  download(name, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: type.mime }));
  return { token: '', name };
}

/** Text files (CSV with its BOM, SVG) as UTF-8. */
export function saveText(name: string, text: string, type: FileType): Promise<SavedFile | null> {
  return saveBytes(name, new TextEncoder().encode(text), type);
}
