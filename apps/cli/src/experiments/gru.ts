/**
 * Experiment 2: gradient explosions in a GRU language model (after Kanai, Fujiwara and Iwamura,
 * "Preventing Gradient Explosions in Gated Recurrent Units", NIPS 2017, who compare the
 * spectral-norm constraint with gradient clipping on language and music modelling). A
 * character-level GRU is trained over a sweep of learning rates, from rates where unstabilised
 * training is comfortably stable to rates where it explodes, with every optimizer crossed with
 * every stabiliser, from the same initial weights and batches per seed. The question is the one
 * the paper asks: over which range of learning rates does each stabiliser train?
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Corpus } from '../data/corpus.js';
import { consecutiveStarts, randomStarts, stackedTextBatch } from '../data/text-batches.js';
import { CANDIDATE_RECURRENT, createGruLm, stackedGruLosses, type GruLm } from '../models/gru.js';
import { groupLossAndGradients } from '../models/parameters.js';
import { ExplosionDetector } from '../train/explosions.js';
import { seededRandom, type Random } from '../train/random.js';
import { SpectralNormMonitor } from '../train/spectral-norm-monitor.js';
import { createStepper, type Stepper } from '../train/stepper.js';
import { useTfjsBackend } from '../train/tfjs-backend.js';
import { checkpoint, journaled } from './run-control.js';
import { OPTIMIZERS, stabiliserSpec } from './optimizers.js';
import { finite } from '../stats/summary-stats.js';
import { compareGru } from './gru-summary.js';
import { gruGroupStepSeconds } from './planned-cost.js';
import { checkScale, type Scale } from './scale.js';
import { neighbourRate } from './rate-ladder.js';
import { serialRunner } from './run-tasks.js';
import type { ExperimentOptions } from './experiment-options.js';
import type { GruConfig, GruExperimentResult, GruRun, ValidationPoint } from './gru-result.js';
import type { OptimizerSpec, StabiliserSpec } from './optimizers.js';
import type { Finite } from '../stats/summary-stats.js';
import type { ExplosionEvent } from '../train/explosions.js';

/**
 * The learning rates swept per optimizer in the `default` scale (64 units, sequences of 32,
 * batches of 16, 600 steps, Moby Dick), half a decade apart, from comfortably stable to
 * exploding. Chosen from a first exploration (seed 1, no stabiliser and the constraint, five
 * rates each): unstabilised SGD trained without a spike at 0.3 to 3 (best validation loss at 3,
 * 2.10 nats per character) and exploded at 10 (gradient norm to 6e7, `||U_h||_2` to 3e8); SDProp
 * and Adam trained best at 0.01 (1.89 and 1.93) and without a spike up to 0.03, spiked at 0.1
 * (SDProp 5 times, `||U_h||_2` to 21 and 29) and exploded at 0.3.
 */
export const GRU_LEARNING_RATES: Readonly<Record<string, readonly number[]>> = Object.freeze({
  sgd: [1, 3, 10],
  sdprop: [0.03, 0.1, 0.3],
  adam: [0.03, 0.1, 0.3],
});

/** One run of the GRU experiment: what it trains with. */
export interface GruRunSpec {
  /** The optimizer. */
  readonly optimizer: OptimizerSpec;
  /** The learning rate. */
  readonly lr: number;
  /** The stabiliser. */
  readonly stabiliser: StabiliserSpec;
  /** Seed of the initial weights and of the batches. */
  readonly seed: number;
}

/**
 * The GRU configuration of a scale, for gradients on the tfjs backend `tfjsBackend`. Runs are
 * trained in groups that share one batched gradient computation on `tensorflow` (tfjs-node),
 * where it pays: measured on a 2-core machine at 64 units, sequences of 32 and batches of 16, a
 * single run's gradients took 64 to 82 ms per step, and a group of 36 runs' 190 to 230 ms, about
 * 6 ms per run (tfjs-layers' own GRU layer took 190 ms for a single run). On `wasm` the batched
 * matrix product is not vectorised (a group of 36 took 2.4 s per step, 68 ms per run, against
 * 54 ms alone), so there every run is trained alone. In a full default run on the `native` step
 * backend, each run's optimizer step took 0.3 to 1.6 ms and the constraint 1.2 to 3.8 ms.
 * - `default`: 64 units, sequences of 32, batches of 16, 600 steps; SGD, SDProp and Adam, each
 *   over its 3 rates of {@link GRU_LEARNING_RATES}, crossed with no stabiliser, clipping at a
 *   global norm of 1 (the median norm was 0.3 in stable runs, so only large gradients are
 *   clipped), the constraint (`s = 1.8`, Kanai et al.) and both; 3 seeds (108 runs, in two groups
 *   of 54 on `tensorflow`, one per worker process of a 2-core machine);
 * - `quick`: 32 units, sequences of 20, 150 steps, the 2 larger rates per optimizer, 2 seeds;
 * - `paper`: 256 units, sequences of 100, batches of 32, 2,000 steps, the default sweep widened
 *   by a rate on each side (5 rates), 3 seeds (180 runs in groups of 10), for a larger machine or
 *   a GPU. Measured here on one core of a shared machine, `native` step backend (a group of 10
 *   for 6 steps): 0.31 s per run and step, of which 0.22 s gradients and, for constrained runs,
 *   about 30 ms the constraint at 256 units; a group of 10 held 3.0 GB (a group of 20, 5.5 GB).
 *   That is about 31 core-hours for the sweep.
 *
 * @throws RangeError naming `scale` unless it is one of the scales
 */
