/**
 * What the GRU experiment (gradient explosions, Kanai et al., NIPS 2017) configures and returns,
 * as it appears in `summary.json`.
 *
 * @module
 */
import type { CorpusInfo } from '../data/corpus.js';
import type { OptimizerSpec, StabiliserSpec } from './optimizers.js';
import type { Comparison, Finite } from '../stats/summary-stats.js';
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
  /**
   * The learning rates swept per optimizer name, ascending: from rates where unstabilised
   * training is comfortably stable to rates where it explodes.
   */
  readonly lr: Readonly<Record<string, readonly number[]>>;
  /** The optimizers compared. */
  readonly optimizers: readonly OptimizerSpec[];
  /** The stabilisers crossed with every optimizer. */
  readonly stabilisers: readonly StabiliserSpec[];
  /** Seeds of weight initialisation and batch order. */
  readonly seeds: readonly number[];
  /** A step is a spike when its loss exceeds `spikeFactor` times the lowest loss so far. */
  readonly spikeFactor: number;
  /**
   * Most runs computed together: the runs, in the order seed, optimizer, learning rate,
   * stabiliser, are cut into groups of this many, whose gradients are computed in one batched
   * computation (see `stackedGruLosses`); each run still has its own weights, batches, optimizer
   * and stabiliser.
   */
  readonly runsPerGroup: number;
}

/** Validation loss measured at one training step. */
export interface ValidationPoint {
  /** Training step, from 1. */
  readonly step: number;
  /** Validation loss, nats per character. */
  readonly loss: Finite;
}

/** One (optimizer, learning rate, stabiliser, seed) run of the GRU experiment; per-step arrays are columns. */
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
  /** Steps whose loss was above the spike threshold or not finite: how long the run spent exploded. */
  readonly explodedSteps: number;
  /** True when training ended with non-finite weights or loss. */
  readonly diverged: boolean;
  /** Validation loss at the end of training, nats per character. */
  readonly finalValidationLoss: Finite;
  /** exp(final validation loss): perplexity per character. */
  readonly finalValidationPerplexity: Finite;
  /**
   * Wall time per step: this run's share of its group's batched gradient computation (the group's
   * time divided by the runs in it) plus its own optimizer step, constraint and measurements.
   */
  readonly msPerStep: number;
  /** Milliseconds per step of this run's share of the group's gradient computation. */
  readonly msPerStepGradients: number;
  /** Runs whose gradients were computed together with this one's (itself included), at the first step. */
  readonly groupSize: number;
  /** Milliseconds per step spent in the optimizer step (clipping included). */
  readonly msPerStepOptimizer: number;
  /** Milliseconds per step spent in the spectral constraint. */
  readonly msPerStepConstraint: number;
}

/** What the GRU experiment returns. */
export interface GruExperimentResult {
  /** The configuration that was run. */
  readonly config: GruConfig;
  /** Every (optimizer, learning rate, stabiliser, seed) run. */
  readonly runs: readonly GruRun[];
  /**
   * The spectral constraint against gradient clipping, per optimizer: at each learning rate, the
   * final validation loss over the seeds (Welch's t-test), and over the whole sweep, the runs with
   * an explosion (Fisher's exact test); Holm-adjusted over all of them.
   */
  readonly comparisons: readonly Comparison[];
}
