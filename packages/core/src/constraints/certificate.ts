/**
 * When the block iteration of the spectral-norm projection may stop: the certificate of the
 * bound `||projected W||_2 <= s (1 + tol)` and the estimate of the distance to the exact
 * projection.
 *
 * Notation: `A = W^T W`; a Rayleigh-Ritz step on a block with orthonormal columns gives Ritz
 * values `theta_1 >= ... >= theta_k` and Ritz vectors `v_i` with residuals
 * `r_i = A v_i - theta_i v_i`, orthogonal to the block; `C` is `A` compressed to the orthogonal
 * complement of the block, `gamma >= lambda_max(C)`. The projection clips the Ritz triplets with
 * `sigma_i = sqrt(theta_i) > s`: `W' = W G`, `G = I - sum_clipped (1 - s / sigma_i) v_i v_i^T`.
 *
 * @module
 */

/**
 * How far the block must reach: it grows until its smallest Ritz value is at most
 * `((1 - REACH) r)^2`, where `r` is the smaller of `s` and the first singular value estimate not
 * above `s`. The values near and above `s` are then separated inside the block from those outside,
 * also when many of them crowd around `s`, as they do after a previous projection: a Chebyshev
 * filter of degree `d` shrinks the components outside by `1 / T_d(2 / (1 - REACH)^2 - 1)`, about
 * `3.2^-d`. A farther reach makes the filters faster but the block larger, and the Rayleigh-Ritz
 * step grows with the block's square and cube: in the benchmark's hard case `0.8 r` and `0.85 r`
 * gave about equally fast warm and cold steps, faster than `0.75 r` and `0.9 r`.
 */
export const REACH = 0.15;

/**
 * Ritz values within this fraction below `s^2` (and those above) have their residuals checked one
 * by one; those further down enter the certificate together, through the root of the sum of their
 * squared residual norms.
 */
export const RESOLVE = 1 / 16;

/**
 * Probability that the complement bound of {@link lanczosUpperBound} is wrong, over the random
 * start of the Lanczos run: `2^-30`, about one in a billion projections.
 */
export const COMPLEMENT_FAILURE = 2 ** -30;

/** Where the Ritz values of a block stand against `s`. */
export interface Clipping {
  /** How many singular value estimates are clipped (the next one is the guard). */
  readonly above: number;
  /** How many exceed `(1 - REACH) r`, `r` the smaller of `s` and the guard's estimate. */
  readonly near: number;
  /** `(1 - REACH) r`: a direction above it belongs in the block. */
  readonly reach: number;
}

/**
 * The {@link Clipping} of the singular value estimates `sigma` (decreasing) against `s`. An
 * estimate is clipped when it exceeds `s (1 + min(tol / 4, 2^-48))`: one within a few rounding
 * errors of `s`, as a singular value exactly at the bound comes out, is left alone, which moves
 * the result by less than `(tol / 4) s` and keeps a matrix at the bound unchanged.
 */
export function clipping(sigma: ArrayLike<number>, s: number, tol: number): Clipping {
  const k = sigma.length;
  const threshold = s * (1 + Math.min(tol / 4, 2 ** -48));
  let above = 0;
  while (above < k && sigma[above]! > threshold) above++;
  const reference = above < k ? Math.min(s, sigma[above]!) : s;
  const reach = (1 - REACH) * reference;
  let near = above;
  while (near < k && sigma[near]! > reach) near++;
  return { above, near, reach };
}

/** What a Rayleigh-Ritz step tells about the block, as the certificate reads it. */
export interface BlockEvidence {
  /** All Ritz values, decreasing. */
  readonly theta: ArrayLike<number>;
  /** How many are clipped ({@link Clipping.above}). */
  readonly above: number;
  /** `||r_i||` for the first `residual.length` Ritz vectors (at least `above` of them). */
  readonly residual: ArrayLike<number>;
  /** `sqrt(sum ||r_i||^2)` over the Ritz vectors after those. */
  readonly rest: number;
  /**
   * `||[r_1 s / sigma_1, ..., r_above s / sigma_above]||_2^2`: the squared 2-norm of the clipped
   * residuals together, each scaled as the projection scales its vector.
   */
  readonly clippedCoupling: number;
  /**
   * `||[r_1 w_1, ..., r_above w_above]||_2`, `w_i = (sigma_i - s) / theta_i`: the clipped
   * residuals together, each weighted by how much it moves the projection.
   */
  readonly clippedLean: number;
}

