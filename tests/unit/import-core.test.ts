import { describe, expect, it } from 'vitest';
import { detectHeader } from '../../shared/import/header.ts';
import {
  cellToString, cleanText, columnLetter, normalizeKey, normalizeText, toHalfWidth,
} from '../../shared/import/normalize.ts';
import { csvField } from '../../shared/import/normalized-csv.ts';
import { fileStem, inferPeriod, periodFromText } from '../../shared/import/period-infer.ts';
import { headerSignature, matchHeader } from '../../shared/import/synonyms.ts';
import { fastUnitId, isTotalLabel } from '../../shared/import/validate.ts';
import {
  kindFromName, parseBool, parseKind, parseLevel, parseMark, parseNumber, parseQuarter, parseTargetLevel,
  parseUnitCode, parseYear,
} from '../../shared/import/values.ts';
import type { RawCell, RawSheet } from '../../shared/import/types.ts';
import { unitIdFor } from '../../shared/unit-id.ts';

const value = <T>(r: { ok: true; value: T } | { ok: false }) => (r.ok ? r.value : 'ERR');

describe('normalize', () => {
  it('folds full-width ASCII and ideographic spaces, strips zero-width chars and BOM, collapses spaces', () => {
    expect(toHalfWidth('ＡＢＣ１２３！（）')).toBe('ABC123!()');
    expect(normalizeText('\ufeff  １２.５\u200b　万  元 ')).toBe('12.5 万 元');
    expect(normalizeKey(' 村（社区）\u3000名称【备注】 ')).toBe('村(社区)名称(备注)');
    expect(normalizeKey('Ｑ３')).toBe('q3');
  });

  it('turns cells into text without exponents or binary noise; dates as YYYY-MM-DD', () => {
    expect(cellToString(12.5)).toBe('12.5');
    expect(cellToString(410102001001)).toBe('410102001001');
    expect(cellToString(12.299999999999999)).toBe('12.3');
    expect(cellToString(1e21)).toBe('1000000000000000000000');
    expect(cellToString(true)).toBe('TRUE');
    expect(cellToString(new Date(Date.UTC(2024, 8, 30)))).toBe('2024-09-30');
    expect(cellToString(null)).toBe('');
  });

  it('keeps names as typed, only trimming outer whitespace', () => {
    expect(cleanText('  东关村\u3000')).toBe('东关村');
    expect(cleanText('\u200b东 关 村\ufeff')).toBe('东 关 村');
    expect(cleanText('ＡＢ村')).toBe('ＡＢ村');
    expect(cleanText('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });

  it('names columns by letter', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

describe('star marks', () => {
  it('reads earned marks', () => {
    for (const m of ['√', '✓', '✔', '★', '是', '有', '已创成', '达标', '1', 'Y', 'y', 'TRUE', 'true', ' √ ', '１', 'Ｙ'] as RawCell[]) {
      expect(parseMark(m), String(m)).toEqual({ ok: true, value: true });
    }
    expect(parseMark(1)).toEqual({ ok: true, value: true });
    expect(parseMark(true)).toEqual({ ok: true, value: true });
  });

  it('reads not-earned marks, including empty and the empty star ☆', () => {
    for (const m of [null, '', '  ', '否', '×', '✗', '✘', '0', '未创成', '未达标', 'N', 'n', 'FALSE', 'false', '无', '☆', 'X'] as RawCell[]) {
      expect(parseMark(m), String(m)).toEqual({ ok: true, value: false });
    }
    expect(parseMark(0)).toEqual({ ok: true, value: false });
    expect(parseMark(false)).toEqual({ ok: true, value: false });
  });

  it('reads not-applicable marks as null', () => {
    for (const m of ['/', '／', '—', '-', '–', '不适用', '－']) expect(parseMark(m), m).toEqual({ ok: true, value: null });
  });

  it('refuses ambiguous and unknown marks (○ is ambiguous)', () => {
    for (const m of ['○', '有点', '2', '√√', '待定'] as RawCell[]) expect(parseMark(m).ok, String(m)).toBe(false);
    expect(parseMark(2).ok).toBe(false);
    expect(parseMark(new Date()).ok).toBe(false);
  });
});

describe('levels', () => {
  it('reads every way a level is written', () => {
    const cases: Array<[RawCell, number]> = [
      ['无星', 0], ['零星', 0], ['0星', 0], ['0', 0], [0, 0], ['一星', 1], ['二星', 2], ['两星', 2], ['三星', 3], ['四星', 4], ['五星', 5],
      ['1星', 1], ['5星', 5], ['★★★', 3], ['★★★☆☆', 3], [3, 3], [3.0, 3], ['3', 3], ['三星级', 3], ['3星级', 3],
      ['３', 3], ['３星', 3], [' 四星 ', 4], ['三星支部', 3], ['五星（已命名）', 5], ['3.0', 3],
    ];
    for (const [c, n] of cases) expect(parseLevel(c), String(c)).toEqual({ ok: true, value: n });
    expect(parseLevel(null)).toEqual({ ok: true, value: null });
    expect(parseLevel(' ')).toEqual({ ok: true, value: null });
  });

  it('refuses levels outside 0–5 and unknown text', () => {
    expect(parseLevel('6星')).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseLevel(6)).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseLevel('★★★★★★')).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseLevel('七星')).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseLevel(-1)).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseLevel(2.5)).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseLevel('很好')).toEqual({ ok: false, reason: 'unrecognised' });
  });

  it('reads targets such as 争创四星 and 稳三星、争四星', () => {
    expect(value(parseTargetLevel('四星'))).toBe(4);
    expect(value(parseTargetLevel('争创四星'))).toBe(4);
    expect(value(parseTargetLevel('稳三星、争四星'))).toBe(4);
    expect(value(parseTargetLevel(5))).toBe(5);
    expect(parseTargetLevel('努力').ok).toBe(false);
  });
});

describe('quarters and years', () => {
  it('reads every quarter style, with or without the year', () => {
    const cases: Array<[RawCell, { year: number | null; quarter: number | null }]> = [
      ['第三季度', { year: null, quarter: 3 }],
      ['三季度', { year: null, quarter: 3 }],
      ['3季度', { year: null, quarter: 3 }],
      ['Q3', { year: null, quarter: 3 }],
      ['q3', { year: null, quarter: 3 }],
      ['3', { year: null, quarter: 3 }],
      [3, { year: null, quarter: 3 }],
      ['３', { year: null, quarter: 3 }],
      ['2024Q3', { year: 2024, quarter: 3 }],
      ['2024年第三季度', { year: 2024, quarter: 3 }],
      ['2024-Q3', { year: 2024, quarter: 3 }],
      ['2024年三季度', { year: 2024, quarter: 3 }],
      ['2024年3季度', { year: 2024, quarter: 3 }],
      ['２０２４年第一季度', { year: 2024, quarter: 1 }],
      ['2024 年 第四季度', { year: 2024, quarter: 4 }],
      ['2024年度', { year: 2024, quarter: null }],
      [2024, { year: 2024, quarter: null }],
      [new Date(Date.UTC(2024, 7, 15)), { year: 2024, quarter: 3 }],
    ];
    for (const [c, p] of cases) expect(parseQuarter(c), String(c)).toEqual({ ok: true, value: p });
    expect(parseQuarter(null)).toEqual({ ok: true, value: null });
  });

  it('refuses quarters outside 1–4, years outside 2000–2100 and months', () => {
    expect(parseQuarter('第五季度')).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseQuarter('Q5')).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseQuarter(5)).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseQuarter('1999年第三季度')).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseQuarter('2024年9月').ok).toBe(false);
    expect(parseQuarter('24Q3').ok).toBe(false);
  });

  it('reads years', () => {
    expect(parseYear('2024')).toEqual({ ok: true, value: 2024 });
    expect(parseYear('2024年')).toEqual({ ok: true, value: 2024 });
    expect(parseYear('２０２４年')).toEqual({ ok: true, value: 2024 });
    expect(parseYear(2024)).toEqual({ ok: true, value: 2024 });
    expect(parseYear('')).toEqual({ ok: true, value: null });
    expect(parseYear('1999')).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseYear(2101)).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseYear('去年').ok).toBe(false);
  });
});

