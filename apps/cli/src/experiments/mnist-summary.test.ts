import { describe, expect, it } from 'vitest';
import { summariseMnist } from './mnist-summary.js';
import { OPTIMIZERS } from './optimizers.js';
import type { MnistConfig, MnistRun } from './mnist-result.js';

const config: MnistConfig = {
  trainExamples: 10,
  testExamples: 10,
  epochs: 2,
  batchSize: 5,
  lrGrid: [0.01, 0.1, 1],
  seeds: [1, 2],
  optimizers: [OPTIMIZERS.sdprop!],
  model: 'm',
};

function run(lr: number, seed: number, losses: (number | null)[], accuracies: number[]): MnistRun {
  return {
    optimizer: 'sdprop',
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
  });
});
