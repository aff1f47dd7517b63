/**
 * A small hand-written {@link Summary} for the report's tests: two optimizers on a two-rate grid
 * over two seeds (one run diverges) with one comparison, and a GRU experiment with two optimizers
 * and two stabilisers over two seeds (one spike, one run that ends non-finite) with one
 * comparison. Every figure is typed in by hand; the tests' expected table rows are worked out
 * from these numbers by hand.
 *
 * @module
 */
import { SUMMARY_FORMAT } from '../schema.js';
import type { GruRun } from '../../experiments/gru-result.js';
import type { EpochRecord, MnistRun } from '../../experiments/mnist-result.js';
import type { Summary } from '../schema.js';
import type { Comparison, Finite } from '../../stats/summary-stats.js';

/** An MNIST run from `[trainLoss, testLoss, testAccuracy]` per epoch. */
function mnistRun(optimizer: string, lr: number, seed: number, epochs: readonly [Finite, Finite, number][]): MnistRun {
  const records: EpochRecord[] = epochs.map(([trainLoss, testLoss, testAccuracy], i) => ({ epoch: i + 1, trainLoss, testLoss, testAccuracy, seconds: 1 }));
  return { optimizer, lr, seed, epochs: records, diverged: epochs.some(([l]) => l === null), seconds: epochs.length };
}

/** The parts of a GRU run that differ between runs. */
interface GruRunFigures {
  readonly loss: readonly Finite[];
  readonly gradNorm: readonly Finite[];
  readonly spectralNorm: readonly Finite[];
  readonly explosions?: GruRun['explosions'];
  readonly finalValidationLoss: Finite;
  readonly finalValidationPerplexity: Finite;
  readonly ms: readonly [number, number, number];
}

function gruRun(optimizer: string, stabiliser: string, lr: number, seed: number, f: GruRunFigures): GruRun {
  return {
    optimizer,
    stabiliser,
    lr,
    seed,
    loss: f.loss,
    gradNorm: f.gradNorm,
    spectralNorm: f.spectralNorm,
    validation: [
      { step: 3, loss: f.loss[2] ?? null },
      { step: 6, loss: f.finalValidationLoss },
    ],
    explosions: f.explosions ?? [],
    explodedSteps: (f.explosions ?? []).length,
    diverged: f.finalValidationLoss === null,
    finalValidationLoss: f.finalValidationLoss,
    finalValidationPerplexity: f.finalValidationPerplexity,
    msPerStep: f.ms[0],
    msPerStepGradients: f.ms[0] / 2,
    msPerStepOptimizer: f.ms[1],
    msPerStepConstraint: f.ms[2],
    groupSize: 4,
  };
}

/** A comparison with every figure given. */
function comparison(c: Pick<Comparison, 'metric' | 'better' | 'test' | 'difference' | 'ci95' | 'p' | 'pAdjusted' | 'distinguishable' | 'verdict'>, a: [string, Finite[]], b: [string, Finite[]]): Comparison {
  const side = ([label, values]: [string, Finite[]]) => ({ label, values, mean: values.some((v) => v === null) ? null : values.reduce<number>((x, y) => x + y!, 0) / values.length, std: 0 });
  return { ...c, a: side(a), b: side(b), statistic: null, df: null };
}

const sd = Math.SQRT1_2 / 10; // sample std of two values 0.1 apart: 0.0707...

