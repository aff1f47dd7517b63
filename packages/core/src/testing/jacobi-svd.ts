/**
 * An exact singular value decomposition for tests: one-sided Jacobi (Hestenes), independent of the
 * block iteration it checks.
 *
 * @module
 */

/** `A = U diag(sigma) V^T` with `r = min(m, n)` columns, largest singular value first. */
export interface Svd {
  /** Singular values, decreasing. */
  readonly sigma: number[];
  /** Left singular vectors, `m x r` column-major (a column is zero where `sigma` is 0). */
  readonly U: Float64Array;
  /** Right singular vectors, `n x r` column-major, orthonormal. */
  readonly V: Float64Array;
}

/**
 * One-sided Jacobi SVD of a tall matrix given by its columns (modified in place into
 * `B = A V`, whose columns are orthogonal with norms `sigma`).
 */
function tallSvd(cols: Float64Array[], n: number): { B: Float64Array[]; V: Float64Array[] } {
  const V = Array.from({ length: n }, (_, j) => Float64Array.from({ length: n }, (_, i) => (i === j ? 1 : 0)));
  const dot = (x: Float64Array, y: Float64Array): number => x.reduce((acc, xi, i) => acc + xi * y[i]!, 0);
  const rotatePair = (x: Float64Array, y: Float64Array, c: number, s: number): void => {
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      const yi = y[i]!;
      x[i] = c * xi - s * yi;
      y[i] = s * xi + c * yi;
    }
  };
  for (let sweep = 0; sweep < 100; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const ap = cols[p]!;
        const aq = cols[q]!;
        const alpha = dot(ap, ap);
        const beta = dot(aq, aq);
        const gamma = dot(ap, aq);
        const orthogonal = Math.abs(gamma) <= ap.length * Number.EPSILON * Math.sqrt(alpha) * Math.sqrt(beta);
        if (orthogonal || alpha === 0 || beta === 0) continue; // a zero norm: the column is negligible
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.hypot(1, zeta));
        const c = 1 / Math.hypot(1, t);
        rotatePair(ap, aq, c, c * t);
        rotatePair(V[p]!, V[q]!, c, c * t);
      }
    }
    if (!rotated) return { B: cols, V };
  }
  throw new Error('jacobiSvd: no convergence in 100 sweeps');
}

/**
 * The SVD of the row-major `m x n` matrix `a` by one-sided Jacobi in float64 (Demmel and Veselic,
 * "Jacobi's method is more accurate than QR", SIAM J. Matrix Anal. Appl. 13, 1992): columns are
 * rotated in pairs until all are orthogonal to working precision. The matrix is scaled by its
 * largest element first, so that no square underflows or overflows.
 */
export function jacobiSvd(a: ArrayLike<number>, m: number, n: number): Svd {
  const wide = m < n;
  const [rows, cols] = wide ? [n, m] : [m, n];
  let scale = 0;
  for (let i = 0; i < m * n; i++) scale = Math.max(scale, Math.abs(a[i]!));
  scale ||= 1;
  const columns = Array.from({ length: cols }, (_, j) =>
    Float64Array.from({ length: rows }, (_, i) => (wide ? a[j * n + i]! : a[i * n + j]!) / scale),
  );
  const { B, V } = tallSvd(columns, cols);
  const order = B.map((b, j) => ({ j, norm: Math.hypot(...b) })).sort((x, y) => y.norm - x.norm);
  const left = new Float64Array(rows * cols);
  const right = new Float64Array(cols * cols);
  order.forEach(({ j, norm }, r) => {
    if (norm > 0) left.set(B[j]!.map((x) => x / norm), r * rows);
    right.set(V[j]!, r * cols);
  });
  const sigma = order.map((o) => o.norm * scale);
  return wide ? { sigma, U: right, V: left } : { sigma, U: left, V: right };
}

/** The exact projection `U min(S, s) V^T` of the row-major `m x n` matrix `a`, row-major. */
export function clipSingularValues(a: ArrayLike<number>, m: number, n: number, s: number): Float64Array {
  const { sigma, U, V } = jacobiSvd(a, m, n);
  const out = new Float64Array(m * n);
  sigma.forEach((sg, r) => {
    const w = Math.min(sg, s);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) out[i * n + j] = out[i * n + j]! + U[r * m + i]! * w * V[r * n + j]!;
    }
  });
  return out;
}

/** The exact spectral norm (largest singular value) of the row-major `m x n` matrix `a`. */
export function spectralNorm(a: ArrayLike<number>, m: number, n: number): number {
  return jacobiSvd(a, m, n).sigma[0] ?? 0;
}
