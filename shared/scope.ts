/**
 * What the loaded data is called on screen and in documents: the county's own name when one
 * county is loaded (甲县), the counties when a few are (甲县、乙县), 全市 when many are, and
 * 全县 only when the data names no county. Titles, the window title, the suggested file name
 * and the briefing's issuing unit all take the name from here, so they never disagree.
 */

/** Up to this many counties are listed by name; more read as 全市. */
export const MAX_LISTED_COUNTIES = 3;

/** The issuing unit when the data names no county: a placeholder the user is expected to edit. */
export const PLACEHOLDER_UNIT = '中共XX县委组织部';
/** Several counties: the city is not in the data, so the user fills it in. */
export const PLACEHOLDER_CITY_UNIT = '中共XX市委组织部';

/** The distinct, non-empty county names, in the order given. */
function named(counties: readonly (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const c of counties) {
    const t = c?.trim();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/** The name of everything loaded: 甲县 / 甲县、乙县 / 全市 / 全县. */
export function wholeName(counties: readonly (string | null | undefined)[]): string {
  const list = named(counties);
  if (list.length === 0) return '全县';
  if (list.length <= MAX_LISTED_COUNTIES) return list.join('、');
  return '全市';
}

/**
 * The issuing unit of a briefing (编发单位): 中共甲县委组织部 for one county, a placeholder to
 * edit when the data names no county or several (their city is not in the data).
 */
export function issuingUnit(counties: readonly (string | null | undefined)[]): string {
  const list = named(counties);
  if (list.length === 1) return `中共${list[0]}委组织部`;
  return list.length === 0 ? PLACEHOLDER_UNIT : PLACEHOLDER_CITY_UNIT;
}

/** The placeholders issuingUnit gives: a briefing still holding one of these follows the data. */
export function isPlaceholderUnit(unit: string): boolean {
  const t = unit.trim();
  return t === '' || t === PLACEHOLDER_UNIT || t === PLACEHOLDER_CITY_UNIT;
}

/**
 * A filter's place in words: the chosen counties and townships (甲县城关镇, 城关镇、河口镇),
 * else the whole (wholeName of the loaded counties).
 */
export function placeName(
  f: { townships: readonly string[]; counties?: readonly string[] },
  loaded: readonly (string | null | undefined)[] = [],
): string {
  const counties = f.counties ?? [];
  const townships = f.townships.join('、');
  if (counties.length) return `${counties.join('、')}${townships}`;
  return townships || wholeName(loaded);
}

/**
 * Names of townships in tables, axes and legends: 城关镇, or 城关镇（甲县） when the name occurs
 * in several counties of the list (a merged city workspace), as the pivot writes them. Screens
 * and the 简报 use this one writer, so a township reads the same everywhere.
 */
export function townshipNames(keys: ReadonlyArray<{ county: string | null; township: string }>): string[] {
  const counties = new Map<string, Set<string | null>>();
  for (const k of keys) counties.set(k.township, (counties.get(k.township) ?? new Set()).add(k.county));
  return keys.map((k) => ((counties.get(k.township)?.size ?? 0) > 1 ? `${k.township}（${k.county ?? '未填县'}）` : k.township));
}
