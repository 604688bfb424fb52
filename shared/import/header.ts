/**
 * Finding the header of a 台账 sheet: skip title and note rows, score each of the first
 * rows by how many cells name a known field, and merge two-row headers ("五星创建情况"
 * spanning the star columns above 支部过硬 / 产业兴旺 …) into one label per column.
 */
import { MAX_COLUMNS } from '../limits.ts';
import { STAR_IDS } from '../stars.ts';
import { cellToString, columnLetter, normalizeKey, stripInvisible, toHalfWidth } from './normalize.ts';
import { groupPeriod, isPeriodGroup, splitPeriodLabel } from './period-groups.ts';
import { isStarListHeader, namesAStar } from './star-list.ts';
import { starScoreHeader } from './score-rule.ts';
import { headerKey, headerSignature, matchHeader, type MatchConfidence } from './synonyms.ts';
import { parseLevel } from './values.ts';
import type { FieldId, RawCell, RawSheet } from './types.ts';

/** How many rows from the top may hold the header. */
export const HEADER_SCAN_ROWS = 15;
/** Most rows one header may span (a group row, a sub-group row, the column names). */
export const MAX_HEADER_ROWS = 3;
/** Columns beyond this are never part of a header (the readers cut and report them, shared/limits.ts). */
const MAX_HEADER_COLUMNS = MAX_COLUMNS;

export interface HeaderColumn {
  /** 0-based column index. */
  index: number;
  /** Header as shown (two-row headers as "五星创建情况 / 产业兴旺"); the column letter when blank. */
  label: string;
  field: FieldId | null;
  confidence: MatchConfidence | 'user';
  /** True when the header cell is empty (`label` is then the column letter). */
  blank?: boolean;
  /**
   * The period group the column sits under, as shown ("一季度", "Q1", "2024年"): a header cell
   * above it, or the period in front of its own name ("一季度星级"). Absent when none.
   */
  group?: string;
  /** True when the column lists the stars held in one cell (已获星级: "支部过硬星、平安法治星"). */
  starList?: boolean;
  /**
   * True when the header names the star's score (支部过硬星得分, 支部过硬（分）, 得分 / 支部过硬星):
   * `field` is then that star, read as a score (score-columns.ts). A star column without this
   * flag may still turn out to hold scores from its values.
   */
  starScore?: boolean;
}

export interface HeaderInfo {
  /** False when no row looks like a header; `columns` then hold the best guess, for manual mapping. */
  found: boolean;
  /** 0-based indices of the header rows (one to three). */
  rows: number[];
  /** 1-based number of the last header row, as Excel shows it; null when not found. */
  headerRow: number | null;
  /** 0-based index of the first data row. */
  dataStart: number;
  columns: HeaderColumn[];
  /** Text rows above the header (title first), each row's cells joined by a space. */
  preamble: string[];
  /** The title: the first text row above the header, or null. */
  title: string | null;
  /** headerSignature of the column labels. */
  signature: string;
  /** True when a remembered user mapping was applied. */
  userMapping: boolean;
}

type Mappings = Record<string, Array<FieldId | null>>;

type Match = { field: FieldId | null; confidence: MatchConfidence; rank: number; second?: FieldId; starScore?: boolean };

interface Candidate {
  rows: number[];
  labels: string[];
  matches: Match[];
  /** Per column: its period group as shown, or null. */
  groups: Array<string | null>;
  /** Per column: a star-list header (已获星级, 获星情况 …). */
  lists: boolean[];
}

const WHITESPACE_RUN = /\s+/g;

/** A header cell as shown: invisible characters out, whitespace (line breaks too) collapsed; not folded. */
function text(cell: RawCell | undefined): string {
  return cell == null ? '' : stripInvisible(cellToString(cell)).trim().replace(WHITESPACE_RUN, ' ');
}

function rowTexts(row: RawCell[] | undefined, width: number): string[] {
  const out = new Array<string>(width);
  for (let c = 0; c < width; c++) out[c] = text(row?.[c]);
  return out;
}

