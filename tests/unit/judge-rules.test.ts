// 观摩评比 rules (issue #16): every expected number is worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { fromNumber, roundHalfUp, toNumber } from '../../shared/judge/exact.ts';
import { findOutliers } from '../../shared/judge/outliers.ts';
import { checkRule, describeRule, JudgeRuleError, rankRound } from '../../shared/judge/rules.ts';
import type { JudgeRound, JudgeRule } from '../../shared/judge/types.ts';

type Scores = Array<number | null>;

/** A round of one component "评分" (out of 100) with the judges' scores per contestant. */
function single(rows: Record<string, Scores>): JudgeRound {
  const judges = Object.values(rows)[0].map((_, i) => `评委${i + 1}`);
  return {
    name: '测试轮',
    components: [{ name: '评分', max: 100, judges, source: 't' }],
    contestants: Object.entries(rows).map(([name, s]) => ({ name, township: null, scores: [s], source: 't' })),
    warnings: [],
  };
}

/** A round of 现场观摩 + 汇报 (each out of 100). */
function twoParts(rows: Record<string, [Scores, Scores]>): JudgeRound {
  const [site, talk] = Object.values(rows)[0];
  return {
    name: '大比武',
    components: [
      { name: '现场观摩', max: 100, judges: site.map((_, i) => `评委${i + 1}`), source: 't' },
      { name: '汇报', max: 100, judges: talk.map((_, i) => `评委${i + 1}`), source: 't' },
    ],
    contestants: Object.entries(rows).map(([name, s]) => ({ name, township: null, scores: s, source: 't' })),
    warnings: [],
  };
}

const TRIMMED: JudgeRule = { method: 'trimmed' };

describe('exact half-up rounding', () => {
  it('rounds the typed decimal, not its binary neighbour', () => {
    // 1.005 is stored as 1.00499999…; (1.005).toFixed(2) gives "1.00", half-up gives 1.01.
    expect(toNumber(roundHalfUp(fromNumber(1.005), 2))).toBe(1.01);
    expect(toNumber(roundHalfUp(fromNumber(2.675), 2))).toBe(2.68);
    expect(toNumber(roundHalfUp(fromNumber(89.5), 0))).toBe(90);
    expect(toNumber(roundHalfUp(fromNumber(88.004), 2))).toBe(88);
    expect(toNumber(roundHalfUp(fromNumber(-1.005), 2))).toBe(-1.01);
  });
});

