import type { BarChartSpec } from '../platform/documents/charts.ts';
import type { DocumentTable } from '../platform/documents/table.ts';

/** What a column of a series counts: a number of things, or an amount in cents. */
export type ValueKind = 'integer' | 'cents';

export interface SeriesColumn {
  readonly name: string;
  readonly kind: ValueKind;
}

export interface SeriesRow {
  /** A year ("2019"), a service, a commune, an offer. */
  readonly category: string;
  readonly values: readonly number[];
  /** A short label for the chart's axis (a service's reference); the table keeps the category in full. */
  readonly short?: string;
}

/** One indicator of a dashboard: a chart, the table beside it and its CSV are all drawn from this. */
export interface Series {
  readonly key: string;
  readonly title: string;
  /** The module the figures come from, in French ("Refacturation", "Catalogue"…). */
  readonly source: string;
  readonly categoryHeader: string;
  readonly columns: readonly SeriesColumn[];
  readonly rows: readonly SeriesRow[];
  /** Over the years (one row a year) or a breakdown of one year. */
  readonly overYears: boolean;
  /** How a reader should read the figure: counting rule or source. */
  readonly note: string;
}

export interface Dashboard {
  readonly scope: 'territory' | 'commune';
  /** The commune's name on a commune dashboard. */
  readonly communeName: string | null;
  /** Every year some series has data for, oldest first: the year filter's choices. */
  readonly years: readonly number[];
  /** The year asked for (filter), or null for all years. */
  readonly year: number | null;
  readonly series: readonly Series[];
}

/** A series without any row, or with nothing but zeros, has no data: the page says "Aucune donnée". */
export function hasData(series: Series): boolean {
  return series.rows.some((r) => r.values.some((v) => v !== 0));
}

/** Counts per year, in year order: `{ 2019: 3, 2020: 5 }` from a list of years. */
export function countByYear(years: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const y of [...years].sort((a, b) => a - b)) out.set(y, (out.get(y) ?? 0) + 1);
  return out;
}

/** The year of an ISO date ("2019-06-03" → 2019; "2019" and "2019-06" as well). */
export const yearOf = (date: string): number => Number(date.slice(0, 4));

/** True when a period [startsOn, endsOn] (endsOn null: still running) overlaps the calendar year. */
export function activeInYear(startsOn: string, endsOn: string | null, year: number): boolean {
  return startsOn <= `${year}-12-31` && (endsOn === null || endsOn >= `${year}-01-01`);
}

/** A breakdown's year: the one asked for, or else the latest year its source has data for; null when there is none. */
export function breakdownYearOf(years: readonly number[], asked: number | null): number | null {
  if (asked !== null) return asked;
  return years.length === 0 ? null : Math.max(...years);
}

/** A series over the years, restricted to the year asked for (all years when none). */
export function overYears(base: Omit<Series, 'rows' | 'overYears' | 'categoryHeader'>, byYear: ReadonlyMap<number, readonly number[]>, asked: number | null): Series {
  const rows = [...byYear.entries()]
    .filter(([y]) => asked === null || y === asked)
    .sort(([a], [b]) => a - b)
    .map(([y, values]) => ({ category: String(y), values }));
  return { ...base, categoryHeader: 'Année', overYears: true, rows };
}

/** The union of the years of several lists, sorted. */
export function unionYears(...lists: readonly (readonly number[])[]): number[] {
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}

/** The series as a table (page, CSV): one column for the category, one per value column. */
export function seriesTable(series: Series): DocumentTable {
  return {
    title: series.title,
    columns: [{ header: series.categoryHeader, kind: 'text' }, ...series.columns.map((c) => ({ header: c.kind === 'cents' ? `${c.name} (euros)` : c.name, kind: c.kind }))],
    rows: series.rows.map((r) => [r.category, ...r.values]),
  };
}

/**
 * The chart of a series: the columns of the first column's kind (amounts and counts do not share an axis),
 * amounts in whole euros (display only: the table beside it and the CSV keep the cents).
 */
export function chartSpecOf(series: Series): BarChartSpec {
  const kind = series.columns[0]?.kind ?? 'integer';
  const plotted = series.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.kind === kind);
  return {
    title: series.title,
    categoryHeader: series.categoryHeader,
    categories: series.rows.map((r) => r.short ?? r.category),
    series: plotted.map(({ c, i }) => ({ name: kind === 'cents' ? `${c.name} (euros)` : c.name, values: series.rows.map((r) => (kind === 'cents' ? Math.trunc((r.values[i] ?? 0) / 100) : (r.values[i] ?? 0))) })),
    horizontal: !series.overYears,
  };
}

/** A chart's height: breakdowns grow with their rows (one bar a commune or a service), years stay compact. */
export function chartHeight(series: Series): number {
  if (series.overYears) return 280;
  return Math.max(200, Math.min(1400, 60 + series.rows.length * 28 * Math.max(1, series.columns.filter((c) => c.kind === (series.columns[0]?.kind ?? 'integer')).length)));
}

/** A series key in an address: lower-case letters and hyphens. */
export function isSeriesKey(value: string): boolean {
  return /^[a-z][a-z-]{1,40}$/.test(value);
}
