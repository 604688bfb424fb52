/**
 * File names for exports (charts, tables, briefings): every name the app suggests for a
 * file is made safe for Windows, macOS and Linux file systems here, so a township called
 * "城关/石门" or a title with a colon never makes a save fail. Callers tell the user when the
 * name changed (fileNameNotice).
 */

/** Why a name was changed. */
export type FileNameChange = 'chars' | 'reserved' | 'length' | 'empty';

export interface SafeFileName {
  /** The name to use. */
  name: string;
  /** What was changed; empty when the name was already safe. */
  changes: FileNameChange[];
}

/** Most UTF-8 bytes of a whole name: file systems allow 255, and the save dialog may add " (1)". */
export const MAX_FILE_NAME_BYTES = 200;

/** Characters Windows refuses in a name ( / also on every other system), and control characters. */
const FORBIDDEN = /[\\/:*?"<>|\u0000-\u001f\u007f-\u009f]/g;

/** Device names Windows reserves, with or without an extension (CON, con.txt, COM1 …). */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** A trailing extension worth keeping apart: a dot and up to 8 letters or digits, at least one a letter. */
const EXTENSION = /\.(?=[0-9]*[A-Za-z])[A-Za-z0-9]{1,8}$/;

const utf8 = new TextEncoder();

/** The longest start of `text` (whole code points) within `bytes` UTF-8 bytes. */
function cutToBytes(text: string, bytes: number): string {
  let out = '';
  let used = 0;
  for (const ch of text) {
    const n = utf8.encode(ch).length;
    if (used + n > bytes) break;
    out += ch;
    used += n;
  }
  return out;
}

/**
 * `name` made safe as a file name: forbidden and control characters become "_", leading
 * and trailing spaces and dots go (Windows drops trailing ones itself), a reserved device
 * name gets a "_" after it, and a long name is cut (the extension is kept).
 * `fallback` stands in for a name that is empty afterwards.
 */
export function safeFileName(name: string, fallback = '导出'): SafeFileName {
  const changes = new Set<FileNameChange>();
  const ext = EXTENSION.exec(name)?.[0] ?? '';
  let stem = name.slice(0, name.length - ext.length);

  const replaced = stem.replace(FORBIDDEN, '_');
  if (replaced !== stem) changes.add('chars');
  stem = replaced;

  const trimmed = stem.replace(/^[\s.]+|[\s.]+$/g, '');
  // Nothing left but the replacements ("///" → "___"): no name at all.
  if (trimmed === '' || (changes.has('chars') && /^[_\s.]*$/.test(trimmed))) {
    changes.add('empty');
    stem = fallback;
  } else {
    stem = trimmed;
  }

  // Windows treats "CON.2024" like "CON": the part before the first dot counts.
  if (RESERVED.test(stem.split('.')[0].trim())) {
    changes.add('reserved');
    stem = `${stem}_`;
  }

  const room = MAX_FILE_NAME_BYTES - utf8.encode(ext).length;
  if (utf8.encode(stem).length > room) {
    changes.add('length');
    stem = cutToBytes(stem, room).replace(/[\s.]+$/, '') || fallback;
  }
  return { name: stem + ext, changes: [...changes] };
}

const REASONS: Record<FileNameChange, string> = {
  chars: '含有文件名中不能使用的字符（如 / \\ : * ? " < > |）',
  reserved: '是 Windows 保留的设备名',
  length: '过长',
  empty: '为空',
};

/** The Chinese notice for a changed name ("" when nothing changed). */
export function fileNameNotice(original: string, safe: SafeFileName): string {
  if (safe.changes.length === 0) return '';
  const visible = original.replace(/[\u0000-\u001f\u007f-\u009f]/g, '□');
  const shown = visible.length > 60 ? `${visible.slice(0, 60)}…` : visible;
  return `文件名“${shown}”${safe.changes.map((c) => REASONS[c]).join('，')}，已改为“${safe.name}”。`;
}
