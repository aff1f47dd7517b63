/**
 * Dense float64 blocks of vectors on the host, column-major: a `len x k` block stores column `j`
 * at `[j * len, (j + 1) * len)`.
 *
 * @module
 */

/** The Euclidean norm of column `j` of the `len`-row block `X`. */
export function columnNorm(X: Float64Array, len: number, j: number): number {
  let sum = 0;
  for (let i = j * len; i < (j + 1) * len; i++) sum += X[i]! * X[i]!;
  return Math.sqrt(sum);
}

/** The `k x k` Gram matrix `X^T X` of the `len x k` block `X`, column-major (and symmetric). */
export function gram(X: Float64Array, len: number, k: number): Float64Array {
  const G = new Float64Array(k * k);
  for (let p = 0; p < k; p++) {
    for (let q = p; q < k; q++) {
      let sum = 0;
      for (let i = 0; i < len; i++) sum += X[p * len + i]! * X[q * len + i]!;
      G[p * k + q] = sum;
      G[q * k + p] = sum;
    }
  }
  return G;
}

/**
 * The product `X Q` of the `len x k` block `X` and the first `kOut` columns of the `k x k`
 * matrix `Q` (column-major): a `len x kOut` block.
 */
export function rotate(X: Float64Array, len: number, k: number, Q: Float64Array, kOut: number): Float64Array {
  const out = new Float64Array(len * kOut);
  for (let j = 0; j < kOut; j++) {
    for (let l = 0; l < k; l++) {
      const q = Q[j * k + l]!;
      for (let i = 0; i < len; i++) out[j * len + i] = out[j * len + i]! + X[l * len + i]! * q;
    }
  }
  return out;
}

/**
 * Makes the columns of the `len x k` block `X` orthonormal, in place, by modified Gram-Schmidt
 * with a second pass ("twice is enough": Giraud, Langou, Rozloznik, Computers & Mathematics with
 * Applications 50, 2005). Columns before `from` must already be orthonormal and are kept as they
 * are. A column that is (numerically) a combination of the earlier ones, having kept less than
 * `2^-30` of its norm, is replaced by a fresh vector from `fill` and orthonormalised again, so the
 * result always has `k` orthonormal columns.
 *
 * @param fill - source of the entries of replacement columns (e.g. {@link seededNormal})
 * @throws RangeError when `k > len` (no `k` orthonormal vectors of length `len` exist)
 */
export function orthonormalizeColumns(X: Float64Array, len: number, k: number, fill: () => number, from = 0): void {
  if (k > len) throw new RangeError(`k: at most ${len} orthonormal columns of length ${len} exist, asked for ${k}`);
  for (let j = from; j < k; j++) {
    const col = X.subarray(j * len, (j + 1) * len);
    for (;;) {
      const before = columnNorm(X, len, j);
      for (let pass = 0; pass < 2; pass++) {
        for (let p = 0; p < j; p++) {
          const prev = X.subarray(p * len, (p + 1) * len);
          let dot = 0;
          for (let i = 0; i < len; i++) dot += prev[i]! * col[i]!;
          for (let i = 0; i < len; i++) col[i] = col[i]! - dot * prev[i]!;
        }
      }
      const after = columnNorm(X, len, j);
      if (after > before * 2 ** -30) {
        for (let i = 0; i < len; i++) col[i] = col[i]! / after;
        break;
      }
      for (let i = 0; i < len; i++) col[i] = fill();
    }
  }
}
