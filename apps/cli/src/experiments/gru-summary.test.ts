import { describe, expect, it } from 'vitest';
import { compareGru } from './gru-summary.js';
import { OPTIMIZERS, stabiliserSpec } from './optimizers.js';
import type { GruConfig, GruRun } from './gru-result.js';

const config = {
  optimizers: [OPTIMIZERS.sgd!],
  stabilisers: ['none', 'clip-1', 'spectral', 'spectral+clip-1'].map(stabiliserSpec),
  lr: { sgd: [1, 10] },
} as unknown as GruConfig;

/** A run with the figures the comparisons read. */
function run(stabiliser: string, lr: number, seed: number, finalValidationLoss: number | null, explosions: number): GruRun {
  return {
    optimizer: 'sgd',
    stabiliser,
    lr,
    seed,
    finalValidationLoss,
    explosions: Array.from({ length: explosions }, (_, i) => ({ step: i + 1, kind: 'spike', loss: 9 })),
  } as unknown as GruRun;
}

describe('compareGru', () => {
  it('compares the constraint with clipping: the loss at each rate (Welch), the explosions over the sweep (Fisher)', () => {
    const runs = [
      ...[2.31, 2.29, 2.35].map((l, i) => run('spectral', 1, i + 1, l, 0)),
      ...[2.41, 2.45, 2.39].map((l, i) => run('clip-1', 1, i + 1, l, 0)),
      ...[2.5, null, 2.6].map((l, i) => run('spectral', 10, i + 1, l, 1)),
      ...[3.1, 3.2, 3.0].map((l, i) => run('clip-1', 10, i + 1, l, 2)),
      run('none', 1, 1, 2.3, 0),
    ];
    const [low, high, count] = compareGru(config, runs);
    expect([low!.a.label, low!.b.label, low!.test]).toEqual(['sgd lr=1 spectral', 'sgd lr=1 clip-1', 'welch-t']);
    // SciPy's Welch's t-test: p = 0.01601 for these values; Holm multiplies the smaller of the two tested p-values by 2.
    expect(low!.p).toBeCloseTo(0.016010965704545594, 10);
    expect([high!.test, high!.verdict]).toEqual(['none', 'no test: non-finite runs (sgd lr=10 spectral 1/3)']);
    expect(count!.test).toBe('fisher-exact');
    // Spectral: explosions in 3 of 6 runs; clipping: in 3 of 6.
    expect([count!.a.values, count!.b.values]).toEqual([[0, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 1]]);
    expect(count!.p).toBeCloseTo(1, 12);
    expect(low!.pAdjusted).toBeCloseTo(2 * 0.016010965704545594, 10);
    expect(low!.verdict).toBe('sgd lr=1 spectral better');
  });
});
