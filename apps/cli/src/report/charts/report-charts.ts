/**
 * Every plot of a report, for the experiments it holds.
 *
 * @module
 */
import type { Chart } from './chart.js';
import { gruBarCharts } from './gru-bar-charts.js';
import { gruSweepChart } from './gru-sweep-chart.js';
import { gruTraceCharts } from './gru-trace-charts.js';
import { mnistCharts } from './mnist-charts.js';
import type { Summary } from '../schema.js';

/** The MNIST plots when the summary has that experiment, then the GRU plots (the stable region first) when it has that one. */
export function reportCharts(summary: Summary): Chart[] {
  return [
    ...(summary.mnist ? mnistCharts(summary.mnist) : []),
    ...(summary.gru ? [gruSweepChart(summary.gru), ...gruTraceCharts(summary.gru), ...gruBarCharts(summary.gru)] : []),
  ];
}
