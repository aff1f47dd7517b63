/**
 * Projection onto the spectral-norm ball `{W : ||W||_2 <= s}` by block power iteration.
 *
 * @module
 */
import { gram, orthonormalizeColumns, rotate } from '../linalg/host-block.js';
import type { LinAlg } from '../linalg/linalg.js';
import { seededNormal } from '../linalg/seeded-random.js';
import { symmetricEigen } from '../linalg/symmetric-eigen.js';
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
  /** The singular values of the input above `maxNorm`, largest first (those that were clipped). */
  readonly singularValues: number[];
  /** The largest singular value of the input (0 for an empty matrix). */
  readonly sigmaMax: number;
  /** Block iterations run. */
  readonly iterations: number;
  /** Whether the tolerance was met within `maxIterations` (the bound on the result holds only then). */
  readonly converged: boolean;
  /**
   * Leading right singular vectors of the input, to warm-start the next projection: an `n x k`
   * column-major block holding those with singular values above `3 maxNorm / 4` and up to 2 more.
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

/**
 * How far below `s` the block must reach: it grows until its smallest Ritz value is at most
 * `((1 - REACH) s)^2`. The singular values near and above `s` are then separated inside the block
 * and converge at a rate of at least `(1 - REACH)^2` per iteration, also when many of them crowd
 * around `s`, as they do after a previous projection.
 */
const REACH = 0.25;
/** Vectors kept for the next warm start beyond those whose singular values exceed `(1 - REACH) s`. */
const GUARDS = 2;
/**
 * Iterations without convergence after which the block grows by half: convergence is slow when
 * the first singular value outside the block is close to one that has to be resolved, and a
 * larger block moves that value further down.
 */
const STALL = 6;

interface RitzBlock {
  /** Ritz values of `W^T W` (squared singular values), largest first. */
  readonly theta: Float64Array;
  /** Their square roots: the singular value estimates. */
  readonly sigma: Float64Array;
  /** Ritz vectors, `n x k`. */
  readonly V: Float64Array;
  /** `W V`, `m x k`. */
  readonly Z: Float64Array;
  /** `W^T W V`, `n x k`. */
  readonly Y: Float64Array;
  /** `||W^T W v_i - theta_i v_i||`. */
  readonly residual: Float64Array;
  /** How many singular value estimates exceed `s`. */
  readonly above: number;
  /** How many singular value estimates exceed `(1 - REACH) s`. */
  readonly near: number;
}

/** One Rayleigh-Ritz step on the span of the `n x k` block `X` (orthonormal columns). */
function rayleighRitz<Tn>(la: LinAlg<Tn>, W: Tn, m: number, n: number, X: Float64Array, k: number, s: number): RitzBlock {
  const WX = la.multiply(W, X, k);
  const { values: theta, vectors: Q } = symmetricEigen(gram(WX, m, k), k);
  if (!theta.every(Number.isFinite)) {
    throw new RangeError('W: singular values are not finite (NaN or infinite elements, or W^T W overflows float64)');
  }
  const V = rotate(X, n, k, Q, k);
  const Z = rotate(WX, m, k, Q, k);
  const Y = la.multiplyTransposed(W, Z, k);
  const residual = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let sum = 0;
    for (let i = j * n; i < (j + 1) * n; i++) sum += (Y[i]! - theta[j]! * V[i]!) ** 2;
    residual[j] = Math.sqrt(sum);
  }
  const sigma = theta.map((t) => Math.sqrt(Math.max(t, 0)));
  let above = 0;
  while (above < k && sigma[above]! > s) above++;
  let near = above;
  while (near < k && sigma[near]! > (1 - REACH) * s) near++;
  return { theta, sigma, V, Z, Y, residual, above, near };
}

