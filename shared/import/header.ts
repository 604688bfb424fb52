/**
 * Finding the header of a 台账 sheet: skip title and note rows, score each of the first
 * rows by how many cells name a known field, and merge two-row headers ("五星创建情况"
 * spanning the star columns above 支部过硬 / 产业兴旺 …) into one label per column.
 */
import { MAX_COLUMNS } from '../limits.ts';
import { STAR_IDS } from '../stars.ts';
import { cellToString, columnLetter, stripInvisible } from './normalize.ts';
import { headerSignature, matchHeader, type MatchConfidence } from './synonyms.ts';
import type { FieldId, RawCell, RawSheet } from './types.ts';

/** How many rows from the top may hold the header. */
export const HEADER_SCAN_ROWS = 15;
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
}

export interface HeaderInfo {
  /** False when no row looks like a header; `columns` then hold the best guess, for manual mapping. */
  found: boolean;
  /** 0-based indices of the header rows (one or two). */
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

interface Candidate {
  rows: number[];
  labels: string[];
  matches: Array<{ field: FieldId | null; confidence: MatchConfidence; rank: number; second?: FieldId }>;
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
function resolve(matches: Candidate['matches']): Array<{ field: FieldId | null; confidence: MatchConfidence }> {
  const owner = new Map<FieldId, number>();
  matches.forEach((m, i) => {
    if (!m.field) return;
    const prev = owner.get(m.field);
    if (prev === undefined) return void owner.set(m.field, i);
    const p = matches[prev];
    const better =
      (m.confidence === 'exact' && p.confidence !== 'exact') || (m.confidence === p.confidence && m.rank < p.rank);
    if (better) owner.set(m.field, i);
  });
  const out = matches.map((m, i): { field: FieldId | null; confidence: MatchConfidence } =>
    m.field && owner.get(m.field) === i ? { field: m.field, confidence: m.confidence } : { field: null, confidence: 'none' },
  );
  // A column that lost its field to a better one may have a second meaning (村/社区 → kind).
  matches.forEach((m, i) => {
    if (out[i].field || !m.second || owner.has(m.second)) return;
    owner.set(m.second, i);
    out[i] = { field: m.second, confidence: m.confidence };
  });
  return out;
}

function score(resolved: Array<{ field: FieldId | null; confidence: MatchConfidence }>): { score: number; valid: boolean } {
  let s = 0;
  let name = false;
  let rating = false;
  for (const r of resolved) {
    if (!r.field) continue;
    s += r.confidence === 'exact' ? 1 : 0.6;
    if (r.field === 'name') name = true;
    if (r.field === 'level' || (STAR_IDS as readonly string[]).includes(r.field)) rating = true;
  }
  return { score: s, valid: name && rating };
}

function singleRow(rows: RawCell[][], i: number): Candidate | null {
  const texts = rowTexts(rows[i], Math.min(rows[i]?.length ?? 0, MAX_HEADER_COLUMNS));
  const width = lastNonEmpty(texts);
  let filled = 0;
  for (let c = 0; c < width; c++) if (texts[c] !== '') filled++;
  if (filled < 2) return null; // a title or note row
  const labels = texts.slice(0, width);
  return { rows: [i], labels, matches: labels.map((l) => matchHeader(l)) };
}

function twoRows(sheet: RawSheet, i: number): Candidate | null {
  const { rows } = sheet;
  if (i + 1 >= rows.length) return null;
  const width = Math.min(Math.max(rows[i]?.length ?? 0, rows[i + 1]?.length ?? 0), MAX_HEADER_COLUMNS);
  const upper = rowTexts(rows[i], width);
  const lower = rowTexts(rows[i + 1], width);
  const w = Math.max(lastNonEmpty(upper), lastNonEmpty(lower));
  if (w === 0) return null;
  const fill = upper.slice();
  const merges = sheet.merges ?? [];
  if (merges.length > 0) {
    for (const m of merges) {
      if (m.top !== i || m.left >= w) continue;
      for (let c = m.left + 1; c <= Math.min(m.right, w - 1); c++) if (fill[c] === '') fill[c] = upper[m.left];
      // A cell merged down over the lower row: its lower half is blank and the label is the upper one.
      if (m.bottom >= i + 1) for (let c = m.left; c <= Math.min(m.right, w - 1); c++) lower[c] = '';
    }
  } else {
    let last = '';
    for (let c = 0; c < w; c++) {
      if (upper[c] !== '') last = upper[c];
      else if (lower[c] !== '' && last !== '') fill[c] = last;
    }
  }
  const labels: string[] = [];
  const matches: Candidate['matches'] = [];
  for (let c = 0; c < w; c++) {
    const up = fill[c];
    const lo = lower[c];
    if (lo !== '' && up !== '' && up !== lo) {
      labels.push(`${up} / ${lo}`);
      let m = matchHeader(lo);
      if (!m.field) m = matchHeader(up + lo);
      matches.push(m);
    } else {
      const l = lo !== '' ? lo : up;
      labels.push(l);
      matches.push(matchHeader(l));
    }
  }
  return { rows: [i, i + 1], labels, matches };
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

  const singles: Array<{ cand: Candidate; score: number } | null> = [];
  for (let i = 0; i < limit; i++) {
    const cand = singleRow(rows, i);
    if (!cand) {
      singles.push(null);
      continue;
    }
    const resolved = resolve(cand.matches);
    const s = score(resolved);
    singles.push({ cand, score: s.score });
    if (s.valid && (!best || s.score > best.score + 1e-9)) best = { cand, resolved, score: s.score };
  }
  for (let i = 0; i < limit; i++) {
    const cand = twoRows(sheet, i);
    if (!cand) continue;
    const resolved = resolve(cand.matches);
    const s = score(resolved);
    const top = Math.max(singles[i]?.score ?? 0, singles[i + 1]?.score ?? 0);
    if (s.valid && s.score > top + 1e-9 && (!best || s.score > best.score + 1e-9)) best = { cand, resolved, score: s.score };
  }

  if (mappings && Object.keys(mappings).length > 0) {
    const all: Candidate[] = [];
    for (let i = 0; i < limit; i++) {
      const one = singles[i]?.cand;
      if (one) all.push(one);
      const two = twoRows(sheet, i);
      if (two) all.push(two);
    }
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
  const columns: HeaderColumn[] = labels.map((label, index) => {
    const blank = chosen.labels[index] === '' ? { blank: true } : {};
    if (user) {
      const f = user.fields[index] ?? null;
      return { index, label, field: f, confidence: f ? 'user' : 'none', ...blank };
    }
    const r = best!.resolved[index];
    return { index, label, field: r.field, confidence: r.confidence, ...blank };
  });
  const first = chosen.rows[0];
  const last = chosen.rows[chosen.rows.length - 1];
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
