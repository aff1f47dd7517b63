/**
 * The per-step plots of the GRU experiment, one panel per optimizer (rows) and stabiliser
 * (columns), one line per learning rate and seed, coloured by rate: training loss, gradient norm
 * and the spectral norm of the candidate recurrent weight, with divergences drawn as vertical lines.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { gruGroups, type GruGroup } from '../gru-groups.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA, scaleFor, type Chart } from './chart.js';
import { downsample } from './downsample.js';
import { facetOrder } from './facet-order.js';
import { rateLabel, rateOrder, ratesOf, rowLabel } from './rate-places.js';
import type { GruExperimentResult, GruRun } from '../../experiments/gru-result.js';

/** Width of a panel in pixels. */
const PANEL_WIDTH = 200;

/** Most points drawn per run and trace. */
const MAX_POINTS = 150;

/** A per-step trace of a run. */
type TraceField = 'loss' | 'gradNorm' | 'spectralNorm';

/** A horizontal reference line drawn in every panel. */
interface Reference {
  readonly value: number;
  readonly label: string;
  /** The end of the line its label is written at. */
  readonly side: 'left' | 'right';
}

/** The rows of one trace plot: thinned traces, divergences and reference lines, per panel. */
function traceRows(groups: readonly GruGroup[], field: TraceField, references: readonly Reference[]): Record<string, unknown>[] {
  const rates = ratesOf(groups);
  const panels = [...new Map(groups.map((g) => [`${g.optimizer}/${g.stabiliser}`, g])).values()];
  const row = (optimizer: string) => rowLabel(optimizer, rates.get(optimizer)!);
  const rate = (optimizer: string, lr: number) => rateLabel(rates.get(optimizer)!.indexOf(lr));
  return [
    ...groups.flatMap(({ optimizer, lr, stabiliser, runs }) => [
      ...runs.flatMap((run: GruRun) =>
        downsample(run[field], MAX_POINTS, field === 'loss' ? 'mean' : 'max').map((p) => ({
          row: row(optimizer),
          stabiliser,
          layer: 'trace',
          rate: rate(optimizer, lr),
          run: `lr ${lr} seed ${run.seed}`,
          step: p.step,
          value: p.value,
        })),
      ),
      ...runs.flatMap((run) =>
        run.explosions.filter((e) => e.kind === 'non-finite').map((e) => ({ row: row(optimizer), stabiliser, layer: 'divergence', rate: rate(optimizer, lr), step: e.step })),
      ),
    ]),
    ...panels.flatMap(({ optimizer, stabiliser }) => references.map((r) => ({ row: row(optimizer), stabiliser, layer: 'reference', ...r }))),
  ];
}

/** A grid of panels, optimizer by stabiliser, of one per-step trace. */
function traceSpec(groups: readonly GruGroup[], field: TraceField, yTitle: string, yScale: 'log' | 'linear', references: readonly Reference[]): TopLevelSpec {
  const { optimizers, stabilisers } = facetOrder(groups);
  const rates = ratesOf(groups);
  const x = { field: 'step', type: 'quantitative', title: 'training step' } as const;
  const only = (layer: string) => [{ filter: `datum.layer === '${layer}'` }];
  return {
    $schema: VEGA_LITE_SCHEMA,
    data: { values: traceRows(groups, field, references) },
    facet: {
      row: { field: 'row', type: 'nominal', sort: optimizers.map((o) => rowLabel(o, rates.get(o)!)), title: 'optimizer', header: { labelAngle: -90 } },
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
            color: { field: 'rate', type: 'ordinal', title: "learning rate: its place in the row's sweep, smallest first", sort: rateOrder(groups), scale: { scheme: 'viridis' }, legend: { orient: 'bottom', titleLimit: 400 } },
            detail: { field: 'run', type: 'nominal' },
          },
        },
        {
          transform: only('divergence'),
          mark: { type: 'rule', strokeDash: [4, 3], opacity: 0.8, strokeWidth: 1 },
          encoding: { x, color: { field: 'rate', type: 'ordinal', sort: rateOrder(groups), scale: { scheme: 'viridis' } } },
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
      caption:
        "Nats per character, one line per learning rate and seed, coloured by the rate's place in its optimizer's sweep (mean over the steps each point stands for); dashed vertical lines mark the step where a run diverged (non-finite loss).",
      spec: traceSpec(groups, 'loss', 'loss (nats/char)', scaleFor(all('loss')), []),
    },
    {
      id: 'gru-grad-norm',
      title: 'GRU: global gradient norm per step (before clipping)',
      caption: 'Largest norm over the steps each point stands for, log scale, one line per rate and seed; dashed vertical lines mark divergences.',
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