describe('kinds, flags, numbers, codes', () => {
  it('reads unit kinds', () => {
    for (const k of ['村', '农村', '行政村', '村委会']) expect(parseKind(k), k).toEqual({ ok: true, value: 'village' });
    for (const k of ['社区', '城市社区', '居委会', '社区居委会', ' 社区 ']) expect(parseKind(k), k).toEqual({ ok: true, value: 'community' });
    expect(parseKind('')).toEqual({ ok: true, value: null });
    expect(parseKind('乡').ok).toBe(false);
  });

  it('infers the kind from the name', () => {
    expect(kindFromName('东关社区')).toBe('community');
    expect(kindFromName('东关社区党支部')).toBe('community');
    expect(kindFromName('南街居委会')).toBe('community');
    expect(kindFromName('东关村')).toBe('village');
    expect(kindFromName('社区村')).toBe('village');
  });

  it('reads yes/no flags (软弱涣散)', () => {
    for (const c of ['是', '√', '1', 1, true] as RawCell[]) expect(parseBool(c), String(c)).toEqual({ ok: true, value: true });
    for (const c of ['否', '', null, '0', '×', '无'] as RawCell[]) expect(parseBool(c), String(c)).toEqual({ ok: true, value: false });
    expect(parseBool('也许').ok).toBe(false);
  });

  it('reads numbers as people write them', () => {
    expect(parseNumber('12.5')).toEqual({ ok: true, value: 12.5 });
    expect(parseNumber('12.5万')).toEqual({ ok: true, value: 12.5 });
    expect(parseNumber('１２.５')).toEqual({ ok: true, value: 12.5 });
    expect(parseNumber('1,234.5')).toEqual({ ok: true, value: 1234.5 });
    expect(parseNumber('1，234.5')).toEqual({ ok: true, value: 1234.5 });
    expect(parseNumber(' -3 ')).toEqual({ ok: true, value: -3 });
    expect(parseNumber(88)).toEqual({ ok: true, value: 88 });
    expect(parseNumber('')).toEqual({ ok: true, value: null });
    expect(parseNumber('/')).toEqual({ ok: true, value: null });
    expect(parseNumber('十二').ok).toBe(false);
    expect(parseNumber('1,23').ok).toBe(false);
  });

  it('reads 行政区划代码 as digits, numbers written out in full', () => {
    expect(parseUnitCode(410102001001)).toEqual({ ok: true, value: '410102001001' });
    expect(parseUnitCode(' 410102001001 ')).toEqual({ ok: true, value: '410102001001' });
    expect(parseUnitCode('')).toEqual({ ok: true, value: null });
    expect(parseUnitCode('4101-02').ok).toBe(false);
  });
});

