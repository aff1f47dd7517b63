/**
 * Experiment 2: gradient explosions in a GRU language model (after Kanai, Fujiwara and Iwamura,
 * "Preventing Gradient Explosions in Gated Recurrent Units", NIPS 2017, who compare the
 * spectral-norm constraint with gradient clipping on language and music modelling). A
 * character-level GRU is trained at learning rates high enough that unclipped training explodes,
 * with every optimizer crossed with every stabiliser, from the same initial weights and batches.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Corpus } from '../data/corpus.js';
import { consecutiveStarts, randomStarts, textBatch } from '../data/text-batches.js';
import { CANDIDATE_RECURRENT, createGruLm, type GruLm } from '../models/gru.js';
import { lossAndGradients } from '../models/parameters.js';
import { ExplosionDetector } from '../train/explosions.js';
import { seededRandom } from '../train/random.js';
import { SpectralNormMonitor } from '../train/spectral-norm-monitor.js';
import { createStepper } from '../train/stepper.js';
import { useTfjsBackend } from '../train/tfjs-backend.js';
import { checkpoint, journaled } from './run-control.js';
import { OPTIMIZERS, stabiliserSpec } from './optimizers.js';
import { finite } from '../stats/summary-stats.js';
import type { ExperimentOptions } from './experiment-options.js';
import type { GruConfig, GruExperimentResult, GruRun } from './gru-result.js';
import type { OptimizerSpec, StabiliserSpec } from './optimizers.js';
import type { Finite } from '../stats/summary-stats.js';
import type { ExplosionEvent } from '../train/explosions.js';

/**
 * Learning rates per optimizer, chosen high enough that training without a stabiliser is
 * unstable. Measured with the `full` configuration (32 units, 20 characters, batches of 16, Moby
 * Dick, seed 1): SGD at 3, and SDProp and Adam at 0.03 and 0.1, trained 250 to 300 steps without a
 * loss spike, although `||U_h||_2` grew to 3, 5 to 8 and 5 to 11. At the chosen rates, without a
 * stabiliser, SGD (10) spiked 3 times with `||U_h||_2` growing to 151, SDProp (0.3) 21 times
 * (`||U_h||_2` to 60) and Adam (0.3) once (to 37); no loss became non-finite.
 */
export const GRU_LEARNING_RATES: Readonly<Record<string, number>> = Object.freeze({ sgd: 10, sdprop: 0.3, adam: 0.3 });

/**
 * The GRU configuration of a mode, sized from measurements on a 2-core machine with the tfjs
 * `wasm` backend and the `tfjs` step backend, where one training step at 32 units, sequences of
 * 20 characters and batches of 16 took 15 to 37 ms (gradients about 23 ms when measured alone,
 * optimizer 0.2 to 4 ms, constraint 0.6 to 3.5 ms), against 40 ms at batches of 32 of 25
 * characters and 72 ms at 64 units:
 * - `full`: 300 steps, 3 optimizers x 5 stabilisers (none, clipping at 1 and 5, the constraint,
 *   the constraint with clipping at 1), 2 seeds: 164 s measured;
 * - `quick`: 120 steps, 3 optimizers x 4 stabilisers (one of each kind), 1 seed: 31 s measured.
 * The constraint bound is core's default `s = 1.8` (Kanai et al.).
 *
 * @throws RangeError naming `mode` unless it is `full` or `quick`
 */
export function gruConfig(mode: 'full' | 'quick', corpus: Corpus): GruConfig {
  const validationCharacters = Math.min(corpus.validation.length, 4000);
  const common = {
    corpus: { name: corpus.name, characters: corpus.train.length, vocabulary: corpus.vocabulary.length, validationCharacters },
    units: 32,
    seqLength: 20,
    batchSize: 16,
    lr: GRU_LEARNING_RATES,
    optimizers: ['sgd', 'sdprop', 'adam'].map((n) => OPTIMIZERS[n]!),
    spikeFactor: 1.5,
  };
  switch (mode) {
    case 'full':
      return {
        ...common,
        steps: 300,
        evalEvery: 50,
        seeds: [1, 2],
        stabilisers: ['none', 'clip-1', 'clip-5', 'spectral', 'spectral+clip-1'].map(stabiliserSpec),
      };
    case 'quick':
      return { ...common, steps: 120, evalEvery: 40, seeds: [1], stabilisers: ['none', 'clip-1', 'spectral', 'spectral+clip-1'].map(stabiliserSpec) };
    default:
      throw new RangeError(`mode: expected 'full' or 'quick', got '${String(mode)}'`);
  }
}

/**
 * Checks that the corpus holds at least one training window and one validation window of the
 * configuration's sequences, before any training starts.
 *
 * @throws RangeError naming the corpus, its sizes and what the configuration needs
 */
export function checkCorpusFits(config: GruConfig, corpus: Corpus): void {
  const need = config.seqLength + 1;
  const validation = Math.min(config.corpus.validationCharacters, corpus.validation.length);
  if (corpus.train.length < need || validation < need) {
    throw new RangeError(
      `the corpus '${corpus.name}' has ${corpus.train.length} training and ${validation} validation characters; the GRU experiment needs at least ${need} of each (sequences of ${config.seqLength})`,
    );
  }
}

