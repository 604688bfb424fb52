/** The township a sheet name, title row or file name names, for sheets without a township column. */
import { matchCountyPrefix } from './county.ts';
import { normalizeKey, normalizeName } from './normalize.ts';

const CJK = '\\u4e00-\\u9fa5';
const LEADING_PERIOD = /^\d{4}年度?(?:第?[一二三四1-4]季度)?/;
const TOWNSHIP_RE = new RegExp(`^([${CJK}]{2,6}?(?:镇|乡|街道))(?![镇乡村])`);

/** "城关镇" / "XX县城关镇2024年三季度台账" → "城关镇". */
export function townshipFromText(text: string): string | null {
  let t = normalizeKey(text);
  const c = matchCountyPrefix(t);
  if (c) t = t.slice(c[0].length);
  t = t.replace(LEADING_PERIOD, '');
  const m = TOWNSHIP_RE.exec(t);
  if (!m || m[1].includes('乡镇') || /^[各全本]/.test(m[1])) return null;
  return normalizeName(m[1]);
}
