import { describe, expect, it } from 'vitest';
import { compareMnist, nextRate, summariseMnist } from './mnist-summary.js';
import { OPTIMIZERS } from './optimizers.js';
import type { MnistConfig, MnistRun } from './mnist-result.js';

const config: MnistConfig = {
  trainExamples: 10,
  testExamples: 10,
  epochs: 2,
  batchSize: 5,
  lrGrid: { sdprop: [0.01, 0.1, 1] },
  maxGridExtensions: 1,
  seeds: [1, 2],
  tuningSeeds: [1, 2],
  optimizers: [OPTIMIZERS.sdprop!],
  network: 'small-cnn',
  model: 'm',
};

function run(lr: number, seed: number, losses: (number | null)[], accuracies: number[], optimizer = 'sdprop'): MnistRun {
  return {
    optimizer,
    lr,
    seed,
    epochs: losses.map((trainLoss, i) => ({ epoch: i + 1, trainLoss, testLoss: 0, testAccuracy: accuracies[i]!, seconds: 0 })),
    diverged: losses.includes(null),
    seconds: 0,
  };
}

describe('summariseMnist', () => {
  it('picks the rate with the lowest mean final loss, ignoring rates where a seed diverged', () => {
    const runs = [
      run(0.01, 1, [2, 1], [0.5, 0.6]),
      run(0.01, 2, [2, 1.2], [0.5, 0.7]),
      run(0.1, 1, [1, 0.5], [0.8, 0.9]),
      run(0.1, 2, [1, 0.7], [0.7, 0.95]),
      run(1, 1, [0.1, 0.1], [0.9, 0.9]),
      run(1, 2, [null], [0.1]),
    ];
    const [s] = summariseMnist(config, runs, 0.9);
    expect(s!.bestLr).toBe(0.1);
    expect(s!.bestLrAtGridEdge).toBe(false);
    expect(s!.finalTrainLossByLr[0]!.trainLoss.mean).toBeCloseTo(1.1, 12);
    expect(s!.finalTrainLossByLr[2]!.trainLoss).toEqual({ mean: null, std: null });
    expect(s!.perEpoch[1]!.trainLoss.mean).toBeCloseTo(0.6, 12);
    expect(s!.perEpoch[1]!.testAccuracy.std).toBeCloseTo(Math.sqrt(0.00125), 12);
    expect(s!.perEpoch[0]!.testAccuracy.mean).toBeCloseTo(0.75, 12);
    expect(s!.epochsToTarget).toBe(2);
  });

  it('flags a best rate at the edge of the grid, and no target reached', () => {
    const runs = [0.01, 0.1, 1].flatMap((lr) => [1, 2].map((seed) => run(lr, seed, [1, lr], [0.2, 0.3])));
    const [s] = summariseMnist(config, runs, 0.9);
    expect(s!.bestLr).toBe(0.01);
    expect(s!.bestLrAtGridEdge).toBe(true);
    expect(s!.epochsToTarget).toBeNull();
    expect(s!.addedRates).toEqual([]);
  });

  it('chooses the best rate on the tuning seeds, and summarises every seed at it', () => {
    const twoStage = { ...config, tuningSeeds: [1] };
    const runs = [
      run(0.01, 1, [1, 0.5], [0.8, 0.8]),
      run(0.1, 1, [1, 0.3], [0.8, 0.9]),
      run(1, 1, [1, 0.4], [0.8, 0.85]),
      run(0.1, 2, [1, 0.5], [0.8, 0.95]),
    ];
    const [s] = summariseMnist(twoStage, runs, 0.9);
    expect(s!.bestLr).toBe(0.1);
    expect(s!.finalTrainLossByLr.map((e) => e.trainLoss)).toEqual([{ mean: 0.5, std: 0 }, { mean: 0.3, std: 0 }, { mean: 0.4, std: 0 }]);
    expect(s!.perEpoch[1]!.trainLoss.mean).toBeCloseTo(0.4, 12);
    expect(s!.perEpoch[1]!.testAccuracy.mean).toBeCloseTo(0.925, 12);
  });

  it('summarises the rates run, the added ones named', () => {
    const runs = [0.01, 0.1, 1, 3].flatMap((lr) => [1, 2].map((seed) => run(lr, seed, [1, 0.2 + Math.abs(lr - 1)], [0.2, 0.3])));
    const [s] = summariseMnist(config, runs, 0.9);
    expect(s!.finalTrainLossByLr.map((e) => e.lr)).toEqual([0.01, 0.1, 1, 3]);
    expect([s!.bestLr, s!.bestLrAtGridEdge, s!.addedRates]).toEqual([1, false, [3]]);
  });
});

