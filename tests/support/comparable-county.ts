/**
 * A hand-computed county for the 无可比数据 tests (comparable.test.ts, comparable-pivot.test.ts):
 * units come and go between periods, so some changes can be compared and some cannot.
 * A unit at level N holds the first N stars of ORDER.
 */
import { NORMALIZED_CSV_COLUMNS } from '../../shared/sql/schema.ts';

const ORDER = ['industry', 'ecology', 'safety', 'civility', 'branch'];
const UNITS: Record<string, [string, string]> = {
  a: ['一村', '甲镇'], b: ['二村', '甲镇'], g: ['七村', '甲镇'], c: ['三村', '乙镇'], d: ['四村', '乙镇'],
  e: ['五村', '甲镇'], f: ['六村', '乙镇'], p: ['八村', '甲镇'], q: ['九村', '甲镇'], r: ['十村', '乙镇'],
};

function row(id: string, year: number, quarter: number | null, level: number): string {
  const [name, township] = UNITS[id];
  const values: Record<string, string | number> = {
    unit_id: id, county: '测试县', township, name, kind: 'village', year, quarter: quarter ?? '', level,
    target_level: 3, weak_branch: 'false', collective_income: 10, score: 80,
  };
  for (const s of ['branch', 'industry', 'ecology', 'safety', 'civility']) values[s] = String(ORDER.indexOf(s) < level);
  return Object.keys(NORMALIZED_CSV_COLUMNS).map((c) => values[c] ?? '').join(',');
}

export const COMPARABLE_CSV = [
  Object.keys(NORMALIZED_CSV_COLUMNS).join(','),
  row('a', 2022, null, 2), row('b', 2022, null, 2),
  row('a', 2023, null, 3), row('g', 2023, null, 1),
  row('a', 2024, 1, 3), row('b', 2024, 1, 2), row('c', 2024, 1, 1), row('d', 2024, 1, 2),
  row('a', 2024, 2, 4), row('b', 2024, 2, 1), row('e', 2024, 2, 3), row('f', 2024, 2, 0),
  row('a', 2024, 3, 4), row('b', 2024, 3, 1), row('c', 2024, 3, 2), row('e', 2024, 3, 3), row('f', 2024, 3, 0),
  row('p', 2024, 4, 3), row('q', 2024, 4, 3), row('r', 2024, 4, 1),
].join('\n') + '\n';
