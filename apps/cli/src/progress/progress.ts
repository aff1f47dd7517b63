/**
 * What long work reports its progress to.
 *
 * @module
 */

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