/** The synthetic summary with both experiments. */
export function syntheticSummary(): Summary {
  return {
    format: SUMMARY_FORMAT,
    name: 'synthetic',
    command: 'stablegrad demo --quick --name synthetic',
    createdAt: '2025-01-02T03:04:05.000Z',
    seconds: 12.5,
    environment: {
      node: 'v20.19.0',
      platform: 'linux',
      arch: 'x64',
      cpus: 2,
      cpuModel: 'Test CPU',
      tfjsBackend: 'wasm',
      tfjsBackendReason: 'chosen on the command line',
      stepBackend: 'tfjs',
      stepBackendReason: 'chosen on the command line',
      versions: { '@stablegrad/core': '0.1.0', '@tensorflow/tfjs-core': '4.22.0' },
    },
    mnist: {
      config: {
        trainExamples: 100,
        testExamples: 50,
        epochs: 2,
        batchSize: 10,
        lrGrid: { sdprop: [0.001, 0.01], adam: [0.001, 0.01] },
        maxGridExtensions: 0,
        seeds: [1, 2],
        tuningSeeds: [1, 2],
        optimizers: [
          { name: 'sdprop', rule: 'sdprop', hyper: {} },
          { name: 'adam', rule: 'adam', hyper: {} },
        ],
        network: 'small-cnn',
        model: 'conv3x3x8-s2 > dense10',
      },
      targetAccuracy: 0.9,
      runs: [
        mnistRun('sdprop', 0.001, 1, [[0.9, 0.8, 0.8], [0.5, 0.5, 0.88]]),
        mnistRun('sdprop', 0.001, 2, [[1.0, 0.9, 0.78], [0.6, 0.55, 0.86]]),
        mnistRun('sdprop', 0.01, 1, [[0.5, 0.4, 0.9], [0.2, 0.25, 0.95]]),
        mnistRun('sdprop', 0.01, 2, [[0.6, 0.5, 0.89], [0.3, 0.3, 0.93]]),
        mnistRun('adam', 0.001, 1, [[0.7, 0.6, 0.85], [0.4, 0.4, 0.9]]),
        mnistRun('adam', 0.001, 2, [[0.8, 0.7, 0.83], [0.5, 0.45, 0.89]]),
        mnistRun('adam', 0.01, 1, [[2.0, 2.1, 0.3], [1.5, 1.6, 0.5]]),
        mnistRun('adam', 0.01, 2, [[null, null, 0.1], [null, null, 0.1]]),
      ],
      summary: [
        {
          optimizer: 'sdprop',
          bestLr: 0.01,
          bestLrAtGridEdge: true,
          addedRates: [],
          finalTrainLossByLr: [
            { lr: 0.001, trainLoss: { mean: 0.55, std: sd } },
            { lr: 0.01, trainLoss: { mean: 0.25, std: sd } },
          ],
          perEpoch: [
            { epoch: 1, trainLoss: { mean: 0.55, std: sd }, testAccuracy: { mean: 0.895, std: sd / 10 } },
            { epoch: 2, trainLoss: { mean: 0.25, std: sd }, testAccuracy: { mean: 0.94, std: Math.SQRT2 / 100 } },
          ],
          epochsToTarget: 2,
        },
        {
          optimizer: 'adam',
          bestLr: 0.001,
          bestLrAtGridEdge: true,
          addedRates: [],
          finalTrainLossByLr: [
            { lr: 0.001, trainLoss: { mean: 0.45, std: sd } },
            { lr: 0.01, trainLoss: { mean: null, std: null } },
          ],
          perEpoch: [
            { epoch: 1, trainLoss: { mean: 0.75, std: sd }, testAccuracy: { mean: 0.84, std: Math.SQRT2 / 100 } },
            { epoch: 2, trainLoss: { mean: 0.45, std: sd }, testAccuracy: { mean: 0.895, std: sd / 10 } },
          ],
          epochsToTarget: null,
        },
      ],
      comparisons: [
        comparison(
          { metric: 'final training loss', better: 'lower', test: 'welch-t', difference: -0.2, ci95: [-0.84, 0.44], p: 0.2, pAdjusted: 0.2, distinguishable: false, verdict: 'not distinguishable at this scale' },
          ['sdprop (lr 0.01)', [0.2, 0.3]],
          ['adam (lr 0.001)', [0.4, 0.5]],
        ),
      ],
    },
    gru: {
      config: {
        corpus: { name: 'synthetic text', characters: 1000, vocabulary: 30, validationCharacters: 100 },
        units: 16,
        seqLength: 8,
        batchSize: 4,
        steps: 6,
        evalEvery: 3,
        lr: { sdprop: [0.01], adam: [0.02] },
        optimizers: [
          { name: 'sdprop', rule: 'sdprop', hyper: {} },
          { name: 'adam', rule: 'adam', hyper: {} },
        ],
        stabilisers: [{ name: 'none' }, { name: 'spectral', spectralBound: 1.8 }],
        seeds: [1, 2],
        spikeFactor: 3,
        runsPerGroup: 4,
      },
      runs: [
        gruRun('sdprop', 'none', 0.01, 1, {
          loss: [4, 3, 2.5, 9, 2.4, 2.3],
          gradNorm: [1, 2, 1.5, 40, 3, 2],
          spectralNorm: [1, 1.2, 1.5, 2.2, 2.3, 2.4],
          explosions: [{ step: 4, kind: 'spike', loss: 9 }],
          finalValidationLoss: 2.35,
          finalValidationPerplexity: 10.5,
          ms: [10, 2, 0],
        }),
        gruRun('sdprop', 'none', 0.01, 2, {
          loss: [4, 3.1, 2.6, 2.5, null, null],
          gradNorm: [1, 2, 1.4, 3, null, null],
          spectralNorm: [1, 1.3, 1.6, 2, null, null],
          explosions: [{ step: 5, kind: 'non-finite', loss: null }],
          finalValidationLoss: null,
          finalValidationPerplexity: null,
          ms: [12, 2, 0],
        }),
        gruRun('sdprop', 'spectral', 0.01, 1, {
          loss: [4, 3, 2.5, 2.4, 2.3, 2.2],
          gradNorm: [1, 2, 1.5, 1.2, 1.1, 1],
          spectralNorm: [1, 1.2, 1.5, 1.8, 1.8, 1.8],
          finalValidationLoss: 2.2,
          finalValidationPerplexity: 9,
          ms: [14, 2, 3],
        }),
        gruRun('sdprop', 'spectral', 0.01, 2, {
          loss: [4, 3.1, 2.6, 2.5, 2.4, 2.3],
          gradNorm: [1, 2.1, 1.6, 1.3, 1.2, 1.1],
          spectralNorm: [1, 1.3, 1.6, 1.8, 1.8, 1.8],
          finalValidationLoss: 2.4,
          finalValidationPerplexity: 11,
          ms: [16, 2, 5],
        }),
        gruRun('adam', 'none', 0.02, 1, {
          loss: [4, 3.5, 3, 2.8, 2.7, 2.6],
          gradNorm: [1, 1.5, 1.2, 1.1, 1, 0.9],
          spectralNorm: [1, 1.1, 1.2, 1.3, 1.4, 1.5],
          finalValidationLoss: 2.6,
          finalValidationPerplexity: 13.5,
          ms: [10, 3, 0],
        }),
        gruRun('adam', 'none', 0.02, 2, {
          loss: [4, 3.6, 3.1, 2.9, 2.8, 2.7],
          gradNorm: [1, 1.6, 1.3, 1.2, 1.1, 1],
          spectralNorm: [1, 1.1, 1.2, 1.3, 1.4, 1.6],
          finalValidationLoss: 2.8,
          finalValidationPerplexity: 16.4,
          ms: [12, 3, 0],
        }),
        gruRun('adam', 'spectral', 0.02, 1, {
          loss: [4, 3.4, 2.9, 2.7, 2.6, 2.5],
          gradNorm: [1, 1.4, 1.2, 1.1, 1, 0.9],
          spectralNorm: [1, 1.2, 1.4, 1.6, 1.8, 1.8],
          finalValidationLoss: 2.5,
          finalValidationPerplexity: 12.2,
          ms: [15, 3, 4],
        }),
        gruRun('adam', 'spectral', 0.02, 2, {
          loss: [4, 3.5, 3, 2.8, 2.7, 2.6],
          gradNorm: [1, 1.5, 1.3, 1.2, 1.1, 1],
          spectralNorm: [1, 1.2, 1.4, 1.7, 1.8, 1.8],
          finalValidationLoss: 2.7,
          finalValidationPerplexity: 14.9,
          ms: [17, 3, 4],
        }),
      ],
      comparisons: [
        comparison(
          { metric: 'runs with an explosion, over the sweep', better: 'lower', test: 'fisher-exact', difference: -0.5, ci95: null, p: 0.03, pAdjusted: 0.03, distinguishable: true, verdict: 'sdprop spectral better' },
          ['sdprop spectral', [0, 0]],
          ['sdprop none', [1, 1]],
        ),
      ],
    },
  };
}
