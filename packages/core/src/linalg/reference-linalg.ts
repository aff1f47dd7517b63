/**
 * {@link LinAlg} over host tensors, in float64.
 *
 * @module
 */
import { allocate, dtypeOfArray, type HostTensor } from '../tensor.js';
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
 * The reference {@link LinAlg}: plain loops over {@link HostTensor} data (`Float32Array` or
 * `Float64Array`), every sum and product in float64, tensor results rounded once to the input's
 * dtype. Sums are accumulated left to right, so `sumOfSquares` of `N` elements, rounding once per
 * square and once per addition, has a relative error of at most about `N * 2^-53` (Higham,
 * "Accuracy and Stability of Numerical Algorithms", 2nd ed., section 4.2).
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
    const w = W.data;
    const out = new Float64Array(m * k);
    for (let i = 0; i < m; i++) {
      const row = i * n;
      for (let l = 0; l < k; l++) {
        const col = l * n;
        let sum = 0;
        for (let j = 0; j < n; j++) sum += w[row + j]! * X[col + j]!;
        out[l * m + i] = sum;
      }
    }
    return out;
  },

  multiplyTransposed(W, Y, k) {
    const [m, n] = matrixShape(W);
    checkBlock('Y', Y, m, k);
    const w = W.data;
    const out = new Float64Array(n * k);
    for (let i = 0; i < m; i++) {
      const row = i * n;
      for (let l = 0; l < k; l++) {
        const y = Y[l * m + i]!;
        const col = l * n;
        for (let j = 0; j < n; j++) out[col + j] = out[col + j]! + w[row + j]! * y;
      }
    }
    return out;
  },

  lowRankUpdate(W, U, d, V) {
    const [m, n] = matrixShape(W);
    const k = d.length;
    checkBlock('U', U, m, k);
    checkBlock('V', V, n, k);
    const w = W.data;
    const out = allocate(dtypeOfArray(w), w.length);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = w[i * n + j]!;
        for (let l = 0; l < k; l++) sum -= U[l * m + i]! * d[l]! * V[l * n + j]!;
        out[i * n + j] = sum;
      }
    }
    return { shape: [m, n], data: out };
  },
};
