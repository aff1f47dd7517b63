/**
 * The per-optimizer summary of the MNIST experiment, the extension of a grid whose best rate is
 * at its edge, and SDProp's comparisons with the baselines.
 *
 * @module
 */
import { adjustFamily, arm, meanStd, welchComparison, type Comparison } from '../stats/summary-stats.js';
import type { MnistConfig, MnistOptimizerSummary, MnistRun } from './mnist-result.js';
import { neighbourRate } from './rate-ladder.js';
import type { Finite } from '../stats/summary-stats.js';

/** The optimizer the MNIST comparisons are about. */
export const METHOD = 'sdprop';

/** The last epoch's training loss of a run, `null` when it diverged or stopped early. */
function finalTrainLoss(run: MnistRun, epochs: number): Finite {
  return run.epochs.length === epochs ? run.epochs[epochs - 1]!.trainLoss : null;
}

/** The last epoch's test accuracy of a run, `null` when it diverged or stopped early. */
function finalTestAccuracy(run: MnistRun, epochs: number): Finite {
  return run.epochs.length === epochs && !run.diverged ? run.epochs[epochs - 1]!.testAccuracy : null;
}

/** The rates `runs` hold for `optimizer`, ascending. */
function ratesRun(runs: readonly MnistRun[], optimizer: string): number[] {
  return [...new Set(runs.filter((r) => r.optimizer === optimizer).map((r) => r.lr))].sort((a, b) => a - b);
}

/**
 * The summary of one optimizer: the mean final training loss over the tuning seeds at each rate
 * run (the sensitivity curve); the best rate, the one with the lowest mean (rates where a seed
 * diverged do not count; when every rate diverged, the smallest rate stands in and counts as at
 * the grid's edge); the per-epoch mean and spread over all seeds run at that rate (an epoch a
 * diverged seed did not reach is `null`); and the first epoch whose mean test accuracy reaches
 * `targetAccuracy`.
 */
export function summariseOptimizer(config: MnistConfig, name: string, runs: readonly MnistRun[], targetAccuracy: number): MnistOptimizerSummary {
  const at = (lr: number) => runs.filter((r) => r.optimizer === name && r.lr === lr);
  const tuning = (lr: number) => at(lr).filter((r) => config.tuningSeeds.includes(r.seed));
  const rates = ratesRun(runs, name);
  const finalTrainLossByLr = rates.map((lr) => ({ lr, trainLoss: meanStd(tuning(lr).map((r) => finalTrainLoss(r, config.epochs))) }));
  let best = finalTrainLossByLr[0] ?? { lr: NaN, trainLoss: { mean: null, std: null } };
  for (const entry of finalTrainLossByLr) {
    const m = entry.trainLoss.mean;
    if (m !== null && (best.trainLoss.mean === null || m < best.trainLoss.mean)) best = entry;
  }
  const bestRuns = at(best.lr);
  const perEpoch = Array.from({ length: config.epochs }, (_, i) => {
    const records = bestRuns.map((r) => r.epochs[i]);
    return {
      epoch: i + 1,
      trainLoss: meanStd(records.map((e) => e?.trainLoss ?? null)),
      testAccuracy: meanStd(records.map((e) => e?.testAccuracy ?? null)),
    };
  });
  const reached = perEpoch.find((e) => e.testAccuracy.mean !== null && e.testAccuracy.mean >= targetAccuracy);
  const edge = best.trainLoss.mean === null || best.lr === rates[0] || best.lr === rates.at(-1);
  const configured = new Set(config.lrGrid[name] ?? []);
  return {
    optimizer: name,
    bestLr: best.lr,
    bestLrAtGridEdge: edge,
    addedRates: rates.filter((lr) => !configured.has(lr)),
    finalTrainLossByLr,
    perEpoch,
    epochsToTarget: reached?.epoch ?? null,
  };
}

/** {@link summariseOptimizer} for every optimizer of the configuration, in its order. */
export function summariseMnist(config: MnistConfig, runs: readonly MnistRun[], targetAccuracy: number): MnistOptimizerSummary[] {
  return config.optimizers.map(({ name }) => summariseOptimizer(config, name, runs, targetAccuracy));
}

/**
 * The next rate to try for an optimizer whose summary is `s`, or `undefined` when its best rate
 * lies inside the rates run or the grid may not grow on that side any more: the
 * {@link neighbourRate} below the smallest rate when that is the best (or when every rate
 * diverged), above the largest when that is the best, at most `config.maxGridExtensions` per side.
 */
export function nextRate(config: MnistConfig, s: MnistOptimizerSummary): number | undefined {
  const grid = config.lrGrid[s.optimizer] ?? [];
  const rates = s.finalTrainLossByLr.map((e) => e.lr);
  if (!s.bestLrAtGridEdge || rates.length === 0) return undefined;
  const best = s.finalTrainLossByLr.find((e) => e.lr === s.bestLr)!;
  const below = best.trainLoss.mean === null || s.bestLr === rates[0];
  const added = s.addedRates.filter((lr) => (below ? lr < Math.min(...grid) : lr > Math.max(...grid))).length;
  if (added >= config.maxGridExtensions) return undefined;
  return below ? neighbourRate(rates[0]!, -1) : neighbourRate(rates.at(-1)!, 1);
}

/** `name (lr x)` as comparisons label a configuration. */
function label(s: MnistOptimizerSummary): string {
  return `${s.optimizer} (lr ${s.bestLr})`;
}

/**
 * SDProp ({@link METHOD}) at its best rate against every other optimizer at its own, on the
 * per-seed final training loss (lower is better) and final test accuracy (higher is better), by
 * Welch's t-test, Holm-adjusted over all these comparisons. Empty without SDProp or a baseline.
 */
export function compareMnist(config: MnistConfig, summary: readonly MnistOptimizerSummary[], runs: readonly MnistRun[]): Comparison[] {
  const method = summary.find((s) => s.optimizer === METHOD);
  if (!method) return [];
  const values = (s: MnistOptimizerSummary, pick: (r: MnistRun, epochs: number) => Finite) =>
    runs.filter((r) => r.optimizer === s.optimizer && r.lr === s.bestLr).map((r) => pick(r, config.epochs));
  const family = summary
    .filter((s) => s !== method)
    .flatMap((base) => [
      welchComparison('final training loss', 'lower', arm(label(method), values(method, finalTrainLoss)), arm(label(base), values(base, finalTrainLoss))),
      welchComparison('final test accuracy', 'higher', arm(label(method), values(method, finalTestAccuracy)), arm(label(base), values(base, finalTestAccuracy))),
    ]);
  return adjustFamily(family);
}
