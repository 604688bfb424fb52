/**
 * Which units are probably the same unit under another name or id (issue "One county, one
 * history"). Pure functions over compact unit histories, so the import worker, the app's
 * commit path and the CLI find the same suggestions.
 *
 * A suggestion links an earlier unit A (its last period before B's first) to a later unit B:
 *  - same-name       same county, township and name, other id: one file had 行政区划代码 and the
 *                    other not, or a file named no county (auto: applied without asking); two
 *                    different codes (the code changed) is 'strong'.
 *  - township-renamed the township's name changed only in its 乡/镇/街道 suffix (石门乡 → 石门镇),
 *                    same unit name (strong).
 *  - village-to-community 村改居: XX村 → XX社区 in the same township (strong).
 *  - similar-name    A stops appearing within a year before a similar name appears in the same
 *                    township (weak: shown unchecked).
 * Units rated in overlapping periods are never suggested: one unit has one rating a period.
 */
import { periodFromPidx, periodKey } from '../period.ts';
import type { UnitKind } from '../stars.ts';

export interface UnitAttrs {
  county: string;
  township: string;
  name: string;
  kind: UnitKind;
}

/** One unit as the data has it: its first and last period (pidx) and its attributes then. */
export interface UnitHistory {
  id: string;
  /** year * 4 + quarter - 1 (annual ratings sit with Q4), as the facts view's pidx. */
  first: number;
  last: number;
  firstAttrs: UnitAttrs;
  lastAttrs: UnitAttrs;
  /** The unit has ratings in the import being previewed (as opposed to the workspace only). */
  incoming: boolean;
}

export type LinkRule = 'same-name' | 'code-changed' | 'township-renamed' | 'village-to-community' | 'similar-name';
export type LinkConfidence = 'auto' | 'strong' | 'weak';

export interface LinkSuggestion {
  /** The id whose ratings will count for `to`. */
  from: string;
  to: string;
  rule: LinkRule;
  confidence: LinkConfidence;
  /** Chinese, for the dialog, the CLI and the link table. */
  reason: string;
  fromUnit: UnitAttrs & { first: string; last: string };
  toUnit: UnitAttrs & { first: string; last: string };
  /** Set for township-renamed: the township rename that comes with it. */
  township?: { county: string; from: string; to: string };
}

/** Ids made by shared/unit-id.ts (no 行政区划代码 in the file). */
export const isHashId = (id: string): boolean => /^u[0-9a-f]{16}$/.test(id);

export const pidxOf = (year: number, quarter: number | null): number => year * 4 + (quarter ?? 4) - 1;

/** A pidx as a period code; annual ratings sit on the Q4 slot and read as Q4 (shared/period.ts). */
export function pidxLabel(pidx: number): string {
  return periodKey(periodFromPidx(pidx));
}

const TOWNSHIP_SUFFIX = /(街道办事处|街道办|街道|镇|乡)$/;
const UNIT_SUFFIX = /(社区居民委员会|居民委员会|社区居委会|居委会|社区|村民委员会|村委会|村)$/;

/** 石门乡 / 石门镇 / 石门街道 → 石门. */
export const townshipBase = (t: string): string => t.replace(TOWNSHIP_SUFFIX, '') || t;
/** 王庄村 / 王庄社区 → 王庄. */
export const unitStem = (n: string): string => n.replace(UNIT_SUFFIX, '') || n;

function bigrams(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length - 1; i++) out.push(s.slice(i, i + 2));
  return out.length ? out : [s];
}

/** Dice coefficient of character bigrams, 0–1. */
export function nameSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  const pool = new Map<string, number>();
  for (const g of y) pool.set(g, (pool.get(g) ?? 0) + 1);
  let common = 0;
  for (const g of x) {
    const n = pool.get(g) ?? 0;
    if (n > 0) {
      common++;
      pool.set(g, n - 1);
    }
  }
  return (2 * common) / (x.length + y.length);
}

