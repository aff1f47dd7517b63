/**
 * Linear algebra over ONNX Runtime tensors in host memory, for any runtime.
 *
 * @module
 */
import { hostSpectralSession, referenceLinAlg, type HostTensor, type LinAlg, type TypedArray } from '@stablegrad/core';
import type { Tensor } from 'onnxruntime-common';
import { hostView } from '../runtime/tensor-views.js';

/**
 * core's {@link LinAlg} over ONNX Runtime tensors whose elements are in JavaScript typed arrays:
 * core's float64 reference implementation applied to views of those arrays, with no copy in and
 * one new tensor out (made by `tensor`) where the result is a tensor. Its spectral session is core's
 * `hostSpectralSession` on these products.
 *
 * @param tensor - makes a runtime tensor over an array (not copied) with a shape
 */
export function hostLinAlg(tensor: (data: TypedArray, shape: readonly number[]) => Tensor): LinAlg<Tensor> {
  const wrap = (h: HostTensor): Tensor => tensor(h.data, h.shape);
  const la: LinAlg<Tensor> = {
    shape: (t) => t.dims,
    sumOfSquares: (t) => referenceLinAlg.sumOfSquares(hostView(t)),
    scale: (t, factor) => wrap(referenceLinAlg.scale(hostView(t), factor)),
    multiply: (W, X, k) => referenceLinAlg.multiply(hostView(W, 'W'), X, k),
    multiplyTransposed: (W, Y, k) => referenceLinAlg.multiplyTransposed(hostView(W, 'W'), Y, k),
    lowRankUpdate: (W, U, d, V) => wrap(referenceLinAlg.lowRankUpdate(hostView(W, 'W'), U, d, V)),
    spectralSession: (W, seed) => hostSpectralSession(la, W, seed),
  };
  return la;
}
