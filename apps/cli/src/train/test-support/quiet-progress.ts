/**
 * Test support: a `Progress` that records what it is told instead of drawing it.
 *
 * @module
 */
import type { Progress } from '../../progress/progress.js';

/** A {@link Progress} with the labels of started tasks, the ticks per task and the logged lines. */
export interface RecordingProgress extends Progress {
  readonly started: { label: string; total: number; ticks: number; stopped: boolean }[];
  readonly lines: string[];
}

/** A new {@link RecordingProgress}. */
export function recordingProgress(): RecordingProgress {
  const started: RecordingProgress['started'] = [];
  const lines: string[] = [];
  return {
    started,
    lines,
    start(label, total) {
      const task = { label, total, ticks: 0, stopped: false };
      started.push(task);
      return { tick: (n = 1) => void (task.ticks += n), stop: () => void (task.stopped = true) };
    },
    log: (line) => void lines.push(line),
  };
}