/**
 * Whether the block certifies the projection to tolerance `tol`.
 *
 * Let `A` be the clipped Ritz triplets (`sigma > s`), `u = W v / sigma`, `e = W^T u - sigma v`
 * (so `||e|| = residual / sigma`) and `mu` the norm of `W` on the complement of their `v`s. The
 * projected matrix maps `v` to `s u` and agrees with `W` on the complement, so for a unit
 * `x = V_A a + y`, `||W' x||^2 <= s^2 |a|^2 + mu^2 |y|^2 + 2 s ||E_A|| |a| |y|`, whence
 * `||W'||_2^2 <= max(s, mu)^2 + s ||E_A||`. It is at most `(s (1 + tol))^2` when
 * `||E_A||_F <= tol s` (checked as `||e_i|| <= tol s / sqrt(|A|)`) and `mu <= s (1 + tol / 2)`.
 * For `mu`, the first unclipped Ritz value (the guard) must have stopped moving (within
 * `(tol / 2) s^2` of the previous iteration's: a random start still gaining a dominant direction
 * moves it) and, as `W^T W` has an eigenvalue within `residual` of it, satisfy
 * `theta + residual <= (s (1 + tol / 2))^2`. Without a guard the block must span `W`'s whole
 * row space (`k = min(m, n)`); the block must also reach below `(1 - REACH) s` unless it does.
 */
function certified(
  b: RitzBlock,
  previous: Float64Array | undefined,
  k: number,
  kMax: number,
  s: number,
  tol: number,
): boolean {
  if (b.near === k && k < kMax) return false;
  const clipBound = (tol * s) / Math.sqrt(Math.max(b.above, 1));
  for (let i = 0; i < b.above; i++) {
    if (b.residual[i]! > clipBound * b.sigma[i]!) return false;
  }
  const g = b.above;
  if (g === k) return true;
  const theta = b.theta[g]!;
  const before = previous?.[g];
  return (
    before !== undefined &&
    Math.abs(theta - before) <= (tol / 2) * s * s &&
    theta + b.residual[g]! <= (s * (1 + tol / 2)) ** 2
  );
}

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
 * No full SVD is computed. Block power (subspace) iteration on `W^T W` finds the leading right
 * singular vectors: each iteration forms `Z = W V` and `Y = W^T Z` on the backend, then on the
 * host solves the small Rayleigh-Ritz problem `(Z^T Z) q = theta q` (Jacobi), tests convergence
 * and orthonormalises `Y` (modified Gram-Schmidt) into the next block. The block starts at the
 * warm start's size or at 2 random vectors, doubles until its smallest Ritz value lies below
 * `(3 s / 4)^2` (or it spans all of `W`), and grows by half after every 6 iterations that did not
 * converge, new columns being random. Once the clipped triplets and the largest unclipped
 * singular value are certified to `tol`, one low-rank update subtracts `(sigma_i - s) u_i v_i^T`
 * with `u_i = W v_i / sigma_i`, rounded once to `W`'s dtype.
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
  let X = warm === undefined ? Float64Array.from({ length: n * k }, fill) : Float64Array.from(warm);
  orthonormalizeColumns(X, n, k, fill);

  let previous: Float64Array | undefined;
  let iterations = 0;
  let sinceGrowth = 0;
  let block: RitzBlock;
  let converged: boolean;
  for (;;) {
    iterations++;
    sinceGrowth++;
    block = rayleighRitz(la, W, m, n, X, k, s);
    converged = certified(block, previous, k, kMax, s, tol);
    if (converged || iterations === maxIterations) break;
    const grown = block.near === k ? 2 * k : sinceGrowth >= STALL ? k + Math.max(GUARDS, Math.ceil(k / 2)) : k;
    const kNext = Math.min(kMax, grown);
    if (kNext > k) sinceGrowth = 0;
    X = new Float64Array(n * kNext);
    X.set(block.Y);
    for (let i = n * k; i < n * kNext; i++) X[i] = fill();
    orthonormalizeColumns(X, n, kNext, fill);
    previous = block.theta;
    k = kNext;
  }

  const { sigma, V, Z, above, near } = block;
  const kept = Math.min(k, near + GUARDS);
  const result = {
    sigmaMax: sigma[0]!,
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
