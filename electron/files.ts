// File helpers of the main process: size-checked reads, extension fixing, and
// turning file-system errors into messages for people (Simplified Chinese).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { atomicWrite } from './atomic-write';
import { MAX_BYTES } from './validate';

export const WORKSPACE_EXTENSION = 'xingtu';
export const WORKSPACE_FILTER = { name: '星图工作区', extensions: [WORKSPACE_EXTENSION] };
export const PDF_FILTER = { name: 'PDF 文档', extensions: ['pdf'] };

/**
 * The kinds of file `file:save` writes, each with its label and extensions. A request
 * must name one of these exactly (the renderer's FILE_TYPES in
 * renderer/src/platform/files.ts, minus the workspace, which has its own channel).
 */
export const EXPORT_FILTERS: readonly { readonly name: string; readonly extensions: readonly string[] }[] = [
  { name: 'CSV 表格', extensions: ['csv'] },
  { name: 'Excel 工作簿', extensions: ['xlsx'] },
  { name: 'PNG 图片', extensions: ['png'] },
  { name: 'SVG 图片', extensions: ['svg'] },
  PDF_FILTER,
  { name: 'Word 文档', extensions: ['docx'] },
];

/** An error whose message is meant for the user as is. */
export class UserFacingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserFacingError';
  }
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return '文件或文件夹不存在';
    case 'ENOSPC':
    case 'EDQUOT':
      return '磁盘空间不足';
    case 'EACCES':
    case 'EPERM':
      return '没有权限，或文件正被其他程序占用';
    case 'EBUSY':
      return '文件正被其他程序占用';
    case 'EROFS':
      return '磁盘为只读';
    case 'EISDIR':
      return '这是一个文件夹，不是文件';
    case 'ENAMETOOLONG':
      return '文件路径过长';
    case 'EIO':
      return '磁盘读写出错';
    default:
      return code ? `读写出错（${code}）` : '读写出错';
  }
}

export function readFailure(name: string, err: unknown): UserFacingError {
  if (err instanceof UserFacingError) return err;
  return new UserFacingError(`无法打开“${name}”：${reason(err)}。`, { cause: err });
}

export function writeFailure(name: string, err: unknown): UserFacingError {
  if (err instanceof UserFacingError) return err;
  return new UserFacingError(`无法保存“${name}”：${reason(err)}。`, { cause: err });
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${bytes} 字节`;
}

/** Reads a regular file of at most MAX_BYTES. Throws UserFacingError-ready fs errors otherwise. */
export async function readUserFile(filePath: string, maxBytes = MAX_BYTES): Promise<Uint8Array> {
  const info = await stat(filePath);
  const name = path.basename(filePath);
  if (!info.isFile()) throw new UserFacingError(`无法打开“${name}”：这不是一个普通文件。`);
  if (info.size > maxBytes) throw new UserFacingError(`无法打开“${name}”：文件过大（上限 ${formatSize(maxBytes)}）。`);
  const buffer = await readFile(filePath);
  // Structured clone (IPC) sends a view's whole ArrayBuffer: never hand out a view into a
  // larger (possibly pooled) buffer, copy it instead.
  if (buffer.byteOffset === 0 && buffer.buffer.byteLength === buffer.byteLength) return new Uint8Array(buffer.buffer);
  return new Uint8Array(buffer);
}

/** Appends the first extension when the path has none of the allowed ones (GTK dialogs do not add it). */
export function ensureExtension(filePath: string, extensions: readonly string[]): string {
  const ext = path.extname(filePath).slice(1).toLowerCase();
  if (extensions.length === 0 || extensions.includes(ext)) return filePath;
  return `${filePath}.${extensions[0]}`;
}

/** Atomic write with a Chinese error message on failure. */
export async function writeUserFile(filePath: string, bytes: Uint8Array, options: { backup?: boolean } = {}): Promise<void> {
  try {
    await atomicWrite(filePath, bytes, options);
  } catch (err) {
    throw writeFailure(path.basename(filePath), err);
  }
}