export function gruConfig(scale: Scale, corpus: Corpus, tfjsBackend = 'tensorflow'): GruConfig {
  checkScale(scale);
  const validationCharacters = Math.min(corpus.validation.length, 4000);
  const batched = tfjsBackend === 'tensorflow';
  const common = {
    corpus: { name: corpus.name, characters: corpus.train.length, vocabulary: corpus.vocabulary.length, validationCharacters },
    optimizers: ['sgd', 'sdprop', 'adam'].map((n) => OPTIMIZERS[n]!),
    stabilisers: ['none', 'clip-1', 'spectral', 'spectral+clip-1'].map(stabiliserSpec),
    spikeFactor: 1.5,
  };
  const rates = (pick: (sweep: readonly number[]) => readonly number[]) => Object.fromEntries(Object.entries(GRU_LEARNING_RATES).map(([name, sweep]) => [name, pick(sweep)]));
  switch (scale) {
    case 'default':
      return { ...common, units: 64, seqLength: 32, batchSize: 16, steps: 600, evalEvery: 100, seeds: [1, 2, 3], lr: rates((s) => s), runsPerGroup: batched ? 54 : 1 };
    case 'quick':
      return { ...common, units: 32, seqLength: 20, batchSize: 16, steps: 150, evalEvery: 50, seeds: [1, 2], lr: rates((s) => s.slice(1)), runsPerGroup: batched ? 24 : 1 };
    case 'paper':
      return {
        ...common,
        units: 256,
        seqLength: 100,
        batchSize: 32,
        steps: 2000,
        evalEvery: 200,
        seeds: [1, 2, 3],
        lr: rates((s) => [neighbourRate(s[0]!, -1), ...s, neighbourRate(s.at(-1)!, 1)]),
        runsPerGroup: batched ? 10 : 1,
      };
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

/** Every run of the configuration, in the order seed, optimizer, learning rate, stabiliser. */
export function gruRunSpecs(config: GruConfig): GruRunSpec[] {
  return config.seeds.flatMap((seed) =>
    config.optimizers.flatMap((optimizer) => {
      const rates = config.lr[optimizer.name];
      if (!rates || rates.length === 0) throw new RangeError(`config.lr: no learning rate for optimizer '${optimizer.name}'`);
      return rates.flatMap((lr) => config.stabilisers.map((stabiliser) => ({ optimizer, lr, stabiliser, seed })));
    }),
  );
}

/** The journal key of a run. */
function runKey(spec: GruRunSpec): string {
  return `gru/${spec.optimizer.name}/lr=${spec.lr}/${spec.stabiliser.name}/seed=${spec.seed}`;
}

/** A run's label in progress lines. */
function runLabel(spec: GruRunSpec): string {
  return `gru ${spec.optimizer.name} lr=${spec.lr} ${spec.stabiliser.name} seed=${spec.seed}`;
}

/** The planned seconds of one step of a group of `runs` (see `planned-cost`). */
function groupStepCost(config: GruConfig, runs: readonly GruRunSpec[]): number {
  return gruGroupStepSeconds(config, runs.length, runs.filter((r) => r.stabiliser.spectralBound !== undefined).length);
}

/** The planned seconds of the whole experiment of `config`. */
export function gruPlannedSeconds(config: GruConfig): number {
  return gruGroupsOf(config).reduce((s, group) => s + config.steps * groupStepCost(config, group), 0);
}

/** The runs of `config` cut into groups of at most `config.runsPerGroup`, in order. */
export function gruGroupsOf(config: GruConfig): GruRunSpec[][] {
  const specs = gruRunSpecs(config);
  const size = Math.max(1, config.runsPerGroup);
  return Array.from({ length: Math.ceil(specs.length / size) }, (_, i) => specs.slice(i * size, (i + 1) * size));
}

/** A run in progress: its model, stepper, batch stream, detectors and records. */
interface Member {
  readonly spec: GruRunSpec;
  readonly model: GruLm;
  readonly stepper: Stepper;
  readonly random: Random;
  readonly detector: ExplosionDetector;
  readonly monitor: SpectralNormMonitor;
  readonly loss: Finite[];
  readonly gradNorm: Finite[];
  readonly spectralNorm: Finite[];
  readonly validation: ValidationPoint[];
  readonly explosions: ExplosionEvent[];
  diverged: boolean;
  ms: { gradients: number; optimizer: number; constraint: number; own: number };
}

/** Mean validation loss (nats per character) of each model on the first `config.corpus.validationCharacters` of the validation text. */
function validationLosses(models: readonly GruLm[], config: GruConfig, corpus: Corpus): Float32Array {
  const starts = consecutiveStarts(corpus.validation, config.corpus.validationCharacters, config.seqLength);
  const b = stackedTextBatch(corpus.validation, models.map(() => starts), config.seqLength);
  const losses = tf.tidy(() => stackedGruLosses(models, b.inputs, b.targets).dataSync() as Float32Array);
  tf.dispose([b.inputs, b.targets]);
  return losses;
}

/** Creates the members of a group; on a failure frees what was created and rethrows. */
async function createMembers(config: GruConfig, corpus: Corpus, specs: readonly GruRunSpec[], options: ExperimentOptions): Promise<Member[]> {
  const members: Member[] = [];
  try {
    for (const spec of specs) {
      const model = createGruLm(corpus.vocabulary.length, config.units, spec.seed);
      const { clipNorm, spectralBound } = spec.stabiliser;
      const stepper = await createStepper(options.backend, model.params, {
        optimizer: spec.optimizer,
        lr: spec.lr,
        ...(clipNorm === undefined ? {} : { clipNorm }),
        ...(spectralBound === undefined ? {} : { constrain: { param: CANDIDATE_RECURRENT, maxNorm: spectralBound } }),
      }).catch((e: unknown) => {
        model.dispose();
        throw e;
      });
      members.push({
        spec,
        model,
        stepper,
        random: seededRandom(spec.seed),
        detector: new ExplosionDetector(config.spikeFactor),
        monitor: new SpectralNormMonitor(),
        loss: [],
        gradNorm: [],
        spectralNorm: [],
        validation: [],
        explosions: [],
        diverged: false,
        ms: { gradients: 0, optimizer: 0, constraint: 0, own: 0 },
      });
    }
  } catch (e) {
    members.forEach((m) => (m.stepper.dispose(), m.model.dispose()));
    throw e;
  }
  return members;
}

/** One training step of the members that have not diverged: batched gradients, then each run's optimizer step and measurements. */
function stepGroup(config: GruConfig, corpus: Corpus, active: readonly Member[], step: number, options: ExperimentOptions): void {
  const t0 = performance.now();
  const b = stackedTextBatch(corpus.train, active.map((m) => randomStarts(corpus.train, config.seqLength, config.batchSize, m.random)), config.seqLength);
  const models = active.map((m) => m.model);
  const { losses, grads } = groupLossAndGradients(models, () => stackedGruLosses(models, b.inputs, b.targets));
  tf.dispose([b.inputs, b.targets]);
  const share = (performance.now() - t0) / active.length;
  active.forEach((m, k) => {
    const own = performance.now();
    const l = losses[k]!;
    const event = m.detector.observe(step, l);
    m.diverged = !Number.isFinite(l);
    const r = m.diverged ? undefined : m.stepper.step(grads[k]!);
    tf.dispose(Object.values(grads[k]!));
    m.loss.push(finite(l));
    m.gradNorm.push(r ? finite(r.gradNorm) : null);
    m.spectralNorm.push(r ? finite(m.monitor.measure(m.model.params[CANDIDATE_RECURRENT] as tf.Tensor2D)) : null);
    if (event) m.explosions.push(event);
    if (m.diverged) options.progress.log(`${runLabel(m.spec)}: non-finite loss at step ${step}; run stopped`);
    m.ms.gradients += share;
    m.ms.optimizer += r?.optimizerMs ?? 0;
    m.ms.constraint += r?.constraintMs ?? 0;
    m.ms.own += performance.now() - own;
  });
}

/** The run record of a member once its group has finished. */
function memberRun(config: GruConfig, m: Member, groupSize: number): GruRun {
  const steps = Math.max(1, m.loss.length);
  const last = m.validation.at(-1);
  const finalValidationLoss = m.diverged || last?.step !== config.steps ? null : last.loss;
  return {
    optimizer: m.spec.optimizer.name,
    stabiliser: m.spec.stabiliser.name,
    lr: m.spec.lr,
    seed: m.spec.seed,
    loss: m.loss,
    gradNorm: m.gradNorm,
    spectralNorm: m.spectralNorm,
    validation: m.validation,
    explosions: m.explosions,
    explodedSteps: m.detector.explodedSteps,
    diverged: m.diverged,
    finalValidationLoss,
    finalValidationPerplexity: finalValidationLoss === null ? null : finite(Math.exp(finalValidationLoss)),
    msPerStep: (m.ms.gradients + m.ms.own) / steps,
    msPerStepGradients: m.ms.gradients / steps,
    msPerStepOptimizer: m.ms.optimizer / steps,
    msPerStepConstraint: m.ms.constraint / steps,
    groupSize,
  };
}

/**
 * Trains the runs of `specs` together, on the tfjs backend `options.tfjsBackend` (made current)
 * and the step backend `options.backend`. Every step computes the gradients of all runs that
 * have not diverged in one batched computation (`stackedGruLosses`), then steps each run with its
 * own optimizer and stabiliser; each run records its loss, the global gradient norm before
 * clipping and the spectral norm of `U_h` after the step. Validation loss is measured every
 * `evalEvery` steps and at the end. A run whose loss becomes non-finite is `diverged` and stops
 * there (its weights are lost): its per-step columns end with that step (loss `null`), its final
 * validation figures are `null`, and the others go on without it. Spikes are recorded and
 * training goes on. Each run's figures are those it has when trained alone: the runs share no
 * weights, batches or optimizer state.
 *
 * @throws RangeError when `specs` is empty
 */
export async function runGruGroup(config: GruConfig, corpus: Corpus, specs: readonly GruRunSpec[], options: ExperimentOptions, label = 'gru'): Promise<GruRun[]> {
  if (specs.length === 0) throw new RangeError('specs: expected at least one run');
  await useTfjsBackend(options.tfjsBackend);
  const members = await createMembers(config, corpus, specs, options);
  const task = options.progress.start(`${label} (${specs.length} runs)`, config.steps, groupStepCost(config, specs));
  try {
    for (let step = 1; step <= config.steps; step++) {
      const active = members.filter((m) => !m.diverged);
      if (active.length === 0) break;
      await checkpoint(options);
      stepGroup(config, corpus, active, step, options);
      const alive = active.filter((m) => !m.diverged);
      if (alive.length > 0 && (step % config.evalEvery === 0 || step === config.steps)) {
        const losses = validationLosses(alive.map((m) => m.model), config, corpus);
        alive.forEach((m, k) => m.validation.push({ step, loss: finite(losses[k]!) }));
      }
      task.tick(1, { runs: alive.length });
    }
  } finally {
    task.stop();
    members.forEach((m) => (m.stepper.dispose(), m.model.dispose()));
  }
  const runs = members.map((m) => memberRun(config, m, specs.length));
  const spikes = runs.reduce((n, r) => n + r.explosions.filter((e) => e.kind === 'spike').length, 0);
  options.progress.log(`${label}: ${runs.length} runs, ${spikes} loss spikes, ${runs.filter((r) => r.diverged).length} diverged`);
  return runs;
}

/** Trains one run alone (a group of one, see {@link runGruGroup}). */
export async function runGruOnce(config: GruConfig, corpus: Corpus, spec: GruRunSpec, options: ExperimentOptions): Promise<GruRun> {
  return (await runGruGroup(config, corpus, [spec], options, runLabel(spec)))[0]!;
}

/**
 * Runs every optimizer at every rate of its sweep with every stabiliser and seed, in groups of
 * `config.runsPerGroup` trained together, and compares the constraint with clipping. The groups go
 * to `options.runner` (one at a time in this process by default), all at once. A group is
 * computed whole unless every run of it is kept in the journal; a run kept in the journal keeps
 * its recorded result, so a resumed experiment gives the results of an uninterrupted one.
 */
export async function runGruExperiment(config: GruConfig, corpus: Corpus, options: ExperimentOptions): Promise<GruExperimentResult> {
  checkCorpusFits(config, corpus);
  const runner = options.runner ?? serialRunner();
  const groups = gruGroupsOf(config);
  const perGroup = await Promise.all(
    groups.map(async (group, i) => {
      const keys = group.map(runKey);
      const cost = config.steps * groupStepCost(config, group);
      if (keys.every((key) => options.journal?.find(key) !== undefined)) options.progress.skip(cost);
      const task = { kind: 'gru', config, corpus, specs: group, label: `gru group ${i + 1}/${groups.length}` } as const;
      let computed: Promise<GruRun[]> | undefined;
      const runs: GruRun[] = [];
      for (const [k, key] of keys.entries()) runs.push(await journaled(options, key, async () => (await (computed ??= runner.run(task, cost, options)))[k]!));
      return runs;
    }),
  );
  const runs = perGroup.flat();
  return { config, runs, comparisons: compareGru(config, runs) };
}
