import { describe, expect, it } from 'vitest';
import '../train/test-support/tfjs.js';
import { recordingProgress } from '../train/test-support/quiet-progress.js';
import { OPTIMIZERS } from './optimizers.js';
import { mnistConfig, runMnistExperiment, runMnistOnce } from './mnist.js';
import type { ExperimentOptions } from './experiment-options.js';
import type { MnistConfig } from './mnist-result.js';

const tiny: MnistConfig = {
  ...mnistConfig('quick'),
  trainExamples: 96,
  testExamples: 40,
  epochs: 2,
  lrGrid: [1e-3, 1e-2],
  seeds: [1],
  optimizers: [OPTIMIZERS.sdprop!, OPTIMIZERS.adam!],
};
const options = (): ExperimentOptions => ({ backend: 'tfjs', tfjsBackend: 'wasm', progress: recordingProgress() });

describe('mnistConfig', () => {
  it('gives every optimizer the same grid, wide on both sides, in both modes', () => {
    for (const mode of ['full', 'quick'] as const) {
      const c = mnistConfig(mode);
      expect(c.optimizers.map((o) => o.name).sort()).toEqual(['adam', 'adastand', 'rmsprop', 'sdprop', 'sgd-momentum']);
      expect(Math.min(...c.lrGrid)).toBe(1e-4);
      expect(Math.max(...c.lrGrid)).toBe(1);
      expect(c.seeds.length).toBeGreaterThanOrEqual(2);
    }
    expect(() => mnistConfig('long' as 'full')).toThrow(/mode: expected 'full' or 'quick'/);
  });
});

describe('runMnistOnce', () => {
  it('learns, reports an epoch at a time, and is reproduced exactly by its seed', async () => {
    const progress = recordingProgress();
    const a = await runMnistOnce(tiny, OPTIMIZERS.adam!, 1e-2, 3, { ...options(), progress });
    const b = await runMnistOnce(tiny, OPTIMIZERS.adam!, 1e-2, 3, options());
    expect(a.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(a.diverged).toBe(false);
    expect(a.epochs[1]!.trainLoss!).toBeLessThan(a.epochs[0]!.trainLoss!);
    expect(a.epochs[1]!.testAccuracy).toBeGreaterThan(0.2);
    expect(progress.started).toEqual([{ label: 'mnist adam lr=0.01 seed=3', total: 6, ticks: 6, stopped: true }]);
    const strip = (r: typeof a) => r.epochs.map(({ seconds: _, ...rest }) => rest);
    expect(strip(b)).toEqual(strip(a));
  });

  it('stops a run whose loss is no longer finite, and says so', async () => {
    const progress = recordingProgress();
    const r = await runMnistOnce(tiny, OPTIMIZERS.sgd!, 1e30, 1, { ...options(), progress });
    expect(r.diverged).toBe(true);
    expect(r.epochs).toHaveLength(1);
    expect(r.epochs[0]!.trainLoss).toBeNull();
    expect(progress.lines[0]).toMatch(/mnist sgd lr=1e\+30 seed=1: loss NaN in epoch 1; run stopped/);
  });
});

describe('runMnistExperiment', () => {
  it('runs every optimizer at every rate and seed and summarises each', async () => {
    const r = await runMnistExperiment(tiny, options());
    expect(r.runs.map((x) => `${x.optimizer}@${x.lr}`)).toEqual(['sdprop@0.001', 'sdprop@0.01', 'adam@0.001', 'adam@0.01']);
    expect(r.targetAccuracy).toBe(tiny.targetAccuracy);
    expect(r.summary.map((s) => s.optimizer)).toEqual(['sdprop', 'adam']);
    for (const s of r.summary) {
      expect(s.finalTrainLossByLr.map((x) => x.lr)).toEqual([1e-3, 1e-2]);
      expect(s.perEpoch).toHaveLength(2);
      expect(s.bestLrAtGridEdge).toBe(true);
    }
  });
});
