/**
 * Chebyshev polynomial filtering of a block of vectors on the host.
 *
 * @module
 */
import { columnNorm } from './host-block.js';
import type { FilterPlan } from './spectral-session.js';

/**
 * `T_d(2 A / edge - 1) X / T_d(2 top / edge - 1)` for a symmetric operator `A` given as `apply`
 * (`X -> A X` on `n x k` blocks), by the three-term recurrence of the Chebyshev polynomials with
 * the scaling of Zhou and Saad ("A Chebyshev-Davidson algorithm for large symmetric
 * eigenproblems", SIAM J. Matrix Anal. Appl. 29, 2007, algorithm 3.2) that keeps every
 * intermediate block of the size of `X` along the top of the spectrum: with `t = 2 top / edge - 1`,
 * `rho_1 = 1 / t`, `rho_{j+1} = 1 / (2 t - rho_j)`, `Y_1 = rho_1 (2 A / edge - 1) X` and
 * `Y_{j+1} = 2 rho_{j+1} (2 A / edge - 1) Y_j - rho_j rho_{j+1} Y_{j-1}`. When `edge <= 0` the
 * result is the plain power `A^d X`. Every column of the result is scaled to unit norm (a zero
 * column stays zero).
 *
 * @param apply - the product `X -> A X` for blocks of `k` columns
 * @param X - the `n x k` block (left as it is)
 * @param AX - `A X`, when already known (saves one product)
 * @param plan - degree, damped interval `[0, edge]` and top of the spectrum
 * @returns the filtered block
 */
export function chebyshevRecurrence(
  apply: (X: Float64Array) => Float64Array,
  X: Float64Array,
  AX: Float64Array | undefined,
  n: number,
  k: number,
  plan: FilterPlan,
): Float64Array {
  const { degree, edge, top } = plan;
  let current: Float64Array;
  if (!(edge > 0)) {
    current = AX ?? apply(X);
    for (let j = 1; j < degree; j++) current = normalizeColumns(apply(normalizeColumns(current, n, k)), n, k);
    return normalizeColumns(current, n, k);
  }
  const first = AX ?? apply(X);
  const t = (2 * top) / edge - 1;
  const scaleA = 2 / edge;
  let rho = 1 / t;
  let previous = X;
  current = new Float64Array(X.length);
  for (let i = 0; i < X.length; i++) current[i] = rho * (scaleA * first[i]! - X[i]!);
  for (let j = 1; j < degree; j++) {
    const AY = apply(current);
    const next = 1 / (2 * t - rho);
    const a = 2 * next;
    const b = rho * next;
    const out = previous === X ? new Float64Array(X.length) : previous;
    for (let i = 0; i < X.length; i++) out[i] = a * (scaleA * AY[i]! - current[i]!) - b * previous[i]!;
    previous = current;
    current = out;
    rho = next;
  }
  return normalizeColumns(current, n, k);
}

/** Scales every nonzero column of the `n x k` block `X` to unit norm, in place; returns `X`. */
function normalizeColumns(X: Float64Array, n: number, k: number): Float64Array {
  for (let j = 0; j < k; j++) {
    const norm = columnNorm(X, n, j);
    if (norm > 0 && Number.isFinite(norm)) for (let i = j * n; i < (j + 1) * n; i++) X[i] = X[i]! / norm;
  }
  return X;
}
