/**
 * The star schema of the 五星支部 campaign: which stars exist, what they are called,
 * and which kind of unit (村 / 社区) each applies to. Everything else derives from here.
 */

export type UnitKind = 'village' | 'community';

export type StarId =
  | 'branch'
  | 'industry'
  | 'ecology'
  | 'safety'
  | 'civility'
  | 'cobuild'
  | 'harmony'
  | 'business';

export interface StarDef {
  id: StarId;
  /** Full Chinese name as printed in reports, e.g. 支部过硬星. */
  name: string;
  /** Name without the 星 suffix, for narrow table headers. */
  short: string;
  kinds: readonly UnitKind[];
}

export const STARS: readonly StarDef[] = [
  { id: 'branch', name: '支部过硬星', short: '支部过硬', kinds: ['village', 'community'] },
  { id: 'industry', name: '产业兴旺星', short: '产业兴旺', kinds: ['village'] },
  { id: 'ecology', name: '生态宜居星', short: '生态宜居', kinds: ['village'] },
  { id: 'safety', name: '平安法治星', short: '平安法治', kinds: ['village', 'community'] },
  { id: 'civility', name: '文明幸福星', short: '文明幸福', kinds: ['village'] },
  { id: 'cobuild', name: '共建共享星', short: '共建共享', kinds: ['community'] },
  { id: 'harmony', name: '幸福和谐星', short: '幸福和谐', kinds: ['community'] },
  { id: 'business', name: '宜业兴业星', short: '宜业兴业', kinds: ['community'] },
];

export const STAR_IDS: readonly StarId[] = STARS.map((s) => s.id);

export const KIND_NAMES: Record<UnitKind, string> = { village: '村', community: '社区' };

/** 星级 names by level 0–5. */
export const LEVEL_NAMES = ['无星', '一星', '二星', '三星', '四星', '五星'] as const;

export const MAX_LEVEL = 5;

export function starById(id: StarId): StarDef {
  const star = STARS.find((s) => s.id === id);
  if (!star) throw new Error(`unknown star ${id}`);
  return star;
}

export function starsFor(kind: UnitKind): StarDef[] {
  return STARS.filter((s) => s.kinds.includes(kind));
}

export function appliesTo(star: StarId, kind: UnitKind): boolean {
  return starById(star).kinds.includes(kind);
}

/** A unit's level is the number of applicable stars it holds. */
export function levelOf(kind: UnitKind, earned: Partial<Record<StarId, boolean | null>>): number {
  return starsFor(kind).filter((s) => earned[s.id] === true).length;
}
