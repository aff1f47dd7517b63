/**
 * Projection onto the spectral-norm ball `{W : ||W||_2 <= s}` by Chebyshev-accelerated subspace
 * iteration.
 *
 * @module
 */
import { orthonormalityError, orthonormalizeColumns } from '../linalg/host-block.js';
import type { LinAlg } from '../linalg/linalg.js';
import { seededNormal } from '../linalg/seeded-random.js';
import { clipping, settled, shortfall, stopped, type Clipping } from './certificate.js';
import { chebyshevFilter, planFilter } from './chebyshev-filter.js';
import { project, rayleighRitz, ritzValues, type RitzBlock } from './rayleigh-ritz.js';
import { checkMaxNorm, resolveIterationOptions, type SpectralIterationOptions } from './spectral-options.js';

/** Options of {@link projectSpectralNorm}. */
export interface ProjectSpectralNormOptions extends SpectralIterationOptions {
  /**
   * Starting right singular vectors, typically the `basis` of a previous projection of a nearby
   * matrix: an `n x k` column-major block (`1 <= k <= min(m, n)`, so its length is a multiple of
   * `n`). It need not be orthonormal. Without it the iteration starts from 2 random vectors.
   */
  readonly warmStart?: Float64Array;
}

/** The result of {@link projectSpectralNorm}. */
export interface SpectralProjection<Tn> {
  /** The projected matrix, in the dtype of the input; the input itself when it was already feasible. */
  readonly W: Tn;
  /**
   * The singular values of the input above `maxNorm`, largest first (those that were clipped; one
   * within `min(tol / 4, 2^-48)` of `maxNorm`, relatively, counts as at it).
   */
  readonly singularValues: number[];
  /**
   * The largest singular value of the input (0 for an empty matrix): converged to `tol` when the
   * matrix needed clipping; for a feasible matrix only certified to be at most `s`, so when its
   * largest values sit within about 1e-7 of `s` the figure may be that much low.
   */
  readonly sigmaMax: number;
  /** Block iterations run (multiplications of the block by `W^T W`). */
  readonly iterations: number;
  /** Whether the tolerance was met within `maxIterations` (the bound on the result holds only then). */
  readonly converged: boolean;
  /**
   * Leading right singular vectors of the input, to warm-start the next projection: an `n x k`
   * column-major block holding those with singular values above `3 r / 4`, `r` the smaller of
   * `maxNorm` and the largest singular value not above it, and up to 2 more.
   */
  readonly basis: Float64Array;
  /** Number of columns of `basis`. */
  readonly k: number;
}

/** Default {@link ProjectSpectralNormOptions}: a tight tolerance, as befits an exact projection. */
export const PROJECTION_DEFAULTS: Readonly<Required<SpectralIterationOptions>> = Object.freeze({
  tol: 1e-10,
  maxIterations: 1000,
  seed: 1,
});

/** Vectors kept for the next warm start beyond the `near` ones of {@link Clipping}. */
const GUARDS = 2;
/**
 * Filters that cut the shortfall by less than a factor `PROGRESS` after which the block grows by
 * half: convergence is slow when the first singular value outside the block is close to one that
 * has to be resolved, and a larger block moves that value further down.
 */
const STALL = 2;
/** Factor by which a filter must cut the shortfall not to count towards {@link STALL}. */
const PROGRESS = 4;
/** Largest entry of `|X^T X - I|` for which a warm start is used as it is, without orthonormalising. */
const ORTHONORMAL = 2 ** -40;
/** Highest degree of one Chebyshev filter. */
const MAX_DEGREE = 16;

