// 观摩评比 against star progress (issue #16): Spearman's ρ worked out by hand.
import { describe, expect, it } from 'vitest';
import { averageRanks, describeProgress, judgeProgress, spearman } from '../../shared/judge/progress.ts';

describe('rank correlation', () => {
  it('gives tied values the mean of their places', () => {
    expect(averageRanks([92.67, 90, 90, 82.33])).toEqual([1, 2.5, 2.5, 4]);
  });

  it('computes Spearman’s ρ on average ranks', () => {
    // Score ranks 1, 2.5, 2.5, 4; change ranks 1, 3, 2, 4 (0.05 > 0.03 > 0.02 > −0.01).
    // Deviations from 2.5: (−1.5, 0, 0, 1.5) and (−1.5, 0.5, −0.5, 1.5):
    // Σab = 2.25 + 2.25 = 4.5, Σa² = 4.5, Σb² = 5 → ρ = 4.5 / √22.5 = 0.9487.
    expect(spearman([92.67, 90, 90, 82.33], [0.05, 0.02, 0.03, -0.01])).toBeCloseTo(0.9487, 4);
    // Exactly reversed: −1.
    expect(spearman([3, 2, 1], [1, 2, 3])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2], [1, 2])).toBeNull();
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
  });

  it('pairs the round’s ranked townships with their change and names the ones the data lacks', () => {
    const rows = [
      { name: '河口镇', rank: 1, score: 92.67 }, { name: '城关镇', rank: 2, score: 90 }, { name: '青石镇', rank: 2, score: 90 },
      { name: '柳林乡', rank: 4, score: 82.33 }, { name: '新区', rank: 5, score: 80 }, { name: '未评', rank: null, score: null },
    ];
    const changes = new Map<string, number | null>([['河口镇', 0.05], ['城关镇', 0.02], ['青石镇', 0.03], ['柳林乡', -0.01], ['未评', 0]]);
    const p = judgeProgress(rows, changes);
    expect(p.unmatched).toEqual(['新区']);
    expect(p.n).toBe(4);
    expect(p.rho).toBeCloseTo(0.9487, 4);
    expect(describeProgress(p.rho, p.n, '三星以上占比提升幅度')).toBe(
      '评比得分与三星以上占比提升幅度的等级相关系数为 0.95，较强的正相关：评比得分高的乡镇，三星以上占比提升幅度也较大（只有 4 个乡镇，仅供参考）。');
    expect(describeProgress(null, 2, 'x')).toBe('能与x对照的乡镇不足 3 个，无法计算相关程度。');
    expect(describeProgress(-0.1, 12, 'x')).toBe('评比得分与x的等级相关系数为 -0.10，基本不相关：评比得分高低与x关系不明显。');
  });
});
