import { describe, expect, it } from 'vitest';
import { projectSpectralNorm, referenceLinAlg } from '@stablegrad/core';
import { ortTensor } from '../runtime/tensors.js';
import { onnxLinAlg } from './onnx-linalg.js';

const data = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i + 1) * (i + 1));
const W = ortTensor(data, [3, 4]);
const host = { shape: [3, 4], data };

describe('onnxLinAlg', () => {
  it("is core's float64 reference applied to the tensors' own memory", () => {
    expect(onnxLinAlg.shape(W)).toEqual([3, 4]);
    expect(onnxLinAlg.sumOfSquares(W)).toBe(referenceLinAlg.sumOfSquares(host));
    const scaled = onnxLinAlg.scale(W, 0.3);
    expect(scaled.type).toBe('float32');
    expect(Array.from(scaled.data as Float32Array)).toEqual(Array.from(referenceLinAlg.scale(host, 0.3).data));
    const X = Float64Array.from({ length: 8 }, (_, i) => i - 3.5);
    expect(onnxLinAlg.multiply(W, X, 2)).toEqual(referenceLinAlg.multiply(host, X, 2));
    const Y = Float64Array.from({ length: 6 }, (_, i) => 1 / (i + 1));
    expect(onnxLinAlg.multiplyTransposed(W, Y, 2)).toEqual(referenceLinAlg.multiplyTransposed(host, Y, 2));
    const U = Float64Array.of(1, 0, 0);
    const V = Float64Array.of(0, 1, 0, 0);
    const updated = onnxLinAlg.lowRankUpdate(W, U, Float64Array.of(2), V);
    expect(updated.dims).toEqual([3, 4]);
    expect(Array.from(updated.data as Float32Array)).toEqual(Array.from(referenceLinAlg.lowRankUpdate(host, U, Float64Array.of(2), V).data));
    expect(Array.from(W.data as Float32Array)).toEqual(Array.from(data));
  });

  it('projects onto the spectral-norm ball like the reference', () => {
    const a = projectSpectralNorm(onnxLinAlg, W, 1.5).W;
    const b = projectSpectralNorm(referenceLinAlg, host, 1.5).W;
    expect(Array.from(a.data as Float32Array)).toEqual(Array.from(b.data));
  });

  it('names the matrix when it is not usable', () => {
    const gone = ortTensor(new Float32Array(4), [2, 2]);
    gone.dispose();
    expect(() => onnxLinAlg.multiply(gone, new Float64Array(2), 1)).toThrow('W: the tensor has been disposed');
    expect(() => onnxLinAlg.multiply(ortTensor(new Float32Array(4), [4]), new Float64Array(4), 1)).toThrow('W: expected a matrix (2-D tensor), got shape [4]');
  });
});
