/**
 * Eigen-decomposition of small symmetric matrices on the host.
 *
 * @module
 */

/** Eigenvalues and eigenvectors of a symmetric matrix, largest eigenvalue first. */
export interface SymmetricEigen {
  /** The eigenvalues, in decreasing order. */
  readonly values: Float64Array;
  /** The orthonormal eigenvectors as the columns of a `k x k` column-major matrix, in the order of `values`. */
  readonly vectors: Float64Array;
}

/**
 * `A = Q diag(values) Q^T` for a symmetric `k x k` matrix `A` (column-major; only its symmetry is
 * assumed, not checked), by the cyclic Jacobi method in float64 (Golub and Van Loan, "Matrix
 * Computations", 4th ed., section 8.5): each rotation `J^T A J` zeroes one off-diagonal pair, and
 * sweeps repeat until the off-diagonal part is below `2^-53` of the whole in Frobenius norm.
 * Meant for the small Rayleigh-Ritz problems of block iterations (`k` up to a few hundred).
 */
export function symmetricEigen(A: Float64Array, k: number): SymmetricEigen {
  const a = Float64Array.from(A);
  const q = new Float64Array(k * k);
  for (let i = 0; i < k; i++) q[i * k + i] = 1;
  const at = (r: number, c: number): number => a[c * k + r]!;
  for (let sweep = 0; sweep < 64; sweep++) {
    let off = 0;
    let total = 0;
    for (let c = 0; c < k; c++) {
      for (let r = 0; r < k; r++) {
        const x = at(r, c) * at(r, c);
        total += x;
        if (r !== c) off += x;
      }
    }
    if (off <= total * 2 ** -106) break;
    for (let p = 0; p < k - 1; p++) {
      for (let r = p + 1; r < k; r++) {
        const apq = at(p, r);
        if (apq === 0) continue;
        const theta = (at(r, r) - at(p, p)) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.hypot(1, theta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let i = 0; i < k; i++) {
          const aip = a[p * k + i]!;
          const air = a[r * k + i]!;
          a[p * k + i] = c * aip - s * air;
          a[r * k + i] = s * aip + c * air;
        }
        for (let i = 0; i < k; i++) {
          const api = a[i * k + p]!;
          const ari = a[i * k + r]!;
          a[i * k + p] = c * api - s * ari;
          a[i * k + r] = s * api + c * ari;
        }
        for (let i = 0; i < k; i++) {
          const qip = q[p * k + i]!;
          const qir = q[r * k + i]!;
          q[p * k + i] = c * qip - s * qir;
          q[r * k + i] = s * qip + c * qir;
        }
      }
    }
  }
  const order = Array.from({ length: k }, (_, i) => i).sort((i, j) => at(j, j) - at(i, i));
  const values = Float64Array.from(order, (i) => at(i, i));
  const vectors = new Float64Array(k * k);
  order.forEach((src, dst) => vectors.set(q.subarray(src * k, (src + 1) * k), dst * k));
  return { values, vectors };
}
