/**
 * Two small counties for the analysis tests, small enough to compute every figure by hand
 * (the arithmetic is written next to each assertion in tests/unit/analysis-*.test.ts).
 *
 *   甲县 城关镇   a1 王庄村 (village)  a2 李寨村 (village)  a3 幸福社区 (community)
 *   甲县 东'湖乡  a4 张湾村 (village)  a5 刘岗村 (village)       ← no communities; a5 has no 2024Q3
 *   乙县 城关镇   b1 王庄村 (village)  b2 和平社区 (community)   ← same township (and village) names
 *   乙县 河口镇   b3 陈楼村 (village)  b4 赵河村 (village)       ← b4 has no target level
 *
 * Periods: 2023Q4 (a1 a2 b1 b2), the 2023 annual rating (a1 only, differs from its Q4),
 * 2024Q3 (all but a5), 2024Q4 (all nine). Nobody has 2024Q2, so 2024Q3 has no previous period.
 *
 * Stars (V = village: B 支部过硬 I 产业兴旺 E 生态宜居 S 平安法治 C 文明幸福;
 *        C = community: B 支部过硬 S 平安法治 J 共建共享 H 幸福和谐 Y 宜业兴业):
 *
 *   unit  2023Q4      2023年    2024Q3        2024Q4          target(Q4) weak  income Q4  score Q4
 *   a1    I S  (2)    I E S (3) I E S C (4)   B I E S C (5)   5          -     20        95
 *   a2    S    (1)              E S C  (3)    S C     (2)     3          -     8         70
 *   a3                           S J  (2)      S J H   (3)     4          -     -         85
 *   a4                           I S  (2)      I E S   (3)     3          -     12        80
 *   a5                           (no rating)   S       (1)     3          weak  5         60
 *   b1    E S C (3)              I E S C (4)   E S C   (3)     4          -     10        78
 *   b2    S J  (2)               S H  (2)      S       (1)     3          -     -         62
 *   b3                           E S  (2)      E S     (2)     3          -     9         72
 *   b4                           S    (1)      (none)  (0)     -          weak  3         50
 */
import { NORMALIZED_CSV_COLUMNS } from '../../shared/sql/schema.ts';

type Star = 'branch' | 'industry' | 'ecology' | 'safety' | 'civility' | 'cobuild' | 'harmony' | 'business';

const VILLAGE: Star[] = ['branch', 'industry', 'ecology', 'safety', 'civility'];
const COMMUNITY: Star[] = ['branch', 'safety', 'cobuild', 'harmony', 'business'];
const LETTERS: Record<string, Star> = {
  B: 'branch', I: 'industry', E: 'ecology', S: 'safety', C: 'civility', J: 'cobuild', H: 'harmony', Y: 'business',
};

export const COUNTY_A = '甲县';
export const COUNTY_B = '乙县';
export const CHENGGUAN = '城关镇';
export const DONGHU = "东'湖乡";
export const HEKOU = '河口镇';

interface UnitDef { id: string; county: string; township: string; name: string; kind: 'village' | 'community' }

export const UNITS: Record<string, UnitDef> = {
  a1: { id: 'a1', county: COUNTY_A, township: CHENGGUAN, name: '王庄村', kind: 'village' },
  a2: { id: 'a2', county: COUNTY_A, township: CHENGGUAN, name: '李寨村', kind: 'village' },
  a3: { id: 'a3', county: COUNTY_A, township: CHENGGUAN, name: '幸福社区', kind: 'community' },
  a4: { id: 'a4', county: COUNTY_A, township: DONGHU, name: '张湾村', kind: 'village' },
  a5: { id: 'a5', county: COUNTY_A, township: DONGHU, name: '刘岗村', kind: 'village' },
  b1: { id: 'b1', county: COUNTY_B, township: CHENGGUAN, name: '王庄村', kind: 'village' },
  b2: { id: 'b2', county: COUNTY_B, township: CHENGGUAN, name: '和平社区', kind: 'community' },
  b3: { id: 'b3', county: COUNTY_B, township: HEKOU, name: '陈楼村', kind: 'village' },
  b4: { id: 'b4', county: COUNTY_B, township: HEKOU, name: '赵河村', kind: 'village' },
};