/**
 * The nearest matrix to `W` (in Frobenius norm) whose spectral norm is at most `maxNorm = s`:
 *
 * `P(W) = U min(S, s) V^T = W - sum_{sigma_i > s} (sigma_i - s) u_i v_i^T`
 *
 * for the SVD `W = U S V^T`. Kanai, Fujiwara and Iwamura ("Preventing Gradient Explosions in
 * Gated Recurrent Units", NIPS 2017) project the GRU's candidate recurrent weight `W_h` this way
 * after every step, with `s < 2`, so that training cannot cross the bifurcation that makes
 * gradients explode.
 *
 * No full SVD is computed. Subspace iteration on `W^T W` (Saad, "Numerical Methods for Large
 * Eigenvalue Problems", 2nd ed., chapter 5) with Chebyshev polynomial acceleration (Zhou and
 * Saad, SIAM J. Matrix Anal. Appl. 29, 2007) finds the leading right singular vectors. A
 * Rayleigh-Ritz step forms `P = W X` and `Y = W^T W V` on the backend and on the host solves the
 * small eigenproblem `(P^T P) q = theta q` (Householder tridiagonalisation and implicit QR),
 * giving Ritz vectors `V` and residuals `||Y_i - theta_i V_i||`. Between two such steps a
 * Chebyshev filter `T_d(2 W^T W / edge - 1)`, `edge` the smallest Ritz value, multiplies the
 * block by `W^T W` `d - 1` more times; `d` is the least degree expected to bring the residuals to
 * the tolerance. The filtered block is orthonormalised (classical Gram-Schmidt, reorthogonalised
 * where needed) into the next one. The block starts at the warm start's size or at 2 random
 * vectors (a random block first takes one plain power step), doubles until its smallest Ritz
 * value lies below `(3 r / 4)^2`, `r` the smaller of `s` and the first unclipped singular value
 * (or it spans all of `W`), and grows by half after two filters that fell well short of their
 * aim, new columns being random. Once the clipped triplets and the largest unclipped singular
 * value are certified to `tol` (that value must also agree with the one of an adjacent
 * Rayleigh-Ritz step on a block of the same size; when the next step decides it, its Ritz values
 * alone suffice), one low-rank update subtracts `(sigma_i - s) u_i v_i^T` with
 * `u_i = W v_i / sigma_i`, rounded once to `W`'s dtype.
 *
 * Any `m x n` matrix is accepted (square, tall, wide, rank-deficient, zero, empty). A feasible
 * `W` (`sigma_1 <= s`) is returned as the same tensor, untouched. The random start is
 * seeded, so the result is deterministic. Like every power method this relies on the start having
 * a component along each singular vector above `s`, which a random start has with probability 1.
 * In float64 the tolerance cannot be met below about `n * 2^-53 * sigma_1 / s`; `converged` is
 * then false after `maxIterations`.
 *
 * @param la - the backend's linear algebra
 * @param W - an `m x n` matrix
 * @param maxNorm - the bound `s > 0`
 * @param options - tolerance, iteration limit, seed, warm start (defaults: {@link PROJECTION_DEFAULTS})
 * @throws RangeError naming `W` when it is not 2-D or its singular values are not finite, and
 * naming `maxNorm`, `tol`, `maxIterations`, `seed` or `warmStart` when out of range
 */
