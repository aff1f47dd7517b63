/**
 * Experiment 1: SDProp against the adaptive and classical baselines on MNIST digits with a CNN
 * (after Ida, Fujiwara and Iwamura, IJCAI 2017, who compare on image classification with CNNs).
 * Every optimizer gets the same seeds, data, initial weights and batch order, and a grid of
 * learning rates, run with the tuning seeds, that grows until its best rate lies inside it; the
 * other seeds run at the best rate, and the summary compares the optimizers there.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { OPTIMIZERS } from './optimizers.js';
import { digitBatch, epochBatches, sequentialBatches, type DigitSet } from '../models/digit-sets.js';
import type { MnistModel } from '../models/mnist-network.js';
import { mnistInputSets, mnistNetwork } from '../models/mnist-networks.js';
import { lossAndGradients, meanCrossEntropy } from '../models/parameters.js';
import { seededRandom } from '../train/random.js';
import { createStepper } from '../train/stepper.js';
import { useTfjsBackend } from '../train/tfjs-backend.js';
import { checkpoint, journaledPlanned } from './run-control.js';
import { MNIST_EVAL_SECONDS, MNIST_STEP_SECONDS } from './planned-cost.js';
import { finite } from '../stats/summary-stats.js';
import { compareMnist, nextRate, summariseOptimizer } from './mnist-summary.js';
import { checkScale, type Scale } from './scale.js';
import { serialRunner } from './run-tasks.js';
import { neighbourRate } from './rate-ladder.js';
import type { ExperimentOptions } from './experiment-options.js';
import type { EpochRecord, MnistConfig, MnistExperimentResult, MnistRun } from './mnist-result.js';
import type { OptimizerSpec } from './optimizers.js';

/** The optimizers of the MNIST experiment. */
const MNIST_OPTIMIZERS = ['sdprop', 'adastand', 'adam', 'rmsprop', 'sgd-momentum'].map((n) => OPTIMIZERS[n]!);

/** The test accuracy at which `epochsToTarget` counts when the configuration does not say. */
export const DEFAULT_TARGET_ACCURACY = 0.9;

/** Digits per evaluation batch. */
const EVAL_BATCH = 500;

/** `rates` for every MNIST optimizer. */
function sameGrid(rates: readonly number[]): Record<string, readonly number[]> {
  return Object.fromEntries(MNIST_OPTIMIZERS.map((o) => [o.name, rates]));
}

/**
 * The MNIST configuration of a scale. Measured on a 2-core machine shared with other work, with
 * tfjs-node on one thread per process: the LeNet CNN trains a batch of 32 (forward, gradients
 * and the `tfjs` optimizer step) in 11 to 16 ms, against about 60 ms on tfjs `wasm`, so a run of 5
 * epochs over 8,000 digits (1,250 steps) takes 20 to 30 s.
 * - `default`: the papers' setting: the LeNet CNN, all 10,000 digits of the `mnist` package
 *   split 8,000 / 2,000, 5 epochs of batches of 32, 3 seeds; per optimizer three rates half a
 *   decade apart centred on the best rate of a first exploration (seed 1, five rates each:
 *   SDProp, Adam and RMSprop were best at 0.003, Adastand at 0.01, SGD with momentum at 0.03,
 *   each with a worse rate on both sides), run with seed 1, the grid growing when its best rate
 *   lands at an edge, and seeds 2 and 3 at the best rate (25 runs). In a run of every rate with
 *   every seed, each seed alone chose the rate the three seeds' mean chose, for all five
 *   optimizers: the rates are a half decade apart and their losses differ by a factor of 1.5 to
 *   4, the seeds by 5 to 25 %;
 * - `quick`: the small CNN on 1,000 training and 500 test digits, 2 epochs, the decade grid
 *   `0.001 .. 0.1` with seed 1, and seed 2 at the best rate;
 * - `paper`: as `default` with 5 seeds that all run every rate, 10 epochs and five rates per
 *   optimizer, for a larger machine.
 * The target accuracy (97.5 % for the LeNet CNN, 80 % for the small one) lies between the first
 * epoch's test accuracy and the last's in the exploration.
 *
 * @throws RangeError naming `scale` unless it is one of the scales
 */
