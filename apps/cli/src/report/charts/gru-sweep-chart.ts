/**
 * The stable region of the GRU experiment: final validation loss against the learning rate,
 * one line per stabiliser, one panel per optimizer.
 *
 * @module
 */
import { gruGroups } from '../gru-groups.js';
import { bandLineSpec, type BandPoint } from './band-line.js';
import { scaleFor, type Chart } from './chart.js';
import { facetOrder } from './facet-order.js';
import type { GruExperimentResult } from '../../experiments/gru-result.js';

/** The final validation loss against the learning rate per stabiliser (mean over seeds, band: range; a cross where a seed diverged). */
export function gruSweepChart(result: GruExperimentResult): Chart {
  const groups = gruGroups(result);
  const points: BandPoint[] = groups.map(({ optimizer, lr, stabiliser, runs }) => {
    const losses = runs.map((r) => r.finalValidationLoss);
    const finite = losses.filter((v): v is number => v !== null);
    const all = finite.length === losses.length && finite.length > 0;
    return {
      panel: optimizer,
      series: stabiliser,
      x: lr,
      y: all ? finite.reduce((a, b) => a + b, 0) / finite.length : null,
      lo: finite.length > 0 ? Math.min(...finite) : null,
      hi: finite.length > 0 ? Math.max(...finite) : null,
    };
  });
  return {
    id: 'gru-stable-region',
    title: 'GRU: final validation loss against learning rate (the stable region)',
    caption:
      'Mean final validation loss over seeds (nats per character) for every rate of the sweep, one line per stabiliser; the band spans the seeds that ended finite; ' +
      'a cross at the top marks a rate where a seed diverged. A stabiliser trains over the rates where its line stays low.',
    spec: bandLineSpec(points, {
      x: 'learning rate',
      y: 'final validation loss (nats/char)',
      series: 'stabiliser',
      seriesOrder: facetOrder(groups).stabilisers,
      xScale: 'log',
      yScale: scaleFor(points.flatMap((p) => [p.y, p.lo, p.hi]), 5),
      panels: { title: 'optimizer', order: facetOrder(groups).optimizers },
    }),
  };
}