export function projectSpectralNorm<Tn>(
  la: LinAlg<Tn>,
  W: Tn,
  maxNorm: number,
  options: ProjectSpectralNormOptions = {},
): SpectralProjection<Tn> {
  const s = checkMaxNorm(maxNorm);
  const { tol, maxIterations, seed } = resolveIterationOptions(options, PROJECTION_DEFAULTS);
  const shape = la.shape(W);
  const [m, n] = shape;
  if (shape.length !== 2 || m === undefined || n === undefined) {
    throw new RangeError(`W: expected a matrix (2-D tensor), got shape [${shape.join(', ')}]`);
  }
  const kMax = Math.min(m, n);
  if (kMax === 0) {
    return { W, singularValues: [], sigmaMax: 0, iterations: 0, converged: true, basis: new Float64Array(0), k: 0 };
  }
  const fill = seededNormal(seed);
  const warm = options.warmStart;
  let k = warm === undefined ? Math.min(GUARDS, kMax) : warm.length / n;
  if (warm !== undefined && (!Number.isInteger(k) || k < 1 || k > kMax || !warm.every(Number.isFinite))) {
    throw new RangeError(
      `warmStart: expected n x k finite values with n = ${n} and 1 <= k <= ${kMax}, got ${warm.length} values`,
    );
  }
  let X: Float64Array = warm === undefined ? Float64Array.from({ length: n * k }, fill) : Float64Array.from(warm);
  // A basis returned by an earlier projection is orthonormal to rounding already.
  if (warm === undefined || orthonormalityError(X, n, k) > ORTHONORMAL) orthonormalizeColumns(X, n, k, fill);

  let iterations = 0;
  // X holds random columns not yet multiplied by W^T W: its Ritz values say little about W.
  let fresh = warm === undefined;
  // X came out of a filter, whose progress tells whether the block is large enough.
  let filtered = false;
  let slow = 0;
  let lastShortfall = Infinity;
  // The latest block with Ritz vectors, and whether it passed every test but the guard's movement
  // (a block of random vectors never counts, so that the result comes from a multiplied one).
  let block: RitzBlock | undefined;
  let clip: Clipping = { above: 0, near: 0 };
  let ready = false;
  let converged = false;
  // The largest Ritz value of the last block or two: a lower bound on sigma_1^2, as all Ritz values.
  let largest = 0;
  for (;;) {
    iterations++;
    const projected = project(la, W, m, X, k);
    // A ready block is certified by the Ritz values of the next one alone, if its guard stays put.
    if (ready) {
      const theta = ritzValues(projected.G, k);
      largest = Math.max(largest, theta[0]!);
      if (stopped(theta, block!.theta, clip.above, s, tol)) {
        converged = true;
        break;
      }
    }
    const previous = block?.theta;
    block = rayleighRitz(la, W, m, n, X, k, projected);
    largest = block.theta[0]!;
    clip = clipping(block.sigma, s, tol);
    const passed = settled(block, clip, kMax, s, tol);
    ready = passed && !fresh;
    converged = passed && stopped(block.theta, previous, clip.above, s, tol);
    if (converged || iterations >= maxIterations) break;
    const { theta } = block;
    const edge = theta[k - 1]!;
    const short = shortfall(block, clip, edge, s, tol);
    if (filtered && short > 1 && short > lastShortfall / PROGRESS) slow++;
    lastShortfall = short;
    const grown = clip.near === k ? 2 * k : slow >= STALL ? k + Math.max(GUARDS, Math.ceil(k / 2)) : k;
    const kNext = Math.min(kMax, grown);
    if (kNext > k) {
      slow = 0;
      ready = false;
      X = new Float64Array(n * kNext);
      X.set(block.Y);
      for (let i = n * k; i < n * kNext; i++) X[i] = fill();
      fresh = true;
      filtered = false;
    } else {
      // The guard if there is one, else the smallest clipped value, must be resolved.
      const wanted = theta[Math.min(clip.above, k - 1)]!;
      const limit = Math.min(MAX_DEGREE, maxIterations - iterations);
      const filter = fresh ? undefined : planFilter(wanted, edge, theta[0]!, short, limit);
      X = filter === undefined ? block.Y : chebyshevFilter(la, W, block.V, block.Y, k, filter);
      iterations += (filter?.degree ?? 1) - 1;
      fresh = false;
      filtered = filter !== undefined;
    }
    orthonormalizeColumns(X, n, kNext, fill);
    k = kNext;
  }

  const { sigma, V, Z } = block!;
  const { above, near } = clip;
  const kept = Math.min(k, near + GUARDS);
  const result = {
    sigmaMax: Math.sqrt(Math.max(largest, 0)),
    iterations,
    converged,
    basis: V.slice(0, n * kept),
    k: kept,
  };
  if (above === 0) return { W, singularValues: [], ...result };
  const clipped = sigma.slice(0, above);
  const U = Z.slice(0, m * above);
  for (let j = 0; j < above; j++) {
    for (let i = j * m; i < (j + 1) * m; i++) U[i] = U[i]! / clipped[j]!;
  }
  const d = clipped.map((x) => x - s);
  return { W: la.lowRankUpdate(W, U, d, V.slice(0, n * above)), singularValues: Array.from(clipped), ...result };
}