export function mnistConfig(scale: Scale): MnistConfig {
  checkScale(scale);
  const common = { batchSize: 32, optimizers: MNIST_OPTIMIZERS, maxGridExtensions: 2 };
  const lenet = { network: 'lenet', model: mnistNetwork('lenet').description, trainExamples: 8000, testExamples: 2000, targetAccuracy: 0.975 };
  const grid = {
    sdprop: [1e-3, 3e-3, 1e-2],
    adastand: [3e-3, 1e-2, 3e-2],
    adam: [1e-3, 3e-3, 1e-2],
    rmsprop: [1e-3, 3e-3, 1e-2],
    'sgd-momentum': [1e-2, 3e-2, 0.1],
  };
  switch (scale) {
    case 'default':
      return { ...common, ...lenet, seeds: [1, 2, 3], tuningSeeds: [1], epochs: 5, lrGrid: grid };
    case 'paper':
      return {
        ...common,
        ...lenet,
        seeds: [1, 2, 3, 4, 5],
        tuningSeeds: [1, 2, 3, 4, 5],
        epochs: 10,
        lrGrid: Object.fromEntries(Object.entries(grid).map(([name, g]) => [name, [neighbourRate(g[0]!, -1), ...g, neighbourRate(g.at(-1)!, 1)]])),
      };
    case 'quick':
      return {
        ...common,
        network: 'small-cnn',
        model: mnistNetwork('small-cnn').description,
        seeds: [1, 2],
        tuningSeeds: [1],
        trainExamples: 1000,
        testExamples: 500,
        epochs: 2,
        targetAccuracy: 0.8,
        lrGrid: sameGrid([1e-3, 1e-2, 0.1]),
      };
  }
}

/** The planned seconds of one run of `config` (see `planned-cost`). */
export function mnistRunCost(config: MnistConfig): number {
  const steps = config.epochs * Math.ceil(config.trainExamples / config.batchSize);
  return steps * (MNIST_STEP_SECONDS[config.network] ?? 0) + config.epochs * config.testExamples * (MNIST_EVAL_SECONDS[config.network] ?? 0);
}

/** The planned seconds of the whole experiment of `config`, before any grid grows. */
export function mnistPlannedSeconds(config: MnistConfig): number {
  const others = config.seeds.filter((seed) => !config.tuningSeeds.includes(seed)).length;
  const runs = config.optimizers.reduce((n, o) => n + (config.lrGrid[o.name]?.length ?? 0) * config.tuningSeeds.length + others, 0);
  return runs * mnistRunCost(config);
}

/** Mean cross-entropy and accuracy of `model` on `set`. */
function evaluate(model: MnistModel, set: DigitSet): { loss: number; accuracy: number } {
  let loss = 0;
  let correct = 0;
  for (const indices of sequentialBatches(set.count, EVAL_BATCH)) {
    const b = digitBatch(set, indices);
    tf.tidy(() => {
      const logits = model.logits(b.x);
      loss += meanCrossEntropy(logits, b.y).dataSync()[0]! * indices.length;
      correct += tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), b.y), 'int32')).dataSync()[0]!;
    });
    tf.dispose([b.x, b.y]);
  }
  return { loss: loss / set.count, accuracy: correct / set.count };
}

/**
 * Trains the CNN once with `optimizer` at rate `lr` from the weights and batch order of `seed`, on
 * the tfjs backend `options.tfjsBackend` (made current) and the step backend `options.backend`.
 * Each epoch records the mean training loss of its batches and the test loss and accuracy. When a
 * batch loss is not finite the run is marked `diverged` and stops: that epoch is recorded with a
 * `null` training loss (its test figures are those of the broken weights) and no later epoch is.
 */