describe('component scores', () => {
  it('drops the highest and the lowest of five judges by default', () => {
    // 90, 92, 88, 95, 85 → drop 95 (评委4) and 85 (评委5) → (90 + 92 + 88) / 3 = 90.00
    const r = rankRound(single({ 城关镇: [90, 92, 88, 95, 85] }), TRIMMED);
    expect(r.rows[0]).toMatchObject({ name: '城关镇', rank: 1, score: 90, spread: 10, warnings: [] });
    expect(r.rows[0].components[0]).toEqual({ component: '评分', scores: [90, 92, 88, 95, 85], dropped: [3, 4], score: 90, spread: 10 });
    expect(r.components[0].drop).toBe(1);
    expect(r.description).toBe('去掉1个最高分和1个最低分后取平均，保留2位小数（四舍五入），同分并列（1、2、2、4）');
  });

  it('takes the plain mean with mean, and with fewer than five judges under trimmed', () => {
    // mean: (90 + 92 + 88 + 95 + 85) / 5 = 450 / 5 = 90.00; (93 + 91 + 94 + 90 + 96) / 5 = 464 / 5 = 92.80
    const five = rankRound(single({ 城关镇: [90, 92, 88, 95, 85], 河口镇: [93, 91, 94, 90, 96] }), { method: 'mean' });
    expect(five.rows.map((r) => [r.rank, r.name, r.score])).toEqual([[1, '河口镇', 92.8], [2, '城关镇', 90]]);
    expect(five.rows[0].components[0].dropped).toEqual([]);
    // four judges, trimmed without drop: nothing dropped → (90 + 80 + 70 + 100) / 4 = 85.00
    const four = rankRound(single({ 甲村: [90, 80, 70, 100] }), TRIMMED);
    expect(four.rows[0].score).toBe(85);
    expect(four.components[0].drop).toBe(0);
  });

  it('drops N highest and N lowest with drop N', () => {
    // 88, 90, 85, 92, 87, 95, 80 with drop 2: out go 80 and 85 (评委7, 评委3) and 92 and 95 (评委4, 评委6)
    // → (88 + 90 + 87) / 3 = 265 / 3 = 88.333… → 88.33
    const r = rankRound(single({ 城关镇: [88, 90, 85, 92, 87, 95, 80] }), { method: 'trimmed', drop: 2 });
    expect(r.rows[0].score).toBe(88.33);
    expect(r.rows[0].components[0].dropped).toEqual([2, 3, 5, 6]);
  });

  it('skips a missing score and drops among the present ones', () => {
    // 90, —, 88, 95, 85 → present 90, 88, 95, 85 → drop 95 and 85 → (90 + 88) / 2 = 89.00
    const r = rankRound(single({ 东关村: [90, null, 88, 95, 85] }), TRIMMED);
    expect(r.rows[0].score).toBe(89);
    expect(r.rows[0].components[0].dropped).toEqual([3, 4]);
    expect(r.rows[0].spread).toBe(10);
  });

  it('drops nothing, with a warning, when fewer than 2N+1 scores are present', () => {
    // 87, —, —, 89, — → 2 present < 3 → (87 + 89) / 2 = 88.00
    const r = rankRound(single({ 李庄村: [87, null, null, 89, null] }), TRIMMED);
    expect(r.rows[0].score).toBe(88);
    expect(r.rows[0].components[0].dropped).toEqual([]);
    expect(r.rows[0].warnings).toEqual(['"李庄村"只有 2 个评委打分，不足以去掉 1 个最高分和 1 个最低分（至少需要 3 个），已按全部有效评分取平均。']);
  });

  it('leaves a contestant without any score unranked, after the others', () => {
    const r = rankRound(single({ 王庄村: [null, null, null, null, null], 李庄村: [80, 80, 80, 80, 80] }), TRIMMED);
    expect(r.rows.map((x) => [x.name, x.rank, x.score])).toEqual([['李庄村', 1, 80], ['王庄村', null, null]]);
    expect(r.warnings).toEqual(['"王庄村"没有任何评委打分，无法计算得分，不参加排名。']);
  });

  it('rounds the exact mean half-up', () => {
    // (80 + 80.01) / 2 = 80.005 → 80.01; in binary it is 80.00499…, and toFixed(2) would give 80.00
    expect(rankRound(single({ 甲村: [80, 80.01] }), { method: 'mean' }).rows[0].score).toBe(80.01);
    // (89 + 90) / 2 = 89.5 → 0 decimals → 90
    expect(rankRound(single({ 甲村: [89, 90] }), { method: 'mean', decimals: 0 }).rows[0].score).toBe(90);
  });
});

