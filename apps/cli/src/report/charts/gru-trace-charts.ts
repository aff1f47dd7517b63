/**
 * The per-step plots of the GRU experiment, one panel per optimizer (rows) and stabiliser
 * (columns), one line per seed: training loss, gradient norm and the spectral norm of the
 * candidate recurrent weight, with explosions drawn as vertical lines.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { gruGroups, type GruGroup } from '../gru-groups.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA, scaleFor, type Chart } from './chart.js';
import { downsample } from './downsample.js';
import { facetOrder } from './facet-order.js';
import type { GruExperimentResult, GruRun } from '../../experiments/gru-result.js';

/** Width of a panel in pixels. */
const PANEL_WIDTH = 200;

/** Most points drawn per run and trace. */
const MAX_POINTS = 300;

/** A per-step trace of a run. */
type TraceField = 'loss' | 'gradNorm' | 'spectralNorm';

/** A horizontal reference line drawn in every panel. */
interface Reference {
  readonly value: number;
  readonly label: string;
  /** The end of the line its label is written at. */
  readonly side: 'left' | 'right';
}

/** The rows of one trace plot: thinned traces, explosion events and reference lines, per panel. */
function traceRows(groups: readonly GruGroup[], field: TraceField, references: readonly Reference[]): Record<string, unknown>[] {
  return groups.flatMap(({ optimizer, stabiliser, runs }) => [
    ...runs.flatMap((run: GruRun) =>
      downsample(run[field], MAX_POINTS, field === 'loss' ? 'mean' : 'max').map((p) => ({
        optimizer,
        stabiliser,
        layer: 'trace',
        seed: `seed ${run.seed}`,
        step: p.step,
        value: p.value,
      })),
    ),
    ...runs.flatMap((run) => run.explosions.map((e) => ({ optimizer, stabiliser, layer: 'explosion', step: e.step, kind: e.kind }))),
    ...references.map((r) => ({ optimizer, stabiliser, layer: 'reference', ...r })),
  ]);
}

/** A grid of panels, optimizer by stabiliser, of one per-step trace. */
function traceSpec(groups: readonly GruGroup[], field: TraceField, yTitle: string, yScale: 'log' | 'linear', references: readonly Reference[]): TopLevelSpec {
  const { optimizers, stabilisers } = facetOrder(groups);
  const x = { field: 'step', type: 'quantitative', title: 'training step' } as const;
  const only = (layer: string) => [{ filter: `datum.layer === '${layer}'` }];
  return {
    $schema: VEGA_LITE_SCHEMA,
    data: { values: traceRows(groups, field, references) },
    facet: {
      row: { field: 'optimizer', type: 'nominal', sort: optimizers, title: 'optimizer', header: { labelAngle: 0, labelAlign: 'right' } },
      column: { field: 'stabiliser', type: 'nominal', sort: stabilisers, title: 'stabiliser' },
    },
    spec: {
      width: PANEL_WIDTH,
      height: 150,
      layer: [
        {
          transform: only('trace'),
          mark: { type: 'line', strokeWidth: 1.2, clip: true },
          encoding: {
            x,
            y: { field: 'value', type: 'quantitative', title: yTitle, scale: yScale === 'log' ? { type: 'log' } : { type: 'linear', zero: false } },
            color: { field: 'seed', type: 'nominal', title: 'run', legend: { orient: 'bottom' } },
          },
        },
        {
          transform: only('explosion'),
          mark: { type: 'rule', color: '#d62728', opacity: 0.7, strokeWidth: 1 },
          encoding: { x, strokeDash: { field: 'kind', type: 'nominal', title: 'explosion', legend: { orient: 'bottom' }, scale: { domain: ['spike', 'non-finite'], range: [[4, 3], [1, 0]] } } },
        },
        {
          transform: only('reference'),
          mark: { type: 'rule', color: '#333333', strokeDash: [6, 4] },
          encoding: { y: { field: 'value', type: 'quantitative' } },
        },
        // Bound labels at the left end of their line, the stability limit's at the right, so they do not overlap.
        ...(['left', 'right'] as const).map((side) => ({
          transform: [...only('reference'), { filter: `datum.side === '${side}'` }],
          mark: { type: 'text' as const, align: side, dx: side === 'left' ? 3 : -3, dy: -6, fontSize: 10, color: '#333333' },
          encoding: { x: { value: side === 'left' ? 0 : PANEL_WIDTH }, y: { field: 'value', type: 'quantitative' as const }, text: { field: 'label' } },
        })),
      ],
    },
    config: CHART_CONFIG,
  };
}

/** The reference lines of the spectral-norm plot: each stabiliser's bound, and 2. */
function spectralReferences(result: GruExperimentResult): Reference[] {
  const bounds = [...new Set(result.config.stabilisers.flatMap((s) => (s.spectralBound === undefined ? [] : [s.spectralBound])))];
  return [...bounds.map((b) => ({ value: b, label: `bound s = ${b}`, side: 'left' as const })), ...(bounds.includes(2) ? [] : [{ value: 2, label: 'stability limit 2', side: 'right' as const }])];
}

/** The three per-step GRU plots. */
export function gruTraceCharts(result: GruExperimentResult): Chart[] {
  const groups = gruGroups(result);
  const all = (field: TraceField) => result.runs.flatMap((r) => r[field]);
  return [
    {
      id: 'gru-loss',
      title: 'GRU: training loss per step',
      caption: 'Nats per character, one line per seed (mean over the steps each point stands for); red lines mark explosions (dashed: loss spike, solid: non-finite loss); gaps are non-finite values.',
      spec: traceSpec(groups, 'loss', 'loss (nats/char)', scaleFor(all('loss')), []),
    },
    {
      id: 'gru-grad-norm',
      title: 'GRU: global gradient norm per step (before clipping)',
      caption: 'Largest norm over the steps each point stands for, log scale; red lines mark explosions.',
      spec: traceSpec(groups, 'gradNorm', 'gradient norm', 'log', []),
    },
    {
      id: 'gru-spectral-norm',
      title: 'GRU: spectral norm of the candidate recurrent weight W_h',
      caption: 'After each step (largest over the steps each point stands for); dashed lines: the constraint bound s, and 2, above which h = 0 can stop being a stable fixed point.',
      spec: traceSpec(groups, 'spectralNorm', '‖W_h‖₂', scaleFor(all('spectralNorm')), spectralReferences(result)),
    },
  ];
}