function lastNonEmpty(texts: string[]): number {
  let end = texts.length;
  while (end > 0 && texts[end - 1] === '') end--;
  return end;
}

/** One field per column: where two columns claim a field, the better match keeps it. */
type Resolved = { field: FieldId | null; confidence: MatchConfidence; starScore?: boolean };

/** A star's mark column and its score column each own the star (支部过硬星 √ beside 支部过硬星得分). */
const ownerKey = (m: Match): string => (m.starScore ? `${m.field}#score` : m.field!);

function resolve(matches: Candidate['matches']): Resolved[] {
  const owner = new Map<string, number>();
  matches.forEach((m, i) => {
    if (!m.field) return;
    const prev = owner.get(ownerKey(m));
    if (prev === undefined) return void owner.set(ownerKey(m), i);
    const p = matches[prev];
    const better =
      (m.confidence === 'exact' && p.confidence !== 'exact') || (m.confidence === p.confidence && m.rank < p.rank);
    if (better) owner.set(ownerKey(m), i);
  });
  const out = matches.map((m, i): Resolved =>
    m.field && owner.get(ownerKey(m)) === i
      ? { field: m.field, confidence: m.confidence, ...(m.starScore ? { starScore: true } : {}) }
      : { field: null, confidence: 'none' },
  );
  // A column that lost its field to a better one may have a second meaning (村/社区 → kind).
  matches.forEach((m, i) => {
    if (out[i].field || !m.second || owner.has(m.second)) return;
    owner.set(m.second, i);
    out[i] = { field: m.second, confidence: m.confidence };
  });
  return out;
}

function score(resolved: Resolved[], lists: boolean[]): { score: number; valid: boolean } {
  let s = 0;
  let name = false;
  let rating = false;
  resolved.forEach((r, i) => {
    if (lists[i] && !r.field) {
      s += 1;
      rating = true;
    }
  });
  for (const r of resolved) {
    if (!r.field) continue;
    s += r.confidence === 'exact' ? 1 : 0.6;
    if (r.field === 'name') name = true;
    if (r.field === 'level' || (STAR_IDS as readonly string[]).includes(r.field)) rating = true;
  }
  return { score: s, valid: name && rating };
}

const NUMERIC_TEXT = /^[-+]?\d+(?:\.\d+)?%?$/;
const MARK_TEXT = /^(?:[√✓✔☑★☆⭐×✗✘✕]+|[一二三四五0-5]星级?|无星)$/;
const UNIT_NAME = /(?:村|社区|居委会|村委会|居委|嘎查)$/;

/**
 * A row that holds a unit's name and values (numbers, √ or ★ marks, 三星): data, never a header
 * row (a score sheet's first village row once became a second header row).
 */
function isDataRow(row: RawCell[] | undefined): boolean {
  if (!row) return false;
  let value = false;
  let unit = false;
  for (const c of row) {
    if (c == null) continue;
    if (typeof c === 'number') {
      value = true;
      continue;
    }
    if (typeof c !== 'string') continue;
    const t = toHalfWidth(stripInvisible(c)).trim();
    if (t === '') continue;
    if (NUMERIC_TEXT.test(t) || MARK_TEXT.test(t)) value = true;
    else if (!unit && t.length <= 20 && UNIT_NAME.test(t) && matchHeader(t).field == null && !isPeriodGroup(t)) unit = true;
    if (value && unit) return true;
  }
  return false;
}