/** Combine the workspace's and the import's view of the same ids. */
export function mergeHistories(histories: readonly UnitHistory[]): UnitHistory[] {
  const byId = new Map<string, UnitHistory>();
  for (const h of histories) {
    const e = byId.get(h.id);
    if (!e) {
      byId.set(h.id, { ...h });
      continue;
    }
    if (h.first < e.first) [e.first, e.firstAttrs] = [h.first, h.firstAttrs];
    if (h.last >= e.last) [e.last, e.lastAttrs] = [h.last, h.lastAttrs];
    e.incoming ||= h.incoming;
  }
  return [...byId.values()];
}

const sameCounty = (a: string, b: string) => a === b || a === '' || b === '';
const RANK: Record<LinkConfidence, number> = { auto: 0, strong: 1, weak: 2 };

interface Candidate {
  a: UnitHistory;
  b: UnitHistory;
  rule: LinkRule;
  confidence: LinkConfidence;
}

function classify(a: UnitHistory, b: UnitHistory): Candidate | null {
  const x = a.lastAttrs;
  const y = b.firstAttrs;
  if (!sameCounty(x.county, y.county) || townshipBase(x.township) !== townshipBase(y.township)) return null;
  const sameTownship = x.township === y.township;
  if (x.name === y.name) {
    if (!sameTownship) return { a, b, rule: 'township-renamed', confidence: 'strong' };
    if (isHashId(a.id) || isHashId(b.id) || x.county !== y.county) return { a, b, rule: 'same-name', confidence: 'auto' };
    return { a, b, rule: 'code-changed', confidence: 'strong' };
  }
  const stemA = unitStem(x.name);
  const stemB = unitStem(y.name);
  if (stemA === stemB && x.kind === 'village' && y.kind === 'community') {
    return { a, b, rule: 'village-to-community', confidence: 'strong' };
  }
  // A disappears and a similar name appears within a year.
  if (b.first - a.last <= 4 && (nameSimilarity(stemA, stemB) >= 0.5 || stemA.includes(stemB) || stemB.includes(stemA))) {
    return { a, b, rule: 'similar-name', confidence: 'weak' };
  }
  return null;
}

/** Ends the reason of an automatic same-name link: screens group those apart from the ones a person confirmed. */
export const SAME_NAME_MARK = '一份文件有行政区划代码或县名而另一份没有';

function reasonOf(c: Candidate): string {
  const x = c.a.lastAttrs;
  const y = c.b.firstAttrs;
  const when = `${pidxLabel(c.a.last)}后不再出现，${pidxLabel(c.b.first)}起出现`;
  switch (c.rule) {
    case 'same-name': return `同一乡镇同名单位（${x.township}${x.name}），${SAME_NAME_MARK}`;
    case 'code-changed': return `同一乡镇同名单位（${x.township}${x.name}），行政区划代码已变更`;
    case 'township-renamed': return `撤乡设镇：${x.township} → ${y.township}，单位同名（${x.name}）`;
    case 'village-to-community': return `村改居：${x.name} → ${y.name}（${y.township}）`;
    case 'similar-name': return `名称相近：${x.name} → ${y.name}（${y.township}，${when}）`;
  }
}

/**
 * Suggestions among the histories (merged by id first). Only pairs touching the import
 * (`incoming`) are returned, each id at most once on each side, strongest first.
 */
