/**
 * The plots of the MNIST experiment: training loss and test accuracy per epoch at each
 * optimizer's best learning rate, and final training loss against the learning rate.
 *
 * @module
 */
import { formatNumber } from '../format.js';
import { bandLineSpec, type BandPoint } from './band-line.js';
import { scaleFor, type Chart } from './chart.js';
import type { EpochRecord, MnistExperimentResult, MnistRun } from '../../experiments/mnist-result.js';
import type { Finite } from '../../stats/summary-stats.js';

/** Smallest and largest of `values` over seeds; both `null` when any is `null`. */
function spread(values: readonly Finite[]): { lo: Finite; hi: Finite } {
  if (values.length === 0 || values.some((v) => v === null)) return { lo: null, hi: null };
  const xs = values as number[];
  return { lo: Math.min(...xs), hi: Math.max(...xs) };
}

/** The value of `field` at `epoch` in each run. */
function atEpoch(runs: readonly MnistRun[], epoch: number, pick: (e: EpochRecord) => Finite): Finite[] {
  return runs.map((r) => {
    const e = r.epochs.find((x) => x.epoch === epoch);
    return e ? pick(e) : null;
  });
}

/** Per optimizer at its best rate, per epoch: mean over seeds and the seeds' range. */
function perEpochPoints(result: MnistExperimentResult, metric: 'trainLoss' | 'testAccuracy', scale: number): BandPoint[] {
  return result.summary.flatMap((s) => {
    const runs = result.runs.filter((r) => r.optimizer === s.optimizer && r.lr === s.bestLr);
    const series = `${s.optimizer} (lr ${formatNumber(s.bestLr)})`;
    return s.perEpoch.map((p) => {
      const { lo, hi } = spread(atEpoch(runs, p.epoch, (e) => e[metric]));
      const times = (v: Finite): Finite => (v === null ? null : v * scale);
      return { series, x: p.epoch, y: times(p[metric].mean), lo: times(lo), hi: times(hi) };
    });
  });
}

/** Per optimizer and rate: mean final training loss over the tuning seeds, and their range. */
function sensitivityPoints(result: MnistExperimentResult): BandPoint[] {
  const tuning = result.config.tuningSeeds;
  return result.summary.flatMap((s) =>
    s.finalTrainLossByLr.map(({ lr, trainLoss }) => {
      const runs = result.runs.filter((r) => r.optimizer === s.optimizer && r.lr === lr && tuning.includes(r.seed));
      const { lo, hi } = spread(runs.map((r) => r.epochs[r.epochs.length - 1]?.trainLoss ?? null));
      return { series: s.optimizer, x: lr, y: trainLoss.mean, lo, hi };
    }),
  );
}

/** The three MNIST plots. */
export function mnistCharts(result: MnistExperimentResult): Chart[] {
  const loss = perEpochPoints(result, 'trainLoss', 1);
  const accuracy = perEpochPoints(result, 'testAccuracy', 100);
  const sensitivity = sensitivityPoints(result);
  const lossScale = scaleFor(loss.flatMap((p) => [p.y, p.lo, p.hi]), 5);
  const bestOrder = result.summary.map((s) => `${s.optimizer} (lr ${formatNumber(s.bestLr)})`);
  const order = result.summary.map((s) => s.optimizer);
  return [
    {
      id: 'mnist-train-loss',
      title: 'MNIST: training loss per epoch',
      caption: "Each optimizer at its best learning rate: mean over seeds, the band spans the seeds' lowest to highest loss.",
      spec: bandLineSpec(loss, { x: 'epoch', y: 'training loss (cross-entropy)', series: 'optimizer', seriesOrder: bestOrder, yScale: lossScale }),
    },
    {
      id: 'mnist-test-accuracy',
      title: 'MNIST: test accuracy per epoch',
      caption: `Each optimizer at its best learning rate; the target is ${formatNumber(100 * result.targetAccuracy, 3)} %.`,
      spec: bandLineSpec(accuracy, { x: 'epoch', y: 'test accuracy (%)', series: 'optimizer', seriesOrder: bestOrder }),
    },
    {
      id: 'mnist-lr-sensitivity',
      title: 'MNIST: final training loss against learning rate',
      caption:
        'Final training loss for every rate of each grid, mean over the seeds the grid ran with (band: their range); a cross at the top marks a rate where a seed diverged.',
      spec: bandLineSpec(sensitivity, {
        x: 'learning rate',
        y: 'final training loss',
        series: 'optimizer',
        seriesOrder: order,
        xScale: 'log',
        yScale: scaleFor(sensitivity.flatMap((p) => [p.y, p.lo, p.hi]), 5),
      }),
    },
  ];
}
