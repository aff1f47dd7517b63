/**
 * `@stablegrad/cli`: the `stablegrad` command. `stablegrad demo` tests on real data SDProp
 * against Adam, RMSprop, Adastand and SGD on the LeNet CNN on MNIST, and the GRU spectral-norm
 * constraint against gradient clipping over a sweep of learning rates, with significance tests,
 * and writes a report (`summary.json`, `summary.md`, `index.html` with the plots); `train` runs
 * one configuration, `bench` times the optimizer step on every backend, `conformance` and
 * `export-onnx` run the programs of `@stablegrad/conformance` and `@stablegrad/onnx`.
 *
 * From code, {@link runCli} runs a command line without spawning a process,
 * {@link runMnistExperiment} and {@link runGruExperiment} run the experiments (in this process,
 * or in worker processes with a {@link WorkerPool} as their runner), and {@link writeReport}
 * renders a {@link Summary} as a report.
 *
 * @packageDocumentation
 */
import type { Summary } from './report/schema.js';
export * from './report/schema.js';
export { ALPHA, NOT_DISTINGUISHABLE, type Comparison, type ComparisonArm, type ComparisonTest, type Finite, type MeanStd } from './stats/summary-stats.js';
export type { ExperimentProgress, Progress, ProgressTask } from './progress/progress.js';
export { OverallProgress } from './progress/overall-progress.js';
export type { ExperimentOptions } from './experiments/experiment-options.js';
export { RunInterrupted, checkpoint, journaled, type RunControl, type RunJournal } from './experiments/run-control.js';
export { serialRunner, type GruTask, type MnistTask, type Runner, type RunTask, type TaskOptions, type TaskResult } from './experiments/run-tasks.js';
export { WORKER_MAIN, WorkerPool, type WorkerPoolOptions } from './workers/worker-pool.js';
export { SCALES, type Scale } from './experiments/scale.js';
export type * from './experiments/mnist-result.js';
export type * from './experiments/gru-result.js';
export type { ExplosionEvent } from './train/explosions.js';
export type { CorpusInfo } from './data/corpus.js';
export {
  STEP_BACKENDS,
  STEP_BACKEND_CHOICES,
  DEFAULT_STEP_BACKEND,
  resolveStepBackend,
  type StepBackendId,
  type StepBackendChoice,
  type ResolvedStepBackend,
} from './train/step-backend.js';
export { writeReport, type ReportFiles } from './report/write-report.js';
export { buildProgram, runCli } from './commands/program.js';
export type { CliIo } from './commands/cli-io.js';
export { processIo } from './commands/cli-io.js';
export { CliError } from './commands/cli-error.js';
export { createProgress, type ClosableProgress } from './progress/create-progress.js';
export { runBench, type BenchMachine, type BenchOptions, type BenchResult, type BenchRow, type BenchSkip } from './bench/run-bench.js';
export { mnistConfig, runMnistExperiment, runMnistOnce } from './experiments/mnist.js';
export { gruConfig, runGruExperiment, runGruGroup, runGruOnce, GRU_LEARNING_RATES, type GruRunSpec } from './experiments/gru.js';
export { OPTIMIZERS, optimizerSpec, stabiliserSpec, type OptimizerSpec, type StabiliserSpec } from './experiments/optimizers.js';
export { loadCorpus, type Corpus } from './data/corpus.js';
export { useTfjsBackend, resolveTfjsBackend, TFJS_BACKENDS, DEFAULT_TFJS_BACKEND, type ResolvedTfjsBackend } from './train/tfjs-backend.js';