export async function runMnistOnce(
  config: MnistConfig,
  optimizer: OptimizerSpec,
  lr: number,
  seed: number,
  options: ExperimentOptions,
): Promise<MnistRun> {
  await useTfjsBackend(options.tfjsBackend);
  const network = mnistNetwork(config.network);
  const { train, test } = mnistInputSets(network, config.trainExamples, config.testExamples);
  const batchesPerEpoch = Math.ceil(train.count / config.batchSize);
  const model = network.create(seed);
  const stepper = await createStepper(options.backend, model.params, { optimizer, lr }).catch((e: unknown) => {
    model.dispose();
    throw e;
  });
  const random = seededRandom(seed);
  const steps = config.epochs * batchesPerEpoch;
  const task = options.progress.start(`mnist ${optimizer.name} lr=${lr} seed=${seed}`, steps, mnistRunCost(config) / steps);
  const started = performance.now();
  const epochs: EpochRecord[] = [];
  let diverged = false;
  try {
    for (let epoch = 1; epoch <= config.epochs && !diverged; epoch++) {
      const epochStart = performance.now();
      let sum = 0;
      for (const indices of epochBatches(train.count, config.batchSize, random)) {
        await checkpoint(options);
        const b = digitBatch(train, indices);
        const { value, grads } = lossAndGradients(model, () => meanCrossEntropy(model.logits(b.x), b.y));
        const loss = value.dataSync()[0]!;
        if (Number.isFinite(loss)) stepper.step(grads);
        tf.dispose([b.x, b.y, value, ...Object.values(grads)]);
        task.tick(1, { loss: loss.toFixed(4) });
        if (!Number.isFinite(loss)) {
          diverged = true;
          options.progress.log(`mnist ${optimizer.name} lr=${lr} seed=${seed}: loss ${loss} in epoch ${epoch}; run stopped`);
          break;
        }
        sum += loss;
      }
      const t = evaluate(model, test);
      epochs.push({
        epoch,
        trainLoss: diverged ? null : sum / batchesPerEpoch,
        testLoss: finite(t.loss),
        testAccuracy: t.accuracy,
        seconds: (performance.now() - epochStart) / 1000,
      });
    }
  } finally {
    task.stop();
    stepper.dispose();
    model.dispose();
  }
  return { optimizer: optimizer.name, lr, seed, epochs, diverged, seconds: (performance.now() - started) / 1000 };
}

/**
 * Runs every optimizer at every rate of its grid with the tuning seeds, growing the grid by one
 * rate at a time while the best rate is at its edge (see `nextRate`), then the other seeds at the
 * best rate, and summarises each optimizer at its best rate, with SDProp's comparisons against the
 * others. The runs go to `options.runner` (one at a time in this process by default), all those
 * known at a time at once. Every run is recorded, so a resumed experiment grows its grids and
 * chooses its rates the same way.
 *
 * @throws RangeError naming `tuningSeeds` unless they are some of `seeds`
 */
export async function runMnistExperiment(config: MnistConfig, options: ExperimentOptions): Promise<MnistExperimentResult> {
  if (config.tuningSeeds.length === 0 || !config.tuningSeeds.every((seed) => config.seeds.includes(seed))) {
    throw new RangeError(`tuningSeeds: expected one or more of the seeds ${config.seeds.join(', ')}, got [${config.tuningSeeds.join(', ')}]`);
  }
  const targetAccuracy = config.targetAccuracy ?? DEFAULT_TARGET_ACCURACY;
  const runner = options.runner ?? serialRunner();
  const cost = mnistRunCost(config);
  const runRate = (optimizer: OptimizerSpec, lr: number, seeds: readonly number[]): Promise<MnistRun[]> =>
    Promise.all(
      seeds.map((seed) =>
        journaledPlanned(options, `mnist/${optimizer.name}/lr=${lr}/seed=${seed}`, cost, () => runner.run({ kind: 'mnist', config, optimizer, lr, seed }, cost, options)),
      ),
    );
  const perOptimizer = await Promise.all(
    config.optimizers.map(async (optimizer) => {
      const grid = [...(config.lrGrid[optimizer.name] ?? [])].sort((a, b) => a - b);
      const runs = (await Promise.all(grid.map((lr) => runRate(optimizer, lr, config.tuningSeeds)))).flat();
      const summary = () => summariseOptimizer(config, optimizer.name, runs, targetAccuracy);
      for (let lr = nextRate(config, summary()); lr !== undefined; lr = nextRate(config, summary())) {
        options.progress.log(`mnist ${optimizer.name}: the best rate is at the edge of the grid; adding lr=${lr}`);
        options.progress.extend(config.tuningSeeds.length * cost);
        runs.push(...(await runRate(optimizer, lr, config.tuningSeeds)));
      }
      runs.push(...(await runRate(optimizer, summary().bestLr, config.seeds.filter((seed) => !config.tuningSeeds.includes(seed)))));
      return runs.sort((a, b) => a.lr - b.lr || a.seed - b.seed);
    }),
  );
  const runs = perOptimizer.flat();
  const summary = config.optimizers.map(({ name }) => summariseOptimizer(config, name, runs, targetAccuracy));
  return { config, targetAccuracy, runs, summary, comparisons: compareMnist(config, summary, runs) };
}
