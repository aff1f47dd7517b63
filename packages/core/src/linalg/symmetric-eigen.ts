/**
 * Eigen-decomposition of small symmetric matrices on the host.
 *
 * @module
 */
import { tridiagonalize } from './householder-tridiagonal.js';
import { tridiagonalQr } from './tridiagonal-qr.js';

/** Eigenvalues and eigenvectors of a symmetric matrix, largest eigenvalue first. */
export interface SymmetricEigen {
  /** The eigenvalues, in decreasing order. */
  readonly values: Float64Array;
  /** The orthonormal eigenvectors as the columns of a `k x k` column-major matrix, in the order of `values`. */
  readonly vectors: Float64Array;
}

/** A power of two near the largest entry of `A`, or `NaN` when `A` has a non-finite entry. */
function scaleOf(A: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < A.length; i++) largest = Math.max(largest, Math.abs(A[i]!));
  if (!Number.isFinite(largest)) return NaN;
  return largest === 0 ? 1 : 2 ** Math.floor(Math.log2(largest));
}

/**
 * `A = Q diag(values) Q^T` for a symmetric `k x k` matrix `A` (column-major; only its symmetry is
 * assumed, not checked, and only its lower triangle is read) in float64, by Householder
 * tridiagonalisation followed by the implicit QR algorithm with Wilkinson shifts (Golub and Van
 * Loan, "Matrix Computations", 4th ed., sections 8.3.1 to 8.3.3), about `9 k^3` flops. `A` is
 * first scaled by a power of two near its largest entry (exactly), so that no square overflows or
 * underflows. The method is normwise backward stable: `A Q - Q diag(values)` and `Q^T Q - I` are
 * a small multiple of `k * 2^-53` (times `max|A|` for the former), also for repeated and clustered
 * eigenvalues. When `A` has a non-finite entry every value is `NaN` (and `vectors` is `I`).
 * Meant for the small Rayleigh-Ritz problems of block iterations (`k` up to a few hundred).
 */
export function symmetricEigen(A: Float64Array, k: number): SymmetricEigen {
  const scale = scaleOf(A);
  if (Number.isNaN(scale)) {
    const vectors = new Float64Array(k * k);
    for (let i = 0; i < k; i++) vectors[i * k + i] = 1;
    return { values: new Float64Array(k).fill(NaN), vectors };
  }
  const { diagonal, offDiagonal, Q } = tridiagonalize(scale === 1 ? A : A.map((x) => x / scale), k);
  tridiagonalQr(diagonal, offDiagonal, Q, k);
  const order = Array.from({ length: k }, (_, i) => i).sort((i, j) => diagonal[j]! - diagonal[i]!);
  const values = Float64Array.from(order, (i) => diagonal[i]! * scale);
  const vectors = new Float64Array(k * k);
  order.forEach((src, dst) => vectors.set(Q!.subarray(src * k, (src + 1) * k), dst * k));
  return { values, vectors };
}

/**
 * The eigenvalues of a symmetric `k x k` matrix, in decreasing order: those of
 * {@link symmetricEigen}, without forming eigenvectors (about `(4/3) k^3` flops instead of `9 k^3`).
 * Every value is `NaN` when `A` has a non-finite entry.
 */
export function symmetricEigenvalues(A: Float64Array, k: number): Float64Array {
  const scale = scaleOf(A);
  if (Number.isNaN(scale)) return new Float64Array(k).fill(NaN);
  const { diagonal, offDiagonal } = tridiagonalize(scale === 1 ? A : A.map((x) => x / scale), k, false);
  tridiagonalQr(diagonal, offDiagonal, undefined, k);
  return diagonal.map((x) => x * scale).sort((x, y) => y - x);
}
