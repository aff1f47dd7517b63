import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import './test-support/tfjs.js';
import { seededRandom } from './random.js';
import { SpectralNormMonitor } from './spectral-norm-monitor.js';
import { spectralNorm as exactSpectralNorm } from '@stablegrad/core/testing';

describe('SpectralNormMonitor', () => {
  it('measures the largest singular value of successive matrices', () => {
    const r = seededRandom(4);
    const monitor = new SpectralNormMonitor();
    let data = Float32Array.from({ length: 8 * 8 }, () => r.normal());
    for (let step = 0; step < 3; step++) {
      data = data.map((x) => x + 0.05 * r.normal());
      const W = tf.tensor2d(data, [8, 8]);
      expect(monitor.measure(W)).toBeCloseTo(exactSpectralNorm(data, 8, 8), 4);
      W.dispose();
    }
  });

  it('is NaN for a matrix with a non-finite entry', () => {
    expect(new SpectralNormMonitor().measure(tf.tensor2d([1, NaN, 0, 1], [2, 2]))).toBeNaN();
  });
});
