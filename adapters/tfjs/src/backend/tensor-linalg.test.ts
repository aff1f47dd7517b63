import * as tf from '@tensorflow/tfjs-core';
import { clipByGlobalNorm, projectSpectralNorm, referenceLinAlg, type HostTensor } from '@stablegrad/core';
import { describe, expect, it } from 'vitest';
import { TFJS_BACKENDS } from '../test-support/tfjs-setup.js';
import { onBackend } from './on-backend.js';
import { tensorLinAlg } from './tensor-linalg.js';

function matrix(m: number, n: number, seed: number): HostTensor {
  return { shape: [m, n], data: Float32Array.from({ length: m * n }, (_, i) => Math.sin(seed * 7.1 + i * 1.3) * (1 + (i % 5))) };
}

describe.each(TFJS_BACKENDS)('tensorLinAlg on tfjs %s', (name) => {
  const la = tensorLinAlg((fn) => onBackend(name, fn));
  const up = (t: HostTensor) => onBackend(name, () => tf.tensor(t.data, [...t.shape], 'float32'));

  it('computes exactly what the float64 reference computes on the same float32 data', () => {
    const W = matrix(7, 5, 1);
    const X = Float64Array.from({ length: 5 * 3 }, (_, i) => Math.cos(i));
    const Y = Float64Array.from({ length: 7 * 3 }, (_, i) => Math.sin(i));
    const d = Float64Array.of(0.5, -2, 3);
    const tW = up(W);
    expect(la.shape(tW)).toEqual([7, 5]);
    expect(la.sumOfSquares(tW)).toBe(referenceLinAlg.sumOfSquares(W));
    expect(la.multiply(tW, X, 3)).toEqual(referenceLinAlg.multiply(W, X, 3));
    expect(la.multiplyTransposed(tW, Y, 3)).toEqual(referenceLinAlg.multiplyTransposed(W, Y, 3));
    const scaled = la.scale(tW, 1 / 3);
    expect(scaled.dataSync()).toEqual(referenceLinAlg.scale(W, 1 / 3).data);
    const updated = la.lowRankUpdate(tW, Y, d, X);
    expect(updated.shape).toEqual([7, 5]);
    expect(updated.dataSync()).toEqual(referenceLinAlg.lowRankUpdate(W, Y, d, X).data);
    expect(Array.from(tW.dataSync())).toEqual(Array.from(W.data));
  });

  it('creates its results on its tfjs backend', () => {
    const t = la.scale(up(matrix(2, 2, 2)), 2);
    expect(tf.engine().state.tensorInfo.get(t.dataId)?.backend).toBe(tf.findBackend(name));
  });

  it('clips and projects exactly as the reference', () => {
    const grads = { a: matrix(4, 4, 3), b: matrix(1, 9, 4) };
    const ref = clipByGlobalNorm(1).apply(referenceLinAlg, grads);
    const got = clipByGlobalNorm(1).apply(la, { a: up(grads.a), b: up(grads.b) });
    expect(got.norm).toBe(ref.norm);
    expect(got.grads.a!.dataSync()).toEqual(ref.grads.a!.data);
    const W = matrix(12, 12, 5);
    const p = projectSpectralNorm(la, up(W), 1.8);
    expect(p.W.dataSync()).toEqual(projectSpectralNorm(referenceLinAlg, W, 1.8).W.data);
  });

  it('names the argument that is not a float32 tensor', () => {
    expect(() => la.sumOfSquares(tf.tensor1d([1, 2], 'int32'))).toThrow("t: expected dtype 'float32', got 'int32'");
    expect(() => la.multiply(up(matrix(2, 3, 1)), new Float64Array(2), 1)).toThrow(/X: expected a 3 x 1 block/);
  });
});
