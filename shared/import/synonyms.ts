/**
 * Column synonyms: what 台账 headers say → which field they mean.
 *
 * Matching works on a normalised key (full-width folded, spaces removed, brackets unified
 * to ( ), letters lower-cased, a trailing unit such as （万元） or a trailing * dropped).
 * An exact synonym beats a "contains" match; among contains matches a synonym at the end
 * of the header wins (Chinese headers put the head noun last: 观摩评比得分 → score),
 * then the longer synonym, then the earlier entry of the table.
 */
import { STARS } from '../stars.ts';
import { normalizeKey } from './normalize.ts';
import type { FieldId } from './types.ts';

export type MatchConfidence = 'exact' | 'contains' | 'none';

export interface HeaderMatch {
  field: FieldId | null;
  confidence: MatchConfidence;
  /** The synonym that matched (normalised), for explaining the mapping. */
  synonym: string | null;
  /** What the column means when another column takes `field` (村/社区 beside 村名 is the kind). */
  second?: FieldId;
}

/** Headers that name the unit, unless another column does: then they hold its kind. */
const SECOND_CHOICE: Record<string, FieldId> = { '村/社区': 'kind', '村或社区': 'kind', '村(社区)': 'kind', '村社区': 'kind' };

interface Entry {
  field: FieldId;
  words: string[];
  /** Words too short or too generic to match inside a longer header. */
  exactOnly?: string[];
}

/** The synonym table, in priority order within each field. */
export const SYNONYMS: readonly Entry[] = [
  { field: 'unit_code', words: ['行政区划代码', '区划代码', '村级区划代码', '统计用区划代码', '村(社区)区划代码', '行政区划编码', '区划编码'] },
  {
    field: 'county',
    words: ['县(市、区)', '县(市,区)', '县(市区)', '县市区', '县(区)', '县(市)', '县区', '区县', '所属县', '所属县(市、区)', '县名称'],
    exactOnly: ['县', '县(市、区)名称'],
  },
  {
    field: 'township',
    words: ['乡镇(街道)', '乡(镇、街道)', '乡镇(街道办)', '乡镇街道', '所属乡镇(街道)', '所属乡镇', '乡镇名称', '乡镇(街道)名称', '镇(街道)', '乡镇', '镇街', '乡(镇)'],
    exactOnly: ['街道', '镇', '乡', '所属街道'],
  },
  {
    field: 'name',
    words: [
      '村(社区)名称', '村(社区)', '村社区', '村(居)', '村名称', '村名', '单位名称', '村(社区)名', '村居名称', '村居',
      '支部名称', '党支部名称', '党组织名称', '村(社区)党组织名称', '村(社区)党组织', '村(社区)党支部', '党支部',
      '社区名称', '村党组织名称', '社区党组织名称', '村党支部名称', '社区党支部名称', '村级党组织名称', '基层党组织名称',
      '居委会名称', '村委会名称', '村(居)委会名称', '村居委会名称', '村(居)名称', '社区党委名称', '村(社区)党委名称',
      '村(社区)党组织全称', '党组织全称',
    ],
    exactOnly: [
      '行政村', '村', '社区', '名称', '单位', '村/社区名称', '村/社区', '村(居)委会', '社区名', '村党组织', '社区党组织',
      '村级党组织', '党组织', '支部', '社区党委', '村(社区)党委', '居委会', '村委会', '村居委会',
    ],
  },
  {
    field: 'kind',
    words: ['村社区类型', '村(社区)类型', '单位类别', '单位类型', '类型', '类别'],
    exactOnly: ['村/社区类型', '属性'],
  },
  { field: 'year', words: ['评比年度', '考核年度', '年度', '年份'], exactOnly: ['年'] },
  { field: 'quarter', words: ['评比季度', '考核季度', '季度'] },
  { field: 'period', words: ['评比期次', '期次', '期别', '评比时间', '考核期次'] },
  ...STARS.map((s) => ({ field: s.id as FieldId, words: [s.name, s.short] })),
  {
    field: 'level',
    words: ['星级评定结果', '评定星级', '创建星级', '当前星级', '本季度星级', '本期星级', '达标星级', '认定星级', '星级'],
    exactOnly: ['评定结果', '星级(颗)', '星数'],
  },
  { field: 'target_level', words: ['创建目标', '目标星级', '年度目标', '创建目标星级', '争创目标', '年度创建目标', '争创星级'] },
  { field: 'weak_branch', words: ['是否软弱涣散', '是否为软弱涣散', '软弱涣散', '软弱涣散村', '软弱涣散党组织'] },
  {
    field: 'collective_income',
    words: ['村集体经济收入', '集体经济收入', '村集体收入', '村级集体经济收入', '村集体经济经营性收入', '集体经济经营性收入', '集体收入'],
  },
  // A score sheet's total (总分) is the unit's score; a star's own score (支部过硬星得分) is read by header.ts.
  {
    field: 'score',
    words: ['观摩评比得分', '综合得分', '评比得分', '观摩得分', '得分', '评分', '分数', '总分', '合计得分', '总得分', '得分合计', '综合评分', '考核总分'],
  },
  { field: 'rank', words: ['观摩评比排名', '综合排名', '排名', '名次', '排序'] },
  { field: 'award', words: ['获奖情况', '奖项', '获奖', '表彰情况'] },
  { field: 'guide', words: ['摘星人', '指导员', '包联干部', '包村干部', '帮扶干部', '联系干部'] },
  { field: 'remark', words: ['备注', '说明'] },
];

