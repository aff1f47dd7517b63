/**
 * The messages between the command and its worker processes.
 *
 * @module
 */
import type { RunTask } from '../experiments/run-tasks.js';
import type { StepBackendId } from '../train/step-backend.js';

/** From the command to a worker: compute a task, or stop the one in progress. */
export type ToWorker =
  | { readonly type: 'run'; readonly id: number; readonly task: RunTask; readonly backend: StepBackendId; readonly tfjsBackend: string }
  | { readonly type: 'stop'; readonly reason: string };

/** From a worker to the command: progress of its task, a log line, and how the task ended. */
export type FromWorker =
  | { readonly type: 'start'; readonly id: number; readonly label: string; readonly total: number; readonly unitSeconds: number }
  | { readonly type: 'tick'; readonly id: number; readonly n: number; readonly info?: Readonly<Record<string, string | number>> }
  | { readonly type: 'log'; readonly line: string }
  | { readonly type: 'plan'; readonly seconds: number }
  | { readonly type: 'done'; readonly id: number; readonly result: unknown }
  | { readonly type: 'failed'; readonly id: number; readonly interrupted?: string; readonly message: string; readonly stack?: string };