/** The weights of {@link BlockEvidence.clippedCoupling} (`s / sigma_i`) for Ritz values `theta`. */
export function couplingWeights(theta: ArrayLike<number>, above: number, s: number): Float64Array {
  return Float64Array.from({ length: above }, (_, i) => s / Math.sqrt(theta[i]!));
}

/** The weights of {@link BlockEvidence.clippedLean} (`(sigma_i - s) / theta_i`) for Ritz values `theta`. */
export function leanWeights(theta: ArrayLike<number>, above: number, s: number): Float64Array {
  return Float64Array.from({ length: above }, (_, i) => (Math.sqrt(theta[i]!) - s) / theta[i]!);
}

/** Part of a block in a {@link schurBound}: its diagonal is at most `alpha`, its coupling to the complement has squared norm `coupling`. */
export interface CouplingGroup {
  readonly alpha: number;
  readonly coupling: number;
}

/**
 * An upper bound on the largest eigenvalue of a symmetric matrix that, in an orthonormal basis,
 * is block diagonal on groups `g` (each with largest eigenvalue at most `alpha_g`) plus a
 * complement `C <= gamma`, the groups coupling only to the complement, through blocks of squared
 * 2-norm `coupling_g`: the smallest `beta >= max(alpha_g, gamma)` with
 * `sum_g coupling_g / (beta - alpha_g) <= beta - gamma`.
 *
 * Proof: for a unit `x = (a_1, ..., a_G, y)`,
 * `x^T M x <= sum_g alpha_g |a_g|^2 + 2 sum_g sqrt(coupling_g) |a_g| |y| + gamma |y|^2`, and
 * `(beta - alpha_g) |a_g|^2 - 2 sqrt(coupling_g) |a_g| |y| >= -coupling_g |y|^2 / (beta - alpha_g)`
 * (complete the square), so `beta - x^T M x >= (beta - gamma - sum_g coupling_g / (beta - alpha_g)) |y|^2 >= 0`
 * (a Schur complement argument). Found by bisection to a relative `2^-50`, rounded up.
 */
export function schurBound(groups: readonly CouplingGroup[], gamma: number): number {
  let low = gamma;
  for (const g of groups) low = Math.max(low, g.alpha);
  const slack = (beta: number): number => {
    let load = 0;
    for (const g of groups) if (g.coupling > 0) load += g.coupling / (beta - g.alpha);
    return beta - gamma - load;
  };
  let total = 0;
  for (const g of groups) total += g.coupling;
  if (total === 0) return low;
  // beta = low + sqrt(total) + total / ... : slack(low + d) >= d - total / d >= 0 for d = sqrt(total).
  let high = low + Math.sqrt(total) + 2 ** -50 * Math.abs(low);
  while (slack(high) < 0) high = low + 2 * (high - low);
  for (let i = 0; i < 200 && high - low > 2 ** -50 * Math.max(Math.abs(low), Math.abs(high)); i++) {
    const mid = low + (high - low) / 2;
    if (slack(mid) >= 0) high = mid;
    else low = mid;
  }
  return high;
}

/** The groups of {@link schurBound} for the unclipped Ritz vectors: each checked one alone, the others together. */
function unclippedGroups(e: BlockEvidence): CouplingGroup[] {
  const groups: CouplingGroup[] = [];
  const checked = e.residual.length;
  for (let i = e.above; i < checked; i++) groups.push({ alpha: e.theta[i]!, coupling: e.residual[i]! ** 2 });
  if (checked < e.theta.length) groups.push({ alpha: e.theta[checked]!, coupling: e.rest * e.rest });
  return groups;
}

