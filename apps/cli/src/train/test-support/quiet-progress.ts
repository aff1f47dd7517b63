/**
 * Test support: a `Progress` that records what it is told instead of drawing it.
 *
 * @module
 */
import type { ExperimentProgress } from '../../progress/progress.js';

/** An {@link ExperimentProgress} with the labels of started tasks, the ticks per task, the logged lines and the changes of plan. */
export interface RecordingProgress extends ExperimentProgress {
  readonly started: { label: string; total: number; ticks: number; stopped: boolean }[];
  readonly lines: string[];
  /** Seconds of work added (positive) and skipped (negative), in order. */
  readonly planChanges: number[];
}

/** A new {@link RecordingProgress}. */
export function recordingProgress(): RecordingProgress {
  const started: RecordingProgress['started'] = [];
  const lines: string[] = [];
  const planChanges: number[] = [];
  return {
    started,
    lines,
    planChanges,
    extend: (seconds) => void planChanges.push(seconds),
    skip: (seconds) => void planChanges.push(-seconds),
    start(label, total) {
      const task = { label, total, ticks: 0, stopped: false };
      started.push(task);
      return { tick: (n = 1) => void (task.ticks += n), stop: () => void (task.stopped = true) };
    },
    log: (line) => void lines.push(line),
  };
}