/** The column's period group and the text its field is matched on, from its header parts (top first). */
function columnMeaning(parts: string[]): { group: string | null; match: Match; list: boolean } {
  const leaf = parts[parts.length - 1] ?? '';
  let group: string | null = null;
  for (let k = parts.length - 2; k >= 0 && group == null; k--) if (isPeriodGroup(parts[k])) group = parts[k];
  let match: Match = matchHeader(leaf);
  let list = isStarListHeader(headerKey(leaf));
  if (group == null && parts.length === 1) {
    // The period in the name itself: 一季度星级, Q1支部过硬, 星级（一季度）.
    const split = splitPeriodLabel(leaf);
    if (split) {
      const m = matchHeader(split.leaf);
      const l = isStarListHeader(headerKey(split.leaf));
      if (m.field || l) {
        group = split.group.replace(/q([1-4])/, 'Q$1');
        if (!match.field || l) match = m;
        list = l;
      }
    }
  }
  if (!match.field && !list && parts.length > 1) {
    match = matchHeader(parts[parts.length - 2] + leaf);
    if (!match.field && parts.length > 2) match = matchHeader(parts.join(''));
  }
  // A star's score: 支部过硬星得分, 支部过硬（分）, or 得分 / 支部过硬星 across header rows.
  if (!list) {
    const own = parts.filter((t) => t !== group);
    const star = starScoreHeader(headerKey(leaf))
      ?? (own.length > 1 ? starScoreHeader(headerKey(own.slice(-2).join(''))) ?? starScoreHeader(headerKey(own.join(''))) : null);
    if (star && !/^(?:上季度|上期|上年|去年|上一|前期)/.test(headerKey(own.join('')))) {
      match = { field: star, confidence: 'exact', rank: match.field === star ? match.rank : -1, starScore: true };
    }
  }
  // An earlier period's columns (上季度 / 星级) are kept as extras, never read as this period.
  if (group != null && groupPeriod(group).kind === 'previous') {
    match = { field: null, confidence: 'none', rank: Infinity };
    list = false;
  }
  if (list) match = { ...match, field: match.field === 'level' ? null : match.field };
  return { group, match, list };
}

function candidate(rows: number[], parts: string[][]): Candidate {
  const labels: string[] = [];
  const matches: Match[] = [];
  const groups: Array<string | null> = [];
  const lists: boolean[] = [];
  for (const p of parts) {
    labels.push(p.join(' / '));
    const m = columnMeaning(p);
    matches.push(m.match);
    groups.push(m.group);
    lists.push(m.list);
  }
  return { rows, labels, matches, groups, lists };
}

function singleRow(rows: RawCell[][], i: number): Candidate | null {
  if (isDataRow(rows[i])) return null;
  const texts = rowTexts(rows[i], Math.min(rows[i]?.length ?? 0, MAX_HEADER_COLUMNS));
  const width = lastNonEmpty(texts);
  let filled = 0;
  for (let c = 0; c < width; c++) if (texts[c] !== '') filled++;
  if (filled < 2) return null; // a title or note row
  return candidate([i], texts.slice(0, width).map((t) => (t === '' ? [] : [t])));
}

/**
 * Rows i … i+n-1 as one header: group cells (merged across their sub-columns, or, without
 * merges, written once at the left) fill the columns below them, and each column's label is
 * its distinct parts from the top ("一季度 / 支部过硬星").
 */
function multiRows(sheet: RawSheet, i: number, n: number): Candidate | null {
  const { rows } = sheet;
  if (i + n - 1 >= rows.length) return null;
  for (let k = 0; k < n; k++) if (isDataRow(rows[i + k])) return null;
  let width = 0;
  for (let k = 0; k < n; k++) width = Math.max(width, rows[i + k]?.length ?? 0);
  width = Math.min(width, MAX_HEADER_COLUMNS);
  const texts: string[][] = [];
  for (let k = 0; k < n; k++) texts.push(rowTexts(rows[i + k], width));
  const w = Math.max(...texts.map(lastNonEmpty));
  if (w === 0) return null;
  // Every row but the last must say something: a blank row inside a header is no header.
  for (let k = 0; k < n - 1; k++) if (lastNonEmpty(texts[k]) === 0) return null;
  const fill = texts.map((t) => t.slice());
  const merges = sheet.merges ?? [];
  if (merges.length > 0) {
    for (const m of merges) {
      if (m.left >= w || m.top < i || m.top > i + n - 2) continue;
      const k = m.top - i;
      for (let c = m.left + 1; c <= Math.min(m.right, w - 1); c++) if (fill[k][c] === '') fill[k][c] = texts[k][m.left];
    }
  } else {
    // Without merges a group is written once, at its left: it covers the columns to its right
    // that have a label below, up to the next group (and never past its own parent group).
    for (let k = 0; k < n - 1; k++) {
      let last = '';
      for (let c = 0; c < w; c++) {
        if (k > 0 && c > 0 && fill[k - 1][c] !== fill[k - 1][c - 1]) last = '';
        if (texts[k][c] !== '') last = texts[k][c];
        else if (last !== '') {
          let below = false;
          for (let j = k + 1; j < n && !below; j++) below = texts[j][c] !== '';
          if (below) fill[k][c] = last;
        }
      }
    }
  }
  const parts: string[][] = [];
  for (let c = 0; c < w; c++) {
    const p: string[] = [];
    for (let k = 0; k < n; k++) {
      const t = fill[k][c];
      if (t !== '' && p[p.length - 1] !== t) p.push(t);
    }
    parts.push(p);
  }
  return candidate(Array.from({ length: n }, (_, k) => i + k), parts);
}

