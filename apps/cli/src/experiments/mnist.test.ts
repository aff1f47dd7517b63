import { describe, expect, it } from 'vitest';
import '../train/test-support/tfjs.js';
import { recordingProgress } from '../train/test-support/quiet-progress.js';
import { OPTIMIZERS } from './optimizers.js';
import { mnistConfig, mnistRunCost, runMnistExperiment, runMnistOnce } from './mnist.js';
import type { ExperimentOptions } from './experiment-options.js';
import type { MnistConfig } from './mnist-result.js';

const tiny: MnistConfig = {
  ...mnistConfig('quick'),
  trainExamples: 96,
  testExamples: 40,
  epochs: 2,
  lrGrid: { sdprop: [1e-3, 1e-2], adam: [1e-3, 1e-2] },
  maxGridExtensions: 0,
  seeds: [1],
  optimizers: [OPTIMIZERS.sdprop!, OPTIMIZERS.adam!],
};
const options = (): ExperimentOptions => ({ backend: 'tfjs', tfjsBackend: 'wasm', progress: recordingProgress() });

describe('mnistConfig', () => {
  it("trains the papers' LeNet on all 10,000 digits, 8,000 / 2,000, 5 epochs of 32, 3 seeds, by default", () => {
    const c = mnistConfig('default');
    expect([c.network, c.trainExamples, c.testExamples, c.epochs, c.batchSize, c.seeds.length]).toEqual(['lenet', 8000, 2000, 5, 32, 3]);
    expect(c.model).toBe('conv5x5x16-relu-maxpool2 > conv5x5x32-relu-maxpool2 > dense10');
    expect(mnistConfig('quick').network).toBe('small-cnn');
    expect(mnistConfig('paper').seeds.length).toBeGreaterThanOrEqual(5);
  });

  it('gives every optimizer a grid of at least three rates that may grow, at every scale', () => {
    for (const scale of ['quick', 'default', 'paper'] as const) {
      const c = mnistConfig(scale);
      expect(c.tuningSeeds.every((seed) => c.seeds.includes(seed))).toBe(true);
      expect(c.optimizers.map((o) => o.name).sort()).toEqual(['adam', 'adastand', 'rmsprop', 'sdprop', 'sgd-momentum']);
      for (const o of c.optimizers) expect(c.lrGrid[o.name]!.length).toBeGreaterThanOrEqual(3);
      expect(c.maxGridExtensions).toBeGreaterThan(0);
    }
    expect(() => mnistConfig('long' as 'default')).toThrow(/scale: expected one of quick, default, paper/);
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

  it('trains the LeNet CNN on its images', async () => {
    const r = await runMnistOnce({ ...tiny, network: 'lenet', epochs: 1, trainExamples: 64 }, OPTIMIZERS.adam!, 3e-3, 1, options());
    expect(r.diverged).toBe(false);
    expect(r.epochs[0]!.trainLoss!).toBeLessThan(Math.log(10) + 0.5);
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
  it('runs every optimizer at every rate and seed, summarises each and compares SDProp with the others', async () => {
    const r = await runMnistExperiment({ ...tiny, seeds: [1, 2], tuningSeeds: [1, 2] }, options());
    expect(r.runs.map((x) => `${x.optimizer}@${x.lr}#${x.seed}`)).toEqual([
      'sdprop@0.001#1',
      'sdprop@0.001#2',
      'sdprop@0.01#1',
      'sdprop@0.01#2',
      'adam@0.001#1',
      'adam@0.001#2',
      'adam@0.01#1',
      'adam@0.01#2',
    ]);
    expect(r.targetAccuracy).toBe(tiny.targetAccuracy);
    expect(r.summary.map((s) => s.optimizer)).toEqual(['sdprop', 'adam']);
    for (const s of r.summary) {
      expect(s.finalTrainLossByLr.map((x) => x.lr)).toEqual([1e-3, 1e-2]);
      expect(s.perEpoch).toHaveLength(2);
      expect(s.bestLrAtGridEdge).toBe(true);
    }
    expect(r.comparisons.map((c) => [c.metric, c.a.label.split(' ')[0], c.b.label.split(' ')[0], c.test])).toEqual([
      ['final training loss', 'sdprop', 'adam', 'welch-t'],
      ['final test accuracy', 'sdprop', 'adam', 'welch-t'],
    ]);
  });

  it('runs the grid with the tuning seeds and the other seeds at the best rate only', async () => {
    const config = { ...tiny, optimizers: [OPTIMIZERS.adam!], lrGrid: { adam: [1e-4, 1e-2] }, seeds: [1, 2, 3], tuningSeeds: [1] };
    const r = await runMnistExperiment(config, options());
    const best = r.summary[0]!.bestLr;
    expect(r.runs.map((x) => `${x.lr}#${x.seed}`).sort()).toEqual([`0.0001#1`, `0.01#1`, `${best}#2`, `${best}#3`].sort());
    expect(r.summary[0]!.perEpoch[0]!.trainLoss.std).not.toBe(0);
    await expect(runMnistExperiment({ ...config, tuningSeeds: [4] }, options())).rejects.toThrow(/^tuningSeeds: expected one or more of the seeds 1, 2, 3, got \[4\]/);
  });

  it('grows a grid whose best rate is at its edge, and plans the added runs', async () => {
    const progress = recordingProgress();
    const config = { ...tiny, optimizers: [OPTIMIZERS.adam!], lrGrid: { adam: [1e-4, 3e-4] }, maxGridExtensions: 1 };
    const r = await runMnistExperiment(config, { ...options(), progress });
    // Six steps at 1e-4 or 3e-4 leave the loss falling: the larger rate is best, and the grid grows to 1e-3.
    expect(r.runs.map((x) => x.lr)).toEqual([1e-4, 3e-4, 1e-3]);
    expect(r.summary[0]!.addedRates).toEqual([1e-3]);
    expect(progress.planChanges).toEqual([mnistRunCost(config)]);
    expect(progress.lines).toContain('mnist adam: the best rate is at the edge of the grid; adding lr=0.001');
  });
});
