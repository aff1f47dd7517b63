/**
 * Reduction of a symmetric matrix to tridiagonal form by Householder reflections.
 *
 * @module
 */

/** `A = Q T Q^T` with `T` symmetric tridiagonal and `Q` orthogonal. */
export interface Tridiagonal {
  /** The diagonal of `T`, length `k`. */
  readonly diagonal: Float64Array;
  /** The subdiagonal of `T`, length `k` (entry `i` is `T[i + 1, i]`; the last entry is 0). */
  readonly offDiagonal: Float64Array;
  /** `Q`, `k x k` column-major. */
  readonly Q: Float64Array;
}

/**
 * `A = Q T Q^T` for a symmetric `k x k` matrix `A` (column-major; both triangles are read and
 * their symmetry is assumed, not checked) by Householder tridiagonalisation (Golub and Van Loan,
 * "Matrix Computations", 4th ed., algorithms 5.1.1 and 8.3.1): reflection `P_j = I - beta v v^T`
 * zeroes column `j` below the subdiagonal and is applied from both sides as the symmetric rank-2
 * update `A <- A - v w^T - w v^T` with `p = beta A v`, `w = p - (beta p^T v / 2) v`. `Q` is
 * accumulated backwards (their section 5.1.6). Every inner loop runs down a column, stride 1.
 * Each reflection is normwise backward stable, so `T` has the eigenvalues of `A` to within a
 * few `k * 2^-53 ||A||`.
 */
export function tridiagonalize(A: Float64Array, k: number): Tridiagonal {
  const a = Float64Array.from(A);
  const beta = new Float64Array(k);
  const p = new Float64Array(k);
  for (let j = 0; j + 2 < k; j++) {
    // Column j below the diagonal: x = a[j + 1 .. k - 1, j], becoming v with v[0] = 1 implied.
    const col = j * k;
    const x0 = a[col + j + 1]!;
    let sigma = 0;
    for (let i = col + j + 2; i < col + k; i++) sigma += a[i]! * a[i]!;
    if (sigma === 0) continue;
    const mu = Math.sqrt(x0 * x0 + sigma);
    const v0 = x0 <= 0 ? x0 - mu : -sigma / (x0 + mu);
    const b = (2 * v0 * v0) / (sigma + v0 * v0);
    beta[j] = b;
    a[col + j + 1] = mu;
    for (let i = col + j + 2; i < col + k; i++) a[i] = a[i]! / v0;
    a[(j + 1) * k + j] = mu;
    for (let i = j + 2; i < k; i++) a[i * k + j] = 0;
    // p = beta B v for the trailing block B = a[j + 1.., j + 1..] (symmetric: row r is column r).
    let pv = 0;
    for (let r = j + 1; r < k; r++) {
      const base = r * k;
      let sum = a[base + j + 1]!;
      for (let i = j + 2; i < k; i++) sum += a[base + i]! * a[col + i]!;
      p[r] = b * sum;
      pv += p[r]! * (r === j + 1 ? 1 : a[col + r]!);
    }
    const half = (b * pv) / 2;
    // w = p - half v, stored in p; then B <- B - v w^T - w v^T, column by column.
    p[j + 1] = p[j + 1]! - half;
    for (let i = j + 2; i < k; i++) p[i] = p[i]! - half * a[col + i]!;
    for (let c = j + 1; c < k; c++) {
      const base = c * k;
      const wc = p[c]!;
      const vc = c === j + 1 ? 1 : a[col + c]!;
      a[base + j + 1] = a[base + j + 1]! - wc - p[j + 1]! * vc;
      for (let i = j + 2; i < k; i++) a[base + i] = a[base + i]! - a[col + i]! * wc - p[i]! * vc;
    }
  }
  const diagonal = new Float64Array(k);
  const offDiagonal = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    diagonal[i] = a[i * k + i]!;
    if (i + 1 < k) offDiagonal[i] = a[i * k + i + 1]!;
  }
  // Q = P_0 P_1 ... P_{k-3}, accumulated from the last reflection; P_j touches rows and columns > j.
  const Q = new Float64Array(k * k);
  for (let i = 0; i < k; i++) Q[i * k + i] = 1;
  for (let j = k - 3; j >= 0; j--) {
    const b = beta[j]!;
    if (b === 0) continue;
    const col = j * k;
    for (let c = j + 1; c < k; c++) {
      const base = c * k;
      let dot = Q[base + j + 1]!;
      for (let i = j + 2; i < k; i++) dot += a[col + i]! * Q[base + i]!;
      const f = b * dot;
      Q[base + j + 1] = Q[base + j + 1]! - f;
      for (let i = j + 2; i < k; i++) Q[base + i] = Q[base + i]! - f * a[col + i]!;
    }
  }
  return { diagonal, offDiagonal, Q };
}
