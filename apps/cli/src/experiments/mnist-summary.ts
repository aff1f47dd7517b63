/**
 * The per-optimizer summary of the MNIST experiment.
 *
 * @module
 */
import { meanStd } from '../stats/summary-stats.js';
import type { MnistConfig, MnistOptimizerSummary, MnistRun } from './mnist-result.js';
import type { Finite } from '../stats/summary-stats.js';

/** The last epoch's training loss of a run, `null` when it diverged or stopped early. */
function finalTrainLoss(run: MnistRun, epochs: number): Finite {
  return run.epochs.length === epochs ? run.epochs[epochs - 1]!.trainLoss : null;
}

/**
 * For every optimizer: the mean final training loss over seeds at each rate (the sensitivity
 * curve); the best rate, the one with the lowest mean (rates where a seed diverged do not count;
 * when every rate diverged, the smallest rate stands in and counts as at the grid's edge); the
 * per-epoch mean and spread at that rate (an epoch a diverged seed did not reach is `null`); and
 * the first epoch whose mean test accuracy reaches `targetAccuracy`.
 */
export function summariseMnist(config: MnistConfig, runs: readonly MnistRun[], targetAccuracy: number): MnistOptimizerSummary[] {
  return config.optimizers.map(({ name }) => {
    const at = (lr: number) => runs.filter((r) => r.optimizer === name && r.lr === lr);
    const finalTrainLossByLr = config.lrGrid.map((lr) => ({ lr, trainLoss: meanStd(at(lr).map((r) => finalTrainLoss(r, config.epochs))) }));
    let best = finalTrainLossByLr[0]!;
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
    const edge = best.trainLoss.mean === null || best.lr === Math.min(...config.lrGrid) || best.lr === Math.max(...config.lrGrid);
    return { optimizer: name, bestLr: best.lr, bestLrAtGridEdge: edge, finalTrainLossByLr, perEpoch, epochsToTarget: reached?.epoch ?? null };
  });
}
