/**
 * Where the commands write and what they work relative to, so that they run the same from the
 * `stablegrad` binary and from code (tests, other tools).
 *
 * @module
 */
import { createProgress, type ClosableProgress } from '../progress/create-progress.js';

/** The outside world of a command run. */
export interface CliIo {
  /** Writes to standard output (tables, where the report is). */
  readonly out: (text: string) => void;
  /** Writes to standard error (errors, notes). */
  readonly err: (text: string) => void;
  /** Creates the progress display of a long command. */
  readonly progress: () => ClosableProgress;
  /** The folder relative paths on the command line are resolved against. */
  readonly cwd: string;
  /**
   * Calls `handler` with the signal's name on the first SIGINT or SIGTERM (a second one ends the
   * process as usual); returns the function that stops listening.
   */
  readonly onInterrupt: (handler: (signal: 'SIGINT' | 'SIGTERM') => void) => () => void;
}

/** The process's stdout, stderr, terminal-aware progress and working directory. */
export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    progress: () => createProgress(),
    cwd: process.cwd(),
    onInterrupt(handler) {
      const listeners = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
        const listener = (): void => {
          stop();
          handler(signal);
        };
        process.once(signal, listener);
        return [signal, listener] as const;
      });
      const stop = (): void => {
        for (const [signal, listener] of listeners) process.off(signal, listener);
      };
      return stop;
    },
  };
}
