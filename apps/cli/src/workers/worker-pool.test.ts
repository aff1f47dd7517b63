import { describe, expect, it } from 'vitest';
import { RunInterrupted } from '../experiments/run-control.js';
import { recordingProgress } from '../train/test-support/quiet-progress.js';
import { WorkerPool } from './worker-pool.js';
import type { MnistTask, TaskOptions } from '../experiments/run-tasks.js';

const main = new URL('./test-support/fake-worker.mjs', import.meta.url).pathname;
const task = (seed: number, lr = 0.1) => ({ kind: 'mnist', lr, seed }) as unknown as MnistTask;
const options = (signal?: AbortSignal): TaskOptions & { progress: ReturnType<typeof recordingProgress> } => ({
  backend: 'tfjs',
  tfjsBackend: 'wasm',
  progress: recordingProgress(),
  ...(signal ? { signal } : {}),
});

describe('WorkerPool', () => {
  it('computes tasks in its workers, forwarding their progress and log lines', async () => {
    const lines: string[] = [];
    const pool = new WorkerPool({ workers: 2, main, onLog: (l) => lines.push(l) });
    try {
      const o = options();
      const results = (await Promise.all([1, 2, 3].map((seed) => pool.run(task(seed), seed, o)))) as unknown as { seed: number; pid: number }[];
      expect(results.map((r) => r.seed)).toEqual([1, 2, 3]);
      expect(new Set(results.map((r) => r.pid)).size).toBe(2);
      expect(o.progress.started.map((s) => [s.label, s.total, s.ticks, s.stopped]).sort()).toEqual([
        ['task 1', 4, 4, true],
        ['task 2', 4, 4, true],
        ['task 3', 4, 4, true],
      ]);
      expect([...o.progress.lines].sort()).toEqual(['task 1 logged', 'task 2 logged', 'task 3 logged']);
    } finally {
      await pool.close();
    }
  });

  it('starts the most costly waiting task first', async () => {
    const pool = new WorkerPool({ workers: 1, main });
    try {
      const o = options();
      await Promise.all([1, 5, 3].map((cost) => pool.run(task(cost), cost, o)));
      expect(o.progress.started.map((s) => s.label)).toEqual(['task 5', 'task 3', 'task 1']);
    } finally {
      await pool.close();
    }
  });

  it('stops a running task when asked, refuses the waiting ones, and passes failures on', async () => {
    const pool = new WorkerPool({ workers: 1, main });
    try {
      await expect(pool.run(task(1, -2), 1, options())).rejects.toThrow('the task failed');
      const controller = new AbortController();
      const o = options(controller.signal);
      const running = pool.run(task(1, -1), 2, o);
      const waiting = pool.run(task(2), 1, o);
      setTimeout(() => controller.abort('SIGINT'), 50);
      await expect(running).rejects.toBeInstanceOf(RunInterrupted);
      await expect(waiting).rejects.toThrow(/interrupted by SIGINT/);
      expect(o.progress.started).toEqual([]);
    } finally {
      await pool.close();
    }
  });

  it('rejects the task of a worker that exits, and every task once closed', async () => {
    const pool = new WorkerPool({ workers: 1, main });
    await expect(pool.run(task(1, -3), 1, options())).rejects.toThrow(/worker process exited \(code 3\)/);
    await pool.close();
    await expect(pool.run(task(2), 1, options())).rejects.toThrow(/closed/);
    expect(() => new WorkerPool({ workers: 0, main })).toThrow(/^workers: expected an integer >= 1/);
  });
});

describe('the worker program', () => {
  it('computes a run with the figures it has in this process (the built program, tfjs wasm)', async () => {
    const { mnistConfig, runMnistOnce } = await import('../experiments/mnist.js');
    const { OPTIMIZERS } = await import('../experiments/optimizers.js');
    await import('../train/test-support/tfjs.js');
    const config = { ...mnistConfig('quick'), trainExamples: 64, testExamples: 32, epochs: 1 };
    const mnist: MnistTask = { kind: 'mnist', config, optimizer: OPTIMIZERS.adam!, lr: 0.01, seed: 4 };
    const pool = new WorkerPool({ workers: 1, main: new URL('../../dist/workers/worker-main.js', import.meta.url).pathname });
    try {
      const o = options();
      const there = await pool.run(mnist, 1, o);
      const here = await runMnistOnce(config, mnist.optimizer, mnist.lr, mnist.seed, options());
      const figures = (r: typeof here) => r.epochs.map(({ seconds: _, ...rest }) => rest);
      expect(figures(there)).toEqual(figures(here));
      expect(o.progress.started.map((s) => [s.label, s.ticks])).toEqual([['mnist adam lr=0.01 seed=4', 2]]);
    } finally {
      await pool.close();
    }
  });
});
