/**
 * Runs every misuse of {@link NATIVE_MISUSE_CASES} in child processes, so that one that crashes
 * the process (or hangs it) fails its own test, with the exit, instead of taking the test runner
 * down: a child runs them in turn, and after a crash a new one continues with the next.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import type { MisuseOutcome } from '@stablegrad/core/testing';
import type { NativeDevice } from '../tensor/native-tensor.js';
import { NATIVE_MISUSE_CASES } from './session-misuse-cases.js';
import { watchChild } from './watch-child.js';

/** The child, compiled: from `src/test-support` (under vitest) and `dist/test-support` alike. */
const CHILD = fileURLToPath(new URL('../../dist/test-support/session-misuse-child.js', import.meta.url));

/** A misuse's outcome, with the tensors it left alive; or how its process ended. */
export type ChildOutcome = (MisuseOutcome & { readonly leaked: number }) | { readonly crashed: string };

/** Runs the child from misuse `from` on, recording outcomes; resolves to the index to go on from. */
async function runFrom(device: NativeDevice, from: number, outcomes: ChildOutcome[], hangMs: number): Promise<number> {
  let current = from;
  const { code, signal, hung, stderr } = await watchChild(
    CHILD,
    [device, String(from)],
    hangMs,
    (line) => {
      const [kind, index, ...rest] = line.split(' ');
      current = Number(index);
      if (kind === 'done') outcomes[current] = JSON.parse(rest.join(' ')) as ChildOutcome;
    },
    2000,
  );
  if (outcomes[current] === undefined) {
    const how = hung ? `no progress for ${hangMs} ms` : signal !== null ? `signal ${signal}` : `exit code ${code}`;
    outcomes[current] = { crashed: `the process ended (${how})${stderr === '' ? '' : `: ${stderr}`}` };
  }
  return current + 1;
}

/** The outcome of every misuse of {@link NATIVE_MISUSE_CASES} on `device`, in order. */
export async function misuseOutcomesInChildren(device: NativeDevice, hangMs = 30_000): Promise<ChildOutcome[]> {
  const outcomes: ChildOutcome[] = [];
  let from = 0;
  while (from < NATIVE_MISUSE_CASES.length) from = await runFrom(device, from, outcomes, hangMs);
  return outcomes;
}
