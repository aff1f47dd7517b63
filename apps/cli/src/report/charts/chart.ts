/**
 * What a plot of the report is: a Vega-Lite specification with a title and a caption.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';

/** One plot of the report. */
export interface Chart {
  /** Stable identifier, used as the HTML id of the figure. */
  readonly id: string;
  /** Heading of the figure. */
  readonly title: string;
  /** One or two sentences on what the plot shows and how to read it. */
  readonly caption: string;
  /** The Vega-Lite specification, data inline. */
  readonly spec: TopLevelSpec;
}

/** The Vega-Lite schema every specification names. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * Configuration shared by every plot: readable fonts, and `null` values (non-finite figures)
 * breaking lines into separate pieces instead of being joined over.
 */
export const CHART_CONFIG = {
  font: 'DejaVu Sans, Helvetica, Arial, sans-serif',
  mark: { invalid: 'break-paths-show-path-domains' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  view: { stroke: '#cccccc' },
} as const;

/** `log` when the positive finite `values` span more than a factor of `ratio`, else `linear`. */
export function scaleFor(values: readonly (number | null)[], ratio = 20): 'log' | 'linear' {
  const positive = values.filter((v): v is number => v !== null && v > 0);
  if (positive.length === 0) return 'linear';
  return Math.max(...positive) / Math.min(...positive) > ratio ? 'log' : 'linear';
}