/** Mean loss (nats per character) of `model` on the first `config.corpus.validationCharacters` of the validation text. */
function validationLoss(model: GruLm, config: GruConfig, corpus: Corpus): number {
  const starts = consecutiveStarts(corpus.validation, config.corpus.validationCharacters, config.seqLength);
  const b = textBatch(corpus.validation, starts, config.seqLength);
  const loss = tf.tidy(() => model.loss(b.inputs, b.targets).dataSync()[0]!);
  tf.dispose([b.inputs, b.targets]);
  return loss;
}

/**
 * Trains the language model once, on the tfjs backend `options.tfjsBackend` (made current) and the
 * step backend `options.backend`. Every step records the loss, the global gradient norm before
 * clipping and the spectral norm of `U_h` after the step; validation loss is measured every
 * `evalEvery` steps and at the end. When the loss becomes non-finite the run is `diverged` and
 * stops there (its weights are lost): the per-step columns end with that step (loss `null`), and
 * the final validation figures are `null`. Spikes are recorded and training goes on.
 *
 * @throws RangeError naming `config.lr` when it has no rate for `optimizer`
 */
export async function runGruOnce(
  config: GruConfig,
  corpus: Corpus,
  optimizer: OptimizerSpec,
  stabiliser: StabiliserSpec,
  seed: number,
  options: ExperimentOptions,
): Promise<GruRun> {
  const lr = config.lr[optimizer.name];
  if (lr === undefined) throw new RangeError(`config.lr: no learning rate for optimizer '${optimizer.name}'`);
  await useTfjsBackend(options.tfjsBackend);
  const label = `gru ${optimizer.name}/${stabiliser.name} seed=${seed}`;
  const model = createGruLm(corpus.vocabulary.length, config.units, seed);
  const stepper = await createStepper(options.backend, model.params, {
    optimizer,
    lr,
    ...(stabiliser.clipNorm === undefined ? {} : { clipNorm: stabiliser.clipNorm }),
    ...(stabiliser.spectralBound === undefined ? {} : { constrain: { param: CANDIDATE_RECURRENT, maxNorm: stabiliser.spectralBound } }),
  }).catch((e: unknown) => {
    model.dispose();
    throw e;
  });
  const random = seededRandom(seed);
  const detector = new ExplosionDetector(config.spikeFactor);
  const monitor = new SpectralNormMonitor();
  const task = options.progress.start(label, config.steps);
  const loss: Finite[] = [];
  const gradNorm: Finite[] = [];
  const spectralNorm: Finite[] = [];
  const validation: { step: number; loss: Finite }[] = [];
  const explosions: ExplosionEvent[] = [];
  let diverged = false;
  let [stepMs, optimizerMs, constraintMs] = [0, 0, 0];
  try {
    for (let step = 1; step <= config.steps && !diverged; step++) {
      await checkpoint(options);
      const t0 = performance.now();
      const b = textBatch(corpus.train, randomStarts(corpus.train, config.seqLength, config.batchSize, random), config.seqLength);
      const { value, grads } = lossAndGradients(model, () => model.loss(b.inputs, b.targets));
      const l = value.dataSync()[0]!;
      const event = detector.observe(step, l);
      diverged = !Number.isFinite(l);
      const r = diverged ? undefined : stepper.step(grads);
      tf.dispose([b.inputs, b.targets, value, ...Object.values(grads)]);
      stepMs += performance.now() - t0;
      optimizerMs += r?.optimizerMs ?? 0;
      constraintMs += r?.constraintMs ?? 0;
      loss.push(finite(l));
      gradNorm.push(r ? finite(r.gradNorm) : null);
      spectralNorm.push(r ? finite(monitor.measure(model.params[CANDIDATE_RECURRENT] as tf.Tensor2D)) : null);
      if (event) {
        explosions.push(event);
        options.progress.log(`${label}: ${event.kind === 'spike' ? `loss spike to ${l.toFixed(3)}` : 'non-finite loss; run stopped'} at step ${step}`);
      }
      if (!diverged && (step % config.evalEvery === 0 || step === config.steps)) {
        validation.push({ step, loss: finite(validationLoss(model, config, corpus)) });
      }
      task.tick(1, { loss: Number.isFinite(l) ? l.toFixed(3) : String(l) });
    }
  } finally {
    task.stop();
    stepper.dispose();
    model.dispose();
  }
  const steps = Math.max(1, loss.length);
  const last = validation.at(-1);
  const finalValidationLoss = diverged || last?.step !== config.steps ? null : last.loss;
  return {
    optimizer: optimizer.name,
    stabiliser: stabiliser.name,
    lr,
    seed,
    loss,
    gradNorm,
    spectralNorm,
    validation,
    explosions,
    diverged,
    finalValidationLoss,
    finalValidationPerplexity: finalValidationLoss === null ? null : finite(Math.exp(finalValidationLoss)),
    msPerStep: stepMs / steps,
    msPerStepOptimizer: optimizerMs / steps,
    msPerStepConstraint: constraintMs / steps,
  };
}

/** Runs every optimizer with every stabiliser and seed. */
export async function runGruExperiment(config: GruConfig, corpus: Corpus, options: ExperimentOptions): Promise<GruExperimentResult> {
  checkCorpusFits(config, corpus);
  const runs: GruRun[] = [];
  for (const optimizer of config.optimizers) {
    for (const stabiliser of config.stabilisers) {
      for (const seed of config.seeds) {
        const key = `gru/${optimizer.name}/${stabiliser.name}/seed=${seed}`;
        runs.push(await journaled(options, key, () => runGruOnce(config, corpus, optimizer, stabiliser, seed, options)));
      }
    }
  }
  return { config, runs };
}