export function suggestLinks(histories: readonly UnitHistory[]): LinkSuggestion[] {
  const all = mergeHistories(histories);
  // Buckets by township base name: pairs are only ever looked for inside one bucket.
  const buckets = new Map<string, UnitHistory[]>();
  for (const h of all) {
    for (const attrs of [h.firstAttrs, h.lastAttrs]) {
      const key = townshipBase(attrs.township);
      const list = buckets.get(key) ?? [];
      if (!list.includes(h)) list.push(h);
      buckets.set(key, list);
    }
  }
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  for (const list of buckets.values()) {
    for (const a of list) {
      for (const b of list) {
        if (a === b || a.last >= b.first || !(a.incoming || b.incoming)) continue;
        const key = `${a.id}\u0000${b.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const c = classify(a, b);
        if (c) candidates.push(c);
      }
    }
  }
  candidates.sort((p, q) => RANK[p.confidence] - RANK[q.confidence] || (p.b.first - p.a.last) - (q.b.first - q.a.last)
    || p.a.id.localeCompare(q.a.id) || p.b.id.localeCompare(q.b.id));
  // An earlier unit with two equally good later matches (or the reverse) is ambiguous: weak.
  const gap = (c: Candidate) => c.b.first - c.a.last;
  const rivals = (c: Candidate, side: 'a' | 'b') =>
    candidates.filter((o) => o !== c && o[side].id === c[side].id && o.confidence === c.confidence && gap(o) === gap(c)).length;
  const usedA = new Set<string>();
  const usedB = new Set<string>();
  const out: LinkSuggestion[] = [];
  for (const c of candidates) {
    if (usedA.has(c.a.id) || usedB.has(c.b.id)) continue;
    usedA.add(c.a.id);
    usedB.add(c.b.id);
    const confidence = c.confidence !== 'weak' && (rivals(c, 'a') > 0 || rivals(c, 'b') > 0) ? 'weak' : c.confidence;
    out.push({
      from: c.a.id,
      to: c.b.id,
      rule: c.rule,
      confidence,
      reason: reasonOf(c),
      fromUnit: { ...c.a.lastAttrs, first: pidxLabel(c.a.first), last: pidxLabel(c.a.last) },
      toUnit: { ...c.b.firstAttrs, first: pidxLabel(c.b.first), last: pidxLabel(c.b.last) },
      ...(c.rule === 'township-renamed'
        ? { township: { county: c.b.firstAttrs.county || c.a.lastAttrs.county, from: c.a.lastAttrs.township, to: c.b.firstAttrs.township } }
        : {}),
    });
  }
  return out;
}

/**
 * The identity of each group of linked ids: the latest 行政区划代码 among them (future files
 * carry the current code), else the id seen last. Returns id → canonical id for every id
 * of the accepted suggestions.
 */
export function canonicalIds(accepted: readonly LinkSuggestion[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const last = new Map<string, string>();
  for (const s of accepted) {
    for (const [id, unit] of [[s.from, s.fromUnit], [s.to, s.toUnit]] as const) {
      if (!parent.has(id)) parent.set(id, id);
      if ((last.get(id) ?? '') < unit.last) last.set(id, unit.last);
    }
    parent.set(find(s.from), find(s.to));
  }
  const groups = new Map<string, string[]>();
  for (const id of parent.keys()) groups.set(find(id), [...(groups.get(find(id)) ?? []), id]);
  const out = new Map<string, string>();
  for (const members of groups.values()) {
    const best = [...members].sort((x, y) =>
      Number(isHashId(x)) - Number(isHashId(y)) || (last.get(y) ?? '').localeCompare(last.get(x) ?? '') || x.localeCompare(y))[0];
    for (const m of members) out.set(m, best);
  }
  return out;
}

/** Histories of the ratings of an import (ids already resolved through the workspace's links). */
export function historiesOf(
  ratings: ReadonlyArray<{ unit_id: string; county: string; township: string; name: string; kind: UnitKind; year: number; quarter: number | null }>,
  resolve: (id: string) => string = (id) => id,
): UnitHistory[] {
  const byId = new Map<string, UnitHistory>();
  for (const r of ratings) {
    const id = resolve(r.unit_id);
    const p = pidxOf(r.year, r.quarter);
    const h = byId.get(id);
    if (!h) {
      const attrs = { county: r.county, township: r.township, name: r.name, kind: r.kind };
      byId.set(id, { id, first: p, last: p, firstAttrs: attrs, lastAttrs: attrs, incoming: true });
      continue;
    }
    if (p < h.first) [h.first, h.firstAttrs] = [p, { county: r.county, township: r.township, name: r.name, kind: r.kind }];
    if (p > h.last) [h.last, h.lastAttrs] = [p, { county: r.county, township: r.township, name: r.name, kind: r.kind }];
  }
  return [...byId.values()];
}
