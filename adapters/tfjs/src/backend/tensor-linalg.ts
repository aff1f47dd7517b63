/**
 * {@link LinAlg} over tfjs tensors.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { referenceLinAlg, type HostTensor, type LinAlg } from '@stablegrad/core';
import { hostView } from './host-view.js';
import { checkAcceleration, tensorSpectralSession, type SessionAcceleration } from './tensor-spectral-session.js';

/** Runs `fn` where new tensors are to be created (on a chosen tfjs backend, or the current one). */
export type Within = <T>(fn: () => T) => T;

const here: Within = (fn) => fn();

function upload(within: Within, t: HostTensor): tf.Tensor {
  return within(() => tf.tensor(t.data, [...t.shape], 'float32'));
}

/**
 * The linear algebra of global-norm clipping and the spectral-norm projection for `tf.Tensor`s.
 * The elementwise operations and the single products are computed on the host in float64 by
 * core's `referenceLinAlg`, exactly as the reference backends do: every operation reads its
 * tensor with `dataSync()`, and `scale` and `lowRankUpdate` upload their result, rounded once to
 * float32. The spectral projection's session (`tensorSpectralSession`) runs its Rayleigh-Ritz
 * steps on the host in float64, and its filters and Lanczos runs there too or, for large
 * matrices on `tensorflow` and `webgl` (see `acceleration`), as tensor operations on the
 * tensor's own backend.
 *
 * Cost: `sumOfSquares` and `scale` move every element across once (`clipByGlobalNorm` thus reads
 * each gradient twice and writes it once when it clips); `multiply` and `multiplyTransposed` read
 * the `m x n` matrix and take `2 m n k` flops in JavaScript per call. On `cpu` reading is free
 * (the tensor's own storage), on `wasm` a memory copy, on GPU backends (`webgl`, `webgpu`,
 * `tensorflow` with CUDA) a device download that waits for the queue.
 *
 * @param within - where new tensors are created (default: the current tfjs backend)
 * @param acceleration - where the spectral session runs its filters and Lanczos runs (default
 *   `auto`; see {@link SessionAcceleration})
 * @throws RangeError naming `acceleration` when it is not `auto`, `always` or `never`
 */
export function tensorLinAlg(within: Within = here, acceleration: SessionAcceleration = 'auto'): LinAlg<tf.Tensor> {
  checkAcceleration(acceleration);
  return {
    shape: (t) => t.shape,
    sumOfSquares: (t) => referenceLinAlg.sumOfSquares(hostView(t, 't')),
    scale: (t, factor) => upload(within, referenceLinAlg.scale(hostView(t, 't'), factor)),
    multiply: (W, X, k) => referenceLinAlg.multiply(hostView(W, 'W'), X, k),
    multiplyTransposed: (W, Y, k) => referenceLinAlg.multiplyTransposed(hostView(W, 'W'), Y, k),
    lowRankUpdate: (W, U, d, V) => upload(within, referenceLinAlg.lowRankUpdate(hostView(W, 'W'), U, d, V)),
    spectralSession: (W, seed) => tensorSpectralSession(W, seed, within, acceleration),
    dispose: (t) => t.dispose(),
  };
}
