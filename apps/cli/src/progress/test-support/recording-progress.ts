/**
 * A {@link Progress} that records what it is told, for tests.
 *
 * @module
 */
import type { ClosableProgress } from '../create-progress.js';
import type { Progress } from '../progress.js';

/** What a {@link recordingProgress} saw. */
export interface ProgressRecord {
  readonly started: { label: string; total: number }[];
  readonly ticks: { label: string; n: number }[];
  readonly stopped: string[];
  readonly logged: string[];
  closed: boolean;
}

/** A progress that draws nothing and records every call. */
export function recordingProgress(): { progress: ClosableProgress; record: ProgressRecord } {
  const record: ProgressRecord = { started: [], ticks: [], stopped: [], logged: [], closed: false };
  const progress: ClosableProgress = {
    start(label, total) {
      record.started.push({ label, total });
      return { tick: (n = 1) => record.ticks.push({ label, n }), stop: () => record.stopped.push(label) };
    },
    log: (line) => record.logged.push(line),
    close: () => {
      record.closed = true;
    },
  };
  return { progress, record };
}
