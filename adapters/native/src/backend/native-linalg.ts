/**
 * Core's `LinAlg` on native tensors, computed by the addon on the tensors' device.
 *
 * @module
 */
import type { LinAlg } from '@stablegrad/core';
import { loadAddon } from '../addon/load.js';
import { NativeTensor } from '../tensor/native-tensor.js';
import { nativeSpectralSession } from './native-spectral-session.js';

function asMatrix(W: NativeTensor): [number, number] {
  W.checkUsable('W');
  if (W.shape.length !== 2) throw new RangeError(`W: expected a matrix (2-D tensor), got shape [${W.shape.join(', ')}]`);
  return [W.shape[0]!, W.shape[1]!];
}

function blockOf(name: string, block: Float64Array, rows: number, k: number): void {
  if (!(block instanceof Float64Array) || !Number.isInteger(k) || k < 0 || block.length !== rows * k) {
    throw new RangeError(`${name}: expected a ${rows} x ${k} block (${rows * k} values) in a Float64Array, got ${block?.length} values`);
  }
}

/**
 * {@link LinAlg} over {@link NativeTensor}s: sums and products accumulate in float64, results
 * that are tensors are rounded once to the input's dtype and stay on its device. On the CPU every
 * product and update sums each element left to right, as core's `referenceLinAlg`, and gives its
 * bits; `sumOfSquares` adds per-chunk partial sums of 65,536 elements, so it differs from the
 * reference by rounding only (relative error at most about `N * 2^-53`, Higham, "Accuracy and
 * Stability of Numerical Algorithms", 2nd ed., section 4.2).
 */
export const nativeLinAlg: LinAlg<NativeTensor> = {
  shape(t) {
    return t.shape;
  },
  sumOfSquares(t) {
    return loadAddon().sumOfSquares(t.id);
  },
  scale(t, factor) {
    const out = NativeTensor.zeros(t.device, t.shape, t.dtype);
    loadAddon().scale(out.id, t.id, factor);
    return out;
  },
  multiply(W, X, k) {
    const [m, n] = asMatrix(W);
    blockOf('X', X, n, k);
    return loadAddon().multiply(W.id, m, n, X, k, false);
  },
  multiplyTransposed(W, Y, k) {
    const [m, n] = asMatrix(W);
    blockOf('Y', Y, m, k);
    return loadAddon().multiply(W.id, m, n, Y, k, true);
  },
  lowRankUpdate(W, U, d, V) {
    const [m, n] = asMatrix(W);
    const k = d.length;
    blockOf('U', U, m, k);
    blockOf('V', V, n, k);
    const out = NativeTensor.zeros(W.device, W.shape, W.dtype);
    loadAddon().lowRankUpdate(out.id, W.id, m, n, U, d, V);
    return out;
  },
  spectralSession(W, seed) {
    asMatrix(W);
    return nativeSpectralSession(W, seed);
  },
  dispose(t) {
    t.dispose();
  },
};
