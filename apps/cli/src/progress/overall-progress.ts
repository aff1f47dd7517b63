/**
 * One progress display for a whole command: the share of the planned work done and an estimate
 * of the time left, whatever run is in progress.
 *
 * @module
 */
import type { ExperimentProgress, Progress, ProgressTask } from './progress.js';

/** `seconds` as `1h02m`, `12m05s` or `42s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** Planned work done before the time left is estimated from the pace so far rather than from the plan. */
const CALIBRATION_SHARE = 0.01;

/**
 * An {@link ExperimentProgress} drawn as a single task of 100 units (per cent) on `sink`, labelled
 * `label`. Work is planned in seconds of one process on a reference machine (`plannedSeconds`,
 * changed by `extend` and `skip`); each run's ticks add their planned cost. The time left is the
 * planned work left, scaled by the pace so far (wall time per planned second done) once 1 % of
 * the plan is done, and before that the plan divided by `parallelism` (the processes training at
 * once). The current run, its figures and the time left are the task's `info`.
 */
export class OverallProgress implements ExperimentProgress {
  private planned: number;
  private done = 0;
  private shown = 0;
  private readonly started: number;
  private readonly task: ProgressTask;

  /**
   * @param sink - where the single task is drawn (bars on a terminal, lines elsewhere)
   * @param plannedSeconds - the planned work, in seconds of the reference machine
   * @param parallelism - processes that train at the same time
   * @param now - the clock in milliseconds (default `performance.now`)
   */
  constructor(
    private readonly sink: Progress,
    plannedSeconds: number,
    label = 'demo',
    private readonly parallelism = 1,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.planned = Math.max(0, plannedSeconds);
    this.started = now();
    this.task = sink.start(label, 100);
  }

  /** The estimated seconds left. */
  secondsLeft(): number {
    const left = Math.max(0, this.planned - this.done);
    if (this.done < CALIBRATION_SHARE * this.planned || this.done <= 0) return left / this.parallelism;
    return (left * (this.now() - this.started)) / 1000 / this.done;
  }

  /** A task whose ticks each add `unitSeconds` of planned work done. */
  start(label: string, _total: number, unitSeconds = 0): ProgressTask {
    return {
      tick: (n = 1, info) => {
        this.done += n * unitSeconds;
        this.update({ run: label, ...(info ?? {}) });
      },
      stop: () => undefined,
    };
  }

  /** Prints `line` through the sink. */
  log(line: string): void {
    this.sink.log(line);
  }

  /** Adds planned work. */
  extend(seconds: number): void {
    this.planned += seconds;
  }

  /** Removes planned work. */
  skip(seconds: number): void {
    this.planned = Math.max(this.done, this.planned - seconds);
  }

  /** Ends the display at 100 %. */
  finish(): void {
    this.task.tick(100 - this.shown);
    this.shown = 100;
    this.task.stop();
  }

  private update(info: Readonly<Record<string, string | number>>): void {
    const percent = this.planned > 0 ? Math.min(99, Math.floor((100 * this.done) / this.planned)) : 0;
    this.task.tick(Math.max(0, percent - this.shown), { left: `~${formatDuration(this.secondsLeft())}`, ...info });
    this.shown = Math.max(this.shown, percent);
  }
}