/**
 * An upper bound on `||W'||_2^2` for the projection `W' = W G` built from the block, given
 * `gamma >= lambda_max(C)`: the {@link schurBound} of `G A G`. In the basis of the Ritz vectors
 * and the complement `G A G` is block diagonal on the block (`s^2` on each clipped vector, since
 * `||W' v_i|| = s`, and `theta_i` on the others: Ritz vectors do not couple among themselves) and
 * couples to the complement only through the residuals, scaled by `s / sigma_i`. The clipped
 * vectors form one group (`alpha = s^2`, coupling {@link BlockEvidence.clippedCoupling}), each
 * checked unclipped vector one, and the rest one.
 */
export function projectedNormBound(e: BlockEvidence, s: number, gamma: number): number {
  const groups = unclippedGroups(e);
  if (e.above > 0) groups.push({ alpha: s * s, coupling: e.clippedCoupling });
  return schurBound(groups, gamma);
}

/**
 * By how much the residuals must shrink for {@link projectedNormBound} to reach `lambda`: the
 * square root of `sum_g coupling_g / (lambda - alpha_g)` over `lambda - gamma` (the bound scales
 * with the squared residuals). `Infinity` when a group or `gamma` reaches `lambda`.
 */
export function normShortfall(e: BlockEvidence, s: number, gamma: number, lambda: number): number {
  const groups = unclippedGroups(e);
  if (e.above > 0) groups.push({ alpha: s * s, coupling: e.clippedCoupling });
  if (!(lambda > gamma)) return Infinity;
  let load = 0;
  for (const g of groups) {
    if (g.coupling === 0) continue;
    if (!(lambda > g.alpha)) return Infinity;
    load += g.coupling / (lambda - g.alpha);
  }
  return Math.sqrt(load / (lambda - gamma));
}

/**
 * The largest bound on `A` outside the block that the certificate tolerates: the `gamma` up to
 * which {@link projectedNormBound} stays at most `lambda` (`lambda - sum_g coupling_g / (lambda - alpha_g)`),
 * and, when every unclipped Ritz value is below `s^2`, up to which the unclipped part stays below
 * `s^2` too (so that {@link distanceEstimate} gets nothing from it). `-Infinity` when no `gamma`
 * will do.
 */
export function complementLimit(e: BlockEvidence, s: number, lambda: number): number {
  const groups = unclippedGroups(e);
  const loadAt = (x: number, all: readonly CouplingGroup[]): number => {
    let load = 0;
    for (const g of all) {
      if (g.coupling === 0) continue;
      if (!(x > g.alpha)) return Infinity;
      load += g.coupling / (x - g.alpha);
    }
    return load;
  };
  const withClipped = e.above > 0 ? [...groups, { alpha: s * s, coupling: e.clippedCoupling }] : groups;
  let limit = lambda - loadAt(lambda, withClipped);
  const s2 = s * s;
  if (groups.every((g) => g.alpha < s2)) limit = Math.min(limit, s2 - loadAt(s2, groups));
  return limit;
}

/**
 * An estimate of `||W' - U min(S, s) V^T||_2`, the distance from the projection built from the
 * block to the exact one, given `gamma`, an estimate of the largest eigenvalue of `A` outside
 * the block, and `gammaBound >= lambda_max(C)`:
 *
 * - each clipped Ritz vector leans out of the exact singular subspace by `(theta_i - C)^-1 r_i`
 *   (first-order perturbation theory), which moves `W'` through the terms
 *   `(sigma_i - s) / sigma_i (W v_i x_i^T + W x_i v_i^T)`, `x_i` that lean, of norm at most
 *   `(sigma_i + sqrt(gamma)) (sigma_i - s) ||r_i|| / (sigma_i (theta_i - gamma))`; together at
 *   most {@link BlockEvidence.clippedLean} times the largest ratio of these weights to its own
 *   (`(sigma_i - s) / theta_i`). The weights vanish at `s` and are small when the values sit just
 *   above it, as they do during training;
 * - the clipped Ritz values are low by up to `||r_i||^2 / (theta_i - gamma)` (second order), which
 *   changes the clipped amounts by that over `2 sigma_i`;
 * - the clipped Ritz vectors mix with the block's other Ritz vectors, to second order, through
 *   the complement ({@link blockMixing}); this term does not vanish as the clipped values approach
 *   `s`, and dominates when an unclipped value sits just below one that is clipped;
 * - the unclipped part of `A` may reach above `s^2`, up to its {@link schurBound} `beta` (with
 *   `gammaBound`), which the exact projection would clip by at most `(beta - s^2) / (2 s)`.
 *
 * `Infinity` when `gamma` reaches a clipped value.
 */
