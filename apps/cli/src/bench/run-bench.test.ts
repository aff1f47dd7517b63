import { describe, expect, it } from 'vitest';
import { recordingProgress } from '../progress/test-support/recording-progress.js';
import { runBench } from './run-bench.js';

describe('runBench', () => {
  it('times every backend × rule × size, and skips the reference backends above 2^16 with the reason', async () => {
    const { progress, record } = recordingProgress();
    const r = await runBench({ backends: ['js', 'reference-f32'], rules: ['sgd', 'sdprop'], exponents: [16, 17] }, progress);
    expect(r.rows.map((x) => `${x.backend} ${x.rule} ${x.n}`)).toEqual([
      'js sgd 65536',
      'js sdprop 65536',
      'js sgd 131072',
      'js sdprop 131072',
      'reference-f32 sgd 65536',
      'reference-f32 sdprop 65536',
    ]);
    expect(r.skipped).toEqual([{ backend: 'reference-f32', n: 131072, reason: expect.stringContaining('up to 2^16') }]);
    // SGD with momentum has one slot, SDProp two: (param, grad, slots read; param, slots written) × 4 bytes.
    expect(r.rows.filter((x) => x.rule === 'sgd').map((x) => x.bytesPerParam)).toEqual([20, 20, 20]);
    expect(r.rows.filter((x) => x.rule === 'sdprop').map((x) => x.bytesPerParam)).toEqual([28, 28, 28]);
    for (const x of r.rows) {
      expect(x.ms).toBeGreaterThan(0);
      expect(x.gbPerS).toBeCloseTo((x.bytesPerParam * x.n) / x.ms / 1e6, 6);
      expect(x.fractionOfCopy).toBeCloseTo(x.copyMs / x.ms, 9);
    }
    expect(record.started).toEqual([{ label: 'benchmark', total: 6 }]);
    expect(record.ticks).toHaveLength(6);
    expect(record.stopped).toEqual(['benchmark']);
  });

  it('skips a backend without float32, saying so', async () => {
    const { progress } = recordingProgress();
    const r = await runBench({ backends: ['reference-f64'], rules: ['sgd'], exponents: [16] }, progress);
    expect(r.rows).toEqual([]);
    expect(r.skipped).toEqual([{ backend: 'reference-f64', reason: 'computes in float64; the benchmark is float32' }]);
  });

  it('names the flag and the known ids for an unknown backend or rule', async () => {
    const { progress } = recordingProgress();
    await expect(runBench({ backends: ['js', 'nope'], exponents: [16] }, progress)).rejects.toThrow(/--backends: unknown 'nope'; expected some of reference-f64, reference-f32, js/);
    await expect(runBench({ rules: ['lion'], exponents: [16] }, progress)).rejects.toThrow("--rules: unknown 'lion'; expected some of sgd, rmsprop, adam, sdprop, adastand");
  });
});
