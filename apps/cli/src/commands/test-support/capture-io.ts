/**
 * A {@link CliIo} that keeps what commands write, for tests.
 *
 * @module
 */
import { recordingProgress, type ProgressRecord } from '../../progress/test-support/recording-progress.js';
import type { CliIo } from '../cli-io.js';

/** The io, what was written to stdout and stderr, and the progress records. */
export interface CapturedIo {
  readonly io: CliIo;
  stdout(): string;
  stderr(): string;
  readonly progress: ProgressRecord[];
  /** Delivers `signal` to the command's interrupt handler, as a signal would. */
  interrupt(signal: 'SIGINT' | 'SIGTERM'): void;
}

/** An io working in `cwd` that captures stdout, stderr and progress. */
export function captureIo(cwd: string): CapturedIo {
  let out = '';
  let err = '';
  const progress: ProgressRecord[] = [];
  let handler: ((signal: 'SIGINT' | 'SIGTERM') => void) | undefined;
  const io: CliIo = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    progress: () => {
      const { progress: p, record } = recordingProgress();
      progress.push(record);
      return p;
    },
    cwd,
    onInterrupt(h) {
      handler = h;
      return () => {
        handler = undefined;
      };
    },
  };
  return { io, stdout: () => out, stderr: () => err, progress, interrupt: (signal) => handler?.(signal) };
}