describe('components and weights', () => {
  const round = twoParts({
    // 现场 90, 92, 88, 95, 85 → 90.00; 汇报 80, 85, 90, 70, 95 → drop 95, 70 → 255 / 3 = 85.00
    城关镇: [[90, 92, 88, 95, 85], [80, 85, 90, 70, 95]],
    // 现场 85..89 → drop 89, 85 → 87.00; 汇报 95, 96, 94, 97, 93 → drop 97, 93 → 285 / 3 = 95.00
    河口镇: [[85, 86, 87, 88, 89], [95, 96, 94, 97, 93]],
  });

  it('weights the component scores as given', () => {
    // 城关镇 0.7 × 90 + 0.3 × 85 = 63 + 25.5 = 88.50; 河口镇 0.7 × 87 + 0.3 × 95 = 60.9 + 28.5 = 89.40
    const r = rankRound(round, { method: 'trimmed', weights: { 现场观摩: 0.7, 汇报: 0.3 } });
    expect(r.rows.map((x) => [x.rank, x.name, x.score])).toEqual([[1, '河口镇', 89.4], [2, '城关镇', 88.5]]);
    expect(r.rows[1].components.map((c) => c.score)).toEqual([90, 85]);
    expect(r.description).toBe('去掉1个最高分和1个最低分后取平均，按"现场观摩"×0.7＋"汇报"×0.3合成总分，保留2位小数（四舍五入），同分并列（1、2、2、4）');
  });

  it('adds the components up without weights', () => {
    // 90 + 85 = 175.00; 87 + 95 = 182.00
    const r = rankRound(round, TRIMMED);
    expect(r.rows.map((x) => [x.name, x.score])).toEqual([['河口镇', 182], ['城关镇', 175]]);
  });

  it('rounds the weighted sum half-up on the exact value', () => {
    // 0.5 × 88.35 + 0.5 × 90 = 44.175 + 45 = 89.175 → 89.18 (the float sum is 89.17499…)
    const r = rankRound(twoParts({ 甲村: [[88.35], [90]] }), { method: 'mean', weights: { 现场观摩: 0.5, 汇报: 0.5 } });
    expect(r.rows[0].score).toBe(89.18);
  });
});

describe('ranking, ties and points', () => {
  // trimmed means: 甲 (91+92+93)/3 = 92; 乙 (92+92+92)/3 = 92; 丙 95; 丁 (89+90+91)/3 = 90;
  // 戊 (91.99+92+92)/3 = 275.99/3 = 91.99666… → 92.00: a tie on the rounded score.
  const round = single({
    甲村: [90, 91, 92, 93, 94],
    乙村: [92, 92, 92, 80, 99],
    丙村: [95, 95, 95, 95, 95],
    丁村: [88, 89, 90, 91, 92],
    戊村: [91.99, 92, 92, 80, 99],
  });

  it('gives tied rounded scores one rank and skips the next ones (1, 2, 2, 2, 5)', () => {
    const r = rankRound(round, { method: 'trimmed', points: [60, 57, 54, 51, 48] });
    expect(r.rows.map((x) => [x.rank, x.name, x.score, x.points])).toEqual([
      [1, '丙村', 95, 60],
      [2, '甲村', 92, 57],
      [2, '乙村', 92, 57],
      [2, '戊村', 92, 57],
      [5, '丁村', 90, 48],
    ]);
  });

  it('gives no points past the end of the table', () => {
    const r = rankRound(round, { method: 'trimmed', points: [10, 8] });
    expect(r.rows.map((x) => x.points)).toEqual([10, 8, 8, 8, null]);
  });

  it('breaks ties by a chosen component, and keeps the rank shared when that is equal too', () => {
    // mean, 0.5/0.5: A 0.5×90 + 0.5×85 = 87.5; B 0.5×85 + 0.5×90 = 87.5; C 0.5×80 + 0.5×95 = 87.5; D as B.
    // By 汇报: C 95 → 1; B and D 90 → 2, 2; A 85 → 4.
    const r4 = twoParts({ A: [[90, 90, 90], [85, 85, 85]], B: [[85, 85, 85], [90, 90, 90]], C: [[80, 80, 80], [95, 95, 95]], D: [[85, 85, 85], [90, 90, 90]] });
    const weights = { 现场观摩: 0.5, 汇报: 0.5 };
    const plain = rankRound(r4, { method: 'mean', weights });
    expect(plain.rows.map((x) => [x.rank, x.name, x.score])).toEqual([[1, 'A', 87.5], [1, 'B', 87.5], [1, 'C', 87.5], [1, 'D', 87.5]]);
    const broken = rankRound(r4, { method: 'mean', weights, ties: { breakBy: '汇报' } });
    expect(broken.rows.map((x) => [x.rank, x.name])).toEqual([[1, 'C'], [2, 'B'], [2, 'D'], [4, 'A']]);
    expect(broken.description).toContain('同分时"汇报"得分高者在前，仍相同则并列');
  });
});

