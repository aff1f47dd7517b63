/**
 * What every experiment takes.
 *
 * @module
 */
import type { Progress } from '../progress/progress.js';
import type { StepBackendId } from '../train/step-backend.js';
import type { RunControl } from './run-control.js';

/** Options every experiment takes. */
export interface ExperimentOptions extends RunControl {
  /** Where the optimizer step runs. */
  readonly backend: StepBackendId;
  /** The TensorFlow.js backend that computes gradients (`wasm`, `cpu`, `tensorflow`). */
  readonly tfjsBackend: string;
  /** Where progress is reported. */
  readonly progress: Progress;
}
