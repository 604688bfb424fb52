/**
 * A five-unit county small enough to compute every figure by hand (see measures.test.ts).
 * Township 东'湖 carries a quote on purpose: user text must never break the SQL.
 */
import { NORMALIZED_CSV_COLUMNS } from '../../shared/sql/schema.ts';

type Marks = Partial<Record<'branch' | 'industry' | 'ecology' | 'safety' | 'civility' | 'cobuild' | 'harmony' | 'business', boolean>>;

const VILLAGE = ['branch', 'industry', 'ecology', 'safety', 'civility'];
const COMMUNITY = ['branch', 'safety', 'cobuild', 'harmony', 'business'];

function row(id: string, township: string, name: string, kind: 'village' | 'community', year: number, quarter: number, held: Marks): string {
  const applies = kind === 'village' ? VILLAGE : COMMUNITY;
  const cols = Object.keys(NORMALIZED_CSV_COLUMNS);
  const level = applies.filter((s) => held[s as keyof Marks]).length;
  const values: Record<string, string | number> = {
    unit_id: id, county: '测试县', township, name, kind, year, quarter, level, target_level: 3,
    weak_branch: 'false', collective_income: 10, score: 80,
  };
  for (const s of [...VILLAGE, ...COMMUNITY]) values[s] = applies.includes(s) ? String(held[s as keyof Marks] ?? false) : '';
  return cols.map((c) => values[c]).join(',');
}

export const TOWNSHIP_A = "东'湖";
export const TOWNSHIP_B = '西山乡';

export const SMALL_COUNTY_CSV = [
  Object.keys(NORMALIZED_CSV_COLUMNS).join(','),
  row('v1', TOWNSHIP_A, '一村', 'village', 2024, 3, { branch: true, industry: true, ecology: true, safety: true, civility: true }),
  row('v1', TOWNSHIP_A, '一村', 'village', 2024, 2, { industry: true, ecology: true, safety: true, civility: true }),
  row('v2', TOWNSHIP_A, '二村', 'village', 2024, 3, { safety: true, civility: true, ecology: true }),
  row('v2', TOWNSHIP_A, '二村', 'village', 2024, 2, { safety: true }),
  row('c1', TOWNSHIP_A, '三社区', 'community', 2024, 3, { safety: true, cobuild: true }),
  row('c1', TOWNSHIP_A, '三社区', 'community', 2024, 2, { safety: true, cobuild: true, harmony: true }),
  row('v3', TOWNSHIP_B, '四村', 'village', 2024, 3, {}),
  row('v3', TOWNSHIP_B, '四村', 'village', 2024, 2, {}),
  // v4 has no 2024Q2 row: a unit missing a period.
  row('v4', TOWNSHIP_B, '五村', 'village', 2024, 3, { industry: true, ecology: true, safety: true, civility: true }),
].join('\n') + '\n';
