// Strict argument checks for IPC handlers. Everything that arrives over IPC is
// untrusted: a compromised renderer can send any structured-cloneable value.
// Failures throw English errors (they indicate a bug or an attack, not a user
// mistake); user-facing problems are reported in Chinese by the handlers.

/** Largest byte array accepted over IPC or read from disk: 2 GiB. */
export const MAX_BYTES = 2 * 1024 * 1024 * 1024;
/** Longest file name (in UTF-16 code units) accepted as a suggestion; most file systems allow 255. */
export const MAX_NAME_LENGTH = 200;
export const MAX_TITLE_LENGTH = 200;

export class IpcArgumentError extends Error {
  constructor(channel: string, message: string) {
    super(`${channel}: ${message}`);
    this.name = 'IpcArgumentError';
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Checks arity. */
export function expectArgs(channel: string, args: unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    throw new IpcArgumentError(channel, min === max ? `takes ${min} argument(s), got ${args.length}` : `takes ${min}-${max} arguments, got ${args.length}`);
  }
}

/** A plain object with no keys besides `allowed`. */
export function expectObject(channel: string, value: unknown, what: string, allowed: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(value)) throw new IpcArgumentError(channel, `${what} must be a plain object`);
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new IpcArgumentError(channel, `${what} has unexpected key ${JSON.stringify(key)}`);
  }
  return value;
}

export function expectBytes(channel: string, value: unknown, what = 'bytes'): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new IpcArgumentError(channel, `${what} must be a Uint8Array`);
  if (value.byteLength > MAX_BYTES) throw new IpcArgumentError(channel, `${what} exceeds ${MAX_BYTES} bytes`);
  return value;
}

export function expectBoolean(channel: string, value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new IpcArgumentError(channel, `${what} must be a boolean`);
  return value;
}

export function optionalBoolean(channel: string, value: unknown, what: string): boolean | undefined {
  return value === undefined ? undefined : expectBoolean(channel, value, what);
}

// C0/C1 control characters, plus the bidi overrides that can disguise an extension
// (e.g. "report\u202Efdp.exe").
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * A file name proposed by the renderer for a save dialog. It must be a bare name:
 * no directory separators, no '.'/'..', no control characters (those are refused).
 * Characters Windows forbids in names (<>:"|?*, where ':' could also name a drive or
 * an NTFS stream) are replaced with '_', and trailing dots/spaces (which Windows
 * strips) are removed. The result is only ever a dialog suggestion inside a folder
 * the main process chose.
 */
export function expectFileName(channel: string, value: unknown, what = 'suggestedName'): string {
  if (typeof value !== 'string') throw new IpcArgumentError(channel, `${what} must be a string`);
  if (value.length === 0 || value.length > MAX_NAME_LENGTH) throw new IpcArgumentError(channel, `${what} must have 1-${MAX_NAME_LENGTH} characters`);
  if (/[/\\]/.test(value)) throw new IpcArgumentError(channel, `${what} must not contain path separators`);
  if (CONTROL.test(value)) throw new IpcArgumentError(channel, `${what} must not contain control characters`);
  // ':' would name a drive or an NTFS stream ("C:x", "a.pdf:evil"); like <>"|?* it becomes '_'.
  const cleaned = value.replace(/[<>:"|?*]/g, '_').replace(/[. ]+$/, '');
  if (cleaned === '' || cleaned === '.' || cleaned === '..' || /^\.+$/.test(value)) {
    throw new IpcArgumentError(channel, `${what} is not a file name`);
  }
  // Windows device names (CON, NUL, COM1...) cannot be file names, with any extension.
  if (/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i.test(cleaned)) return `_${cleaned}`;
  return cleaned;
}

/** A dialog filter from the renderer: a short label and 1-10 plain extensions. */
export function expectFilter(channel: string, value: unknown): { name: string; extensions: string[] } {
  const filter = expectObject(channel, value, 'filter', ['name', 'extensions']);
  const { name, extensions } = filter;
  if (typeof name !== 'string' || name.length === 0 || name.length > 60 || CONTROL.test(name)) {
    throw new IpcArgumentError(channel, 'filter.name must be a short string');
  }
  if (!Array.isArray(extensions) || extensions.length === 0 || extensions.length > 10) {
    throw new IpcArgumentError(channel, 'filter.extensions must be an array of 1-10 extensions');
  }
  for (const ext of extensions) {
    if (typeof ext !== 'string' || !/^[A-Za-z0-9]{1,10}$/.test(ext)) {
      throw new IpcArgumentError(channel, `filter.extensions has an invalid entry ${JSON.stringify(ext)}`);
    }
  }
  return { name, extensions: extensions.map((e: string) => e.toLowerCase()) };
}

/** A dialog filter that is exactly one of `allowed` (label and extensions); returns a copy of that entry. */
export function expectKnownFilter(
  channel: string,
  value: unknown,
  allowed: readonly { readonly name: string; readonly extensions: readonly string[] }[],
): { name: string; extensions: string[] } {
  const filter = expectFilter(channel, value);
  const known = allowed.find(
    (k) => k.name === filter.name && k.extensions.length === filter.extensions.length && k.extensions.every((e, i) => e === filter.extensions[i]),
  );
  if (!known) throw new IpcArgumentError(channel, `filter ${JSON.stringify(filter)} is not a file kind this channel writes`);
  return { name: known.name, extensions: [...known.extensions] };
}

export function expectTitle(channel: string, value: unknown): string {
  if (typeof value !== 'string') throw new IpcArgumentError(channel, 'title must be a string');
  if (value.length > MAX_TITLE_LENGTH) throw new IpcArgumentError(channel, `title must have at most ${MAX_TITLE_LENGTH} characters`);
  // Control characters would garble the title bar; drop them rather than fail.
  return value.replace(new RegExp(CONTROL.source, 'g'), '').trim();
}

/** Tokens are 32 lowercase hex characters; whether one is known is checked by the token store. */
export function expectTokenShape(channel: string, value: unknown, what = 'token'): string {
  if (typeof value !== 'string' || !/^[0-9a-f]{32}$/.test(value)) throw new IpcArgumentError(channel, `${what} is not a valid token`);
  return value;
}