export function distanceEstimate(e: BlockEvidence, s: number, gamma: number, gammaBound: number): number {
  const s2 = s * s;
  let lean = 0;
  let shift = 0;
  for (let i = 0; i < e.above; i++) {
    const theta = e.theta[i]!;
    const sigma = Math.sqrt(theta);
    const gap = theta - gamma;
    if (!(gap > 0)) return Infinity;
    lean = Math.max(lean, ((sigma + Math.sqrt(Math.max(gamma, 0))) * theta) / (sigma * gap));
    shift = Math.max(shift, e.residual[i]! ** 2 / gap / (2 * sigma));
  }
  const beta = schurBound(unclippedGroups(e), gammaBound);
  return lean * e.clippedLean + shift + blockMixing(e, s, gamma) + Math.max(beta - s2, 0) / (2 * s);
}

/**
 * The second-order mixing of the clipped Ritz vectors with the block's other Ritz vectors, as it
 * moves the projection: an estimate of `||W F||_2 <= sqrt(theta_1) ||F||_F`.
 *
 * The projection built from the block is `W g(A_0)`, `g(t) = min(1, s / sqrt(t))`, for `A_0`, `A`
 * without its residual couplings `E`; the exact one is `W g(A_0 + E)`. The second-order term of
 * `g(A_0 + E) - g(A_0)` (Daleckii and Krein; Bhatia, "Matrix Analysis", section V.3) has, between
 * Ritz vectors `i` and `j`, the entry `F_ij = sum_q g[theta_i, c_q, theta_j] (r_i)_q (r_j)_q` over
 * the eigenpairs `(c_q, q)` of the complement, so `|F_ij| <= |r_i| |r_j| max_c |g[theta_i, c, theta_j]|`.
 * It is 0 unless `i` or `j` is clipped. For a clipped `i` and an unclipped `j` (`g = 1` at `c` and
 * `theta_j`) the second divided difference is
 * `(1 - s / sigma_i) / ((theta_i - c) (theta_i - theta_j))`, at most `1 / (sigma_i (sigma_i + s) (theta_i - c))`
 * however close `theta_j` comes: a value just below a clipped one mixes with it by an angle
 * `|F_ij| / (theta_i - theta_j)` that the difference of their clipped amounts does not cancel. For
 * two clipped ones it is the derivative of `(g(t) - 1) / (t - c)` somewhere between them, at most
 * `s / (2 t^{3/2} (t - c)) + (1 - s / sqrt(t')) / (t - c)^2` with `t` the smaller and `t'` the
 * larger. The diagonal (`i = j`) is the shift of the clipped values, counted apart. Unclipped
 * vectors whose residuals enter together (`rest`) are taken as one, at the largest of their values.
 */
export function blockMixing(e: BlockEvidence, s: number, gamma: number): number {
  const { theta, residual, above } = e;
  const k = theta.length;
  const checked = residual.length;
  const s2 = s * s;
  const floor = Math.max(gamma, 0);
  let sum = 0;
  for (let i = 0; i < above; i++) {
    const ti = theta[i]!;
    const ri = residual[i]!;
    if (ri === 0) continue;
    const scale = (1 - s / Math.sqrt(ti)) / (ti - floor);
    let row = 0;
    for (let j = 0; j < checked; j++) {
      const rj = residual[j]!;
      if (j === i || rj === 0) continue;
      const tj = theta[j]!;
      let d: number;
      if (j < above) {
        const lo = Math.min(ti, tj);
        const far = 1 - s / Math.sqrt(Math.max(ti, tj));
        d = (s / (2 * lo * Math.sqrt(lo)) + far / (lo - floor)) / (lo - floor);
      } else {
        d = scale / (ti - Math.min(tj, s2));
      }
      row += (rj * d) ** 2;
    }
    if (checked < k && e.rest > 0) row += ((e.rest * scale) / (ti - Math.min(theta[checked]!, s2))) ** 2;
    sum += ri * ri * row;
  }
  return Math.sqrt(Math.max(theta[0]!, 0)) * Math.sqrt(2 * sum);
}

