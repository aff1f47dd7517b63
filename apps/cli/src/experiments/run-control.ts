/**
 * Keeping the runs of a long experiment that finished, and stopping cleanly when asked.
 *
 * @module
 */

/** The runs of an experiment that have finished, by key, kept where an interruption cannot lose them. */
export interface RunJournal {
  /** The finished run of `key`, if there is one. */
  find(key: string): unknown;
  /** Keeps the finished run of `key` (written out before this resolves). */
  record(key: string, run: unknown): Promise<void>;
}

/** Thrown inside an experiment when its `signal` is aborted: the current run is dropped, finished runs are kept. */
export class RunInterrupted extends Error {
  /** @param reason - what interrupted it, such as `SIGINT` */
  constructor(readonly reason: string) {
    super(`interrupted by ${reason}`);
    this.name = 'RunInterrupted';
  }
}

/** What {@link journaled} and {@link checkpoint} need of the experiment options. */
export interface RunControl {
  /** Finished runs, looked up before a run starts and recorded when it ends. */
  readonly journal?: RunJournal;
  /** Aborted when the experiment is to stop (SIGINT, SIGTERM). */
  readonly signal?: AbortSignal;
}

/**
 * The run of `key`: taken from the journal when it finished before (a resumed experiment), else
 * computed by `run` and recorded. Each run depends only on its own configuration and seed, so a
 * resumed experiment gives the results of an uninterrupted one.
 */
export async function journaled<R>(control: RunControl, key: string, run: () => Promise<R>): Promise<R> {
  const done = control.journal?.find(key);
  if (done !== undefined) return done as R;
  const result = await run();
  await control.journal?.record(key, result);
  return result;
}

/**
 * Lets pending events (a signal handler) run, then throws {@link RunInterrupted} when the
 * experiment has been asked to stop. Called once per training step: the loops are otherwise
 * synchronous, and a signal would wait for the whole run.
 */
export async function checkpoint(control: RunControl): Promise<void> {
  if (control.signal === undefined) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (control.signal.aborted) throw new RunInterrupted(String(control.signal.reason ?? 'abort'));
}

/**
 * {@link journaled}, telling `control.progress` that the run's planned `seconds` will not be
 * spent when the run is kept in the journal.
 */
export async function journaledPlanned<R>(
  control: RunControl & { readonly progress: { skip(seconds: number): void } },
  key: string,
  seconds: number,
  run: () => Promise<R>,
): Promise<R> {
  if (control.journal?.find(key) !== undefined) control.progress.skip(seconds);
  return journaled(control, key, run);
}
