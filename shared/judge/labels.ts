/**
 * What the header cells of a judges' sheet say: a judge (评委一, 评委1, 专家A, 评委甲, 1号评委),
 * the contestant's name or township, a maximum ("满分100", "(70分)").
 * All matching is on normalizeKey text: half-width, no spaces, brackets as ( ), lower case.
 */
import { normalizeKey } from '../import/normalize.ts';

// "满分100" anywhere, or a bracketed "(70分)"; a bare "(1)" is a judge's number, not a maximum.
const MAX_IN_LABEL = [/满分[:：]?(\d+(?:\.\d+)?)分?/, /\((\d+(?:\.\d+)?)分\)/];
const MAX_TEXT = /[（(]\s*满分\s*[:：]?\s*\d+(?:\.\d+)?\s*分?\s*[）)]|[（(]\s*\d+(?:\.\d+)?\s*分\s*[）)]|满分\s*[:：]?\s*\d+(?:\.\d+)?\s*分?/g;

const ORDINAL = '(?:[一二三四五六七八九十]{1,3}|\\d{1,2}|[a-z]|[甲乙丙丁戊己庚辛壬癸])';
const JUDGE = new RegExp(`^(?:(?:评委|专家|评审|评审专家|评审员|考官|评分人)[-_#]?\\(?${ORDINAL}\\)?号?|${ORDINAL}号?(?:评委|专家|评审))(?:打分|评分|给分)?$`);

const UNIT = /^(?:村|社区|村\(社区\)|村社区|村\/社区|村居|村名|村名称|社区名称|村\(社区\)名称|单位|单位名称|名称|参赛单位|参评单位|被评单位|被考评单位|观摩点|观摩单位|观摩点名称|党组织|党组织名称|支部|支部名称|党支部|党支部名称)$/;
const TOWNSHIP = /^(?:乡镇|乡|镇|街道|乡镇\(街道\)|乡镇街道|乡镇\/街道|乡\(镇\)|乡镇名称|所属乡镇|乡镇\(街道\)名称|乡镇\(街道\)党委|乡镇党委)$/;

/** A label without its maximum annotation, as shown: "现场观摩（满分70）" → "现场观摩". */
export function withoutMax(label: string): string {
  return label.replace(MAX_TEXT, '').trim();
}

/** The maximum written in a label ("满分70", "(70分)"), or null. */
export function maxIn(label: string): number | null {
  const k = normalizeKey(label);
  for (const re of MAX_IN_LABEL) {
    const m = re.exec(k);
    if (m) {
      const v = Number(m[1]);
      if (v > 0) return v;
    }
  }
  return null;
}

export function isJudgeLabel(label: string): boolean {
  return label !== '' && JUDGE.test(normalizeKey(withoutMax(label)));
}

export function isUnitLabel(label: string): boolean {
  return UNIT.test(normalizeKey(label));
}

export function isTownshipLabel(label: string): boolean {
  return TOWNSHIP.test(normalizeKey(label));
}

/** Rows under the scores that are not contestants: 合计, 平均分, 注：…, 评委签字 … */
const NOT_A_CONTESTANT = /^(?:合计|总计|小计|平均|平均分|最高分|最低分|注|说明|备注|评委签[字名]|签字|统计人|审核人|计分人|监督人|制表人?)(?:[:：].*|$)/;

export function isNoteRow(name: string): boolean {
  return NOT_A_CONTESTANT.test(normalizeKey(name)) || /^注[:：]/.test(name);
}

/** Cells that mean "this judge did not score" besides an empty cell. */
const MISSING = new Set(['/', '-', '—', '——', '–', '无', '缺', '缺评', '缺席', '回避', '未评', 'n/a', 'na']);

export function isMissingMark(text: string): boolean {
  return MISSING.has(normalizeKey(text));
}
