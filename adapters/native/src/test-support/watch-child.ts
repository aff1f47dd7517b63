/**
 * Runs a Node script in a child process and watches it: hands each line it writes to standard
 * output to a callback, and kills it (SIGKILL) when no line has come for `hangMs`. What the fuzzer
 * and the misuse tests share, so that a crash or a hang in the addon ends a child, never the test
 * runner, and is reported with what was running.
 *
 * @module
 */
import { spawn } from 'node:child_process';

/** How a watched child ended. */
export interface ChildEnd {
  /** Its exit code, or null when a signal ended it. */
  readonly code: number | null;
  /** The signal that ended it, or null. */
  readonly signal: NodeJS.Signals | null;
  /** Whether it was killed for writing no line for `hangMs`. */
  readonly hung: boolean;
  /** The end of its standard error (up to `stderrChars` characters). */
  readonly stderr: string;
}

/**
 * Runs `node script ...args`, calls `onLine` for every line of its standard output, and resolves
 * when it has ended.
 */
export function watchChild(script: string, args: readonly string[], hangMs: number, onLine: (line: string) => void, stderrChars = 4000): Promise<ChildEnd> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let buffered = '';
  let hung = false;
  let watchdog = setTimeout(() => undefined, 0);
  const arm = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, hangMs);
  };
  arm();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) onLine(line);
    arm();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-stderrChars);
  });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      resolve({ code, signal, hung, stderr });
    });
  });
}
