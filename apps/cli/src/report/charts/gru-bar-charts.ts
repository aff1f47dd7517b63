/**
 * The per-configuration bar plots of the GRU experiment, one panel per optimizer: explosions per
 * learning rate and stabiliser, and the time per step per stabiliser.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { gruGroups, type GruGroup } from '../gru-groups.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA, type Chart } from './chart.js';
import { explodedShare } from '../tables.js';
import { facetOrder } from './facet-order.js';
import { rateLabel, rateOrder, ratesOf, rowLabel } from './rate-places.js';
import type { GruExperimentResult } from '../../experiments/gru-result.js';

/** Panels per optimizer, titled with its rates (`panel`), `width` pixels wide; `layers` are drawn in every panel. */
function facetBars(groups: readonly GruGroup[], rows: readonly Record<string, unknown>[], layers: unknown[], width: number): TopLevelSpec {
  const rates = ratesOf(groups);
  const panels = facetOrder(groups).optimizers.map((o) => rowLabel(o, rates.get(o)!));
  return {
    $schema: VEGA_LITE_SCHEMA,
    data: { values: rows as Record<string, unknown>[] },
    facet: { column: { field: 'panel', type: 'nominal', sort: panels, title: 'optimizer' } },
    spec: { width, height: 220, layer: layers } as TopLevelSpec,
    config: CHART_CONFIG,
  } as TopLevelSpec;
}

/** The share of steps spent exploded, over seeds, per learning rate, one bar per stabiliser; a cross per diverged seed. */
function explosionChart(groups: readonly GruGroup[]): Chart {
  const { stabilisers } = facetOrder(groups);
  const rates = ratesOf(groups);
  const rows = groups.map(({ optimizer, lr, stabiliser, runs }) => {
    const diverged = runs.filter((r) => r.diverged).length;
    const sweep = rates.get(optimizer)!;
    const share = explodedShare({ optimizer, lr, stabiliser, runs });
    return { panel: rowLabel(optimizer, sweep), rate: rateLabel(sweep.indexOf(lr)), stabiliser, percent: 100 * share, note: diverged > 0 ? `✕${diverged}` : '' };
  });
  const x = { field: 'rate', type: 'ordinal', sort: rateOrder(groups), title: "learning rate (place in the panel's sweep)" } as const;
  const xOffset = { field: 'stabiliser', type: 'nominal', sort: stabilisers } as const;
  const color = { field: 'stabiliser', type: 'nominal', sort: stabilisers, title: 'stabiliser' } as const;
  return {
    id: 'gru-explosions',
    title: 'GRU: time spent exploded, per learning rate',
    caption:
      'Share of the training steps, over seeds, whose loss was above the spike threshold (or not finite), one bar per stabiliser; ✕k: k seeds diverged.',
    spec: facetBars(groups, rows, [
      { mark: 'bar', encoding: { x, xOffset, color, y: { field: 'percent', type: 'quantitative', title: 'steps exploded (%)', scale: { domain: [0, 100] } } } },
      { mark: { type: 'text', fontSize: 10, dy: -6, color: '#d62728' }, encoding: { x, xOffset, y: { field: 'percent', type: 'quantitative' }, text: { field: 'note' } } },
    ], 260),
  };
}

/** Milliseconds per step, split into the share of the batched gradients, the optimizer step, the constraint and the rest. */
function timeChart(groups: readonly GruGroup[]): Chart {
  const parts = ['gradients (share)', 'optimizer step', 'constraint', 'the rest'];
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const byStabiliser = new Map<string, GruGroup[]>();
  for (const g of groups) byStabiliser.set(`${g.optimizer}\u0000${g.stabiliser}`, [...(byStabiliser.get(`${g.optimizer}\u0000${g.stabiliser}`) ?? []), g]);
  const rows = [...byStabiliser.values()].flatMap((gs) => {
    const runs = gs.flatMap((g) => g.runs);
    const gradients = mean(runs.map((r) => r.msPerStepGradients));
    const optimizer = mean(runs.map((r) => r.msPerStepOptimizer));
    const constraint = mean(runs.map((r) => r.msPerStepConstraint));
    const rest = Math.max(0, mean(runs.map((r) => r.msPerStep)) - gradients - optimizer - constraint);
    const panel = rowLabel(gs[0]!.optimizer, ratesOf(groups).get(gs[0]!.optimizer)!);
    return [gradients, optimizer, constraint, rest].map((ms, i) => ({ panel, stabiliser: gs[0]!.stabiliser, part: parts[i]!, ms }));
  });
  const { stabilisers } = facetOrder(groups);
  return {
    id: 'gru-time',
    title: 'GRU: wall time per training step',
    caption:
      "Mean over rates and seeds: the run's share of its group's batched gradient computation, its optimizer step (gradient clipping included), " +
      'the constraint (projection of W_h) and the rest (batches, the spectral-norm measurement).',
    spec: facetBars(groups, rows, [
      {
        mark: 'bar',
        encoding: {
          x: { field: 'stabiliser', type: 'nominal', sort: stabilisers, title: 'stabiliser', axis: { labelAngle: -40 } },
          y: { field: 'ms', type: 'quantitative', title: 'ms per step', stack: 'zero' },
          color: { field: 'part', type: 'nominal', title: 'part', scale: { domain: parts, range: ['#bab0ac', '#4c78a8', '#f58518', '#72b7b2'] } },
        },
      },
    ], 50 * facetOrder(groups).stabilisers.length),
  };
}

/** The two per-configuration GRU bar plots. */
export function gruBarCharts(result: GruExperimentResult): Chart[] {
  const groups = gruGroups(result);
  return [explosionChart(groups), timeChart(groups)];
}
