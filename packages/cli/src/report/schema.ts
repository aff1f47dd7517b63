/**
 * The data a `stablegrad` run produces: what the experiments return, what `summary.json` holds and
 * what the report renders. Every figure is plain JSON; a value that can be non-finite (a loss or
 * gradient norm after an explosion) is `null` in JSON, and the run's `explosions` say which kind.
 *
 * @module
 */

/** The `format` field of every `summary.json`. */
export const SUMMARY_FORMAT = 'stablegrad-report/1';

/** Where the optimizer step runs; gradients always come from TensorFlow.js. */
export type StepBackendId = 'tfjs' | 'onnx' | 'native';

/** A training loss, gradient norm or other figure that is `null` when it was not finite. */
export type Finite = number | null;

/** An optimizer as the experiments name it: a core rule plus its hyperparameters other than `lr`. */
export interface OptimizerSpec {
  /** Label used in tables and plots, e.g. `sdprop`, `sgd-momentum`. */
  readonly name: string;
  /** The `@stablegrad/core` rule id. */
  readonly rule: string;
  /** Hyperparameters other than `lr`, as passed to the rule. */
  readonly hyper: Readonly<Record<string, number | boolean>>;
}

/** Mean and sample standard deviation over seeds (`std` is 0 for one seed). */
export interface MeanStd {
  /** Mean over seeds; null when any value was non-finite. */
  readonly mean: Finite;
  /** Sample standard deviation over seeds; null when any value was non-finite. */
  readonly std: Finite;
}

/** Reports progress of long work; the CLI draws it as progress bars. */
export interface Progress {
  /** Starts a task of `total` units (epochs, batches, steps, sizes). */
  start(label: string, total: number): ProgressTask;
  /** A line of text for the user, shown without breaking the bars. */
  log(line: string): void;
}

/** One task started by {@link Progress.start}. */
export interface ProgressTask {
  /** Advances by `n` units (default 1) and shows `info` (e.g. the current loss). */
  tick(n?: number, info?: Readonly<Record<string, string | number>>): void;
  /** Ends the task. */
  stop(): void;
}

/** Options every experiment takes. */
export interface ExperimentOptions {
  /** Where the optimizer step runs. */
  readonly backend: StepBackendId;
  /** The TensorFlow.js backend that computes gradients (`wasm`, `cpu`, `tensorflow`). */
  readonly tfjsBackend: string;
  /** Where progress is reported. */
  readonly progress: Progress;
}

// ---------------------------------------------------------------------------------------------
// Experiment 1: SDProp against the adaptive baselines on MNIST digits (Ida et al., IJCAI 2017).

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
  /** The learning-rate grid every optimizer is given. */
  readonly lrGrid: readonly number[];
  /** Seeds of weight initialisation and batch order; every optimizer and rate runs with each. */
  readonly seeds: readonly number[];
  /** The optimizers compared. */
  readonly optimizers: readonly OptimizerSpec[];
  /** A one-line description of the network, e.g. `conv3x3x8-s2 > conv3x3x16-s2 > dense10`. */
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
  /** Final training loss over seeds. */
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

/** Per-optimizer summary at its best learning rate (lowest mean final training loss). */
export interface MnistOptimizerSummary {
  /** Name of the optimizer. */
  readonly optimizer: string;
  /** The rate of the grid with the lowest mean final training loss. */
  readonly bestLr: number;
  /** True when the best rate is the smallest or largest of the grid: widen the grid. */
  readonly bestLrAtGridEdge: boolean;
  /** Mean final training loss over seeds, for every rate of the grid (the sensitivity curve). */
  readonly finalTrainLossByLr: readonly LrLoss[];
  /** Training loss and test accuracy per epoch at the best rate, over seeds. */
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
}

// ---------------------------------------------------------------------------------------------
// Experiment 2: GRU gradient explosions (Kanai et al., NIPS 2017).

/** A stabiliser: gradient-norm clipping, the spectral constraint, both, or neither. */
export interface StabiliserSpec {
  /** Label, e.g. `none`, `clip-1`, `spectral`, `spectral+clip-1`. */
  readonly name: string;
  /** Global gradient-norm threshold, when clipping. */
  readonly clipNorm?: number;
  /** Bound `s` on the spectral norm of the candidate recurrent weight, when constrained. */
  readonly spectralBound?: number;
}

/** The text a GRU experiment trained on. */
export interface CorpusInfo {
  /** Where it came from, e.g. `moby-dick` or a file path. */
  readonly name: string;
  /** Training characters. */
  readonly characters: number;
  /** Distinct characters (the one-hot input and softmax width). */
  readonly vocabulary: number;
  /** Validation characters, held out from training. */
  readonly validationCharacters: number;
}

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

/** An explosion event in a GRU run. */
export interface ExplosionEvent {
  /** Training step, from 1. */
  readonly step: number;
  /** `non-finite`: the loss or weights became NaN or infinite; `spike`: the loss jumped above the spike threshold. */
  readonly kind: 'non-finite' | 'spike';
  /** The loss at that step. */
  readonly loss: Finite;
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

// ---------------------------------------------------------------------------------------------

/** Machine and versions a report was produced with. */
export interface Environment {
  /** Node.js version. */
  readonly node: string;
  /** Operating system (`process.platform`). */
  readonly platform: string;
  /** CPU architecture (`process.arch`). */
  readonly arch: string;
  /** Logical CPUs. */
  readonly cpus: number;
  /** CPU model name. */
  readonly cpuModel: string;
  /** TensorFlow.js backend that computed the gradients. */
  readonly tfjsBackend: string;
  /** Where the optimizer step ran. */
  readonly stepBackend: StepBackendId;
  /** Versions of the stablegrad and TensorFlow.js packages used. */
  readonly versions: Readonly<Record<string, string>>;
}

/** The content of `reports/<name>/summary.json`. */
export interface Summary {
  /** Always {@link SUMMARY_FORMAT}. */
  readonly format: typeof SUMMARY_FORMAT;
  /** The report name: its folder under the reports directory. */
  readonly name: string;
  /** The command line that produced it. */
  readonly command: string;
  /** When the run finished (ISO 8601). */
  readonly createdAt: string;
  /** Wall time of the whole run. */
  readonly seconds: number;
  /** Machine and versions. */
  readonly environment: Environment;
  /** The MNIST experiment, when it ran. */
  readonly mnist?: MnistExperimentResult;
  /** The GRU experiment, when it ran. */
  readonly gru?: GruExperimentResult;
}