/**
 * An upper bound on the largest eigenvalue of a positive semidefinite operator of dimension
 * `dimension` from the largest Ritz value `xi` of `steps` Lanczos steps started from a random
 * vector uniform on the sphere: by Kuczyński and Woźniakowski ("Estimating the largest eigenvalue
 * by the power and Lanczos algorithms with a random start", SIAM J. Matrix Anal. Appl. 13(4),
 * 1992), `P(xi < (1 - eps) lambda_max) <= 1.648 sqrt(dimension) exp(-sqrt(eps) (2 steps - 1))`
 * for a Krylov space of dimension `steps`,
 * so `xi / (1 - eps)` bounds `lambda_max` except with probability `failure` when
 * `eps = (ln(1.648 sqrt(dimension) / failure) / (2 steps - 1))^2`. `Infinity` when that `eps` is
 * not below 1 (too few steps); `xi` itself when `invariant` (the Krylov space of a random start is
 * invariant only when it holds every eigenvalue, with probability 1).
 */
export function lanczosUpperBound(xi: number, steps: number, dimension: number, invariant: boolean, failure = COMPLEMENT_FAILURE): number {
  if (dimension <= 0) return 0;
  if (invariant) return Math.max(xi, 0);
  const eps = complementEps(steps, dimension, failure);
  return eps < 1 ? Math.max(xi, 0) / (1 - eps) : Infinity;
}

/** The `eps` of {@link lanczosUpperBound} for `steps` steps. */
function complementEps(steps: number, dimension: number, failure: number): number {
  return (Math.log((1.648 * Math.sqrt(dimension)) / failure) / (2 * steps - 1)) ** 2;
}

/**
 * The fewest Lanczos steps for which {@link lanczosUpperBound} of a run whose largest Ritz value
 * is `xi` stays at most `limit` (at least 1; `Infinity` when `xi >= limit`).
 */
export function lanczosStepsFor(xi: number, limit: number, dimension: number, failure = COMPLEMENT_FAILURE): number {
  if (!(limit > 0) || !(xi < limit)) return Infinity;
  const eps = 1 - Math.max(xi, 0) / limit;
  return Math.max(1, Math.ceil((Math.log((1.648 * Math.sqrt(Math.max(dimension, 1))) / failure) / Math.sqrt(eps) + 1) / 2));
}

/**
 * The largest eigenvalue of the symmetric tridiagonal matrix with diagonal `alpha` and
 * off-diagonal `beta`, by bisection on Sturm sequence counts (Golub and Van Loan, "Matrix
 * Computations", 4th ed., section 8.4.1), to a relative accuracy of about `2^-50`. 0 for an empty
 * matrix.
 */
export function largestTridiagonalEigenvalue(alpha: ArrayLike<number>, beta: ArrayLike<number>): number {
  const j = alpha.length;
  if (j === 0) return 0;
  // Gershgorin bounds.
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < j; i++) {
    const radius = Math.abs(i > 0 ? beta[i - 1]! : 0) + Math.abs(i < j - 1 ? beta[i]! : 0);
    lo = Math.min(lo, alpha[i]! - radius);
    hi = Math.max(hi, alpha[i]! + radius);
  }
  // Number of eigenvalues greater than x.
  const countAbove = (x: number): number => {
    let count = 0;
    let d = 1;
    for (let i = 0; i < j; i++) {
      const b2 = i > 0 ? beta[i - 1]! ** 2 : 0;
      d = alpha[i]! - x - (i > 0 ? b2 / d : 0);
      if (d === 0) d = -(2 ** -1000);
      if (d > 0) count++;
    }
    return count;
  };
  for (let iter = 0; iter < 200 && hi - lo > 2 ** -50 * Math.max(Math.abs(lo), Math.abs(hi)); iter++) {
    const mid = (lo + hi) / 2;
    if (countAbove(mid) >= 1) lo = mid;
    else hi = mid;
  }
  return hi;
}
