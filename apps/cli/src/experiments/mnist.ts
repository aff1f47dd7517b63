/**
 * Experiment 1: SDProp against the adaptive and classical baselines on MNIST digits with a small
 * CNN (after Ida, Fujiwara and Iwamura, IJCAI 2017, who compare on image classification with
 * CNNs). Every optimizer gets the same learning-rate grid, seeds, data, initial weights and batch
 * order; the summary compares each at its best rate.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { epochBatches, mnistPatchSets, patchBatch, sequentialBatches, type PatchSet } from '../models/cnn-batches.js';
import { CNN_DESCRIPTION, createCnn, type Cnn } from '../models/cnn.js';
import { lossAndGradients, meanCrossEntropy } from '../models/parameters.js';
import { seededRandom } from '../train/random.js';
import { createStepper } from '../train/stepper.js';
import { useTfjsBackend } from '../train/tfjs-backend.js';
import { OPTIMIZERS } from './optimizers.js';
import { checkpoint, journaled } from './run-control.js';
import { finite } from '../stats/summary-stats.js';
import { summariseMnist } from './mnist-summary.js';
import type { ExperimentOptions } from './experiment-options.js';
import type { EpochRecord, MnistConfig, MnistExperimentResult, MnistRun } from './mnist-result.js';
import type { OptimizerSpec } from './optimizers.js';

/** The optimizers of the MNIST experiment. */
const MNIST_OPTIMIZERS = ['sdprop', 'adastand', 'adam', 'rmsprop', 'sgd-momentum'].map((n) => OPTIMIZERS[n]!);

/** The test accuracy at which `epochsToTarget` counts when the configuration does not say. */
export const DEFAULT_TARGET_ACCURACY = 0.9;

/** Digits per evaluation batch. */
const EVAL_BATCH = 500;

/**
 * The MNIST configuration of a mode, sized from measurements on a 2-core machine with the tfjs
 * `wasm` backend and the `tfjs` step backend, where a training batch of 32 digits (forward and
 * gradients) took about 8 ms, and a whole run of 3 epochs over 2,000 digits about 1.5 s:
 * - `full`: 2,000 training and 1,000 test digits, 3 epochs of batches of 32 (189 steps), the
 *   half-decade grid `1e-4 .. 1` (9 rates), 3 seeds: 5 x 9 x 3 = 135 runs, 121 s measured (the
 *   whole `demo`, with the GRU experiment, 312 s). Every optimizer's best rate (0.01 to 0.03) lay
 *   inside the grid;
 * - `quick`: 1,000 training and 500 test digits, 2 epochs, the decade grid `1e-4 .. 1` (5 rates),
 *   2 seeds: 50 runs, 25 s measured (the whole `demo --quick` 57 s).
 * The target accuracies (0.85 and 0.8) lie between the first epoch's and the last's in those runs.
 *
 * @throws RangeError naming `mode` unless it is `full` or `quick`
 */
export function mnistConfig(mode: 'full' | 'quick'): MnistConfig {
  const common = { batchSize: 32, optimizers: MNIST_OPTIMIZERS, model: CNN_DESCRIPTION };
  switch (mode) {
    case 'full':
      return { ...common, seeds: [1, 2, 3], trainExamples: 2000, testExamples: 1000, epochs: 3, targetAccuracy: 0.85, lrGrid: [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1] };
    case 'quick':
      return { ...common, seeds: [1, 2], trainExamples: 1000, testExamples: 500, epochs: 2, targetAccuracy: 0.8, lrGrid: [1e-4, 1e-3, 1e-2, 0.1, 1] };
    default:
      throw new RangeError(`mode: expected 'full' or 'quick', got '${String(mode)}'`);
  }
}

/** Mean cross-entropy and accuracy of `model` on `set`. */
function evaluate(model: Cnn, set: PatchSet): { loss: number; accuracy: number } {
  let loss = 0;
  let correct = 0;
  for (const indices of sequentialBatches(set.count, EVAL_BATCH)) {
    const b = patchBatch(set, indices);
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
  const { train, test } = mnistPatchSets(config.trainExamples, config.testExamples);
  const batchesPerEpoch = Math.ceil(train.count / config.batchSize);
  const model = createCnn(seed);
  const stepper = await createStepper(options.backend, model.params, { optimizer, lr }).catch((e: unknown) => {
    model.dispose();
    throw e;
  });
  const random = seededRandom(seed);
  const task = options.progress.start(`mnist ${optimizer.name} lr=${lr} seed=${seed}`, config.epochs * batchesPerEpoch);
  const started = performance.now();
  const epochs: EpochRecord[] = [];
  let diverged = false;
  try {
    for (let epoch = 1; epoch <= config.epochs && !diverged; epoch++) {
      const epochStart = performance.now();
      let sum = 0;
      for (const indices of epochBatches(train.count, config.batchSize, random)) {
        await checkpoint(options);
        const b = patchBatch(train, indices);
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

/** Runs every optimizer at every rate of the grid with every seed, and summarises each optimizer at its best rate. */
export async function runMnistExperiment(config: MnistConfig, options: ExperimentOptions): Promise<MnistExperimentResult> {
  const runs: MnistRun[] = [];
  for (const optimizer of config.optimizers) {
    for (const lr of config.lrGrid) {
      for (const seed of config.seeds) {
        runs.push(await journaled(options, `mnist/${optimizer.name}/lr=${lr}/seed=${seed}`, () => runMnistOnce(config, optimizer, lr, seed, options)));
      }
    }
  }
  const targetAccuracy = config.targetAccuracy ?? DEFAULT_TARGET_ACCURACY;
  return { config, targetAccuracy, runs, summary: summariseMnist(config, runs, targetAccuracy) };
}
