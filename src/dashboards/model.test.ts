import { describe, expect, it } from 'vitest';
import { activeInYear, breakdownYearOf, chartSpecOf, countByYear, hasData, isSeriesKey, overYears, seriesTable, unionYears, type Series } from './model.ts';

const base = { key: 'aides', title: 'Aides obtenues', source: 'Financements', note: '', columns: [{ name: 'Montant', kind: 'cents' as const }, { name: 'Aides', kind: 'integer' as const }] };

describe('dashboard series', () => {
  it('over the years: in year order, restricted to the year asked for', () => {
    const byYear = new Map([[2020, [150, 1]], [2018, [99, 2]]]);
    expect(overYears(base, byYear, null).rows).toEqual([{ category: '2018', values: [99, 2] }, { category: '2020', values: [150, 1] }]);
    expect(overYears(base, byYear, 2020).rows).toEqual([{ category: '2020', values: [150, 1] }]);
    expect(overYears(base, byYear, 2019).rows).toEqual([]);
  });

  it.each([
    [[], false],
    [[{ category: '2019', values: [0, 0] }], false],
    [[{ category: '2019', values: [0, 3] }], true],
  ])('has data: %j → %s', (rows, expected) => {
    expect(hasData({ ...base, categoryHeader: 'Année', overYears: true, rows })).toBe(expected);
  });

  it('the table keeps cents; the chart plots the first kind only, in whole euros', () => {
    const s: Series = { ...base, categoryHeader: 'Année', overYears: true, rows: [{ category: '2019', values: [123_456, 4] }] };
    expect(seriesTable(s)).toEqual({ title: 'Aides obtenues', columns: [{ header: 'Année', kind: 'text' }, { header: 'Montant (euros)', kind: 'cents' }, { header: 'Aides', kind: 'integer' }], rows: [['2019', 123_456, 4]] });
    const spec = chartSpecOf(s);
    expect(spec.series).toEqual([{ name: 'Montant (euros)', values: [1234] }]);
    expect(spec.horizontal).toBe(false);
    expect(chartSpecOf({ ...s, overYears: false }).horizontal).toBe(true);
  });

  it('counts, years, periods', () => {
    expect([...countByYear([2020, 2019, 2020])]).toEqual([[2019, 1], [2020, 2]]);
    expect(unionYears([2020, 2018], [2019, 2020])).toEqual([2018, 2019, 2020]);
    expect(breakdownYearOf([2017, 2019], null)).toBe(2019);
    expect(breakdownYearOf([2017, 2019], 2018)).toBe(2018);
    expect(breakdownYearOf([], null)).toBeNull();
    expect(activeInYear('2019-06-01', null, 2019)).toBe(true);
    expect(activeInYear('2019-06-01', '2020-01-31', 2020)).toBe(true);
    expect(activeInYear('2019-06-01', '2019-12-31', 2020)).toBe(false);
    expect(activeInYear('2021-01-01', null, 2020)).toBe(false);
    expect(isSeriesKey('parts-communes')).toBe(true);
    expect(isSeriesKey('../etc')).toBe(false);
  });
});
