import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';
import { FONT_FAMILY } from './fonts.ts';
import type { DocumentTable } from './table.ts';

// ECharts takes ~0.8 s to load: only when a chart is first drawn, not at every start of the server.
const require = createRequire(import.meta.url);
let loaded: typeof Echarts | undefined;
const echarts = (): typeof Echarts => (loaded ??= require('echarts') as typeof Echarts);

export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

/** Renders an ECharts option to SVG on the server (no browser), in the documents' typeface, without animation. */
export function renderChartSvg(option: Echarts.EChartsCoreOption, size: ChartSize): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT_FAMILY }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** A simple chart: categories on one axis, one or more series of integers. */
export interface BarChartSpec {
  readonly title: string;
  readonly categoryHeader: string;
  readonly categories: readonly string[];
  readonly series: readonly { readonly name: string; readonly values: readonly number[] }[];
  /** Horizontal bars suit long category names (communes). */
  readonly horizontal?: boolean;
}

export interface RenderedChart {
  readonly svg: string;
  /** The same figures as a table: what a screen reader or a reader of the printed page can check. */
  readonly table: DocumentTable;
}

const PALETTE = ['#000091', '#6a6af4', '#c9191e', '#18753c', '#b34000'];

/** A bar chart as SVG plus its data as an accessible table. */
export function renderBarChart(spec: BarChartSpec, size: ChartSize): RenderedChart {
  const french = (value: number) => new Intl.NumberFormat('fr-FR').format(value).replace(/\u202f|\u00a0/g, '\u202f');
  const categoryAxis = { type: 'category', data: [...spec.categories], axisLabel: { color: '#1e2a44', fontSize: 12 }, ...(spec.horizontal ? { inverse: true } : {}) };
  const valueAxis = { type: 'value', axisLabel: { color: '#5a5a5a', fontSize: 11, formatter: french }, splitLine: { lineStyle: { color: '#dddddd' } } };
  const svg = renderChartSvg(
    {
      color: PALETTE,
      grid: { left: 8, right: 48, top: spec.series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
      legend: spec.series.length > 1 ? { top: 0, textStyle: { fontSize: 12 } } : undefined,
      xAxis: spec.horizontal ? valueAxis : categoryAxis,
      yAxis: spec.horizontal ? categoryAxis : valueAxis,
      series: spec.series.map((s) => ({
        type: 'bar',
        name: s.name,
        data: [...s.values],
        label: { show: true, position: spec.horizontal ? 'right' : 'top', fontSize: 11, formatter: (p: { value: number }) => french(p.value) },
      })),
    },
    size,
  );
  return {
    svg,
    table: {
      title: spec.title,
      columns: [{ header: spec.categoryHeader, kind: 'text' }, ...spec.series.map((s) => ({ header: s.name, kind: 'integer' as const }))],
      rows: spec.categories.map((category, i) => [category, ...spec.series.map((s) => s.values[i] ?? null)]),
    },
  };
}
