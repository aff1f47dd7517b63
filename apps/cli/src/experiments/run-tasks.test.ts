import { describe, expect, it } from 'vitest';
import '../train/test-support/tfjs.js';
import { recordingProgress } from '../train/test-support/quiet-progress.js';
import { mnistConfig } from './mnist.js';
import { OPTIMIZERS } from './optimizers.js';
import { RunInterrupted } from './run-control.js';
import { serialRunner, takeNext, type MnistTask } from './run-tasks.js';

describe('takeNext', () => {
  it('takes the most costly task, the earliest among equals', () => {
    const queue = [3, 7, 7, 1].map((cost, order) => ({ cost, order, start: () => undefined }));
    expect([takeNext(queue), takeNext(queue), takeNext(queue), takeNext(queue), takeNext(queue)].map((t) => t?.order)).toEqual([1, 2, 0, 3, undefined]);
  });
});

describe('serialRunner', () => {
  const config = { ...mnistConfig('quick'), trainExamples: 32, testExamples: 16, epochs: 1 };
  const task = (lr: number): MnistTask => ({ kind: 'mnist', config, optimizer: OPTIMIZERS.sgd!, lr, seed: 1 });

  it('computes one task at a time, the most costly first', async () => {
    const progress = recordingProgress();
    const runner = serialRunner();
    const runs = await Promise.all([runner.run(task(0.01), 1, { backend: 'tfjs', tfjsBackend: 'wasm', progress }), runner.run(task(0.1), 2, { backend: 'tfjs', tfjsBackend: 'wasm', progress })]);
    expect(runs.map((r) => r.lr)).toEqual([0.01, 0.1]);
    expect(progress.started.map((s) => s.label)).toEqual(['mnist sgd lr=0.1 seed=1', 'mnist sgd lr=0.01 seed=1']);
  });

  it('starts nothing once the experiment is asked to stop', async () => {
    const controller = new AbortController();
    controller.abort('SIGTERM');
    const progress = recordingProgress();
    await expect(serialRunner().run(task(0.1), 1, { backend: 'tfjs', tfjsBackend: 'wasm', progress, signal: controller.signal })).rejects.toBeInstanceOf(RunInterrupted);
    expect(progress.started).toEqual([]);
  });
});
