/**
 * What long work reports its progress to.
 *
 * @module
 */

/** Reports progress of long work; the CLI draws it as progress bars. */
export interface Progress {
  /**
   * Starts a task of `total` units (epochs, batches, steps, sizes). `unitSeconds` is the planned
   * cost of one unit, for displays that estimate the time left of planned work (0 when unknown).
   */
  start(label: string, total: number, unitSeconds?: number): ProgressTask;
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

/**
 * The progress of experiments whose work is planned ahead, in seconds of a reference machine:
 * runs that turn out not to be needed, and runs found to be needed, change the plan.
 */
export interface ExperimentProgress extends Progress {
  /** Adds `seconds` of planned work found while running (a learning rate added to a grid). */
  extend(seconds: number): void;
  /** Removes `seconds` of planned work that will not run (a run kept from an interrupted report). */
  skip(seconds: number): void;
}
