/**
 * The exact spectral norm of a small matrix, for checking the constraint independently of the
 * block power iteration it checks: cyclic Jacobi eigenvalue iteration on the Gram matrix.
 *
 * @module
 */

/**
 * `||W||_2` of the row-major `m x n` matrix `W`: the square root of the largest eigenvalue of
 * `W^T W`, found by cyclic Jacobi rotations (Golub and Van Loan, section 8.5) in float64 until
 * every off-diagonal element is negligible. Relative accuracy about `n * 2^-52`.
 */
export function exactSpectralNorm(W: ArrayLike<number>, m: number, n: number): number {
  const A = new Float64Array(n * n);
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) {
      let sum = 0;
      for (let i = 0; i < m; i++) sum += W[i * n + p]! * W[i * n + q]!;
      A[p * n + q] = sum;
    }
  }
  const trace = Array.from({ length: n }, (_, i) => A[i * n + i]!).reduce((a, b) => a + b, 0);
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p * n + q]! ** 2;
    if (off <= (1e-17 * trace) ** 2) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q]!;
        if (apq === 0) continue;
        const theta = (A[q * n + q]! - A[p * n + p]!) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p]!;
          const akq = A[k * n + q]!;
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k]!;
          const aqk = A[q * n + k]!;
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  let largest = 0;
  for (let i = 0; i < n; i++) largest = Math.max(largest, A[i * n + i]!);
  return Math.sqrt(largest);
}
