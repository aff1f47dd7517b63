/**
 * Chebyshev polynomial filtering of a block of vectors by `W^T W`.
 *
 * @module
 */
import type { LinAlg } from '../linalg/linalg.js';

/**
 * Largest growth `p(top) / p(wanted)` a filter may put between the top of the spectrum and the
 * smallest eigenvalue it must resolve: a column whose own direction is that much smaller than
 * its component along the top keeps about `2^-53 * 2^26` of relative accuracy in float64.
 */
const MAX_SPREAD = 2 ** 26;

/** A Chebyshev filter for `W^T W`, damping the eigenvalues in `[0, edge]`. */
export interface ChebyshevFilter {
  /** Degree `d >= 1`: the filter costs `d - 1` products with `W^T W` beyond the one given. */
  readonly degree: number;
  /** Upper end of the damped interval `[0, edge]`, `> 0`. */
  readonly edge: number;
  /** An estimate of the largest eigenvalue, `> edge`; the filter is scaled to 1 there. */
  readonly top: number;
}

/**
 * The filter to apply next, or `undefined` when none can help (`wanted <= edge` or `edge <= 0`)
 * or when `top / edge` is too large for the recurrence's scaling to stay finite.
 *
 * On `[0, edge]` the Chebyshev polynomial `T_d(2 x / edge - 1)` is bounded by 1, and it is the
 * polynomial of degree `d` growing fastest outside (Saad, "Numerical Methods for Large
 * Eigenvalue Problems", 2nd ed., section 7.4; Zhou and Saad, "A Chebyshev-Davidson algorithm for
 * large symmetric eigenproblems", SIAM J. Matrix Anal. Appl. 29, 2007). Components along
 * eigenvalues in `[0, edge]` therefore shrink by `T_d(2 wanted / edge - 1)` relative to one at
 * `wanted`, against `(wanted / edge)^d` for `d` plain power steps. The degree is the smallest
 * that achieves `reduction`, at most `maxDegree`, and, unless it is 1, small enough that
 * `T_d` at `top` exceeds `T_d` at `wanted` by at most `2^26`.
 *
 * @param wanted - smallest eigenvalue of `W^T W` that must be resolved
 * @param edge - upper end of the eigenvalues to damp
 * @param top - estimate of the largest eigenvalue
 * @param reduction - factor by which the unwanted components should shrink
 * @param maxDegree - largest degree allowed, `>= 1`
 */
export function planFilter(
  wanted: number,
  edge: number,
  top: number,
  reduction: number,
  maxDegree: number,
): ChebyshevFilter | undefined {
  const highest = Math.max(top, wanted);
  if (!(edge > 0) || !(wanted > edge) || !Number.isFinite((2 * highest) / edge)) return undefined;
  const growthWanted = Math.acosh((2 * wanted) / edge - 1);
  const growthTop = Math.acosh((2 * highest) / edge - 1);
  let degree = reduction > 1 ? Math.ceil(Math.acosh(reduction) / growthWanted) : 1;
  if (growthTop > growthWanted) degree = Math.min(degree, Math.floor(Math.log(MAX_SPREAD) / (growthTop - growthWanted)));
  degree = Math.max(1, Math.min(degree, maxDegree));
  return { degree, edge, top: highest };
}

/**
 * `T_d(2 A / edge - 1) V / T_d(2 top / edge - 1)` for `A = W^T W`, given the `n x k` block `V` and
 * `AV = A V`, by the three-term recurrence of the Chebyshev polynomials with the scaling of Zhou
 * and Saad (SIAM J. Matrix Anal. Appl. 29, 2007, algorithm 3.2) that keeps every intermediate
 * block of the size of `V` along the top of the spectrum: with `t = 2 top / edge - 1`,
 * `rho_1 = 1 / t`, `rho_{j+1} = 1 / (2 t - rho_j)`,
 * `Y_1 = rho_1 (2 A / edge - 1) V` and `Y_{j+1} = 2 rho_{j+1} (2 A / edge - 1) Y_j - rho_j rho_{j+1} Y_{j-1}`.
 * It takes `2 (d - 1)` products with `W` on the backend.
 *
 * @param la - the backend's linear algebra
 * @param W - the `m x n` matrix
 * @param V - `n x k` block
 * @param AV - `W^T W V`
 * @param k - number of columns
 * @param filter - degree and interval
 * @returns the filtered `n x k` block
 */
export function chebyshevFilter<Tn>(
  la: LinAlg<Tn>,
  W: Tn,
  V: Float64Array,
  AV: Float64Array,
  k: number,
  filter: ChebyshevFilter,
): Float64Array {
  const { degree, edge, top } = filter;
  const t = (2 * top) / edge - 1;
  // (2 A / edge - 1) applied to the block X, given A X.
  const scaleA = 2 / edge;
  let rho = 1 / t;
  let previous = V;
  let current: Float64Array = new Float64Array(V.length);
  for (let i = 0; i < V.length; i++) current[i] = rho * (scaleA * AV[i]! - V[i]!);
  for (let j = 1; j < degree; j++) {
    const AY = la.multiplyTransposed(W, la.multiply(W, current, k), k);
    const next = 1 / (2 * t - rho);
    const a = 2 * next;
    const b = rho * next;
    const out = previous === V ? new Float64Array(V.length) : previous;
    for (let i = 0; i < V.length; i++) out[i] = a * (scaleA * AY[i]! - current[i]!) - b * previous[i]!;
    previous = current;
    current = out;
    rho = next;
  }
  return current;
}
