/**
 * Planning the Chebyshev filters of the block iteration on `W^T W`.
 *
 * @module
 */
import type { FilterPlan } from '../linalg/spectral-session.js';

/**
 * Largest growth `p(top) / p(wanted)` a filter may put between the top of the spectrum and the
 * smallest eigenvalue it must resolve: a column whose own direction is that much smaller than
 * its component along the top keeps about `2^-53 * 2^26` of relative accuracy in float64.
 */
const MAX_SPREAD = 2 ** 26;

/** Highest degree of one Chebyshev filter. */
export const MAX_FILTER_DEGREE = 16;

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
): FilterPlan | undefined {
  const highest = Math.max(top, wanted);
  if (!(edge > 0) || !(wanted > edge) || !Number.isFinite((2 * highest) / edge)) return undefined;
  const growthWanted = Math.acosh((2 * wanted) / edge - 1);
  const growthTop = Math.acosh((2 * highest) / edge - 1);
  let degree = reduction > 1 ? Math.ceil(Math.acosh(reduction) / growthWanted) : 1;
  if (growthTop > growthWanted) degree = Math.min(degree, Math.floor(Math.log(MAX_SPREAD) / (growthTop - growthWanted)));
  degree = Math.max(1, Math.min(degree, maxDegree));
  return { degree, edge, top: highest };
}
