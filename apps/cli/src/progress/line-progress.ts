/**
 * Progress as plain lines, for output that is not a terminal (CI logs, files): no redrawing, at
 * most one status line per interval over all tasks.
 *
 * @module
 */
import { formatInfo } from './format-info.js';
import type { Progress, ProgressTask } from './progress.js';

/** Options of {@link LineProgress}. */
export interface LineProgressOptions {
  /** Receives each line, without a trailing newline. */
  readonly write: (line: string) => void;
  /** Minimum milliseconds between two status lines (default 10 000). */
  readonly intervalMs?: number;
  /** The clock, in milliseconds (default `performance.now`). */
  readonly now?: () => number;
}

/**
 * A {@link Progress} that prints a status line (`label: 3/10 (30 %) loss=0.41`) when a task
 * advances and the previous status line is at least `intervalMs` old, and a `done` line when a
 * task that lasted longer than the interval stops. `log` lines are printed at once.
 */
export class LineProgress implements Progress {
  private readonly write: (line: string) => void;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private lastLine: number;

  /** Creates the progress; the first status line comes one interval after creation. */
  constructor(options: LineProgressOptions) {
    this.write = options.write;
    this.intervalMs = options.intervalMs ?? 10_000;
    this.now = options.now ?? (() => performance.now());
    this.lastLine = this.now();
  }

  /** Starts a task; nothing is printed until it has run for an interval. */
  start(label: string, total: number): ProgressTask {
    const started = this.now();
    let done = 0;
    return {
      tick: (n = 1, info) => {
        done += n;
        const t = this.now();
        if (t - this.lastLine < this.intervalMs) return;
        this.lastLine = t;
        const pct = total > 0 ? ` (${Math.floor((100 * done) / total)} %)` : '';
        this.write(`${label}: ${done}/${total}${pct} ${formatInfo(info)}`.trimEnd());
      },
      stop: () => {
        const t = this.now();
        if (t - started < this.intervalMs) return;
        this.lastLine = t;
        this.write(`${label}: done, ${done}/${total} in ${((t - started) / 1000).toFixed(1)} s`);
      },
    };
  }

  /** Prints `line`. */
  log(line: string): void {
    this.write(line);
  }
}