describe('synonyms', () => {
  it('maps every documented header', () => {
    const cases: Record<string, string> = {
      乡镇: 'township', '乡镇（街道）': 'township', '乡镇(街道)': 'township', 所属乡镇: 'township', 街道: 'township', 乡镇名称: 'township',
      '村（社区）': 'name', 村社区: 'name', '村(社区)': 'name', 支部名称: 'name', 村名: 'name', 单位名称: 'name', 党支部: 'name',
      类型: 'kind', 类别: 'kind', 单位类别: 'kind', 村社区类型: 'kind',
      县: 'county', '县(市、区)': 'county', 县区: 'county',
      支部过硬星: 'branch', 支部过硬: 'branch', 产业兴旺: 'industry', 产业兴旺星: 'industry', 生态宜居: 'ecology', 平安法治星: 'safety',
      文明幸福: 'civility', 共建共享星: 'cobuild', 幸福和谐: 'harmony', 宜业兴业星: 'business',
      星级: 'level', 创建星级: 'level', 评定星级: 'level', 星级评定结果: 'level', 当前星级: 'level',
      创建目标: 'target_level', 目标星级: 'target_level', 年度目标: 'target_level',
      年度: 'year', 年份: 'year', 年: 'year', 季度: 'quarter', 评比季度: 'quarter', 期次: 'period', 评比期次: 'period',
      软弱涣散: 'weak_branch', 是否软弱涣散: 'weak_branch',
      '村集体经济收入（万元）': 'collective_income', 集体经济收入: 'collective_income', 村集体收入: 'collective_income',
      观摩评比得分: 'score', 得分: 'score', 综合得分: 'score', 评分: 'score', 排名: 'rank', 名次: 'rank',
      奖项: 'award', 获奖情况: 'award', 摘星人: 'guide', 指导员: 'guide', 包联干部: 'guide', 备注: 'remark',
      行政区划代码: 'unit_code', 区划代码: 'unit_code',
    };
    for (const [h, f] of Object.entries(cases)) {
      const m = matchHeader(h);
      expect([h, m.field, m.confidence]).toEqual([h, f, 'exact']);
    }
  });

  it('tolerates full-width, spaces, bracket styles, 星 and units; falls back to contains', () => {
    expect(matchHeader(' 村 （ 社区 ） ').field).toBe('name');
    expect(matchHeader('乡镇【街道】').field).toBe('township');
    expect(matchHeader('村集体经济收入(万元)')).toMatchObject({ field: 'collective_income', confidence: 'exact' });
    expect(matchHeader('集体经济收入万元')).toMatchObject({ field: 'collective_income', confidence: 'exact' });
    expect(matchHeader('产业兴旺星（√/×）')).toMatchObject({ field: 'industry', confidence: 'exact' });
    expect(matchHeader('2024年观摩评比得分')).toMatchObject({ field: 'score', confidence: 'contains' });
    expect(matchHeader('得分排名')).toMatchObject({ field: 'rank', confidence: 'contains' });
    expect(matchHeader('统一社会信用代码').field).toBeNull();
    expect(matchHeader('村党支部书记').field).toBeNull();
    expect(matchHeader('上季度星级').field).toBeNull();
    expect(matchHeader('序号')).toMatchObject({ field: null, confidence: 'none' });
    expect(matchHeader('五星创建情况').field).toBeNull();
  });

  it('gives a header layout a stable signature', () => {
    expect(headerSignature(['乡镇', '村（社区）', '星级'])).toBe(headerSignature(['乡镇 ', '村(社区)', '星级', '']));
    expect(headerSignature(['乡镇', '村名'])).not.toBe(headerSignature(['村名', '乡镇']));
  });
});

