/**
 * {@link LinAlg} over host tensors, in float64.
 *
 * @module
 */
import { allocate, dtypeOfArray, type HostTensor } from '../tensor.js';
import { multiplyBlock, multiplyTransposedBlock } from './dense-products.js';
import { hostSpectralSession } from './host-spectral-session.js';
import type { LinAlg } from './linalg.js';

function matrixShape(W: HostTensor): [number, number] {
  const [m, n] = W.shape;
  if (W.shape.length !== 2 || m === undefined || n === undefined) {
    throw new RangeError(`W: expected a matrix (2-D tensor), got shape [${W.shape.join(', ')}]`);
  }
  return [m, n];
}

function checkBlock(name: string, block: Float64Array, rows: number, k: number): void {
  if (!Number.isInteger(k) || k < 0 || block.length !== rows * k) {
    throw new RangeError(`${name}: expected a ${rows} x ${k} block (${rows * k} values), got ${block.length} values`);
  }
}

/**
 * The reference {@link LinAlg}: loops over {@link HostTensor} data (`Float32Array` or
 * `Float64Array`), every sum and product in float64, tensor results rounded once to the input's
 * dtype. Every sum is accumulated left to right (the block products are register-blocked, which
 * changes only how often an element is loaded, not any sum), so `sumOfSquares` of `N` elements,
 * rounding once per square and once per addition, has a relative error of at most about
 * `N * 2^-53` (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., section 4.2).
 */
export const referenceLinAlg: LinAlg<HostTensor> = {
  shape(t) {
    return t.shape;
  },

  sumOfSquares(t) {
    let sum = 0;
    for (const x of t.data) sum += x * x;
    return sum;
  },

  scale(t, factor) {
    const out = allocate(dtypeOfArray(t.data), t.data.length);
    for (let i = 0; i < out.length; i++) out[i] = t.data[i]! * factor;
    return { shape: [...t.shape], data: out };
  },

  multiply(W, X, k) {
    const [m, n] = matrixShape(W);
    checkBlock('X', X, n, k);
    return multiplyBlock(W.data, m, n, X, k);
  },

  multiplyTransposed(W, Y, k) {
    const [m, n] = matrixShape(W);
    checkBlock('Y', Y, m, k);
    return multiplyTransposedBlock(W.data, m, n, Y, k);
  },

  lowRankUpdate(W, U, d, V) {
    const [m, n] = matrixShape(W);
    const k = d.length;
    checkBlock('U', U, m, k);
    checkBlock('V', V, n, k);
    const w = W.data;
    const out = allocate(dtypeOfArray(w), w.length);
    const row = new Float64Array(n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) row[j] = w[i * n + j]!;
      for (let l = 0; l < k; l++) {
        const coefficient = U[l * m + i]! * d[l]!;
        const v = l * n;
        for (let j = 0; j < n; j++) row[j] = row[j]! - coefficient * V[v + j]!;
      }
      out.set(row, i * n);
    }
    return { shape: [m, n], data: out };
  },

  spectralSession(W, seed) {
    return hostSpectralSession(referenceLinAlg, W, seed);
  },
};