const UNIT_TAIL = /\((?:万元|元|分|个|人|万|%|颗|名)\)$|(?:万元)$/;
const TRAILING_PUNCT = /[*:：※]+$/;
const LEADING_NUMBER = /^(?:\d+[.、]|[一二三四五六七八九十]+、)/;
const TRAILING_PAREN = /\([^()]*\)$/;
/** Headers that look like a field but are something else (a secretary's name, last quarter's level). */
const NOT_A_FIELD = /书记|电话|手机|身份证|序号|^上季度|^上期|^上年|^去年|^上一|^前期|变化|增减|升降/;
/** Longest key considered for a contains match: titles and notes are not headers. */
const MAX_CONTAINS_LENGTH = 24;

const exactMap = new Map<string, { field: FieldId; rank: number }>();
const containsList: Array<{ word: string; field: FieldId; rank: number }> = [];
{
  let rank = 0;
  for (const entry of SYNONYMS) {
    for (const w of entry.words) {
      const k = normalizeKey(w);
      if (!exactMap.has(k)) exactMap.set(k, { field: entry.field, rank });
      if (k.length >= 2) containsList.push({ word: k, field: entry.field, rank });
      rank++;
    }
    for (const w of entry.exactOnly ?? []) {
      const k = normalizeKey(w);
      if (!exactMap.has(k)) exactMap.set(k, { field: entry.field, rank });
      rank++;
    }
  }
}

/** The normalised key headers are matched on. */
export function headerKey(label: string): string {
  let k = normalizeKey(label);
  if (TRAILING_PUNCT.test(k)) k = k.replace(TRAILING_PUNCT, '');
  if (LEADING_NUMBER.test(k)) k = k.replace(LEADING_NUMBER, '');
  return k;
}

const NONE: HeaderMatch = { field: null, confidence: 'none', synonym: null };

/** Which field a header means, and how sure we are. */
export function matchHeader(label: string): HeaderMatch & { rank: number } {
  const k = headerKey(label);
  if (k === '') return { ...NONE, rank: Infinity };
  const direct = exactMap.get(k);
  if (direct) return { field: direct.field, confidence: 'exact', synonym: k, rank: direct.rank, second: SECOND_CHOICE[k] };
  // Tolerated decorations: a unit in brackets, a trailing 星, any trailing bracket note.
  const variants: string[] = [];
  if (UNIT_TAIL.test(k)) variants.push(k.replace(UNIT_TAIL, ''));
  if (k.endsWith('星')) variants.push(k.slice(0, -1));
  if (TRAILING_PAREN.test(k)) variants.push(k.replace(TRAILING_PAREN, ''));
  for (const v of variants) {
    const hit = exactMap.get(v);
    if (hit) return { field: hit.field, confidence: 'exact', synonym: v, rank: hit.rank };
  }
  if (k.length > MAX_CONTAINS_LENGTH || NOT_A_FIELD.test(k)) return { ...NONE, rank: Infinity };
  let best: { word: string; field: FieldId; rank: number } | null = null;
  let bestSuffix = false;
  for (const c of containsList) {
    if (!k.includes(c.word)) continue;
    const suffix = k.endsWith(c.word) || variants.some((v) => v.endsWith(c.word));
    if (
      !best ||
      (suffix && !bestSuffix) ||
      (suffix === bestSuffix && (c.word.length > best.word.length || (c.word.length === best.word.length && c.rank < best.rank)))
    ) {
      best = c;
      bestSuffix = suffix;
    }
  }
  return best ? { field: best.field, confidence: 'contains', synonym: best.word, rank: best.rank + 10_000 } : { ...NONE, rank: Infinity };
}

/** Whether a header is a known non-field header (序号 etc.): counts as header-like text. */
export function isKnownOtherHeader(label: string): boolean {
  const k = headerKey(label);
  return k === '序号' || k === '编号' || k === '联系电话' || NOT_A_FIELD.test(k);
}

/** Chinese label of each field, for messages and the mapping editor. */
export const FIELD_LABELS: Record<FieldId, string> = {
  unit_code: '行政区划代码',
  county: '县（市、区）',
  township: '乡镇（街道）',
  name: '村（社区）名称',
  kind: '类型（村/社区）',
  year: '年度',
  quarter: '季度',
  period: '期次',
  ...(Object.fromEntries(STARS.map((s) => [s.id, s.name])) as Record<(typeof STARS)[number]['id'], string>),
  level: '星级',
  target_level: '创建目标',
  weak_branch: '是否软弱涣散',
  collective_income: '村集体经济收入（万元）',
  score: '观摩评比得分',
  rank: '排名',
  award: '获奖情况',
  guide: '摘星人/指导员',
  remark: '备注',
  ignore: '忽略（不导入）',
};

/** All field ids, in the order the mapping editor lists them. */
export const FIELD_IDS = Object.keys(FIELD_LABELS) as FieldId[];

/**
 * A stable key for a header layout, under which a user's corrected mapping is remembered.
 * Pass the column headers as SheetReport.mapping shows them (blank headers appear as their
 * column letter there). Normalised, so full-width or spacing differences don't matter.
 */
export function headerSignature(headers: string[]): string {
  const keys = headers.map((h) => headerKey(h));
  let end = keys.length;
  while (end > 0 && keys[end - 1] === '') end--;
  return keys.slice(0, end).join('|');
}
