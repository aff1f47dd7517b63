/**
 * Computing the experiments' tasks in worker processes, several at a time.
 *
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { RunInterrupted } from '../experiments/run-control.js';
import { takeNext, type QueuedTask, type Runner, type RunTask, type TaskOptions, type TaskResult } from '../experiments/run-tasks.js';
import type { ProgressTask } from '../progress/progress.js';
import type { FromWorker, ToWorker } from './protocol.js';

/** The worker program of the built package. */
export const WORKER_MAIN: string = fileURLToPath(new URL('./worker-main.js', import.meta.url));

/** A task sent to a worker, waiting for its end. */
interface Pending {
  readonly options: TaskOptions;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
  /** The progress task the worker started last. */
  task?: ProgressTask;
}

/** A worker process and the task it computes, if any. */
interface Worker {
  readonly child: ChildProcess;
  busy: number | undefined;
}

/** Options of {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /** Worker processes, at least 1. */
  readonly workers: number;
  /** The worker program (default {@link WORKER_MAIN}); it speaks the protocol of `protocol.ts`. */
  readonly main?: string;
  /** Variables added to the workers' environment. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Receives each line the workers write to stderr, except TensorFlow's informational start-up
   * lines (default: written to this process's stderr).
   */
  readonly onLog?: (line: string) => void;
}

/** TensorFlow's informational start-up lines (absl `I` lines and the CPU-feature notice), which workers would repeat. */
const TENSORFLOW_NOTICE = /^(I\d{4} |WARNING: All log messages before absl::InitializeLog|To enable the following instructions|This TensorFlow binary is optimized)/;

/**
 * A {@link Runner} that computes tasks in worker processes (`node:child_process` forks of the
 * worker program), one task per worker at a time, the most costly waiting task first. Each
 * worker reports its task's progress, log lines and result; when the task's `options.signal` is
 * aborted the worker is told to stop and the task rejects with `RunInterrupted`. Every task
 * depends only on itself, so where it runs changes none of its figures. Call {@link close} when done.
 *
 * @throws RangeError naming `workers` unless it is an integer >= 1
 */
export class WorkerPool implements Runner {
  private readonly workers: Worker[] = [];
  private readonly queue: QueuedTask[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private closed = false;

  constructor(options: WorkerPoolOptions) {
    if (!Number.isInteger(options.workers) || options.workers < 1) throw new RangeError(`workers: expected an integer >= 1, got ${String(options.workers)}`);
    for (let i = 0; i < options.workers; i++) {
      const child = fork(options.main ?? WORKER_MAIN, [], { env: { ...process.env, ...options.env }, serialization: 'advanced', stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
      const log = options.onLog ?? ((line: string) => void process.stderr.write(`${line}\n`));
      createInterface({ input: child.stderr! }).on('line', (line) => TENSORFLOW_NOTICE.test(line) || log(line));
      const worker: Worker = { child, busy: undefined };
      child.on('message', (m: FromWorker) => this.receive(worker, m));
      child.on('exit', (code, signal) => this.lost(worker, `worker process exited (${signal ?? `code ${code}`})`));
      child.on('error', (e) => this.lost(worker, `worker process failed: ${e.message}`));
      this.workers.push(worker);
    }
  }

  /** Queues `task`; it starts when a worker is free and no more costly task waits. */
  run<T extends RunTask>(task: T, cost: number, options: TaskOptions): Promise<TaskResult<T>> {
    return new Promise<TaskResult<T>>((resolve, reject) => {
      if (this.closed) return reject(new Error('the worker pool is closed'));
      const id = this.nextId++;
      this.queue.push({
        cost,
        order: id,
        start: () => {
          const worker = this.workers.find((w) => w.busy === undefined && w.child.connected)!;
          if (options.signal?.aborted) return this.settleLater(reject, new RunInterrupted(String(options.signal.reason ?? 'abort')));
          const onAbort = () => worker.child.send({ type: 'stop', reason: String(options.signal?.reason ?? 'abort') } satisfies ToWorker);
          options.signal?.addEventListener('abort', onAbort, { once: true });
          const done = () => options.signal?.removeEventListener('abort', onAbort);
          this.pending.set(id, {
            options,
            resolve: (r) => (done(), resolve(r as TaskResult<T>)),
            reject: (e) => (done(), reject(e)),
          });
          worker.busy = id;
          worker.child.send({ type: 'run', id, task, backend: options.backend, tfjsBackend: options.tfjsBackend } satisfies ToWorker);
        },
        cancel: reject,
      });
      setImmediate(() => this.dispatch());
    });
  }

  /**
   * Ends every worker process (they ignore SIGINT and SIGTERM, which are the command's to handle,
   * and hold nothing to save: they are killed); tasks still waiting or running reject.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.cancel?.(new Error('the worker pool was closed before the task started'));
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.child.exitCode !== null || w.child.signalCode !== null) return resolve();
            w.child.once('exit', () => resolve());
            w.child.kill('SIGKILL');
          }),
      ),
    );
  }

  /** Starts waiting tasks on free workers. */
  private dispatch(): void {
    while (!this.closed && this.workers.some((w) => w.busy === undefined && w.child.connected)) {
      const next = takeNext(this.queue);
      if (!next) return;
      next.start();
    }
  }

  /** Rejects on a later turn, then dispatches the next task (a task refused before it started). */
  private settleLater(reject: (e: Error) => void, error: Error): void {
    setImmediate(() => {
      reject(error);
      this.dispatch();
    });
  }

  private receive(worker: Worker, m: FromWorker): void {
    const p = worker.busy === undefined ? undefined : this.pending.get(worker.busy);
    if (m.type === 'log') return void (p?.options.progress.log(m.line));
    if (!p) return;
    switch (m.type) {
      case 'plan':
        return m.seconds >= 0 ? p.options.progress.extend(m.seconds) : p.options.progress.skip(-m.seconds);
      case 'start':
        p.task?.stop();
        p.task = p.options.progress.start(m.label, m.total, m.unitSeconds);
        return;
      case 'tick':
        return p.task?.tick(m.n, m.info);
      case 'done':
      case 'failed': {
        p.task?.stop();
        this.pending.delete(m.id);
        worker.busy = undefined;
        if (m.type === 'done') p.resolve(m.result);
        else if (m.interrupted !== undefined) p.reject(new RunInterrupted(m.interrupted));
        else p.reject(Object.assign(new Error(m.message), m.stack ? { stack: m.stack } : {}));
        return this.dispatch();
      }
    }
  }

  /** A worker that ended: its task, if any, rejects. */
  private lost(worker: Worker, why: string): void {
    const id = worker.busy;
    worker.busy = undefined;
    if (id === undefined) return;
    const p = this.pending.get(id);
    this.pending.delete(id);
    p?.reject(new Error(why));
  }
}
