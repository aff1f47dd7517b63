/**
 * The data a `stablegrad` run produces: what the experiments return, what `summary.json` holds and
 * what the report renders. Every figure is plain JSON; a value that can be non-finite (a loss or
 * gradient norm after an explosion) is `null` in JSON, and the run's `explosions` say which kind.
 *
 * @module
 */
import type { GruExperimentResult } from '../experiments/gru-result.js';
import type { MnistExperimentResult } from '../experiments/mnist-result.js';
import type { StepBackendId } from '../train/step-backend.js';

/** The `format` field of every `summary.json`. */
export const SUMMARY_FORMAT = 'stablegrad-report/1';

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
  /** TensorFlow.js backend that computed the gradients: `tensorflow` (tfjs-node), `wasm` or `cpu`. */
  readonly tfjsBackend: string;
  /** Why that backend: chosen on the command line, or by `auto` (and then why). */
  readonly tfjsBackendReason: string;
  /** Where the optimizer step ran. */
  readonly stepBackend: StepBackendId;
  /** Why there: chosen on the command line, or by `auto` (and then why). */
  readonly stepBackendReason: string;
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
