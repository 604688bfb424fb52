/**
 * The workspace file (.xingtu): one zip holding
 *
 *   manifest.json          what the file is and what it holds (WorkspaceManifest)
 *   tables/<name>.arrow    every table of PERSISTENT_TABLES as an Arrow IPC stream, as DuckDB wrote it
 *   parts/<key>.json       renderer state that travels with the data (saved views, briefings, …)
 *
 * Derived tables (summaries, the star_facts view) are rebuilt after opening; the undo
 * trash is never saved. The manifest is versioned: a reader refuses files newer than it
 * understands and tells the user to upgrade, and reads every older version.
 */

import { STAR_SCORE_COLUMNS } from '../sql/schema.ts';

export const WORKSPACE_FORMAT = 'xingtu-workspace';
/**
 * Bump when a reader of the previous version could misread the new files.
 * 2: ratings record what each file said (orig_unit_id, orig_county, orig_township,
 *    orig_name, kind), units are one row per unit (+ former_names), unit_links.
 *    Version 1 files are migrated on opening (shared/workspace/restore.ts).
 * 3: ratings carry star scores ({star}_score, star_threshold); older files open with NULL.
 */
export const WORKSPACE_VERSION = 3;
export const WORKSPACE_EXTENSION = 'xingtu';
export const MANIFEST_FILE = 'manifest.json';

export interface WorkspaceTableEntry {
  /** Table name inside DuckDB, e.g. 'ratings'. */
  name: string;
  /** Path inside the zip, e.g. 'tables/ratings.arrow'. */
  file: string;
  rows: number;
  /** Column names and DuckDB types as saved (for people reading the manifest, and checks). */
  columns: Array<{ name: string; type: string }>;
  /** Hex SHA-256 of the uncompressed Arrow bytes. */
  sha256: string;
}

export interface WorkspaceManifest {
  format: typeof WORKSPACE_FORMAT;
  version: number;
  /** The app that wrote the file. */
  app: { name: string; version: string };
  /** ISO time of the save. */
  savedAt: string;
  /** Workspace name shown in the title, usually the file name without extension. */
  name: string;
  /** Counties the units belong to, sorted. */
  counties: string[];
  /** Period keys present ('2024Q3', '2024' for annual), sorted. */
  periods: string[];
  tables: WorkspaceTableEntry[];
  /** Keys of the parts, each stored as parts/<key>.json. */
  parts: string[];
}

/** A workspace file read and checked, ready to restore into a database. */
export interface Workspace {
  manifest: WorkspaceManifest;
  /** Table name → Arrow IPC stream bytes. */
  tables: Record<string, Uint8Array>;
  /** Part key → parsed JSON. */
  parts: Record<string, unknown>;
  /** Problems that did not stop reading (an unreadable part), in Chinese. */
  warnings: string[];
  /** File name it came from, for messages. */
  fileName?: string;
}

export type WorkspaceErrorCode =
  | 'not-zip'
  | 'not-workspace'
  | 'bad-manifest'
  | 'too-new'
  | 'missing-table'
  | 'corrupt-table'
  | 'checksum'
  /** Over a size limit of shared/limits.ts (a zip bomb, or a workspace too big to open safely). */
  | 'too-large'
  /** A value outside its domain (level 9, quarter 7, kind 'alien' …): restore.ts validateStaged. */
  | 'bad-value'
  | 'unit-conflict'
  | 'unsupported';

/**
 * A workspace that cannot be opened (or merged), explained for people: what is wrong
 * (`problem`) and what to do (`advice`), both Chinese. `message` joins them with the file name.
 */
export class WorkspaceError extends Error {
  constructor(
    readonly code: WorkspaceErrorCode,
    readonly problem: string,
    readonly advice: string,
    readonly fileName?: string,
    readonly details: string[] = [],
  ) {
    super(`${fileName ? `无法打开工作区“${fileName}”：` : ''}${problem}${advice ? `。${advice}` : ''}`);
    this.name = 'WorkspaceError';
  }
}

/**
 * Tables every workspace file must hold. Tables added to PERSISTENT_TABLES later are
 * optional when reading: a file written before they existed opens with them empty.
 */
export const CORE_TABLES: readonly string[] = ['datasets', 'units', 'ratings'];

/**
 * Columns a version 1 file lacks, by table: they are filled on opening (NULL first, then
 * restore.ts fillRecorded copies the unit's attributes into the ratings).
 */
export const ADDED_IN_V2: Readonly<Record<string, readonly string[]>> = {
  ratings: ['orig_unit_id', 'orig_county', 'orig_township', 'orig_name', 'kind'],
  units: ['former_names'],
};

/** Columns a version 2 file lacks, by table: the star scores (NULL: its ratings were marks). */
export const ADDED_IN_V3: Readonly<Record<string, readonly string[]>> = {
  ratings: [...STAR_SCORE_COLUMNS],
};

/** Columns a file of `version` may lack, by table (filled with NULL on opening). */
export function optionalColumns(version: number, table: string): readonly string[] {
  return [...(version < 2 ? ADDED_IN_V2[table] ?? [] : []), ...(version < 3 ? ADDED_IN_V3[table] ?? [] : [])];
}

/** What to do when a file is damaged. */
export const ASK_FOR_COPY = '请换用该工作区的其他副本（例如自动保存或备份），或请保存它的同事重新导出';

/** Part keys become file names inside the zip. */
export const PART_KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const tableFile = (name: string) => `tables/${name}.arrow`;
export const partFile = (key: string) => `parts/${key}.json`;

/** "城关镇.xingtu" → "城关镇"; anything that is not a plain file name → fallback. */
export function workspaceNameFromFile(fileName: string, fallback = '未命名工作区'): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const name = base.replace(/\.xingtu$/i, '').trim();
  return name || fallback;
}

/** A file name for saving: the workspace name with characters Windows forbids replaced. */
export function workspaceFileName(name: string): string {
  const safe = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || '工作区';
  return `${safe}.${WORKSPACE_EXTENSION}`;
}
