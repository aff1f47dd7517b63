/**
 * A line per series with a shaded band for the spread over seeds.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, VEGA_LITE_SCHEMA } from './chart.js';

/** One point of a band-line plot: its panel (when the plot has several), the series, x, the line's y and the band's ends. */
export interface BandPoint {
  readonly panel?: string;
  readonly series: string;
  readonly x: number;
  readonly y: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
}

/** Axis titles, scales and the legend title of a band-line plot. */
export interface BandLineAxes {
  readonly x: string;
  readonly y: string;
  readonly series: string;
  /** The series in legend order (default: sorted by name). */
  readonly seriesOrder?: readonly string[];
  readonly xScale?: 'linear' | 'log';
  readonly yScale?: 'linear' | 'log';
  /** With panels: their title and order (each panel has its own x scale). */
  readonly panels?: { readonly title: string; readonly order: readonly string[] };
}

/**
 * Lines with points for `y`, over shaded bands from `lo` to `hi`, coloured by series; a point
 * whose `y` is `null` (non-finite) is a gap in its line and a cross at the top of the plot. The
 * x axis is ticked at the points' x values when there are few of them. With `axes.panels`, one
 * panel per `panel` value, side by side, each with its own x axis.
 */
export function bandLineSpec(points: readonly BandPoint[], axes: BandLineAxes): TopLevelSpec {
  const xs = [...new Set(points.map((p) => p.x))].sort((a, b) => a - b);
  const axis = xs.length <= 12 && !axes.panels ? { values: xs, format: '~g' } : { format: '~g' };
  const x = { field: 'x', type: 'quantitative', title: axes.x, scale: { type: axes.xScale ?? 'linear', nice: false }, axis } as const;
  const yScale = axes.yScale === 'log' ? { type: 'log' } as const : { type: 'linear', zero: false } as const;
  const color = { field: 'series', type: 'nominal', title: axes.series, ...(axes.seriesOrder ? { sort: [...axes.seriesOrder] } : {}) } as const;
  const layer = [
    {
      mark: { type: 'line', point: true, strokeWidth: 2 },
      encoding: { x, y: { field: 'y', type: 'quantitative', title: axes.y, scale: yScale }, color },
    },
    {
      mark: { type: 'area', opacity: 0.18 },
      encoding: { x, y: { field: 'lo', type: 'quantitative', scale: yScale }, y2: { field: 'hi' }, color },
    },
    {
      transform: [{ filter: 'datum.y === null' }],
      mark: { type: 'point', shape: 'cross', size: 90, filled: true, opacity: 1 },
      encoding: { x, y: { value: 6 }, color },
    },
  ];
  const data = { values: points as unknown as Record<string, unknown>[] };
  if (!axes.panels) return { $schema: VEGA_LITE_SCHEMA, width: 520, height: 300, data, layer, config: CHART_CONFIG } as TopLevelSpec;
  return {
    $schema: VEGA_LITE_SCHEMA,
    data,
    facet: { column: { field: 'panel', type: 'nominal', sort: [...axes.panels.order], title: axes.panels.title } },
    spec: { width: 260, height: 260, layer },
    resolve: { scale: { x: 'independent' } },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
