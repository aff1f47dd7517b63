/**
 * A worker process of the command: computes the tasks it is sent, one at a time, and reports
 * their progress and results (see `WorkerPool`). Interrupt signals are left to the command,
 * which tells its workers to stop.
 *
 * @module
 */
import { RunInterrupted } from '../experiments/run-control.js';
import { executeTask } from '../experiments/run-tasks.js';
import type { ExperimentProgress } from '../progress/progress.js';
import type { FromWorker, ToWorker } from './protocol.js';

/** Milliseconds between two tick messages of a task. */
const TICK_INTERVAL_MS = 250;

const send = (message: FromWorker): void => void process.send?.(message);

let controller = new AbortController();

/** Progress sent to the command, ticks gathered and sent at most every {@link TICK_INTERVAL_MS}. */
function forwardedProgress(id: number): ExperimentProgress {
  return {
    start(label, total, unitSeconds = 0) {
      send({ type: 'start', id, label, total, unitSeconds });
      let pending = 0;
      let last = performance.now();
      let info: Readonly<Record<string, string | number>> | undefined;
      const flush = () => {
        if (pending > 0) send({ type: 'tick', id, n: pending, ...(info ? { info } : {}) });
        pending = 0;
        last = performance.now();
      };
      return {
        tick: (n = 1, i) => {
          pending += n;
          info = i;
          if (performance.now() - last >= TICK_INTERVAL_MS) flush();
        },
        stop: flush,
      };
    },
    log: (line) => send({ type: 'log', line }),
    extend: (seconds) => send({ type: 'plan', seconds }),
    skip: (seconds) => send({ type: 'plan', seconds: -seconds }),
  };
}

/** Computes one task and reports how it ended. */
async function run(message: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  controller = new AbortController();
  try {
    const result = await executeTask(message.task, {
      backend: message.backend,
      tfjsBackend: message.tfjsBackend,
      progress: forwardedProgress(message.id),
      signal: controller.signal,
    });
    send({ type: 'done', id: message.id, result });
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    send({
      type: 'failed',
      id: message.id,
      ...(e instanceof RunInterrupted ? { interrupted: e.reason } : {}),
      message: error.message,
      ...(error.stack ? { stack: error.stack } : {}),
    });
  }
}

let queue = Promise.resolve();
process.on('message', (message: ToWorker) => {
  if (message.type === 'stop') controller.abort(message.reason);
  else queue = queue.then(() => run(message));
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => undefined);
process.on('disconnect', () => process.exit(0));
