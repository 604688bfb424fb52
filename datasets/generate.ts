/**
 * Generates the bundled sample county (示例数据): an invented county with invented
 * townships and villages, rated every quarter 2022Q1–2025Q4. Deterministic (seeded),
 * so the committed CSV can be checked against a fresh run.
 *
 * Usage: npx tsx datasets/generate.ts [out.csv]
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { STARS, starsFor, type StarId, type UnitKind } from '../shared/stars.ts';
import { unitIdFor } from '../shared/unit-id.ts';
import { NORMALIZED_CSV_COLUMNS } from '../shared/sql/schema.ts';

export const SAMPLE_COUNTY = '示例县';

const TOWNSHIPS: Array<{ name: string; communityShare: number }> = [
  { name: '城关镇', communityShare: 0.3 },
  { name: '河口镇', communityShare: 0.08 },
  { name: '青石镇', communityShare: 0.05 },
  { name: '柳林乡', communityShare: 0 },
  { name: '白马镇', communityShare: 0.05 },
  { name: '东湖街道', communityShare: 0.45 },
  { name: '西岭乡', communityShare: 0 },
  { name: '南塘镇', communityShare: 0.06 },
  { name: '北坡乡', communityShare: 0 },
  { name: '桃源镇', communityShare: 0.04 },
  { name: '石桥镇', communityShare: 0.05 },
  { name: '杏花乡', communityShare: 0 },
];

const FIRST = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '大', '小', '东', '西', '南', '北', '上', '下', '前', '后', '新', '老', '青', '红', '白', '黑', '金', '银', '石', '柳'];
const SECOND = ['庄', '营', '寨', '湾', '岗', '坡', '沟', '河', '桥', '店', '楼', '屯', '园', '岭', '集', '洼', '堂', '坪', '铺', '家'];
const STREET = ['', '', '东路', '西路', '南路', '北路', '新村'];
const COMMUNITY = ['幸福', '和平', '建设', '人民', '文化', '光明', '朝阳', '春晖', '锦绣', '丰收', '育才', '康宁', '滨河', '振兴', '友谊'];

/** mulberry32: small, fast, good enough for synthetic data, and reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How hard each star is to earn (higher = harder); 支部过硬星 is the capstone, handled apart. */
const DIFFICULTY: Record<StarId, number> = {
  branch: 0, industry: 1.3, ecology: 0.4, safety: -0.2, civility: 0.6,
  cobuild: 0.3, harmony: 0.1, business: 1.0,
};

interface SampleUnit { id: string; township: string; name: string; kind: UnitKind; strength: number; income: number }

export interface SampleOptions { seed?: number; firstYear?: number; lastYear?: number }

export function generateSampleCsv(opts: SampleOptions = {}): string {
  const random = rng(opts.seed ?? 20241001);
  const firstYear = opts.firstYear ?? 2022;
  const lastYear = opts.lastYear ?? 2025;
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

  const units: SampleUnit[] = [];
  const used = new Set<string>();
  for (const t of TOWNSHIPS) {
    const count = 24 + Math.floor(random() * 13);
    const townshipSkill = normal() * 0.5;
    for (let i = 0; i < count; i++) {
      const kind: UnitKind = random() < t.communityShare ? 'community' : 'village';
      let name = '';
      do {
        name = kind === 'community'
          ? `${pick(COMMUNITY)}${pick(STREET)}社区`
          : `${pick(FIRST)}${pick(SECOND)}村`;
      } while (used.has(t.name + name));
      used.add(t.name + name);
      units.push({
        id: unitIdFor(SAMPLE_COUNTY, t.name, name), township: t.name, name, kind,
        strength: normal() * 0.9 + townshipSkill, income: Math.exp(2.3 + normal() * 0.7),
      });
    }
  }

  const header = Object.keys(NORMALIZED_CSV_COLUMNS);
  const lines = [header.join(',')];
  for (const u of units) {
    const stars = starsFor(u.kind);
    const held = new Map<StarId, boolean>();
    // Initial state in 2022Q1: most units hold one to three of the four non-capstone stars.
    for (const s of stars) held.set(s.id, s.id !== 'branch' && random() < sigmoid(u.strength - DIFFICULTY[s.id] + 0.2));
    let target = 3;
    for (let year = firstYear; year <= lastYear; year++) {
      const weak = random() < (u.strength < -1 ? 0.25 : 0.01);
      for (let quarter = 1; quarter <= 4; quarter++) {
        const t = (year - firstYear) * 4 + quarter - 1;
        for (const s of stars) {
          if (s.id === 'branch') continue;
          const has = held.get(s.id)!;
          const gain = 0.07 * sigmoid(u.strength - DIFFICULTY[s.id] + t * 0.08) + 0.01;
          held.set(s.id, has ? random() > 0.02 : random() < gain);
        }
        // Capstone: 支部过硬星 only when the other four are held, and not always then.
        const others = stars.filter((s) => s.id !== 'branch').every((s) => held.get(s.id));
        held.set('branch', others && (held.get('branch') ? random() > 0.03 : random() < 0.04 + 0.12 * sigmoid(u.strength)));
        const level = stars.filter((s) => held.get(s.id)).length;
        if (quarter === 1) target = Math.min(5, Math.max(3, level + 1));
        const income = u.income * (1 + 0.03 * t) * (0.9 + 0.2 * random());
        const score = Math.min(100, 60 + level * 6 + random() * 10);
        const row: Array<string | number> = [
          u.id, SAMPLE_COUNTY, u.township, u.name, u.kind, year, quarter,
          ...STARS.map((s) => (s.kinds.includes(u.kind) ? String(held.get(s.id)) : '')),
          level, target, String(weak), income.toFixed(1), score.toFixed(1),
        ];
        lines.push(row.join(','));
      }
    }
  }
  return lines.join('\n') + '\n';
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? fileURLToPath(new URL('./sample-county.csv', import.meta.url));
  writeFileSync(out, generateSampleCsv());
  console.log(`已生成示例数据: ${out}`);
}
