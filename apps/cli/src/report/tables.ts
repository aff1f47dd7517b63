/**
 * The report's tables as rows of text, shared by `summary.md`, `index.html` and the summary the
 * command prints.
 *
 * @module
 */
import { formatMeanStd, formatMs, formatNumber } from './format.js';
import { gruGroups, type GruGroup } from './gru-groups.js';
import { maxOrNonFinite, meanStd, type Comparison } from '../stats/summary-stats.js';
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
  const header = ['optimizer', 'rates tried', 'best lr', 'at grid edge', 'final train loss', 'final test accuracy (%)', target];
  const rows = result.summary.map((s) => {
    const last = s.perEpoch[s.perEpoch.length - 1];
    const rates = s.finalTrainLossByLr.map((e) => formatNumber(e.lr)).join(', ');
    return [
      s.optimizer,
      s.addedRates.length > 0 ? `${rates} (${s.addedRates.map((lr) => formatNumber(lr)).join(', ')} added)` : rates,
      formatNumber(s.bestLr),
      s.bestLrAtGridEdge ? 'yes' : 'no',
      last ? formatMeanStd(last.trainLoss) : '',
      last ? formatMeanStd(last.testAccuracy, 4, 100) : '',
      s.epochsToTarget === null ? 'not reached' : String(s.epochsToTarget),
    ];
  });
  return { header, rows };
}

/** A p-value with 2 significant digits, or `-`. */
function formatP(p: number | null): string {
  if (p === null) return '-';
  return p < 1e-4 ? p.toExponential(1) : String(Number(p.toPrecision(2)));
}

/** The name of a test as the tables write it. */
const TEST_NAMES: Readonly<Record<Comparison['test'], string>> = { 'welch-t': "Welch's t", 'fisher-exact': "Fisher's exact", none: '-' };

/**
 * One row per comparison: the two sides (mean ± std over seeds, or for a count the runs with the
 * event), the difference with its 95 % interval, the test, its p-value before and after Holm's
 * adjustment, and the verdict.
 */
export function comparisonTable(comparisons: readonly Comparison[], digits = 4): Table {
  const header = ['metric', 'a', 'b', 'a: mean ± std', 'b: mean ± std', 'a − b (95 % CI)', 'test', 'p', 'Holm p', 'verdict'];
  const side = (c: Comparison, s: Comparison['a']) =>
    c.test === 'fisher-exact' ? `${s.values.filter((v) => v === 1).length}/${s.values.length} runs` : formatMeanStd({ mean: s.mean, std: s.std }, digits);
  const rows = comparisons.map((c) => [
    c.metric,
    c.a.label,
    c.b.label,
    side(c, c.a),
    side(c, c.b),
    c.difference === null ? '-' : `${formatNumber(c.difference, 3)}${c.ci95 ? ` (${formatNumber(c.ci95[0], 3)} to ${formatNumber(c.ci95[1], 3)})` : ''}`,
    TEST_NAMES[c.test],
    formatP(c.p),
    formatP(c.pAdjusted),
    c.verdict,
  ]);
  return { header, rows };
}

/** Explosions of a group: `0`, or the count split into spikes and non-finite losses. */
function explosionCell(g: GruGroup): string {
  const events = g.runs.flatMap((r) => r.explosions);
  const nonFinite = events.filter((e) => e.kind === 'non-finite').length;
  return events.length === 0 ? '0' : `${events.length} (${events.length - nonFinite} spike, ${nonFinite} non-finite)`;
}

/** The share of a group's steps spent exploded (loss above the spike threshold or not finite), over its seeds. */
export function explodedShare(g: GruGroup): number {
  const steps = g.runs.reduce((n, r) => n + Math.max(1, r.loss.length), 0);
  return g.runs.reduce((n, r) => n + r.explodedSteps, 0) / steps;
}

/**
 * The stable region, one table per optimizer: a row per stabiliser, a column per learning rate,
 * each cell the final validation loss over seeds (mean ± std) or how many seeds diverged, then
 * how many seeds had an explosion and the share of steps they spent exploded.
 */
export function gruSweepTables(result: GruExperimentResult): { readonly optimizer: string; readonly table: Table }[] {
  const groups = gruGroups(result);
  const optimizers = [...new Set(groups.map((g) => g.optimizer))];
  return optimizers.map((optimizer) => {
    const mine = groups.filter((g) => g.optimizer === optimizer);
    const rates = [...new Set(mine.map((g) => g.lr))];
    const stabilisers = [...new Set(mine.map((g) => g.stabiliser))];
    const rows = stabilisers.map((stabiliser) => [
      stabiliser,
      ...rates.map((lr) => {
        const g = mine.find((x) => x.lr === lr && x.stabiliser === stabiliser);
        if (!g) return '';
        const diverged = g.runs.filter((r) => r.diverged).length;
        const loss = diverged > 0 ? `diverged ${diverged}/${g.runs.length}` : formatMeanStd(meanStd(g.runs.map((r) => r.finalValidationLoss)), 3);
        const exploded = g.runs.filter((r) => r.explosions.length > 0).length;
        return exploded === 0 ? `${loss}; no explosion` : `${loss}; exploded ${exploded}/${g.runs.length}, ${formatNumber(100 * explodedShare(g), 2)} % of steps`;
      }),
    ]);
    return { optimizer, table: { header: ['stabiliser', ...rates.map((lr) => `lr ${formatNumber(lr)}`)], rows } };
  });
}

/** Per optimizer, rate and stabiliser, over seeds: explosions, divergence, final validation figures, norms and step time. */
export function gruTable(result: GruExperimentResult): Table {
  const header = [
    'optimizer',
    'lr',
    'stabiliser',
    'explosions',
    'diverged',
    'final val loss',
    'val perplexity',
    'max grad norm',
    'max spectral norm',
    'ms/step',
    'gradients ms',
    'optimizer ms',
    'constraint ms',
  ];
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rows = gruGroups(result).map((g) => {
    const { optimizer, lr, stabiliser, runs } = g;
    return [
      optimizer,
      formatNumber(lr),
      stabiliser,
      explosionCell(g),
      `${runs.filter((r) => r.diverged).length}/${runs.length}`,
      formatMeanStd(meanStd(runs.map((r) => r.finalValidationLoss))),
      formatMeanStd(meanStd(runs.map((r) => r.finalValidationPerplexity))),
      formatNumber(maxOrNonFinite(runs.flatMap((r) => r.gradNorm))),
      formatNumber(maxOrNonFinite(runs.flatMap((r) => r.spectralNorm))),
      formatMs(mean(runs.map((r) => r.msPerStep))),
      formatMs(mean(runs.map((r) => r.msPerStepGradients))),
      formatMs(mean(runs.map((r) => r.msPerStepOptimizer))),
      formatMs(mean(runs.map((r) => r.msPerStepConstraint))),
    ];
  });
  return { header, rows };
}

/**
 * The spectral constraint's cost: over the constrained runs, its mean milliseconds per step and
 * its share of the mean step; `null` without constrained runs.
 */
export function constraintShare(result: GruExperimentResult): { readonly ms: number; readonly share: number } | null {
  const runs = result.runs.filter((r) => result.config.stabilisers.some((s) => s.name === r.stabiliser && s.spectralBound !== undefined));
  if (runs.length === 0) return null;
  const ms = runs.reduce((s, r) => s + r.msPerStepConstraint, 0) / runs.length;
  const step = runs.reduce((s, r) => s + r.msPerStep, 0) / runs.length;
  return { ms, share: step > 0 ? ms / step : 0 };
}
