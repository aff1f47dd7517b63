/**
 * What every experiment takes.
 *
 * @module
 */
import type { ExperimentProgress } from '../progress/progress.js';
import type { StepBackendId } from '../train/step-backend.js';
import type { RunControl } from './run-control.js';
import type { Runner } from './run-tasks.js';

/** Options every experiment takes. */
export interface ExperimentOptions extends RunControl {
  /** Where the optimizer step runs. */
  readonly backend: StepBackendId;
  /** The TensorFlow.js backend that computes gradients (`wasm`, `cpu`, `tensorflow`). */
  readonly tfjsBackend: string;
  /** Where progress is reported, against the work planned in seconds. */
  readonly progress: ExperimentProgress;
  /**
   * Computes the runs (in this process one at a time by default, or in worker processes); one
   * runner shared by experiments that run at the same time keeps their runs from interleaving.
   */
  readonly runner?: Runner;
}