/**
 * Fields per column. When the columns fall under two or more period groups (一季度 … 四季度),
 * each group is resolved on its own, so every quarter keeps its own star columns.
 */
function resolveCandidate(cand: Candidate): ReturnType<typeof resolve> {
  const distinct = new Set(cand.groups.filter((g): g is string => g != null).map((g) => normalizeKey(g)));
  if (distinct.size < 2) return resolve(cand.matches);
  const out = new Array<Resolved>(cand.matches.length);
  const byGroup = new Map<string, number[]>();
  cand.groups.forEach((g, i) => {
    const key = g == null ? '' : normalizeKey(g);
    let list = byGroup.get(key);
    if (!list) byGroup.set(key, (list = []));
    list.push(i);
  });
  for (const idx of byGroup.values()) {
    const r = resolve(idx.map((i) => cand.matches[i]));
    idx.forEach((i, j) => (out[i] = r[j]));
  }
  return out;
}

/** How many data rows are looked at to tell a star list from a level written in words. */
const LIST_SAMPLE_ROWS = 200;

/**
 * Star-list columns (已获星级, 获星情况 …): marked `starList` when their cells name stars. A
 * column whose cells hold levels instead ("三星", 3) stays (or becomes) the 星级 column. A
 * column the user mapped by hand keeps the user's field.
 */
function markStarLists(sheet: RawSheet, cand: Candidate, columns: HeaderColumn[], dataStart: number, user: boolean): void {
  for (const col of columns) {
    if (!cand.lists[col.index] || (user && col.field != null)) continue;
    let named = 0;
    let levels = 0;
    const end = Math.min(sheet.rows.length, dataStart + LIST_SAMPLE_ROWS);
    for (let r = dataStart; r < end; r++) {
      const c = sheet.rows[r]?.[col.index];
      if (c == null || c === '') continue;
      if (namesAStar(c)) named++;
      else {
        const l = parseLevel(c);
        if (l.ok && l.value != null && l.value > 0) levels++;
      }
    }
    const sameGroup = (c: HeaderColumn) => (c.group ?? '') === (col.group ?? '');
    if (named === 0 && levels > 0) {
      if (!columns.some((c) => c.field === 'level' && sameGroup(c))) {
        col.field = 'level';
        col.confidence = 'contains';
      }
      continue;
    }
    // A star list, unless an earlier list of the same group already is one.
    if (columns.some((c) => c.starList && c.index < col.index && sameGroup(c))) continue;
    col.starList = true;
    if (col.field === 'level') col.field = null;
  }
}

function displayLabels(labels: string[]): string[] {
  return labels.map((l, c) => (l === '' ? columnLetter(c) : l));
}

