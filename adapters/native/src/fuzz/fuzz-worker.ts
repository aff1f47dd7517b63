/**
 * The child process of {@link fuzzInChild}: runs one fuzz run and reports on standard output,
 * one line per event, written synchronously so that the last line before a crash is the call
 * that crashed: `call <json>` before each call, `fail <json>` for each call that did not do what
 * it must, `done <json>` with the summary at the end.
 *
 *   node dist/fuzz/fuzz-worker.js --seed N --calls N
 *
 * `--crash-at N` and `--hang-at N` make call N kill the process (SIGKILL, which leaves no core
 * file) or spin forever instead of running: they exist to test that the supervisor catches both.
 *
 * @module
 */
import { writeSync } from 'node:fs';
import { runFuzz } from './fuzz-run.js';

function option(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : Number(process.argv[i + 1]);
}

function emit(kind: string, payload: unknown): void {
  writeSync(1, `${kind} ${JSON.stringify(payload)}\n`);
}

const crashAt = option('crash-at');
const hangAt = option('hang-at');
const summary = await runFuzz({
  seed: option('seed') ?? 1,
  calls: option('calls') ?? 1000,
  onCall(index, kind, text) {
    emit('call', { index, kind, text });
    if (index === crashAt) process.kill(process.pid, 'SIGKILL');
    if (index === hangAt) for (;;);
  },
  onFailure: (failure) => emit('fail', failure),
});
emit('done', summary);
