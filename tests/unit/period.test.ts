/** Period codes decoded from their integer forms: an annual period never reads as "2023Q0". */
import { describe, expect, it } from 'vitest';
import { periodCode, periodFromPidx, periodFromPk, periodKey, periodLabel, periodPk } from '../../shared/period.ts';
import { pidxLabel } from '../../shared/identity/suggest.ts';
import { openNodeDuckDB } from '../../cli/node-duckdb.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { DATASETS_SQL } from '../../shared/sql/lists.ts';
import { SMALL_COUNTY_CSV } from '../support/small-county.ts';

describe('period integers', () => {
  it('reads an annual pk as the year, never as Q0 or Q5', () => {
    expect(periodCode(periodFromPk(20235))).toBe('2023年度');
    expect(periodKey(periodFromPk(20235))).toBe('2023');
    expect(periodLabel(periodFromPk(20235))).toBe('2023年度');
    expect(periodCode(periodFromPk(20233))).toBe('2023Q3');
    expect(periodLabel(periodFromPk(20241))).toBe('2024年第一季度');
  });

  it('round-trips pk and sorts the annual rating after Q4', () => {
    expect(periodPk({ year: 2023, quarter: null })).toBe(20235);
    expect(periodPk({ year: 2023, quarter: 4 })).toBe(20234);
    expect(periodFromPk(20234)).toEqual({ year: 2023, quarter: 4 });
  });

  it('reads a pidx (year * 4 + quarter - 1) as its quarter', () => {
    expect(periodFromPidx(2023 * 4 + 2)).toEqual({ year: 2023, quarter: 3 });
    expect(pidxLabel(2024 * 4)).toBe('2024Q1');
  });
});

describe('the dataset list', () => {
  it('shows an annual-only dataset as 2023年度, a quarterly one as its quarters', async () => {
    const db = await openNodeDuckDB();
    try {
      const annual = SMALL_COUNTY_CSV.split('\n')
        .filter((l, i) => i === 0 || l.includes(',2024,3,'))
        .map((l) => l.replace(',2024,3,', ',2023,,'))
        .join('\n');
      await loadNormalizedCsv(db, { dataset_id: 'a', name: '年度', source: 'a.csv', is_sample: false }, annual);
      await loadNormalizedCsv(db, { dataset_id: 'q', name: '季度', source: 'q.csv', is_sample: false }, SMALL_COUNTY_CSV);
      const rows = await db.query<{ dataset_id: string; first_period: number; last_period: number }>(DATASETS_SQL);
      const range = (id: string) => {
        const r = rows.find((x) => x.dataset_id === id)!;
        return `${periodCode(periodFromPk(Number(r.first_period)))} – ${periodCode(periodFromPk(Number(r.last_period)))}`;
      };
      expect(range('a')).toBe('2023年度 – 2023年度');
      expect(range('q')).not.toMatch(/Q0|Q5/);
      expect(range('q')).toMatch(/^2024Q\d – 2024Q\d$/);
    } finally {
      await db.close();
    }
  });
});
