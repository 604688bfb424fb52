/**
 * Stars listed in one cell: a column such as 已获星级 / 获星情况 / 星级情况 / 所获星 holding
 * "支部过硬星、平安法治星" or "产业兴旺 生态宜居" (full names or names without 星, separated
 * by 、，,；;/ or spaces; "无" or empty = no star) instead of one √ column per star.
 */
import { STARS, type StarId } from '../stars.ts';
import { cellToString, normalizeKey, stripInvisible, toHalfWidth } from './normalize.ts';
import type { RawCell } from './types.ts';

/** Headers of a star-list column (normalised keys, see synonyms.ts headerKey). */
const LIST_HEADERS: ReadonlySet<string> = new Set(
  [
    '已获星级', '获星情况', '星级情况', '所获星', '所获星级', '获得星级', '已获星', '已获得星级', '已获得的星', '获星', '获星名称',
    '所获星名称', '已获星名称', '已获星级名称', '达标星', '已达标星', '达标星级', '已达标星级', '创成星', '已创成星', '已创星',
    '已创成星级', '摘星情况', '已摘星', '评星情况', '获评星级', '获评星', '星级名称', '所得星', '所获星级情况', '已获星级情况',
    '获星类别', '所获星类', '达标星名称', '已获得星', '已获得星名称', '创星情况', '已创星级',
  ].map((w) => normalizeKey(w)),
);
const TRAILING_PAREN = /\([^()]*\)$/;

/** Whether a header (as headerKey gives it) names a star-list column. */
export function isStarListHeader(key: string): boolean {
  if (LIST_HEADERS.has(key)) return true;
  return TRAILING_PAREN.test(key) && LIST_HEADERS.has(key.replace(TRAILING_PAREN, ''));
}

/** Names a cell may use, longest first, so 支部过硬星 is tried before 支部过硬. */
const NAMES: ReadonlyArray<{ key: string; id: StarId }> = STARS.flatMap((s) => [
  { key: normalizeKey(s.name), id: s.id },
  { key: normalizeKey(s.short), id: s.id },
]).sort((a, b) => b.key.length - a.key.length);

const SEPARATORS = /[、，,；;/／|｜\s+＋]+/;
const DECORATION = /[★☆⭐✩✰√✓✔"“”'‘’]/g;
const NONE_WORDS: ReadonlySet<string> = new Set(['无', '无星', '没有', '暂无', '未获', '未获星', '未获得', '0', '0星', '零星', '/', '-', '—', '——', '空']);

export type StarList = { ok: true; stars: StarId[] } | { ok: false; unknown: string };

/**
 * The stars a cell lists. Unknown text gives `unknown` (the first token that names no star,
 * as typed) so the message can quote it. A star listed twice counts once.
 */
export function parseStarList(cell: RawCell | undefined): StarList {
  if (cell == null) return { ok: true, stars: [] };
  const raw = toHalfWidth(stripInvisible(cellToString(cell))).trim();
  if (raw === '') return { ok: true, stars: [] };
  const tokens = raw.split(SEPARATORS).filter((t) => t !== '');
  const out = new Set<StarId>();
  for (const token of tokens) {
    const k = normalizeKey(token).replace(DECORATION, '');
    if (k === '' || NONE_WORDS.has(k)) continue;
    // A token may hold several names without separators ("支部过硬星平安法治星").
    let at = 0;
    while (at < k.length) {
      const hit = NAMES.find((n) => k.startsWith(n.key, at));
      if (!hit) return { ok: false, unknown: token };
      out.add(hit.id);
      at += hit.key.length;
    }
  }
  return { ok: true, stars: STARS.filter((s) => out.has(s.id)).map((s) => s.id) };
}

/** Whether a cell names at least one star (for telling a star list from a level column). */
export function namesAStar(cell: RawCell | undefined): boolean {
  if (cell == null || typeof cell !== 'string') return false;
  const k = normalizeKey(cell);
  return NAMES.some((n) => k.includes(n.key));
}
