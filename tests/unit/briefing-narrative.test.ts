/**
 * The briefing narrative: every number against the hand-computed analysis county
 * (tests/support/analysis-county.ts, the table in its header), and the edge cases: no
 * previous quarter, one township, no units that lost stars. 较年初 falls back to the year
 * before's annual rating in the comparable county (tests/support/comparable-county.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import type { Database } from '../../shared/db.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { runAnalysis } from '../../shared/engine/index.ts';
import { NARRATIVE_SCAFFOLD, narrativeFacts, writeNarrative, type NarrativeFacts, type Runner } from '../../shared/briefing/narrative.ts';
import { textParagraphs } from '../../shared/briefing/docx.ts';
import { ANALYSIS_COUNTY_CSV, COUNTY_A, DONGHU, HEKOU } from '../support/analysis-county.ts';
import { COMPARABLE_CSV } from '../support/comparable-county.ts';

let db: Database;
let run: Runner;
const Q4 = { year: 2024, quarter: 4 };
const Q3 = { year: 2024, quarter: 3 };
const ALL = { townships: [], kind: null };

beforeAll(async () => {
  db = await openNodeDuckDB();
  await loadNormalizedCsv(db, { dataset_id: 'd1', name: '测试', source: 'analysis.csv', is_sample: false }, ANALYSIS_COUNTY_CSV);
  run = (q) => runAnalysis(db, q);
});
afterAll(async () => db?.close());

describe('narrative facts from the measures', () => {
  it('2024Q4, whole scope: levels, share and its change, risers, weakest star, units that lost stars', async () => {
    const f = await narrativeFacts(run, Q4, ALL);
    // 2024Q4 levels: a1 5, a2 2, a3 3, a4 3, a5 1, b1 3, b2 1, b3 2, b4 0.
    expect(f).toMatchObject({
      hasData: true, hasPrevious: true, against: '上季度', scopeName: '全县',
      units: 9, villages: 7, communities: 2, levels: [1, 2, 2, 3, 0, 1], n3plus: 4, townships: 4,
    });
    expect(f.share3).toBeCloseTo(4 / 9, 12);
    // 2024Q3: a1 4, a2 3, a3 2, a4 2, b1 4, b2 2, b3 2, b4 1 → 3 of 8 at ≥ 3.
    expect(f.prevShare3).toBeCloseTo(3 / 8, 12);
    // Rose Q3 → Q4: a1 4→5, a3 2→3 (甲县城关镇), a4 2→3 (东'湖乡).
    expect(f.unitsUp).toBe(3);
    // 城关镇 is in both counties: named with its county.
    expect(f.risers).toEqual([{ township: '甲县城关镇', up: 2 }, { township: DONGHU, up: 1 }]);
    expect(f.moreRisers).toBe(false);
    // Rates Q4: 宜业兴业 0/2 lowest, 平安法治 8/9 highest.
    expect(f.weakest).toEqual([{ star: 'business', rate: 0 }]);
    expect(f.strongest.map((s) => s.star)).toEqual(['safety']);
    expect(f.strongest[0].rate).toBeCloseTo(8 / 9, 12);
    // Lost: b2 H, a2 E, b1 I (城关镇 of each county), b4 S (河口镇); equal falls, by township and name.
    expect(f.demoted).toEqual([
      { name: '和平社区', township: '乙县城关镇', lost: ['harmony'] },
      { name: '李寨村', township: '甲县城关镇', lost: ['ecology'] },
      { name: '王庄村', township: '乙县城关镇', lost: ['industry'] },
      { name: '赵河村', township: HEKOU, lost: ['safety'] },
    ]);
  });

  it('writes the numbers the way a report does', async () => {
    const text = writeNarrative(await narrativeFacts(run, Q4, ALL));
    expect(text.split('\n\n')).toEqual([
      // 4/9 = 44.4%; 3/8 = 37.5%; 44.44 − 37.50 = 6.94 → 6.9 points. a5 has no 2024Q3 rating:
      // the share compares 9 units with 8, and a5 takes no part in the rises and falls.
      '截至2024年第四季度，全县共有参评单位9个（村7个、社区2个），其中“五星”支部1个、“四星”支部0个、“三星”支部3个，三星以上占比44.4%，较上季度提高6.9个百分点（两期参评单位不完全相同：本期有1个单位上季度无评定记录）。',
      '与上季度相比，全县共有3个单位星级提升、4个单位被摘星；甲县城关镇、东\'湖乡升星较多（分别为2个、1个）。另有1个单位上季度无评定记录，未参与比较。',
      '分星类看，宜业兴业星达标率最低（0.0%），平安法治星达标率最高（88.9%）。',
      '被摘星的单位有：和平社区（乙县城关镇，摘除幸福和谐星）、李寨村（甲县城关镇，摘除生态宜居星）、王庄村（乙县城关镇，摘除产业兴旺星）、赵河村（河口镇，摘除平安法治星），需重点关注、督促整改。',
      // 较年初 = 2023Q4 (a1 2, a2 1, b1 3, b2 2): 1 of 4 at ≥ 3. Now 4 of 9: +3 units;
      // 44.44 − 25.00 = 19.44 → 19.4 points.
      '从全年看，全县三星以上单位较年初（2023年第四季度）增加3个，占比提高19.4个百分点。',
      // 2024Q4 by township: 甲县城关镇 a1 5, a2 2, a3 3 → 2/3; 乙县城关镇 b1 3, b2 1 → 1/2;
      // 东'湖乡 a4 3, a5 1 → 1/2; 河口镇 b3 2, b4 0 → 0/2. 66.67 − 0 = 66.7 points. 城关镇 is
      // in both counties: named as townshipNames writes it, the share inside its brackets.
      '分乡镇看，三星以上占比最高的是城关镇（甲县，66.7%），最低的是河口镇（0.0%），相差66.7个百分点。',
      '（一）存在问题',
      '（请在此填写存在的主要问题，如进展不平衡的乡镇、达标率偏低的星类等。）',
      '（二）下步打算',
      '（请在此填写下步工作打算和措施。）',
    ]);
  });

  it('says so when there is no previous quarter, and gives no delta or changes', async () => {
    // Nobody has 2024Q2.
    const f = await narrativeFacts(run, Q3, ALL);
    expect(f).toMatchObject({ hasPrevious: false, prevShare3: null, unitsUp: 0, risers: [], demoted: [], units: 8, levels: [0, 1, 4, 1, 2, 0] });
    const text = writeNarrative(f);
    expect(text).toContain('三星以上占比37.5%，无可比数据（2024年第二季度无评定数据）。');
    expect(text).not.toMatch(/较上季度|被摘星|升星/);
    // 2024Q3: a1 4, a2 3, b1 4 at ≥ 3 (3 of 8) vs 2023Q4's 1 of 4: +2, 37.5 − 25.0 = 12.5 points.
    // Townships: 甲县城关镇 a1 4, a2 3, a3 2 → 2/3; 乙县城关镇 b1 4, b2 2 → 1/2; 东'湖乡 a4 2 → 0;
    // 河口镇 b3 2, b4 1 → 0: the two lowest tie.
    expect(text.split('\n\n')).toEqual([
      expect.stringContaining('三星以上占比37.5%，无可比数据'),
      expect.stringContaining('分星类看'),
      '从全年看，全县三星以上单位较年初（2023年第四季度）增加2个，占比提高12.5个百分点。',
      '分乡镇看，三星以上占比最高的是城关镇（甲县，66.7%），最低的是东\'湖乡、河口镇（均为0.0%），相差66.7个百分点。',
      ...NARRATIVE_SCAFFOLD,
    ]);
  });

  it('one township: no township comparison; ties in the star rates are listed together', async () => {
    const f = await narrativeFacts(run, Q4, { townships: [HEKOU], kind: null });
    // 河口镇 Q4: b3 2 (E S), b4 0; Q3: b3 2, b4 1 → 0 of 2 both quarters.
    expect(f).toMatchObject({ units: 2, villages: 2, communities: 0, townships: 1, share3: 0, prevShare3: 0, unitsUp: 0 });
    // One township: no highest and lowest; 河口镇 has no 2023 rating at all: no 较年初.
    expect(f.shareSpread).toBeNull();
    expect(f.yearStart).toBeNull();
    const text = writeNarrative(f);
    expect(text).toContain('截至2024年第四季度，河口镇共有参评单位2个，其中');
    expect(text).toContain('三星以上占比0.0%，与上季度持平。');
    expect(text).toContain('与上季度相比，河口镇没有单位星级提升、1个单位被摘星。');
    expect(text).not.toContain('升星较多');
    // Village stars: 支部过硬 0/2, 产业兴旺 0/2, 文明幸福 0/2; 生态宜居 1/2, 平安法治 1/2.
    expect(text).toContain('分星类看，支部过硬星、产业兴旺星、文明幸福星达标率最低（均为0.0%），生态宜居星、平安法治星达标率最高（均为50.0%）。');
    expect(text).toContain('被摘星的单位有：赵河村（河口镇，摘除平安法治星）');
    expect(text).not.toMatch(/较年初|分乡镇看/);
  });

  it('no units lost stars', async () => {
    // 东'湖乡: a4 2→3; a5 has no Q3 rating (not compared).
    const f = await narrativeFacts(run, Q4, { townships: [DONGHU], kind: null });
    expect(f.demoted).toEqual([]);
    expect(f.unitsUp).toBe(1);
    const text = writeNarrative(f);
    expect(text).toContain('与上季度相比，东\'湖乡共有1个单位星级提升、没有单位被摘星。另有1个单位上季度无评定记录，未参与比较。');
    expect(text).not.toContain('被摘星的单位有');
  });

  it('follows the kind filter and names it', async () => {
    const f = await narrativeFacts(run, Q4, { townships: [], kind: 'community' });
    // a3 3 (S J H), b2 1 (S); Q3 a3 2, b2 2.
    expect(f).toMatchObject({ scopeName: '全县（仅社区）', units: 2, communities: 2, villages: 0, levels: [0, 1, 0, 1, 0, 0], unitsUp: 1 });
    expect(f.weakest.map((w) => w.star)).toEqual(['branch', 'business']);
    expect(writeNarrative(f)).toContain('全县（仅社区）共有参评单位2个，');
  });

  it('an annual period compares with the previous year', async () => {
    const f = await narrativeFacts(run, { year: 2023, quarter: null }, ALL);
    expect(f).toMatchObject({ against: '上年度', hasPrevious: false, units: 1, levels: [0, 0, 0, 1, 0, 0] });
    // An annual period is compared with the year before already: no 较年初; one township.
    expect(f.yearStart).toBeNull();
    expect(f.shareSpread).toBeNull();
    expect(writeNarrative(f)).toContain('截至2023年度，全县共有参评单位1个，');
  });

  it('a period without ratings', async () => {
    const f = await narrativeFacts(run, { year: 2020, quarter: 1 }, ALL);
    expect(f.hasData).toBe(false);
    expect(writeNarrative(f)).toBe('截至2020年第一季度，全县没有评定数据。请导入该期台账，或在顶部更换期次、乡镇筛选。');
  });
});

describe('较年初, the townships\' spread and the analyst\'s part', () => {
  it('one county: 较年初 against its 2023Q4, its townships without the county', async () => {
    const f = await narrativeFacts(run, Q4, { counties: [COUNTY_A], townships: [], kind: null, loaded: ['甲县', '乙县'] });
    // 甲县 2023Q4: a1 2, a2 1 → 0 of 2 at ≥ 3. 2024Q4: a1 5, a2 2, a3 3, a4 3, a5 1 → 3 of 5.
    expect(f.yearStart).toEqual({ period: { year: 2023, quarter: 4 }, n3plus: 0, share3: 0 });
    expect(f.n3plus).toBe(3);
    const text = writeNarrative(f);
    expect(text).toContain('从全年看，甲县三星以上单位较年初（2023年第四季度）增加3个，占比提高60.0个百分点。');
    // 城关镇 2/3 = 66.67%, 东'湖乡 1/2: 66.67 − 50 = 16.67 → 16.7 points.
    expect(text).toContain('分乡镇看，三星以上占比最高的是城关镇（66.7%），最低的是东\'湖乡（50.0%），相差16.7个百分点。');
  });

  it('ties at the top are listed together; equal townships are said to be equal', () => {
    const base = {
      period: Q4, previous: Q3, against: '上季度', scopeName: '全县', hasData: true, hasPrevious: false,
      units: 4, villages: 4, communities: 0, levels: [0, 0, 2, 2, 0, 0], n3plus: 2, share3: 0.5, prevShare3: null,
      townships: 3, comparison: { units: 4, comparable: 0, prevUnits: 0, gone: 0 }, unitsUp: 0, risers: [], moreRisers: false,
      weakest: [], strongest: [], demoted: [], yearStart: null,
    } satisfies NarrativeFacts;
    const spread = { top: [{ township: '甲镇', share: 0.5 }, { township: '乙镇', share: 0.5 }], bottom: [{ township: '丙镇', share: 0.25 }] };
    expect(writeNarrative({ ...base, shareSpread: spread })).toContain('最高的是甲镇、乙镇（均为50.0%），最低的是丙镇（25.0%），相差25.0个百分点。');
    const same = { top: [{ township: '甲镇', share: 0.5 }, { township: '乙镇', share: 0.5 }], bottom: [{ township: '甲镇', share: 0.5 }, { township: '乙镇', share: 0.5 }] };
    expect(writeNarrative({ ...base, shareSpread: same })).toContain('分乡镇看，各乡镇三星以上占比均为50.0%。');
  });

  it('the scaffold: two headings of the second level, each followed by a line for the analyst, read by the Word writer as paragraphs', async () => {
    const text = writeNarrative(await narrativeFacts(run, Q4, ALL));
    const paragraphs = textParagraphs(text);
    expect(paragraphs.slice(-4)).toEqual([...NARRATIVE_SCAFFOLD]);
    expect(paragraphs.slice(-4).map((p) => /^（[一二三四五六七八九十]+）/.test(p))).toEqual([true, false, true, false]);
    // No scaffold under a period without ratings (the text asks for data instead).
    expect(writeNarrative(await narrativeFacts(run, { year: 2020, quarter: 1 }, ALL))).not.toContain('存在问题');
  });
});

describe('较年初 from the year before\'s annual rating (no fourth quarter)', () => {
  let cdb: Database;
  let crun: Runner;
  beforeAll(async () => {
    cdb = await openNodeDuckDB();
    await loadNormalizedCsv(cdb, { dataset_id: 'd1', name: '测试', source: 'comparable.csv', is_sample: false }, COMPARABLE_CSV);
    crun = (q) => runAnalysis(cdb, q);
  });
  afterAll(async () => cdb?.close());

  it('2024Q2 and 2024Q1 against 2023年度 (a 3, g 1: 1 of 2 at ≥ 3)', async () => {
    // 2024Q2: a 4, b 1, e 3, f 0 → 2 of 4 = 50%: +1 unit, 50.0 − 50.0 = 持平.
    const q2 = await narrativeFacts(crun, { year: 2024, quarter: 2 }, ALL);
    expect(q2.yearStart).toEqual({ period: { year: 2023, quarter: null }, n3plus: 1, share3: 0.5 });
    expect(writeNarrative(q2)).toContain('从全年看，全县三星以上单位较年初（2023年度）增加1个，占比持平。');
    // 2024Q1 (no 2023Q4 at all): a 3, b 2, c 1, d 2 → 1 of 4 = 25%: units 持平, 25 − 50 = −25.0 points.
    const q1 = await narrativeFacts(crun, { year: 2024, quarter: 1 }, ALL);
    expect(writeNarrative(q1)).toContain('从全年看，全县三星以上单位与年初（2023年度）持平，占比下降25.0个百分点。');
    // 甲镇 Q2: a 4, b 1, e 3 → 2/3; 乙镇: f 0 → 0: 66.7 points apart.
    expect(writeNarrative(q2)).toContain('最高的是甲镇（66.7%），最低的是乙镇（0.0%），相差66.7个百分点。');
  });
});

describe('narrative templates', () => {
  const base: NarrativeFacts = {
    period: Q3, previous: { year: 2024, quarter: 2 }, against: '上季度', scopeName: '全县', hasData: true, hasPrevious: true,
    units: 100, villages: 80, communities: 20, levels: [10, 20, 43, 13, 9, 5], n3plus: 27, share3: 0.273, prevShare3: 0.25,
    townships: 12, comparison: { units: 100, comparable: 100, prevUnits: 100, gone: 0 }, unitsUp: 9, risers: [{ township: '城关镇', up: 4 }, { township: '河口镇', up: 3 }], moreRisers: false,
    weakest: [{ star: 'industry', rate: 0.654 }], strongest: [], demoted: [],
  };

  it('the example of the spec', () => {
    const text = writeNarrative(base);
    expect(text).toContain('其中“五星”支部5个、“四星”支部9个、“三星”支部13个，三星以上占比27.3%，较上季度提高2.3个百分点。');
    expect(text).toContain('城关镇、河口镇升星较多（分别为4个、3个）');
    expect(text).toContain('产业兴旺星达标率最低（65.4%）。');
  });

  it('one riser, equal risers, many tied risers, and a long list of units that lost stars', () => {
    expect(writeNarrative({ ...base, risers: [{ township: '城关镇', up: 4 }] })).toContain('；城关镇升星最多（4个）。');
    expect(writeNarrative({ ...base, risers: [{ township: '甲镇', up: 2 }, { township: '乙镇', up: 2 }] })).toContain('；甲镇、乙镇升星较多（各2个）。');
    expect(writeNarrative({ ...base, moreRisers: true, risers: [{ township: '甲', up: 1 }, { township: '乙', up: 1 }, { township: '丙', up: 1 }] }))
      .toContain('；甲、乙、丙等乡镇升星较多。');
    const demoted = Array.from({ length: 7 }, (_, i) => ({ name: `村${i + 1}`, township: '城关镇', lost: ['industry' as const] }));
    const text = writeNarrative({ ...base, demoted });
    expect(text).toContain('7个单位被摘星');
    expect(text).toContain('村5（城关镇，摘除产业兴旺星）等7个单位，需重点关注');
    expect(text).not.toContain('村6');
  });

  it('a falling share', () => {
    expect(writeNarrative({ ...base, prevShare3: 0.3 })).toContain('三星以上占比27.3%，较上季度下降2.7个百分点。');
  });
});
