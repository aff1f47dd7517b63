/**
 * What the GRU experiment (gradient explosions, Kanai et al., NIPS 2017) configures and returns,
 * as it appears in `summary.json`.
 *
 * @module
 */
import type { CorpusInfo } from '../data/corpus.js';
import type { OptimizerSpec, StabiliserSpec } from './optimizers.js';
import type { Finite } from '../stats/summary-stats.js';
import type { ExplosionEvent } from '../train/explosions.js';

/** Configuration of the GRU experiment. */
export interface GruConfig {
  /** The text: its name, training and validation lengths in characters, and its alphabet size. */
  readonly corpus: CorpusInfo;
  /** Hidden units of the GRU. */
  readonly units: number;
  /** Characters per training sequence (steps of truncated backpropagation through time). */
  readonly seqLength: number;
  /** Sequences per training batch. */
  readonly batchSize: number;
  /** Training steps per run. */
  readonly steps: number;
  /** Validation loss is measured every `evalEvery` steps and at the end. */
  readonly evalEvery: number;
  /** Learning rate per optimizer name, chosen high enough that unclipped training explodes. */
  readonly lr: Readonly<Record<string, number>>;
  /** The optimizers compared. */
  readonly optimizers: readonly OptimizerSpec[];
  /** The stabilisers crossed with every optimizer. */
  readonly stabilisers: readonly StabiliserSpec[];
  /** Seeds of weight initialisation and batch order. */
  readonly seeds: readonly number[];
  /** A step is a spike when its loss exceeds `spikeFactor` times the lowest loss so far. */
  readonly spikeFactor: number;
}

/** Validation loss measured at one training step. */
export interface ValidationPoint {
  /** Training step, from 1. */
  readonly step: number;
  /** Validation loss, nats per character. */
  readonly loss: Finite;
}

/** One (optimizer, stabiliser, seed) run of the GRU experiment; per-step arrays are columns. */
export interface GruRun {
  /** Name of the optimizer. */
  readonly optimizer: string;
  /** Name of the stabiliser ({@link StabiliserSpec.name}). */
  readonly stabiliser: string;
  /** Learning rate. */
  readonly lr: number;
  /** Seed of weight initialisation and batch order. */
  readonly seed: number;
  /** Per training step: loss (nats per character), global gradient norm before clipping, and the
   * spectral norm of the candidate recurrent weight after the step. */
  readonly loss: readonly Finite[];
  /** Global gradient norm before clipping, per step. */
  readonly gradNorm: readonly Finite[];
  /** Spectral norm of the candidate recurrent weight after each step. */
  readonly spectralNorm: readonly Finite[];
  /** Validation loss (nats per character) at the measured steps. */
  readonly validation: readonly ValidationPoint[];
  /** Explosion events, in step order. */
  readonly explosions: readonly ExplosionEvent[];
  /** True when training ended with non-finite weights or loss. */
  readonly diverged: boolean;
  /** Validation loss at the end of training, nats per character. */
  readonly finalValidationLoss: Finite;
  /** exp(final validation loss): perplexity per character. */
  readonly finalValidationPerplexity: Finite;
  /** Wall time per step: total, and the parts spent in the optimizer step and in the constraint. */
  readonly msPerStep: number;
  /** Milliseconds per step spent in the optimizer step (clipping included). */
  readonly msPerStepOptimizer: number;
  /** Milliseconds per step spent in the spectral constraint. */
  readonly msPerStepConstraint: number;
}

/** What the GRU experiment returns. */
export interface GruExperimentResult {
  /** The configuration that was run. */
  readonly config: GruConfig;
  /** Every (optimizer, stabiliser, seed) run. */
  readonly runs: readonly GruRun[];
}
