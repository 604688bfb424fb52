/**
 * The contract of the import pipeline (issue: "Import the 台账 analysts really have").
 *
 *   bytes ──decode/read──▶ RawSheet[] ──detect header + map columns──▶ SheetPlan
 *         ──parse + validate rows──▶ ImportResult (normalized rows + problems + report)
 *         ──normalizedCsv()──▶ DuckDB (shared/load.ts loadNormalizedCsv)
 *
 * Every reader (CSV/TSV, XLSX, Arrow IPC, Parquet) produces RawSheets; everything after
 * that is format-independent, identical in the app, the CLI and the tests.
 */
import type { StarId, UnitKind } from '../stars.ts';

/** A cell as the reader gives it: text, a number, a boolean, a date, or empty. */
export type RawCell = string | number | boolean | Date | null;

/** One sheet (or the single table of a CSV) exactly as read, before any interpretation. */
export interface RawSheet {
  /** File name as the user knows it, e.g. "城关镇2024年三季度台账.xlsx". */
  file: string;
  /** Sheet name; for CSV the file name without extension. */
  sheet: string;
  /** Rows as the spreadsheet shows them; rows[0] is Excel row 1. */
  rows: RawCell[][];
  /** Merged ranges (0-based, inclusive), when the format has them (XLSX). */
  merges?: Array<{ top: number; left: number; bottom: number; right: number }>;
  /** How the text was decoded, for CSV: 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' ... */
  encoding?: string;
  /** Detected delimiter, for CSV. */
  delimiter?: string;
  /** Sheet-level warnings of the reader (columns past the limit, shared/import/errors.ts capColumns). */
  notices?: Problem[];
}

/** The fields a 台账 column can map to. */
export type FieldId =
  | 'unit_code' | 'county' | 'township' | 'name' | 'kind'
  | 'year' | 'quarter' | 'period'
  | StarId
  | 'level' | 'target_level' | 'weak_branch' | 'collective_income' | 'score'
  | 'rank' | 'award' | 'guide' | 'remark'
  /** Set by the user in the mapping editor: the column is neither mapped nor kept as an extra. */
  | 'ignore';

export type Severity = 'error' | 'warning';

/** One problem, pointing at the exact cell, in Chinese, saying what to do. */
export interface Problem {
  file: string;
  sheet: string;
  /** 1-based row number as Excel shows it; null for sheet-level problems. */
  row: number | null;
  /** Column header as shown in the file (or its letter when there is no header); null if none. */
  column: string | null;
  value: string | null;
  /** Stable machine code, e.g. 'missing_name', 'bad_mark', 'duplicate_row', 'level_mismatch'. */
  code: string;
  severity: Severity;
  message: string;
}

export type PeriodSource = 'column' | 'sheet' | 'title' | 'file' | 'user';

/**
 * Where a file's county came from (county.ts): its county column, title rows, sheet names or
 * file name; the one county of the other files of the import; the one county of the
 * workspace; or the user.
 */
export type CountySource = 'column' | 'title' | 'sheet' | 'file' | 'import' | 'workspace' | 'user';

export interface SheetReport {
  name: string;
  /** "2024Q3", or null when it could not be inferred. */
  period: string | null;
  period_source: PeriodSource | null;
  /** 1-based header row (the last one, for two-row headers); null when no header was found. */
  header_row: number | null;
  rows_read: number;
  /**
   * Column mapping: file header → field id, for showing and correcting. `score`: the column
   * holds that star's scores (支部过硬星得分, or numbers under 支部过硬星), not √ marks.
   */
  mapping: Array<{ column: string; field: FieldId | null; score?: true }>;
  /**
   * Sheets with star scores: the rule their scores were read under; 'mixed' when the columns'
   * maxima differ (each from its header); null when the maximum is unknown (the sheet was not
   * read: set the maximum and threshold). Absent for sheets without scores.
   */
  score_rule?: { max: number | null; threshold: number; inclusive: boolean; source: 'default' | 'header' | 'user' } | 'mixed' | null;
  skipped: boolean;
  /**
   * Extra columns kept for this sheet (names as stored in rating_extras): the columns with
   * a value in at least one accepted row that no rating field stores. Absent when none.
   */
  extras?: string[];
}

/**
 * One value of an extra column (a column no rating field stores: 党员人数, 网格员, 备注 …),
 * kept as data in the long table rating_extras. `text` is the cell as typed (outer
 * whitespace trimmed); `num` the number it reads as (values.ts parseNumber: full-width
 * digits, 万元, thousands separators), else null.
 */
export interface ExtraValue {
  name: string;
  text: string;
  num: number | null;
}

/** One accepted rating, in the normalized layout of NORMALIZED_CSV_COLUMNS. */
export interface NormalizedRating {
  unit_id: string;
  county: string;
  township: string;
  name: string;
  kind: UnitKind;
  year: number;
  quarter: number | null;
  stars: Partial<Record<StarId, boolean | null>>;
  level: number;
  target_level: number | null;
  weak_branch: boolean | null;
  collective_income: number | null;
  score: number | null;
  /**
   * Star scores, when the file scores the stars instead of marking them (absent otherwise),
   * and the score at which its rule awards a star.
   */
  scores?: Partial<Record<StarId, number | null>>;
  star_threshold?: number | null;
  /** "file / sheet / 第N行" for tracing every number back. */
  source_row: string;
  /** Non-empty extra columns of the row, in column order; absent when none. */
  extras?: ExtraValue[];
}

export interface ImportReport {
  files: Array<{
    file: string;
    sheets: SheetReport[];
    /** The file's county as used for its rows ('' when none; '、'-joined when a county column names several). */
    county: string;
    /** Where `county` came from; null when the file names none and none could be assumed. */
    county_source: CountySource | null;
  }>;
  accepted: number;
  rejected: number;
  warnings: number;
  skipped: number;
  periods: string[];
  units: number;
  problems: Problem[];
  /** Every extra column kept, in first-seen order (union of the sheets' `extras`). */
  extras: string[];
}
