/**
 * Reading a workspace file and checking everything that can be checked without a
 * database: it is a zip, it is ours, its version is one this app understands, every
 * table is there, intact (SHA-256) and readable as Arrow with the rows the manifest
 * promises. Every refusal is a WorkspaceError that says, in Chinese, what is wrong and
 * what to do. restore.ts checks column types and values against the live schema.
 *
 * Only the entries the manifest names are inflated (the manifest first, under its own small
 * cap), each within its declared size, all of them under the caps of shared/limits.ts: a zip
 * bomb, or an entry nobody asked for, costs nothing.
 */
import { RecordBatchReader } from 'apache-arrow';
import { PERSISTENT_TABLES } from '../sql/schema.ts';
import {
  ASK_FOR_COPY, CORE_TABLES, MANIFEST_FILE, PART_KEY, WORKSPACE_FORMAT, WORKSPACE_VERSION, WorkspaceError, partFile,
  type Workspace, type WorkspaceManifest, type WorkspaceTableEntry,
} from './format.ts';
import { MAX_ENTRY_BYTES, MAX_FILE_BYTES, MAX_MANIFEST_BYTES, MAX_TOTAL_BYTES, formatBytes, formatCount } from '../limits.ts';
import { batchClaim } from '../import/arrow.ts';
import { sha256Hex } from './sha256.ts';
import { ZipLimitError, listZip, readEntries, type ZipEntry } from './zip.ts';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const utf8 = new TextDecoder('utf-8');

export interface ReadOptions {
  /** File name, for messages. */
  fileName?: string;
  /** The newest format version this reader understands (tests lower it). */
  maxVersion?: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v != null && typeof v === 'object' && !Array.isArray(v);
}

/** Rows and column names of an Arrow IPC stream; throws when the bytes are not one. */
export function inspectArrowStream(bytes: Uint8Array): { rows: number; columns: string[] } {
  const reader = RecordBatchReader.from(bytes);
  reader.open();
  const columns = reader.schema ? reader.schema.fields.map((f) => f.name) : null;
  if (!columns) throw new Error('no schema');
  let rows = 0;
  for (const batch of reader) {
    // A batch that claims more rows than its buffers hold is damaged (or forged).
    const lie = batchClaim(batch, bytes.length);
    if (lie !== null) throw new Error(`a batch claims ${formatCount(lie)} rows in ${bytes.length} bytes`);
    rows += batch.numRows;
  }
  return { rows, columns };
}

function checkManifest(raw: unknown, fileName: string | undefined, maxVersion: number): WorkspaceManifest {
  const bad = (what: string) => new WorkspaceError('bad-manifest', `工作区说明文件（manifest.json）${what}`, ASK_FOR_COPY, fileName);
  if (!isRecord(raw)) throw bad('不是有效的 JSON 对象');
  if (raw.format !== WORKSPACE_FORMAT) {
    throw new WorkspaceError('not-workspace', '这不是星图工作区文件（说明文件中没有星图工作区标记）',
      '请选择由星图“保存工作区”生成的 .xingtu 文件；台账（Excel、CSV）请用“导入台账”打开', fileName);
  }
  const version = raw.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw bad('缺少有效的版本号');
  if (version > maxVersion) {
    const app = isRecord(raw.app) && typeof raw.app.version === 'string' ? `（由星图 ${raw.app.version} 保存）` : '';
    throw new WorkspaceError('too-new',
      `该工作区使用第 ${version} 版文件格式${app}，比当前星图支持的第 ${maxVersion} 版更新`,
      '请升级星图到最新版本后再打开', fileName);
  }
  if (!Array.isArray(raw.tables)) throw bad('缺少数据表清单');
  const tables: WorkspaceTableEntry[] = raw.tables.map((t) => {
    if (!isRecord(t) || typeof t.name !== 'string' || typeof t.file !== 'string' || typeof t.sha256 !== 'string'
      || typeof t.rows !== 'number' || !Number.isInteger(t.rows) || t.rows < 0) {
      throw bad('中的数据表清单格式不正确');
    }
    const columns = Array.isArray(t.columns)
      ? t.columns.filter(isRecord).map((c) => ({ name: String(c.name), type: String(c.type) }))
      : [];
    return { name: t.name, file: t.file, rows: t.rows, sha256: t.sha256.toLowerCase(), columns };
  });
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    format: WORKSPACE_FORMAT,
    version,
    app: isRecord(raw.app) ? { name: String(raw.app.name ?? ''), version: String(raw.app.version ?? '') } : { name: '', version: '' },
    savedAt: typeof raw.savedAt === 'string' ? raw.savedAt : '',
    name: typeof raw.name === 'string' ? raw.name : '',
    counties: strings(raw.counties),
    periods: strings(raw.periods),
    tables,
    parts: strings(raw.parts),
  };
}

