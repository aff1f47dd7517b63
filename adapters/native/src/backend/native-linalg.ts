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
  if (!(W instanceof NativeTensor)) throw new TypeError('W: expected a NativeTensor');
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
 * A zero `rows x k` block for a product's result, allocated here so that one too large to hold is
 * a RangeError naming `k`.
 */
function resultBlock(rows: number, k: number): Float64Array {
  const length = rows * k;
  try {
    return new Float64Array(length);
  } catch {
    throw new RangeError(`k: the result would be a ${rows} x ${k} block (${length} values), more than can be held`);
  }
}

/** `out` once `write` has filled it; freed when `write` throws, so a failing call leaves nothing behind. */
function written(out: NativeTensor, write: () => void): NativeTensor {
  try {
    write();
  } catch (e) {
    out.dispose();
    throw e;
  }
  return out;
}

function product(W: NativeTensor, block: Float64Array, k: number, transposed: boolean): Float64Array {
  const [m, n] = asMatrix(W);
  blockOf(transposed ? 'Y' : 'X', block, transposed ? m : n, k);
  const out = resultBlock(transposed ? n : m, k);
  // An empty W (one dimension 0, the other possibly huge) or k = 0: the result is zeros.
  if (out.length > 0 && m * n > 0) loadAddon().multiply(W.id, m, n, block, k, transposed, out);
  return out;
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
    t.checkUsable('t');
    if (typeof factor !== 'number') throw new TypeError(`factor: expected a number, got ${typeof factor}`);
    const out = NativeTensor.zeros(t.device, t.shape, t.dtype);
    return written(out, () => loadAddon().scale(out.id, t.id, factor));
  },
  multiply(W, X, k) {
    return product(W, X, k, false);
  },
  multiplyTransposed(W, Y, k) {
    return product(W, Y, k, true);
  },
  lowRankUpdate(W, U, d, V) {
    const [m, n] = asMatrix(W);
    if (!(d instanceof Float64Array)) throw new TypeError('d: expected the k weights in a Float64Array');
    const k = d.length;
    blockOf('U', U, m, k);
    blockOf('V', V, n, k);
    const out = NativeTensor.zeros(W.device, W.shape, W.dtype);
    // An empty W has an empty result, whatever its dimensions.
    return written(out, () => {
      if (m * n > 0) loadAddon().lowRankUpdate(out.id, W.id, m, n, U, d, V);
    });
  },
  spectralSession(W, seed) {
    asMatrix(W);
    return nativeSpectralSession(W, seed);
  },
  dispose(t) {
    t.dispose();
  },
};