/** Find the header of a sheet; `mappings` are remembered user mappings by header signature. */
export function detectHeader(sheet: RawSheet, mappings?: Mappings): HeaderInfo {
  const { rows } = sheet;
  const limit = Math.min(rows.length, HEADER_SCAN_ROWS);
  let best: { cand: Candidate; resolved: ReturnType<typeof resolve>; score: number } | null = null;
  let user: { cand: Candidate; fields: Array<FieldId | null>; count: number } | null = null;

  // scores[n - 1][i]: the score of the n-row candidate starting at row i (0 when none).
  const scores: number[][] = [];
  const multi: Array<Array<Candidate | null>> = [];
  const singles: Array<{ cand: Candidate; score: number } | null> = [];
  for (let n = 1; n <= MAX_HEADER_ROWS; n++) {
    const row: number[] = [];
    const cands: Array<Candidate | null> = [];
    for (let i = 0; i < limit; i++) {
      const cand = n === 1 ? singleRow(rows, i) : multiRows(sheet, i, n);
      cands.push(cand);
      if (!cand) {
        row.push(0);
        if (n === 1) singles.push(null);
        continue;
      }
      const resolved = resolveCandidate(cand);
      const s = score(resolved, cand.lists);
      row.push(s.score);
      if (n === 1) singles.push({ cand, score: s.score });
      // A taller header must read better than every shorter one inside it.
      let top = 0;
      for (let m = 1; m < n; m++) for (let j = i; j + m <= i + n; j++) top = Math.max(top, scores[m - 1][j] ?? 0);
      if (s.valid && s.score > top + 1e-9 && (!best || s.score > best.score + 1e-9)) best = { cand, resolved, score: s.score };
    }
    scores.push(row);
    multi.push(cands);
  }

  if (mappings && Object.keys(mappings).length > 0) {
    const all: Candidate[] = [];
    for (let i = 0; i < limit; i++) for (const cands of multi) if (cands[i]) all.push(cands[i]!);
    for (const cand of all) {
      const fields = mappings[headerSignature(displayLabels(cand.labels))];
      if (!fields || !fields.includes('name') || !fields.some((f) => f === 'level' || (STAR_IDS as readonly string[]).includes(f ?? ''))) continue;
      const count = fields.filter((f) => f != null).length;
      if (!user || count > user.count) user = { cand, fields, count };
    }
  }

  const chosen = user?.cand ?? best?.cand ?? null;
  if (!chosen) {
    // Not found: offer the most header-like row as a guess, so the user can map it by hand.
    let guess: { cand: Candidate; score: number } | null = null;
    for (const one of singles) if (one && (!guess || one.score > guess.score)) guess = one;
    const resolved = guess ? resolve(guess.cand.matches) : [];
    const columns: HeaderColumn[] = guess
      ? displayLabels(guess.cand.labels).map((label, index) => ({ index, label, field: resolved[index].field, confidence: resolved[index].confidence }))
      : [];
    return {
      found: false, rows: guess ? guess.cand.rows : [], headerRow: null, dataStart: 0, columns,
      signature: guess ? headerSignature(columns.map((c) => c.label)) : '', userMapping: false, preamble: [], title: null,
    };
  }
  const labels = displayLabels(chosen.labels);
  const first = chosen.rows[0];
  const last = chosen.rows[chosen.rows.length - 1];
  const columns: HeaderColumn[] = labels.map((label, index) => {
    const blank = chosen.labels[index] === '' ? { blank: true } : {};
    const group = chosen.groups[index] != null ? { group: chosen.groups[index]! } : {};
    if (user) {
      const f = user.fields[index] ?? null;
      return { index, label, field: f, confidence: f ? 'user' : 'none', ...blank, ...group };
    }
    const r = best!.resolved[index];
    return { index, label, field: r.field, confidence: r.confidence, ...blank, ...group, ...(r.starScore ? { starScore: true } : {}) };
  });
  markStarLists(sheet, chosen, columns, last + 1, user != null);
  const preamble: string[] = [];
  for (let r = 0; r < first; r++) {
    const parts = (rows[r] ?? []).map((c) => text(c)).filter((t) => t !== '');
    if (parts.length > 0) preamble.push(parts.join(' '));
  }
  return {
    found: true,
    rows: chosen.rows,
    headerRow: last + 1,
    dataStart: last + 1,
    columns,
    preamble,
    title: preamble[0] ?? null,
    signature: headerSignature(labels),
    userMapping: user != null,
  };
}
