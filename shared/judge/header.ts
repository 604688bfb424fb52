/**
 * The header of a judges' sheet: the first row (of the top 15) with judge columns and a
 * name column. When the row above it labels groups of judges ("现场观摩（满分100）" over
 * 评委1..5, "汇报" over the next five), those labels are the round's components; a label
 * merged across several judges is read from its first cell and carried right.
 */
import { HEADER_SCAN_ROWS } from '../import/header.ts';
import { cellToString, stripInvisible } from '../import/normalize.ts';
import type { RawCell, RawSheet } from '../import/types.ts';
import { isJudgeLabel, isTownshipLabel, isUnitLabel } from './labels.ts';

export interface JudgeGroup {
  /** The label over the group's judges as shown (maximum included), or null in a one-row header. */
  label: string | null;
  columns: Array<{ index: number; label: string }>;
}

export interface JudgeHeader {
  /** 0-based index of the first data row. */
  dataStart: number;
  /** 0-based unit (or, without one, township) column. */
  nameCol: number;
  /** 0-based township column when there is also a unit column. */
  townshipCol: number | null;
  nameLabel: string;
  groups: JudgeGroup[];
  /** Text rows above the header, each row's cells joined by a space (title first). */
  preamble: string[];
}

export type HeaderMiss = 'no_name' | 'no_judges' | 'nothing';

function text(cell: RawCell | undefined): string {
  return cell == null ? '' : stripInvisible(cellToString(cell)).trim().replace(/\s+/g, ' ');
}

function texts(row: RawCell[] | undefined): string[] {
  return (row ?? []).map(text);
}

/** A text that names the round rather than a part of it. */
const TITLE_LIKE = /表$|年|季度|大比武/;

export function findJudgeHeader(sheet: RawSheet): JudgeHeader | HeaderMiss {
  const limit = Math.min(sheet.rows.length, HEADER_SCAN_ROWS);
  let miss: HeaderMiss = 'nothing';
  for (let i = 0; i < limit; i++) {
    const lower = texts(sheet.rows[i]);
    const upper = i > 0 ? texts(sheet.rows[i - 1]) : [];
    const judgeCols = lower.flatMap((t, c) => (isJudgeLabel(t) ? [c] : []));
    const both = (c: number) => [lower[c] ?? '', upper[c] ?? ''];
    const width = Math.max(lower.length, upper.length);
    const find = (test: (t: string) => boolean) => {
      for (let c = 0; c < width; c++) if (!judgeCols.includes(c) && both(c).some(test)) return c;
      return -1;
    };
    const unitCol = find(isUnitLabel);
    const townCol = find(isTownshipLabel);
    if (judgeCols.length === 0) {
      if (unitCol >= 0 || townCol >= 0) miss = 'no_judges';
      continue;
    }
    if (unitCol < 0 && townCol < 0) {
      miss = 'no_name';
      continue;
    }
    const nameCol = unitCol >= 0 ? unitCol : townCol;
    const nameLabel = lower[nameCol] || upper[nameCol];
    const groups = groupJudges(judgeCols, lower, upper);
    const nameAbove = isUnitLabel(upper[nameCol] ?? '') || isTownshipLabel(upper[nameCol] ?? '');
    const headerTop = groups.some((g) => g.label != null) || nameAbove ? i - 1 : i;
    const preamble: string[] = [];
    for (let r = 0; r < headerTop; r++) {
      const parts = texts(sheet.rows[r]).filter((t) => t !== '');
      if (parts.length > 0) preamble.push(parts.join(' '));
    }
    return { dataStart: i + 1, nameCol, townshipCol: unitCol >= 0 && townCol >= 0 ? townCol : null, nameLabel, groups, preamble };
  }
  return miss;
}

function groupJudges(judgeCols: number[], lower: string[], upper: string[]): JudgeGroup[] {
  const filled = upper.filter((t) => t !== '');
  // A row above with a single text that reads like a title ("2026年…评分表") is the title.
  const titleAbove = filled.length === 1 && (TITLE_LIKE.test(filled[0]) || upper.findIndex((t) => t !== '') < judgeCols[0]);
  const groups: JudgeGroup[] = [];
  let current: JudgeGroup | null = null;
  let prev = -2;
  for (const c of judgeCols) {
    const own = titleAbove ? '' : upper[c] ?? '';
    const label: string | null = own !== '' ? own : prev === c - 1 && current ? current.label : null;
    if (!current || label !== current.label) {
      current = { label, columns: [] };
      groups.push(current);
    }
    current.columns.push({ index: c, label: lower[c] });
    prev = c;
  }
  return groups;
}
