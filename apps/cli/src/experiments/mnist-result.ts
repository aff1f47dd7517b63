/**
 * What the MNIST experiment (SDProp against the adaptive baselines, Ida et al., IJCAI 2017)
 * configures and returns, as it appears in `summary.json`.
 *
 * @module
 */
import type { OptimizerSpec } from './optimizers.js';
import type { Comparison, Finite, MeanStd } from '../stats/summary-stats.js';

/** Configuration of the MNIST experiment. */
export interface MnistConfig {
  /** Digits used for training and for testing (disjoint). */
  readonly trainExamples: number;
  /** Digits used for testing, disjoint from the training digits. */
  readonly testExamples: number;
  /** Passes over the training digits. */
  readonly epochs: number;
  /** Digits per training batch. */
  readonly batchSize: number;
  /**
   * The learning rates each optimizer starts with, by optimizer name, ascending. When an
   * optimizer's best rate is the smallest or largest of its grid, the grid is extended on that
   * side by the ratio of its two outermost rates, up to `maxGridExtensions` rates per side.
   */
  readonly lrGrid: Readonly<Record<string, readonly number[]>>;
  /** Most rates added to each side of an optimizer's grid (0: the grid is fixed). */
  readonly maxGridExtensions: number;
  /** Seeds of weight initialisation and batch order; every optimizer runs with each at its best rate. */
  readonly seeds: readonly number[];
  /**
   * The seeds every rate of a grid runs with (the first of `seeds`, or all of them): the best
   * rate is chosen on these, and the other seeds run only at it. Every optimizer gets the same.
   */
  readonly tuningSeeds: readonly number[];
  /** The optimizers compared. */
  readonly optimizers: readonly OptimizerSpec[];
  /** The network's name: `lenet` or `small-cnn`. */
  readonly network: string;
  /** A one-line description of the network, e.g. `conv5x5x16-relu-maxpool2 > conv5x5x32-relu-maxpool2 > dense10`. */
  readonly model: string;
  /** The test accuracy at which `epochsToTarget` counts (default 0.9). */
  readonly targetAccuracy?: number;
}

/** One epoch of one MNIST run. */
export interface EpochRecord {
  /** Epoch number, from 1. */
  readonly epoch: number;
  /** Mean training loss over the epoch's batches. */
  readonly trainLoss: Finite;
  /** Mean cross-entropy on the test digits after the epoch. */
  readonly testLoss: Finite;
  /** Fraction of test digits classified correctly after the epoch. */
  readonly testAccuracy: number;
  /** Wall time of the epoch, evaluation included. */
  readonly seconds: number;
}

/** One (optimizer, learning rate, seed) run of the MNIST experiment. */
export interface MnistRun {
  /** Name of the optimizer ({@link OptimizerSpec.name}). */
  readonly optimizer: string;
  /** Learning rate. */
  readonly lr: number;
  /** Seed of weight initialisation and batch order. */
  readonly seed: number;
  /** One record per epoch. */
  readonly epochs: readonly EpochRecord[];
  /** True when the loss became non-finite. */
  readonly diverged: boolean;
  /** Wall time of the run. */
  readonly seconds: number;
}

/** The mean final training loss at one learning rate. */
export interface LrLoss {
  /** Learning rate. */
  readonly lr: number;
  /** Final training loss over the tuning seeds. */
  readonly trainLoss: MeanStd;
}

/** One epoch at an optimizer's best rate, over seeds. */
export interface EpochSummary {
  /** Epoch number, from 1. */
  readonly epoch: number;
  /** Mean training loss of the epoch, over seeds. */
  readonly trainLoss: MeanStd;
  /** Test accuracy after the epoch, over seeds. */
  readonly testAccuracy: MeanStd;
}

/** Per-optimizer summary at its best learning rate (lowest mean final training loss over the tuning seeds). */
export interface MnistOptimizerSummary {
  /** Name of the optimizer. */
  readonly optimizer: string;
  /** The rate of the grid with the lowest mean final training loss over the tuning seeds. */
  readonly bestLr: number;
  /** True when the best rate is the smallest or largest of the rates run: the grid was too narrow. */
  readonly bestLrAtGridEdge: boolean;
  /** The rates added to the configured grid because the best rate was at its edge, ascending. */
  readonly addedRates: readonly number[];
  /** Mean final training loss over the tuning seeds, for every rate run (the sensitivity curve), ascending. */
  readonly finalTrainLossByLr: readonly LrLoss[];
  /** Training loss and test accuracy per epoch at the best rate, over all seeds. */
  readonly perEpoch: readonly EpochSummary[];
  /** First epoch whose mean test accuracy reaches the experiment's target, or null. */
  readonly epochsToTarget: number | null;
}

/** What the MNIST experiment returns. */
export interface MnistExperimentResult {
  /** The configuration that was run. */
  readonly config: MnistConfig;
  /** The test accuracy used for `epochsToTarget`. */
  readonly targetAccuracy: number;
  /** Every (optimizer, rate, seed) run. */
  readonly runs: readonly MnistRun[];
  /** One summary per optimizer, in the order of the configuration. */
  readonly summary: readonly MnistOptimizerSummary[];
  /**
   * SDProp at its best rate against every other optimizer at its own: final training loss and
   * final test accuracy over the seeds, by Welch's t-test, Holm-adjusted over these comparisons.
   * Empty when SDProp or every baseline is missing.
   */
  readonly comparisons: readonly Comparison[];
}
