/** The pivot wells (行 / 列 / 筛选) as config operations: what a drop or a click does to the plain-JSON PivotConfig. */
import { describe, expect, it } from 'vitest';
import { extraDim, type PivotConfig } from '../../shared/analysis/pivot.ts';
import { filterValues, placeField, removeField, setFilterValues, wellFields, wellOf } from '../../renderer/src/views/pivot/wells.ts';

const base: PivotConfig = { rows: ['township', 'kind'], columns: ['period'], measures: [{ kind: 'units' }] };
const PARTY = extraDim('党员人数');

describe('pivot wells', () => {
  it('adds a field from the list at the end or at a position', () => {
    expect(placeField(base, 'level', 'rows').rows).toEqual(['township', 'kind', 'level']);
    expect(placeField(base, 'level', 'rows', 0).rows).toEqual(['level', 'township', 'kind']);
    expect(placeField(base, PARTY, 'columns', 1).columns).toEqual(['period', PARTY]);
  });

  it('moves a field between wells: it sits in one well only', () => {
    const c = placeField(base, 'kind', 'columns', 0);
    expect([c.rows, c.columns]).toEqual([['township'], ['kind', 'period']]);
    const f = placeField(c, 'period', 'filters');
    expect([f.columns, f.fieldFilters]).toEqual([['kind'], [{ dim: 'period', values: [] }]]);
    expect(wellOf(f, 'period')).toBe('filters');
    expect(wellFields(f, 'filters')).toEqual(['period']);
  });

  it('reorders within a well (index counts positions before the move)', () => {
    const three = { ...base, rows: ['township', 'kind', 'level'] } satisfies PivotConfig;
    expect(placeField(three, 'township', 'rows', 3).rows).toEqual(['kind', 'level', 'township']);
    expect(placeField(three, 'township', 'rows', 2).rows).toEqual(['kind', 'township', 'level']);
    expect(placeField(three, 'level', 'rows', 0).rows).toEqual(['level', 'township', 'kind']);
    expect(placeField(three, 'kind', 'rows', 1)).toBe(three);
  });

  it('keeps chosen filter values while a field stays in 筛选, drops them when it leaves', () => {
    let c = placeField(placeField(base, PARTY, 'filters'), 'level', 'filters');
    c = setFilterValues(c, PARTY, ['32', null]);
    expect(filterValues(c, PARTY)).toEqual(['32', null]);
    c = placeField(c, PARTY, 'filters', 2);
    expect(c.fieldFilters).toEqual([{ dim: 'level', values: [] }, { dim: PARTY, values: ['32', null] }]);
    const out = placeField(c, PARTY, 'rows');
    expect(out.rows).toEqual(['township', 'kind', PARTY]);
    expect(filterValues(out, PARTY)).toEqual([]);
    // Plain JSON: a saved view keeps the filter.
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });

  it('removes a field from any well, and a sort by it', () => {
    const sorted: PivotConfig = { ...base, sort: { dim: 'kind', desc: true } };
    const r = removeField(sorted, 'kind');
    expect(r.rows).toEqual(['township']);
    expect(r.sort).toBeUndefined();
    expect(removeField(placeField(base, PARTY, 'filters'), PARTY).fieldFilters).toEqual([]);
  });
});
