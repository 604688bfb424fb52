/**
 * Writing a workspace: every persistent table as Arrow IPC, the parts as JSON, and the
 * manifest, zipped into one file (format.ts). Pure: returns the bytes; where they go
 * (native dialog + atomic rename, a download, an autosave slot) is the caller's business.
 */
import type { Database } from '../db.ts';
import { ensureSchema } from '../load.ts';
import { periodKey } from '../period.ts';
import { PERSISTENT_TABLES } from '../sql/schema.ts';
import { ident } from '../sql/literal.ts';
import {
  MANIFEST_FILE, PART_KEY, WORKSPACE_FORMAT, WORKSPACE_VERSION, WorkspaceError,
  partFile, tableFile, type WorkspaceManifest, type WorkspaceTableEntry,
} from './format.ts';
import { sha256Hex } from './sha256.ts';
import { zip, type ZipInput } from './zip.ts';

export interface WorkspaceMeta {
  /** Workspace name (title, default file name). */
  name: string;
  /** Version of the app writing the file. */
  appVersion: string;
  /** Save time; defaults to now. */
  savedAt?: Date;
  /** false stores the tables uncompressed (faster to write, about five times larger). */
  compress?: boolean;
}

export async function tableColumns(db: Database, table: string): Promise<Array<{ name: string; type: string }>> {
  const rows = await db.query<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM duckdb_columns()
     WHERE schema_name = 'main' AND table_name = '${table.replace(/'/g, "''")}' AND NOT internal
     ORDER BY column_index`);
  return rows.map((r) => ({ name: String(r.column_name), type: String(r.data_type) }));
}

/**
 * The current workspace as .xingtu bytes. `parts` maps part keys to plain JSON (each
 * registered WorkspacePart's save()). Does not touch the database (the caller purges the
 * undo trash once the file is safely written).
 */
export async function exportWorkspace(db: Database, parts: Record<string, unknown>, meta: WorkspaceMeta): Promise<Uint8Array> {
  if (!db.queryArrowIPC) throw new WorkspaceError('unsupported', '当前分析引擎不支持保存工作区', '请使用星图桌面版或浏览器版');
  await ensureSchema(db);
  const files: ZipInput[] = [];
  const compress = meta.compress !== false;
  const utf8 = new TextEncoder();
  const tables: WorkspaceTableEntry[] = [];
  for (const name of PERSISTENT_TABLES) {
    const columns = await tableColumns(db, name);
    const bytes = await db.queryArrowIPC(`SELECT ${columns.map((c) => ident(c.name)).join(', ')} FROM ${ident(name)}`);
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${ident(name)}`);
    const file = tableFile(name);
    files.push({ name: file, data: bytes, compress });
    tables.push({ name, file, rows: Number(n), columns, sha256: await sha256Hex(bytes) });
  }
  const partKeys: string[] = [];
  for (const [key, value] of Object.entries(parts)) {
    if (!PART_KEY.test(key)) throw new Error(`工作区部件名不合法：${key}`);
    if (value === undefined) continue;
    files.push({ name: partFile(key), data: utf8.encode(JSON.stringify(value)), compress });
    partKeys.push(key);
  }
  const counties = await db.query<{ county: string }>(
    `SELECT DISTINCT county FROM units WHERE county IS NOT NULL AND unit_id IN (SELECT unit_id FROM ratings) ORDER BY county`);
  const periods = await db.query<{ year: number; quarter: number | null }>(
    `SELECT DISTINCT year, quarter FROM ratings ORDER BY year, quarter NULLS LAST`);
  const manifest: WorkspaceManifest = {
    format: WORKSPACE_FORMAT,
    version: WORKSPACE_VERSION,
    app: { name: '星图 XingTu', version: meta.appVersion },
    savedAt: (meta.savedAt ?? new Date()).toISOString(),
    name: meta.name,
    counties: counties.map((r) => String(r.county)),
    periods: periods.map((r) => periodKey({ year: Number(r.year), quarter: r.quarter == null ? null : Number(r.quarter) })),
    tables,
    parts: partKeys,
  };
  const savedAt = meta.savedAt ?? new Date();
  // The manifest first and uncompressed, so tools (and people with an unzip) read it at once.
  return zip([{ name: MANIFEST_FILE, data: utf8.encode(JSON.stringify(manifest, null, 2)), compress: false }, ...files], savedAt);
}