describe('period inference from text', () => {
  it('reads the period styles of sheet names, titles and file names', () => {
    expect(periodFromText('2024年第三季度')).toEqual({ year: 2024, quarter: 3 });
    expect(periodFromText('2024年三季度')).toEqual({ year: 2024, quarter: 3 });
    expect(periodFromText('城关镇2024Q3台账')).toEqual({ year: 2024, quarter: 3 });
    expect(periodFromText('2024-Q3')).toEqual({ year: 2024, quarter: 3 });
    expect(periodFromText("XX县2024年度第三季度'五星'支部创建情况统计表")).toEqual({ year: 2024, quarter: 3 });
    expect(periodFromText('2024年度五星支部评定结果')).toEqual({ year: 2024, quarter: 'annual' });
    expect(periodFromText('三季度')).toEqual({ year: null, quarter: 3 });
    expect(periodFromText('24Q3')).toEqual({ year: null, quarter: null });
    expect(periodFromText('台账20240930')).toEqual({ year: null, quarter: null });
    expect(periodFromText('Sheet1')).toEqual({ year: null, quarter: null });
  });

  it('combines sources: quarter from the sheet name, year from the file name', () => {
    const p = inferPeriod([
      { source: 'sheet', text: '三季度' },
      { source: 'title', text: '五星支部创建情况统计表' },
      { source: 'file', text: '2024年台账' },
    ]);
    expect(p.period).toEqual({ year: 2024, quarter: 3 });
    expect(p.source).toBe('file');
    expect(inferPeriod([{ source: 'sheet', text: '2024' }]).period).toBeNull();
    expect(fileStem('C:\\台账\\城关镇.2024Q3.xlsx')).toBe('城关镇.2024Q3');
  });
});

describe('header detection', () => {
  const sheet = (rows: RawCell[][], merges?: RawSheet['merges']): RawSheet => ({ file: 'f.xlsx', sheet: 's', rows, merges });

  it('skips title and note rows', () => {
    const h = detectHeader(sheet([
      ["示例县2024年第三季度'五星'支部创建情况统计表"],
      ['填报单位：城关镇', null, null, '填报日期：2024年10月8日'],
      ['序号', '乡镇', '村名', '星级'],
      [1, '城关镇', '东关村', '三星'],
    ]));
    expect(h).toMatchObject({ found: true, rows: [2], headerRow: 3, dataStart: 3, title: "示例县2024年第三季度'五星'支部创建情况统计表" });
    expect(h.preamble).toEqual(["示例县2024年第三季度'五星'支部创建情况统计表", '填报单位：城关镇 填报日期：2024年10月8日']);
    expect(h.columns.map((c) => c.field)).toEqual([null, 'township', 'name', 'level']);
  });

  it('keeps the better of two columns claiming a field', () => {
    const h = detectHeader(sheet([['乡镇', '党支部', '村名', '星级']]));
    expect(h.columns.map((c) => c.field)).toEqual(['township', null, 'name', 'level']);
  });

  it('reads 村/社区 beside a name column as the kind', () => {
    expect(detectHeader(sheet([['乡镇', '村名', '村/社区', '星级']])).columns.map((c) => c.field)).toEqual(['township', 'name', 'kind', 'level']);
    expect(detectHeader(sheet([['乡镇', '村/社区', '星级']])).columns.map((c) => c.field)).toEqual(['township', 'name', 'level']);
  });

  it('finds nothing in a notes sheet', () => {
    const h = detectHeader(sheet([['填表说明'], ['1. 请按季度填报'], ['2. √ 表示达标', '× 表示未达标']]));
    expect(h.found).toBe(false);
  });
});

describe('rules', () => {
  it('recognises total rows but not villages that merely contain the words', () => {
    for (const t of ['合计', '合 计', '小计', '总计', '总数', '城关镇小计', '全县合计']) expect(isTotalLabel(t), t).toBe(true);
    for (const t of ['合计村', '东关村', '', '总数社区']) expect(isTotalLabel(t), t).toBe(false);
  });

  it('computes the same unit id as unitIdFor, fast', () => {
    const names = ['东关村', 'a,b', '😀村', 'x'.repeat(200), '\ud800孤', '<img src=x onerror=alert(1)>', '', 'é'];
    for (const n of names) expect(fastUnitId('示例县', '城关镇', n), n).toBe(unitIdFor('示例县', '城关镇', n));
    expect(fastUnitId('', '', '')).toBe(unitIdFor('', '', ''));
  });

  it('quotes CSV fields per RFC 4180', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('plain')).toBe('plain');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvField(12.5)).toBe('12.5');
  });
});
