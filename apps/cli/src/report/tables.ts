/**
 * The report's tables as rows of text, shared by `summary.md`, `index.html` and the summary the
 * command prints.
 *
 * @module
 */
import { formatMeanStd, formatMs, formatNumber } from './format.js';
import { gruGroups } from './gru-groups.js';
import { maxOrNonFinite, meanStd } from '../stats/summary-stats.js';
import type { GruExperimentResult } from '../experiments/gru-result.js';
import type { MnistExperimentResult } from '../experiments/mnist-result.js';

/** A table: a header and rows of cells. */
export interface Table {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** Per optimizer, at its best learning rate: the figures of the last epoch, means ± std over seeds. */
export function mnistTable(result: MnistExperimentResult): Table {
  const target = `epochs to ${formatNumber(100 * result.targetAccuracy, 3)} % test accuracy`;
  const header = ['optimizer', 'best lr', 'at grid edge', 'final train loss', 'final test accuracy (%)', target];
  const rows = result.summary.map((s) => {
    const last = s.perEpoch[s.perEpoch.length - 1];
    return [
      s.optimizer,
      formatNumber(s.bestLr),
      s.bestLrAtGridEdge ? 'yes' : 'no',
      last ? formatMeanStd(last.trainLoss) : '',
      last ? formatMeanStd(last.testAccuracy, 4, 100) : '',
      s.epochsToTarget === null ? 'not reached' : String(s.epochsToTarget),
    ];
  });
  return { header, rows };
}

/** Per optimizer and stabiliser, over seeds: explosions, divergence, final validation figures, norms and step time. */
export function gruTable(result: GruExperimentResult): Table {
  const header = [
    'optimizer',
    'stabiliser',
    'lr',
    'explosions',
    'diverged',
    'final val loss',
    'val perplexity',
    'max grad norm',
    'max spectral norm',
    'ms/step',
    'optimizer ms',
    'constraint ms',
  ];
  const rows = gruGroups(result).map(({ optimizer, stabiliser, runs }) => {
    const events = runs.flatMap((r) => r.explosions);
    const nonFinite = events.filter((e) => e.kind === 'non-finite').length;
    const explosions = events.length === 0 ? '0' : `${events.length} (${events.length - nonFinite} spike, ${nonFinite} non-finite)`;
    const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    return [
      optimizer,
      stabiliser,
      [...new Set(runs.map((r) => formatNumber(r.lr)))].join(', '),
      explosions,
      `${runs.filter((r) => r.diverged).length}/${runs.length}`,
      formatMeanStd(meanStd(runs.map((r) => r.finalValidationLoss))),
      formatMeanStd(meanStd(runs.map((r) => r.finalValidationPerplexity))),
      formatNumber(maxOrNonFinite(runs.flatMap((r) => r.gradNorm))),
      formatNumber(maxOrNonFinite(runs.flatMap((r) => r.spectralNorm))),
      formatMs(mean(runs.map((r) => r.msPerStep))),
      formatMs(mean(runs.map((r) => r.msPerStepOptimizer))),
      formatMs(mean(runs.map((r) => r.msPerStepConstraint))),
    ];
  });
  return { header, rows };
}
