/**
 * Choosing how to show progress: bars on a terminal, plain lines elsewhere.
 *
 * @module
 */
import { BarProgress } from './bar-progress.js';
import { LineProgress } from './line-progress.js';
import type { Progress } from './progress.js';

/** A {@link Progress} that must be closed when the work is done. */
export interface ClosableProgress extends Progress {
  /** Ends the display (stops redrawing, restores the cursor). */
  close(): void;
}

/**
 * Progress written to `stream` (default stderr): redrawn bars when both stdout and `stream` are
 * terminals, otherwise plain status lines at a modest rate, as CI logs want them.
 */
export function createProgress(
  stream: NodeJS.WriteStream = process.stderr,
  interactive: boolean = process.stdout.isTTY === true && stream.isTTY === true,
): ClosableProgress {
  if (interactive) return new BarProgress(stream);
  const lines = new LineProgress({ write: (line) => stream.write(`${line}\n`) });
  return { start: (label, total) => lines.start(label, total), log: (line) => lines.log(line), close: () => {} };
}
