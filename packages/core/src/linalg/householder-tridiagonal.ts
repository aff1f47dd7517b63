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
  /** `Q`, `k x k` column-major; absent when it was not asked for. */
  readonly Q?: Float64Array;
}

/**
 * `A = Q T Q^T` for a symmetric `k x k` matrix `A` (column-major; only the lower triangle is read)
 * by Householder tridiagonalisation (Golub and Van Loan, "Matrix Computations", 4th ed.,
 * algorithms 5.1.1 and 8.3.1). Reflection `P_j = I - beta v v^T`, formed from column `j` scaled
 * by its largest entry (so that no square underflows or overflows) and with the sign choice of
 * LAPACK's `dlarfg` (no cancellation, no entry of `v` above 1), zeroes column `j` below the
 * subdiagonal; it is applied from both sides as the symmetric rank-2 update
 * `A <- A - v w^T - w v^T` with `p = beta A v` and `w = p - (beta p^T v / 2) v`, on the lower
 * triangle only. `Q` is accumulated backwards (their section 5.1.6). Every inner loop runs down a
 * column, stride 1. Each reflection is normwise backward stable, so `T` has the eigenvalues of
 * `A` to within a small multiple of `k * 2^-53 ||A||`.
 *
 * @param withQ - whether to form `Q` (about half of the `(8/3) k^3` flops)
 */
export function tridiagonalize(A: Float64Array, k: number, withQ = true): Tridiagonal {
  const a = Float64Array.from(A);
  const beta = new Float64Array(k);
  const v = new Float64Array(k);
  const p = new Float64Array(k);
  for (let j = 0; j + 2 < k; j++) {
    const col = j * k;
    // x = a[j + 1 .. k - 1, j], scaled by its largest entry.
    let largest = 0;
    for (let i = col + j + 1; i < col + k; i++) largest = Math.max(largest, Math.abs(a[i]!));
    if (largest === 0) continue;
    const x0 = a[col + j + 1]! / largest;
    let sigma = 0;
    for (let i = col + j + 2; i < col + k; i++) sigma += (a[i]! / largest) ** 2;
    if (sigma === 0) continue;
    // P x = mu e_1, mu of the opposite sign to x0; v = (x - mu e_1) / (x0 - mu), so v[0] = 1.
    const mu = (x0 >= 0 ? -1 : 1) * Math.sqrt(x0 * x0 + sigma);
    const b = (mu - x0) / mu;
    beta[j] = b;
    a[col + j + 1] = mu * largest;
    const denominator = x0 - mu;
    v[j + 1] = 1;
    for (let i = j + 2; i < k; i++) {
      a[col + i] = a[col + i]! / largest / denominator;
      v[i] = a[col + i]!;
    }
    // p = beta B v for the trailing block B, from its lower triangle: column c gives the dot
    // product for p[c] and, by symmetry, adds B[c + 1 .., c] v[c] to p[c + 1 ..].
    p.fill(0, j + 1);
    for (let c = j + 1; c < k; c++) {
      const base = c * k;
      const vc = v[c]!;
      let sum = a[base + c]! * vc;
      for (let i = c + 1; i < k; i++) {
        const x = a[base + i]!;
        sum += x * v[i]!;
        p[i] = p[i]! + x * vc;
      }
      p[c] = p[c]! + sum;
    }
    let pv = 0;
    for (let i = j + 1; i < k; i++) {
      p[i] = b * p[i]!;
      pv += p[i]! * v[i]!;
    }
    // w = p - (beta p^T v / 2) v, kept in p; then B <- B - v w^T - w v^T on the lower triangle.
    const half = (b * pv) / 2;
    for (let i = j + 1; i < k; i++) p[i] = p[i]! - half * v[i]!;
    for (let c = j + 1; c < k; c++) {
      const base = c * k;
      const wc = p[c]!;
      const vc = v[c]!;
      for (let i = c; i < k; i++) a[base + i] = a[base + i]! - v[i]! * wc - p[i]! * vc;
    }
  }
  const diagonal = new Float64Array(k);
  const offDiagonal = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    diagonal[i] = a[i * k + i]!;
    if (i + 1 < k) offDiagonal[i] = a[i * k + i + 1]!;
  }
  if (!withQ) return { diagonal, offDiagonal };
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
