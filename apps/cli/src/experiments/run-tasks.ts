/**
 * The units of work the experiments hand to a runner: one MNIST run, or one group of GRU runs
 * trained together, and the runner that computes them one at a time in this process.
 *
 * @module
 */
import type { Corpus } from '../data/corpus.js';
import type { ExperimentOptions } from './experiment-options.js';
import type { GruConfig, GruRun } from './gru-result.js';
import { runGruGroup, type GruRunSpec } from './gru.js';
import { runMnistOnce } from './mnist.js';
import type { MnistConfig, MnistRun } from './mnist-result.js';
import type { OptimizerSpec } from './optimizers.js';
import { checkpoint } from './run-control.js';

/** One MNIST run: an optimizer at a rate from a seed. */
export interface MnistTask {
  readonly kind: 'mnist';
  readonly config: MnistConfig;
  readonly optimizer: OptimizerSpec;
  readonly lr: number;
  readonly seed: number;
}

/** A group of GRU runs trained together (see `runGruGroup`). */
export interface GruTask {
  readonly kind: 'gru';
  readonly config: GruConfig;
  readonly corpus: Corpus;
  readonly specs: readonly GruRunSpec[];
  /** The group's label in progress lines. */
  readonly label: string;
}

/** A unit of work of the experiments. */
export type RunTask = MnistTask | GruTask;

/** What a task returns: an MNIST run, or the runs of a GRU group in the order of its specs. */
export type TaskResult<T extends RunTask> = T extends MnistTask ? MnistRun : GruRun[];

/** The options a task runs with: those of the experiment, without its runner. */
export type TaskOptions = Omit<ExperimentOptions, 'runner'>;

/** Computes tasks; every task depends only on itself, so a runner may compute them in any order or place. */
export interface Runner {
  /**
   * Computes `task` with `options` (its progress and interruption); `cost` is its planned seconds,
   * and a runner with several tasks waiting starts the most costly first.
   */
  run<T extends RunTask>(task: T, cost: number, options: TaskOptions): Promise<TaskResult<T>>;
}

/** Computes `task` in this process. */
export async function executeTask<T extends RunTask>(task: T, options: TaskOptions): Promise<TaskResult<T>> {
  if (task.kind === 'mnist') return (await runMnistOnce(task.config, task.optimizer, task.lr, task.seed, options)) as TaskResult<T>;
  return (await runGruGroup(task.config, task.corpus, task.specs, options, task.label)) as TaskResult<T>;
}

/** A task waiting for its turn: its cost, the order it came in, how to start it, and how to refuse it. */
export interface QueuedTask {
  readonly cost: number;
  readonly order: number;
  readonly start: () => void;
  readonly cancel?: (error: Error) => void;
}

/** Removes and returns the waiting task to start next: the most costly, the earliest among equals. */
export function takeNext(queue: QueuedTask[]): QueuedTask | undefined {
  if (queue.length === 0) return undefined;
  let best = 0;
  for (let i = 1; i < queue.length; i++) {
    const [a, b] = [queue[i]!, queue[best]!];
    if (a.cost > b.cost || (a.cost === b.cost && a.order < b.order)) best = i;
  }
  return queue.splice(best, 1)[0];
}

/**
 * A {@link Runner} that computes one task at a time in this process (so that each run's timings
 * are its own), the most costly waiting task first. A task that starts after the experiment was
 * asked to stop throws `RunInterrupted` without running.
 */
export function serialRunner(): Runner {
  const queue: QueuedTask[] = [];
  let busy = false;
  let submitted = 0;
  const next = () => {
    if (busy) return;
    const task = takeNext(queue);
    if (!task) return;
    busy = true;
    task.start();
  };
  return {
    run<T extends RunTask>(task: T, cost: number, options: TaskOptions): Promise<TaskResult<T>> {
      return new Promise<TaskResult<T>>((resolve, reject) => {
        queue.push({
          cost,
          order: submitted++,
          start: () => {
            checkpoint(options)
              .then(() => executeTask(task, options))
              .then(resolve, reject)
              .finally(() => {
                busy = false;
                next();
              });
          },
        });
        // Starting on a later turn lets every task submitted now join the queue first.
        setImmediate(next);
      });
    },
  };
}
