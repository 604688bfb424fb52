import { describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import { ensureSchema } from '../../shared/load.ts';
import { EXTRA_COLUMNS, PERSISTENT_TABLES } from '../../shared/sql/schema.ts';
import { parsePeriodKey, periodKey, periodLabel, periodShort, previousPeriod } from '../../shared/period.ts';
import { ident, str } from '../../shared/sql/literal.ts';
import { levelOf, starsFor } from '../../shared/stars.ts';
import { unitIdFor } from '../../shared/unit-id.ts';

describe('star schema', () => {
  it('gives villages and communities five stars each, sharing 支部过硬星 and 平安法治星', () => {
    expect(starsFor('village').map((s) => s.name)).toEqual(['支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星']);
    expect(starsFor('community').map((s) => s.name)).toEqual(['支部过硬星', '平安法治星', '共建共享星', '幸福和谐星', '宜业兴业星']);
  });

  it('counts only applicable stars toward the level', () => {
    expect(levelOf('village', { branch: true, industry: true, cobuild: true })).toBe(2);
    expect(levelOf('community', { cobuild: true, harmony: true, business: true, industry: true })).toBe(3);
  });
});

describe('periods', () => {
  it('parses, labels and steps back across a year boundary', () => {
    expect(parsePeriodKey('2024Q3')).toEqual({ year: 2024, quarter: 3 });
    expect(parsePeriodKey('2024')).toEqual({ year: 2024, quarter: null });
    expect(parsePeriodKey('2024Q5')).toBeNull();
    expect(parsePeriodKey('1999Q1')).toBeNull();
    expect(periodLabel({ year: 2024, quarter: 3 })).toBe('2024年第三季度');
    expect(periodShort({ year: 2024, quarter: 3 })).toBe('24Q3');
    expect(previousPeriod({ year: 2024, quarter: 1 })).toEqual({ year: 2023, quarter: 4 });
    expect(periodKey(previousPeriod({ year: 2024, quarter: null }))).toBe('2023');
  });
});

describe('SQL literals', () => {
  it('escapes quotes so text stays data', () => {
    expect(str("东'湖'); DROP TABLE units; --")).toBe("'东''湖''); DROP TABLE units; --'");
    expect(ident('a"b')).toBe('"a""b"');
  });
});

describe('unit ids', () => {
  it('are stable and distinguish townships', () => {
    expect(unitIdFor('县', '甲镇', '一村')).toBe(unitIdFor('县', '甲镇', '一村'));
    expect(unitIdFor('县', '甲镇', '一村')).not.toBe(unitIdFor('县', '乙镇', '一村'));
    expect(unitIdFor('县', '甲镇', '一村')).toMatch(/^u[0-9a-f]{16}$/);
  });
});

describe('persistent tables', () => {
  it('lists every table a workspace must carry, extras included, and creates them all', async () => {
    expect(PERSISTENT_TABLES).toEqual(['datasets', 'units', 'ratings', 'rating_extras', 'unit_links']);
    const db = await openNodeDuckDB();
    try {
      await ensureSchema(db);
      const tables = (await db.query<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables() WHERE NOT temporary`)).map((r) => r.t);
      for (const t of PERSISTENT_TABLES) expect(tables).toContain(t);
      const cols = await db.query<{ c: string }>(`SELECT column_name AS c FROM duckdb_columns() WHERE table_name = 'rating_extras' ORDER BY column_index`);
      expect(cols.map((r) => r.c)).toEqual([...EXTRA_COLUMNS]);
    } finally {
      await db.close();
    }
  });
});