export async function readWorkspace(bytes: Uint8Array, options: ReadOptions = {}): Promise<Workspace> {
  const { fileName } = options;
  const maxVersion = options.maxVersion ?? WORKSPACE_VERSION;
  if (bytes.length < 4 || !ZIP_MAGIC.every((b, i) => bytes[i] === b)) {
    throw new WorkspaceError('not-zip',
      bytes.length === 0 ? '文件是空的（0 字节），可能在保存时被中断' : '文件不是星图工作区（不是 .xingtu 压缩包格式）',
      bytes.length === 0 ? ASK_FOR_COPY : '请选择由星图“保存工作区”生成的 .xingtu 文件；台账（Excel、CSV）请用“导入台账”打开',
      fileName);
  }
  if (bytes.length > MAX_FILE_BYTES.workspace) {
    throw new WorkspaceError('too-large', `文件大小为 ${formatBytes(bytes.length)}，超过了工作区上限 ${formatBytes(MAX_FILE_BYTES.workspace)}`,
      '请在保存它的电脑上删去不需要的数据集后重新保存，或按县分成几个工作区', fileName);
  }
  const damaged = (e: unknown) =>
    new WorkspaceError('not-zip', '文件已损坏，无法解压，可能在保存或复制时被中断', ASK_FOR_COPY, fileName, [(e as Error).message]);
  const tooLarge = (e: ZipLimitError) =>
    new WorkspaceError('too-large',
      `${e.entry ? `其中的“${e.entry}”` : '要读取的内容'}解压后声称有 ${formatBytes(e.size)}，超过了上限 ${formatBytes(e.limit)}，为避免卡死已停止读取`,
      '如果工作区确实这么大，请在保存它的电脑上删去不需要的数据集后重新保存，或按县分成几个工作区；否则文件可能已损坏，' + ASK_FOR_COPY,
      fileName, [e.message]);
  /** Inflates the named entries (each name once in the zip), or refuses the file. */
  const inflate = async (list: ZipEntry[], limits: { maxEntryBytes: number; maxTotalBytes: number }) => {
    try {
      return await readEntries(bytes, list, limits);
    } catch (e) {
      throw e instanceof ZipLimitError ? tooLarge(e) : damaged(e);
    }
  };
  let listed: ZipEntry[];
  try {
    listed = listZip(bytes);
  } catch (e) {
    throw damaged(e);
  }
  const byName = new Map<string, ZipEntry>();
  const twice = new Set<string>();
  for (const e of listed) {
    if (byName.has(e.name)) twice.add(e.name);
    byName.set(e.name, e);
  }
  const named = (name: string): ZipEntry | undefined => {
    if (twice.has(name)) throw damaged(new Error(`${name} appears more than once`));
    return byName.get(name);
  };
  const manifestEntry = named(MANIFEST_FILE);
  const manifestBytes = manifestEntry
    ? (await inflate([manifestEntry], { maxEntryBytes: MAX_MANIFEST_BYTES, maxTotalBytes: MAX_MANIFEST_BYTES }))[MANIFEST_FILE]
    : undefined;
  if (!manifestBytes) {
    throw new WorkspaceError('not-workspace', '压缩包中没有工作区说明文件（manifest.json），这不是星图工作区',
      '请选择由星图“保存工作区”生成的 .xingtu 文件；台账（Excel、CSV）请用“导入台账”打开', fileName);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(utf8.decode(manifestBytes));
  } catch {
    throw new WorkspaceError('bad-manifest', '工作区说明文件（manifest.json）已损坏，无法读取', ASK_FOR_COPY, fileName);
  }
  const manifest = checkManifest(raw, fileName, maxVersion);

  // The entries the manifest names, and nothing else, within the caps.
  const wanted = new Map<string, ZipEntry>();
  for (const name of PERSISTENT_TABLES) {
    const file = manifest.tables.find((t) => t.name === name)?.file;
    const e = file === undefined ? undefined : named(file);
    if (e) wanted.set(e.name, e);
  }
  for (const key of manifest.parts) {
    const e = PART_KEY.test(key) ? named(partFile(key)) : undefined;
    if (e) wanted.set(e.name, e);
  }
  const entries = await inflate([...wanted.values()], { maxEntryBytes: MAX_ENTRY_BYTES, maxTotalBytes: MAX_TOTAL_BYTES });

  const tables: Record<string, Uint8Array> = {};
  for (const name of PERSISTENT_TABLES) {
    const entry = manifest.tables.find((t) => t.name === name);
    if (!entry && !CORE_TABLES.includes(name)) continue;
    const data = entry ? entries[entry.file] : undefined;
    if (!entry || !data) {
      throw new WorkspaceError('missing-table', `工作区缺少数据表“${name}”${entry ? `（${entry.file}）` : ''}，文件不完整`, ASK_FOR_COPY, fileName);
    }
    const digest = await sha256Hex(data);
    if (digest !== entry.sha256) {
      throw new WorkspaceError('checksum', `数据表“${name}”的校验值不符（内容在保存后被改动或已损坏）`, ASK_FOR_COPY, fileName,
        [`期望 ${entry.sha256}`, `实际 ${digest}`]);
    }
    let info: { rows: number; columns: string[] };
    try {
      info = inspectArrowStream(data);
    } catch (e) {
      throw new WorkspaceError('corrupt-table', `数据表“${name}”已损坏，无法读取`, ASK_FOR_COPY, fileName, [(e as Error).message]);
    }
    if (info.rows !== entry.rows) {
      throw new WorkspaceError('corrupt-table', `数据表“${name}”应有 ${entry.rows} 行，实际读到 ${info.rows} 行`, ASK_FOR_COPY, fileName);
    }
    tables[name] = data;
  }

  const parts: Record<string, unknown> = {};
  const warnings: string[] = [];
  for (const key of manifest.parts) {
    if (!PART_KEY.test(key)) continue;
    const data = entries[partFile(key)];
    if (!data) {
      warnings.push(`工作区中缺少“${key}”部分，已跳过`);
      continue;
    }
    try {
      parts[key] = JSON.parse(utf8.decode(data));
    } catch {
      warnings.push(`工作区中“${key}”部分已损坏，已跳过（数据不受影响）`);
    }
  }
  return { manifest, tables, parts, warnings, fileName };
}