describe('nextRate', () => {
  const summary = (losses: (number | null)[], rates = [0.01, 0.1, 1]) => {
    const runs = rates.flatMap((lr, i) => [1, 2].map((seed) => run(lr, seed, [1, losses[i]!], [0.5, 0.5])));
    return summariseMnist(config, runs, 0.9)[0]!;
  };

  it('adds the rate beyond the edge where the best rate is, once per side', () => {
    expect(nextRate(config, summary([0.5, 0.4, 0.3]))).toBe(3);
    expect(nextRate(config, summary([0.3, 0.4, 0.5]))).toBe(0.003);
    expect(nextRate(config, summary([0.5, 0.3, 0.4]))).toBeUndefined();
    expect(nextRate(config, summary([0.5, 0.4, 0.3, 0.2], [0.01, 0.1, 1, 3]))).toBeUndefined();
    expect(nextRate({ ...config, maxGridExtensions: 0 }, summary([0.5, 0.4, 0.3]))).toBeUndefined();
  });

  it('looks below the grid when every rate diverged', () => {
    expect(nextRate(config, summary([null, null, null]))).toBe(0.003);
  });
});

describe('compareMnist', () => {
  it("compares SDProp at its best rate with each other optimizer at its own, by Welch's t-test, Holm-adjusted", () => {
    const two = { ...config, lrGrid: { sdprop: [0.1], adam: [0.01] }, optimizers: [OPTIMIZERS.sdprop!, OPTIMIZERS.adam!] };
    const runs = [
      run(0.1, 1, [0.5, 0.31], [0.8, 0.95]),
      run(0.1, 2, [0.5, 0.29], [0.8, 0.96]),
      run(0.1, 3, [0.5, 0.35], [0.8, 0.94]),
      run(0.01, 1, [0.5, 0.41], [0.8, 0.95], 'adam'),
      run(0.01, 2, [0.5, 0.45], [0.8, 0.94], 'adam'),
      run(0.01, 3, [0.5, 0.39], [0.8, 0.96], 'adam'),
    ];
    const [loss, accuracy] = compareMnist(two, summariseMnist(two, runs, 0.9), runs);
    expect(loss!.a).toMatchObject({ label: 'sdprop (lr 0.1)', values: [0.31, 0.29, 0.35] });
    expect(loss!.b).toMatchObject({ label: 'adam (lr 0.01)', values: [0.41, 0.45, 0.39] });
    // Welch's t-test on these values gives p = 0.01601 (SciPy); Holm doubles it over the two comparisons.
    expect(loss!.p).toBeCloseTo(0.016010965704545594, 10);
    expect(loss!.pAdjusted).toBeCloseTo(0.03202193140909119, 10);
    expect(loss!.verdict).toBe('sdprop (lr 0.1) better');
    expect(accuracy!.metric).toBe('final test accuracy');
    expect(accuracy!.verdict).toBe('not distinguishable at this scale');
    expect(compareMnist({ ...two, optimizers: [OPTIMIZERS.adam!] }, summariseMnist({ ...two, optimizers: [OPTIMIZERS.adam!] }, runs, 0.9), runs)).toEqual([]);
  });
});
