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
}

/** The process's stdout, stderr, terminal-aware progress and working directory. */
export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    progress: () => createProgress(),
    cwd: process.cwd(),
  };
}