describe('judges far from the others', () => {
  it('flags a judge more than 2 standard deviations and at least 10% of the maximum away', () => {
    // 70 against 90, 91, 89, 92: mean 90.5, sample sd √((0.25+0.25+2.25+2.25)/3) = √(5/3) ≈ 1.29; gap 20.5 > 2.58 and ≥ 10
    expect(findOutliers([90, 91, 89, 92, 70], 100)).toEqual([{ judge: 4, score: 70, othersMean: 90.5 }]);
    // 95 against 90, 92, 88, 85: mean 88.75, gap 6.25 < 10 → ordinary disagreement
    expect(findOutliers([90, 92, 88, 95, 85], 100)).toEqual([]);
    // with a maximum of 30 the minimum gap is 3: 20 against 26, 26, 27, 25 (mean 26, sd √(2/3) ≈ 0.82) → 6 ≥ 3
    expect(findOutliers([26, 26, 20, 27, 25], 30)).toEqual([{ judge: 2, score: 20, othersMean: 26 }]);
    // only two others: nothing to compare with
    expect(findOutliers([90, 90, 50], 100)).toEqual([]);
  });

  it('lists the flag on the contestant with the judge name and the others’ mean', () => {
    // 乙村 80 against 92, 92, 92, 99: mean 93.75, sample sd √((3×1.75² + 5.25²)/3) = √12.25 = 3.5; gap 13.75 > 7
    // 99 against 92, 92, 92, 80: mean 89, sd √((3×9 + 81)/3) = 6; gap 10 is not > 12
    const r = rankRound(single({ 乙村: [92, 92, 92, 80, 99] }), TRIMMED);
    expect(r.rows[0].flags).toEqual([{ component: '评分', judge: 3, judgeName: '评委4', score: 80, othersMean: 93.75 }]);
  });
});

describe('rule checks and descriptions', () => {
  const round = twoParts({ A: [[90], [80]] });
  const fails = (rule: JudgeRule, text: string) => expect(() => checkRule(rule, round)).toThrow(new JudgeRuleError(text));

  it('refuses rules that do not fit', () => {
    fails({ method: 'median' as 'mean' }, '计分方法只能是 trimmed（去掉最高最低分后平均）或 mean（直接平均），收到"median"。');
    fails({ method: 'mean', drop: 1 }, '直接平均（mean）不去掉任何分数；要去掉最高最低分请用 trimmed。');
    fails({ method: 'trimmed', drop: -1 }, '去掉的最高分、最低分个数须为 0 或正整数，收到"-1"。');
    fails({ method: 'mean', weights: { 现场观摩: 0.7 } }, '权重中缺少"汇报"（本轮有："现场观摩"、"汇报"），请给每个部分都写上权重。');
    fails({ method: 'mean', weights: { 现场观摩: 0.7, 汇报: 0.2, 答辩: 0.1 } }, '权重中的"答辩"不是本轮评分的组成部分（本轮有："现场观摩"、"汇报"）。');
    fails({ method: 'mean', ties: { breakBy: '答辩' } }, '同分比较的"答辩"不是本轮评分的组成部分（本轮有："现场观摩"、"汇报"）。');
    expect(() => rankRound(round, { method: 'mean', drop: 2 })).toThrow(JudgeRuleError);
  });

  it('describes a rule in Chinese', () => {
    expect(describeRule({ method: 'trimmed', drop: 1 })).toBe('去掉1个最高分和1个最低分后取平均，保留2位小数（四舍五入），同分并列（1、2、2、4）');
    expect(describeRule({ method: 'trimmed' })).toBe('5名及以上评委时去掉1个最高分和1个最低分后取平均，不足5名时取全部评委的平均分，保留2位小数（四舍五入），同分并列（1、2、2、4）');
    expect(describeRule({ method: 'mean', decimals: 1, points: [60, 57, 54] }, ['现场观摩', '汇报'])).toBe(
      '取全部评委的平均分，"现场观摩"、"汇报"得分相加为总分，保留1位小数（四舍五入），同分并列（1、2、2、4），名次计分：第1名60分、第2名57分、第3名54分，其后不计分',
    );
  });
});
