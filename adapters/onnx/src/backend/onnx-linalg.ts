/**
 * Linear algebra over ONNX Runtime tensors, on the host.
 *
 * @module
 */
import type { LinAlg } from '@stablegrad/core';
import type { Tensor } from 'onnxruntime-node';
import { ortTensor } from '../runtime/tensors.js';
import { hostLinAlg } from './host-linalg.js';

/**
 * core's {@link LinAlg} for the `onnx-*` backends: ONNX Runtime's CPU tensors keep their elements
 * in JavaScript typed arrays, so this is core's float64 reference implementation applied to views
 * of those arrays, with no copy in and one new tensor out where the result is a tensor.
 *
 * Cost, for an `m x n` matrix and a block of `k` vectors: `multiply` and `multiplyTransposed` do
 * `m n k` multiply-adds each and `lowRankUpdate` `m n k` more, in float64 JavaScript on the calling
 * thread (no ONNX Runtime call); `sumOfSquares` and `scale` are one pass over the tensor. A
 * warm-started spectral-norm constraint step of a GRU's `H x H` candidate weight therefore costs
 * a few `H^2 k` passes, independent of the execution provider: with `'cuda'`, the step model runs
 * on the GPU but its inputs and outputs, and so this work, stay in host memory. The spectral
 * session is core's `hostSpectralSession` on these products.
 */
export const onnxLinAlg: LinAlg<Tensor> = hostLinAlg(ortTensor);
