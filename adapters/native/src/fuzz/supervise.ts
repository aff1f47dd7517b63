/**
 * Makes a fuzz run in a child process and watches it: a crash (a signal, a non-zero exit, an
 * exit before the summary) or a hang (no call finished within `hangMs`) is reported with the seed
 * and the call that was running.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import { watchChild } from '../test-support/watch-child.js';
import type { FuzzFailure, FuzzSummary } from './fuzz-run.js';

/** The worker, compiled: from `src/fuzz` (under vitest) and `dist/fuzz` alike, two folders below the package. */
const WORKER = fileURLToPath(new URL('../../dist/fuzz/fuzz-worker.js', import.meta.url));

/** Options of {@link fuzzInChild}. */
export interface SuperviseOptions {
  readonly seed: number;
  readonly calls: number;
  /** A call that has not finished after this many milliseconds is a hang (default 60,000). */
  readonly hangMs?: number;
  /** Extra worker arguments (`--crash-at N`, `--hang-at N`: to test the supervisor). */
  readonly extraArgs?: readonly string[];
}

/** How a supervised fuzz run ended. */
export interface SupervisedRun {
  readonly seed: number;
  /** `passed`: every call did what it must; `failed`: some did not; `crashed`, `hung`: the process died or stopped. */
  readonly status: 'passed' | 'failed' | 'crashed' | 'hung';
  /** The worker's summary, when it finished. */
  readonly summary?: FuzzSummary;
  /** The call running when the process crashed or hung. */
  readonly lastCall?: { readonly index: number; readonly kind: string; readonly text: string };
  /** The exit code or signal of a crash. */
  readonly exit?: string;
  /** Calls that did not do what they must (reported as they happened). */
  readonly failures: readonly FuzzFailure[];
  /** The end of the worker's standard error. */
  readonly stderr: string;
  /** A one-paragraph account, naming the seed and, for a crash or hang, the call. */
  readonly report: string;
}

/** Runs `runFuzz` with `options` in a child process of this Node and watches it. */
export async function fuzzInChild(options: SuperviseOptions): Promise<SupervisedRun> {
  const args = ['--seed', String(options.seed), '--calls', String(options.calls), ...(options.extraArgs ?? [])];
  const hangMs = options.hangMs ?? 60_000;
  const failures: FuzzFailure[] = [];
  let lastCall: SupervisedRun['lastCall'];
  let summary: FuzzSummary | undefined;
  const { code, signal, hung, stderr } = await watchChild(WORKER, args, hangMs, (line) => {
    const space = line.indexOf(' ');
    const kind = line.slice(0, space);
    const payload = JSON.parse(line.slice(space + 1));
    if (kind === 'call') lastCall = payload;
    else if (kind === 'fail' && failures.length < 50) failures.push(payload);
    else if (kind === 'done') summary = payload;
  });
  const exit = signal !== null ? `signal ${signal}` : `exit code ${code}`;
  const at = lastCall === undefined ? 'before the first call' : `at call ${lastCall.index} (${lastCall.kind}): ${lastCall.text}`;
  const base = { seed: options.seed, failures, stderr };
  if (hung) return { ...base, status: 'hung', ...(lastCall ? { lastCall } : {}), report: `seed ${options.seed}: no progress for ${hangMs} ms ${at}` };
  if (summary === undefined || code !== 0) {
    return { ...base, status: 'crashed', exit, ...(lastCall ? { lastCall } : {}), ...(summary ? { summary } : {}), report: `seed ${options.seed}: the process ended (${exit}) ${at}\n${stderr}` };
  }
  if (summary.failureCount > 0) {
    const first = summary.failures[0]!;
    return { ...base, status: 'failed', summary, report: `seed ${options.seed}: ${summary.failureCount} calls did not do what they must; the first, call ${first.index} (${first.kind}): ${first.text}: ${first.problem}` };
  }
  return { ...base, status: 'passed', summary, report: `seed ${options.seed}: ${summary.ran} of ${summary.calls} calls made, every one as it must` };
}