/** Pinyin initials of the names above (the tests' stand-in for a pinyin dictionary). */
export const INITIALS: Record<string, string> = {
  王庄村: 'wzc', 李寨村: 'lzc', 幸福社区: 'xfsq', 张湾村: 'zwc', 刘岗村: 'lgc', 和平社区: 'hpsq', 陈楼村: 'clc', 赵河村: 'zhc',
};

function row(unit: string, year: number, quarter: number | null, stars: string, target: number | null,
  weak: boolean, income: number | null, score: number): string {
  const u = UNITS[unit];
  const applies = u.kind === 'village' ? VILLAGE : COMMUNITY;
  const held = new Set([...stars.replace(/\s/g, '')].map((ch) => LETTERS[ch]));
  for (const s of held) if (!applies.includes(s)) throw new Error(`${unit}: ${s} does not apply`);
  const values: Record<string, string | number> = {
    unit_id: u.id, county: u.county, township: u.township, name: u.name, kind: u.kind,
    year, quarter: quarter ?? '', level: applies.filter((s) => held.has(s)).length,
    target_level: target ?? '', weak_branch: String(weak), collective_income: income ?? '', score,
  };
  for (const s of [...VILLAGE, ...COMMUNITY]) values[s] = applies.includes(s) ? String(held.has(s)) : '';
  return Object.keys(NORMALIZED_CSV_COLUMNS).map((c) => (c === 'township' ? `"${values[c]}"` : values[c])).join(',');
}

export const ANALYSIS_COUNTY_CSV = [
  Object.keys(NORMALIZED_CSV_COLUMNS).join(','),
  // 2023Q4
  row('a1', 2023, 4, 'IS', 4, false, 15, 80),
  row('a2', 2023, 4, 'S', 3, false, 7, 60),
  row('b1', 2023, 4, 'ESC', 4, false, 9, 76),
  row('b2', 2023, 4, 'SJ', 3, false, null, 60),
  // 2023 annual (a1 only)
  row('a1', 2023, null, 'IES', 4, false, 15, 85),
  // 2024Q3 (a5 missing)
  row('a1', 2024, 3, 'IESC', 5, false, 18, 90),
  row('a2', 2024, 3, 'ESC', 3, false, 8, 75),
  row('a3', 2024, 3, 'SJ', 4, false, null, 80),
  row('a4', 2024, 3, 'IS', 3, false, 11, 70),
  row('b1', 2024, 3, 'IESC', 4, false, 10, 82),
  row('b2', 2024, 3, 'SH', 3, false, null, 65),
  row('b3', 2024, 3, 'ES', 3, false, 9, 70),
  row('b4', 2024, 3, 'S', null, true, 3, 55),
  // 2024Q4
  row('a1', 2024, 4, 'BIESC', 5, false, 20, 95),
  row('a2', 2024, 4, 'SC', 3, false, 8, 70),
  row('a3', 2024, 4, 'SJH', 4, false, null, 85),
  row('a4', 2024, 4, 'IES', 3, false, 12, 80),
  row('a5', 2024, 4, 'S', 3, true, 5, 60),
  row('b1', 2024, 4, 'ESC', 4, false, 10, 78),
  row('b2', 2024, 4, 'S', 3, false, null, 62),
  row('b3', 2024, 4, 'ES', 3, false, 9, 72),
  row('b4', 2024, 4, '', null, true, 3, 50),
].join('\n') + '\n';

export const Q4 = '2024Q4';
export const Q3 = '2024Q3';
export const PREV_YEAR_Q4 = '2023Q4';

export const CG_A = { county: COUNTY_A, township: CHENGGUAN };
export const CG_B = { county: COUNTY_B, township: CHENGGUAN };
export const DH_A = { county: COUNTY_A, township: DONGHU };
export const HK_B = { county: COUNTY_B, township: HEKOU };
