/**
 * 乡镇顺序 as workspace data (issue #17): the 'township-order' part holds
 * `{ version: 1, townships: [{ county, township }, ...] }`, the analyst's chosen order
 * (renderer/src/state/township-order-store.ts); an empty list means the first 台账's order.
 * JSON from a file or localStorage is validated, never trusted.
 */
import type { TownshipKey } from './analysis/township-order.ts';

export const TOWNSHIP_ORDER_PART_VERSION = 1;
/** More townships than any county or city has; a longer list is cut (and said so). */
export const MAX_TOWNSHIP_ORDER = 5000;
const MAX_NAME = 60;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v != null && !Array.isArray(v);
const clean = (v: string): string => v.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim().slice(0, MAX_NAME);

/** The part's JSON for an order. */
export function townshipOrderJson(order: readonly TownshipKey[]): { version: number; townships: TownshipKey[] } {
  return {
    version: TOWNSHIP_ORDER_PART_VERSION,
    townships: order.map((t) => ({ county: t.county ?? null, township: t.township })),
  };
}

/**
 * The chosen order from untrusted JSON (the part's object, or a bare list): entries that are
 * not objects, have no township name or a county that is not text are dropped, as are
 * repeats of a township already listed and entries beyond MAX_TOWNSHIP_ORDER. Each kind of
 * drop is one Chinese notice. null / undefined: no chosen order, no notice.
 */
export function checkTownshipOrder(json: unknown): { value: TownshipKey[]; notices: string[] } {
  if (json == null) return { value: [], notices: [] };
  const list = isObj(json) ? json.townships : json;
  if (!Array.isArray(list)) return { value: [], notices: ['已忽略无法识别的乡镇顺序，乡镇按台账顺序排列'] };
  const notices: string[] = [];
  if (list.length > MAX_TOWNSHIP_ORDER) {
    notices.push(`乡镇顺序超过 ${MAX_TOWNSHIP_ORDER} 个乡镇，只保留前 ${MAX_TOWNSHIP_ORDER} 个`);
  }
  const value: TownshipKey[] = [];
  const seen = new Set<string>();
  let bad = 0;
  let repeated = 0;
  for (const raw of list.slice(0, MAX_TOWNSHIP_ORDER)) {
    if (!isObj(raw) || typeof raw.township !== 'string' || !clean(raw.township)
      || (raw.county != null && typeof raw.county !== 'string')) {
      bad++;
      continue;
    }
    const county = typeof raw.county === 'string' && clean(raw.county) ? clean(raw.county) : null;
    const township = clean(raw.township);
    const key = `${county ?? ''}\u0000${township}`;
    if (seen.has(key)) {
      repeated++;
      continue;
    }
    seen.add(key);
    value.push({ county, township });
  }
  if (bad > 0) notices.push(`乡镇顺序中有 ${bad} 项无法识别（缺少乡镇名称），已忽略`);
  if (repeated > 0) notices.push(`乡镇顺序中有 ${repeated} 个乡镇重复，只保留第一次出现的位置`);
  return { value, notices };
}
