/**
 * The per-configuration plots of the GRU experiment, one panel per optimizer, one bar per
 * stabiliser: explosion counts, final validation perplexity and time per step.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { gruGroups, type GruGroup } from '../gru-groups.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA, scaleFor, type Chart } from './chart.js';
import { facetOrder } from './facet-order.js';
import type { GruExperimentResult } from '../../experiments/gru-result.js';

/** A bar layer's value axis: its field, title and scale. */
interface ValueAxis {
  readonly field: string;
  readonly title: string;
  readonly scale: 'log' | 'linear';
}

/** Panels per optimizer with bars per stabiliser; `layers` are drawn in every panel. */
function facetBars(groups: readonly GruGroup[], rows: readonly Record<string, unknown>[], layers: unknown[]): TopLevelSpec {
  const { optimizers } = facetOrder(groups);
  return {
    $schema: VEGA_LITE_SCHEMA,
    data: { values: rows as Record<string, unknown>[] },
    facet: { column: { field: 'optimizer', type: 'nominal', sort: optimizers, title: 'optimizer' } },
    spec: { width: { step: 48 }, height: 220, layer: layers } as TopLevelSpec,
    config: CHART_CONFIG,
  } as TopLevelSpec;
}

/** The stabiliser axis shared by the bar plots. */
function stabiliserAxis(groups: readonly GruGroup[]) {
  return { field: 'stabiliser', type: 'nominal', sort: facetOrder(groups).stabilisers, title: 'stabiliser', axis: { labelAngle: -40 } } as const;
}

/** A stacked bar of `value` coloured by `part`. */
function stackedBars(groups: readonly GruGroup[], rows: readonly Record<string, unknown>[], y: ValueAxis, part: { title: string; domain: string[]; colors: string[] }): TopLevelSpec {
  return facetBars(groups, rows, [
    {
      mark: 'bar',
      encoding: {
        x: stabiliserAxis(groups),
        y: { field: y.field, type: 'quantitative', title: y.title, scale: { type: y.scale }, stack: 'zero' },
        color: { field: 'part', type: 'nominal', title: part.title, scale: { domain: part.domain, range: part.colors } },
      },
    },
  ]);
}

/** Explosion events summed over seeds, by kind. */
function explosionChart(groups: readonly GruGroup[]): Chart {
  const kinds = ['spike', 'non-finite'] as const;
  const rows = groups.flatMap(({ optimizer, stabiliser, runs }) =>
    kinds.map((kind) => ({ optimizer, stabiliser, part: kind, count: runs.flatMap((r) => r.explosions).filter((e) => e.kind === kind).length })),
  );
  return {
    id: 'gru-explosions',
    title: 'GRU: gradient explosions',
    caption: 'Explosion events summed over seeds: loss spikes and non-finite losses.',
    spec: stackedBars(groups, rows, { field: 'count', title: 'explosions (all seeds)', scale: 'linear' }, { title: 'kind', domain: [...kinds], colors: ['#ff9f40', '#d62728'] }),
  };
}

/** Final validation perplexity: mean and range over the seeds that ended finite, and how many diverged. */
function perplexityChart(groups: readonly GruGroup[]): Chart {
  const rows = groups.map(({ optimizer, stabiliser, runs }) => {
    const finite = runs.map((r) => r.finalValidationPerplexity).filter((v): v is number => v !== null);
    const diverged = runs.length - finite.length;
    return {
      optimizer,
      stabiliser,
      perplexity: finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : null,
      lo: finite.length > 0 ? Math.min(...finite) : null,
      hi: finite.length > 0 ? Math.max(...finite) : null,
      note: diverged > 0 ? `✕ ${diverged}/${runs.length}` : '',
    };
  });
  const x = stabiliserAxis(groups);
  const scale = { type: scaleFor(rows.flatMap((r) => [r.lo, r.hi]), 10) };
  return {
    id: 'gru-perplexity',
    title: 'GRU: final validation perplexity',
    caption: 'Bars: mean over the seeds whose validation loss ended finite, whiskers: their range; ✕ k/n: k of n seeds ended non-finite (diverged).',
    spec: facetBars(groups, rows, [
      { mark: { type: 'bar', color: '#4c78a8' }, encoding: { x, y: { field: 'perplexity', type: 'quantitative', title: 'validation perplexity', scale } } },
      { mark: { type: 'rule', color: '#222222' }, encoding: { x, y: { field: 'lo', type: 'quantitative', scale }, y2: { field: 'hi' } } },
      { mark: { type: 'text', color: '#d62728', fontSize: 11, baseline: 'top' }, encoding: { x, y: { value: 4 }, text: { field: 'note' } } },
    ]),
  };
}

/** Milliseconds per step, split into the optimizer step, the constraint and the rest. */
function timeChart(groups: readonly GruGroup[]): Chart {
  const parts = ['optimizer step', 'constraint', 'gradients and the rest'];
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rows = groups.flatMap(({ optimizer, stabiliser, runs }) => {
    const opt = mean(runs.map((r) => r.msPerStepOptimizer));
    const constraint = mean(runs.map((r) => r.msPerStepConstraint));
    const rest = Math.max(0, mean(runs.map((r) => r.msPerStep)) - opt - constraint);
    return [opt, constraint, rest].map((ms, i) => ({ optimizer, stabiliser, part: parts[i]!, ms }));
  });
  return {
    id: 'gru-time',
    title: 'GRU: wall time per training step',
    caption: 'Mean over seeds, split into the optimizer step, the constraint (projection of W_h; gradient clipping counts as optimizer step) and everything else.',
    spec: stackedBars(groups, rows, { field: 'ms', title: 'ms per step', scale: 'linear' }, { title: 'part', domain: parts, colors: ['#4c78a8', '#f58518', '#bab0ac'] }),
  };
}

/** The three per-configuration GRU plots. */
export function gruBarCharts(result: GruExperimentResult): Chart[] {
  const groups = gruGroups(result);
  return [explosionChart(groups), perplexityChart(groups), timeChart(groups)];
}
