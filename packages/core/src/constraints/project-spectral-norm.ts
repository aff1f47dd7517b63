/**
 * Projection onto the spectral-norm ball `{W : ||W||_2 <= s}` by Chebyshev-filtered subspace
 * iteration with a certificate.
 *
 * @module
 */
import type { LinAlg } from '../linalg/linalg.js';
import { seededNormal } from '../linalg/seeded-random.js';
import type { FilterPlan, FilterPrecision, SpectralSession } from '../linalg/spectral-session.js';
import {
  clipping,
  complementLimit,
  couplingWeights,
  distanceEstimate,
  lanczosStepsFor,
  lanczosUpperBound,
  largestTridiagonalEigenvalue,
  leanWeights,
  normShortfall,
  projectedNormBound,
  RESOLVE,
  type BlockEvidence,
  type Clipping,
} from './certificate.js';
import { SIZING_STEPS, sizeBlock } from './block-sizing.js';
import { MAX_FILTER_DEGREE, planFilter } from './chebyshev-filter.js';
import { checkMaxNorm, resolveIterationOptions, type SpectralIterationOptions } from './spectral-options.js';

/** Options of {@link projectSpectralNorm}. */
export interface ProjectSpectralNormOptions extends SpectralIterationOptions {
  /**
   * Starting right singular vectors, typically the `basis` of a previous projection of a nearby
   * matrix: an `n x k` column-major block (`1 <= k <= min(m, n)`, so its length is a multiple of
   * `n`). It need not be orthonormal. Without it the iteration starts from 2 random vectors.
   */
  readonly warmStart?: Float64Array;
  /**
   * The Ritz values of the warm start's columns and the filter degree to apply first, as a
   * previous projection returned them (`basisValues`, `nextDegree`): with both, the warm start is
   * filtered before its first Rayleigh-Ritz step, saving that step.
   */
  readonly warmFilter?: { readonly values: ArrayLike<number>; readonly degree: number };
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
   * The largest singular value of the input (0 for an empty matrix), from below, to within
   * `tol s` (second order in the residual of its Ritz vector, against a complement bound that
   * holds except with probability `2^-30`).
   */
  readonly sigmaMax: number;
  /** Block iterations run (products of the block with `W^T W`, in filters and Rayleigh-Ritz steps). */
  readonly iterations: number;
  /** Whether the certificate was met within `maxIterations` (the bound on the result holds only then). */
  readonly converged: boolean;
  /**
   * Leading right singular vectors of the input, to warm-start the next projection: an `n x k`
   * column-major block holding those with singular values above `0.85 r` (`REACH`), `r` the smaller of
   * `maxNorm` and the largest singular value not above it, and up to 2 more.
   */
  readonly basis: Float64Array;
  /** Number of columns of `basis`. */
  readonly k: number;
  /** The Ritz values (squared singular value estimates) of the columns of `basis`, decreasing. */
  readonly basisValues: Float64Array;
  /** The filter degree a projection of a nearby matrix, warm-started from `basis`, should apply first (0: none). */
  readonly nextDegree: number;
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
/** The filter aims this much beyond the shortfall, so that one filter usually suffices. */
const AIM = 2;
/** A warm filter scales to the previous largest Ritz value times this (it may have grown). */
const TOP_MARGIN = 1.05;
/** A degree counts as spare when the final shortfall times this would still pass without it. */
const SPARE_MARGIN = 1.25;
/** `fast` filters are used while `tol` is at least this many times their unit roundoff. */
const FAST_TOL = 8;
/**
 * What the first filter of a block sized by {@link sizeBlock} aims at. Its new columns are random,
 * and a filter strong enough to converge them at once would also make them all lean on the
 * largest eigenvalues: their smaller components, `p(edge) / p(top)` of them, would fall below
 * float32 rounding and the block would lose rank (measured: Cholesky QR then breaks down and the
 * slow fallback runs). A mild filter and a Rayleigh-Ritz step give Ritz vectors, which the next
 * filters, planned from the certificate's shortfall, converge without mixing.
 */
const FIRST_REDUCTION = 2 ** 10;
/** Fewest and most Lanczos steps of one complement check. */
const LANCZOS_STEPS = [8, 64] as const;

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
 * No full SVD is computed. Subspace iteration on `A = W^T W` (Saad, "Numerical Methods for Large
 * Eigenvalue Problems", 2nd ed., chapter 5) with Chebyshev polynomial filters (Zhou and Saad, SIAM
 * J. Matrix Anal. Appl. 29, 2007) finds the leading right singular vectors; the backend's
 * {@link SpectralSession} keeps the block and does the products, the orthonormalisation and the
 * Rayleigh-Ritz steps (float64), and may run the filters in a faster precision. The block starts
 * at the warm start (filtered first when `warmFilter` says how) or at 2 random vectors. It must
 * reach below `(0.85 r)^2`, `r` the smaller of `s` and the first unclipped singular value: the
 * first time all its Ritz values lie above that, one Lanczos run on the complement estimates how
 * many eigenvalues do (Lanczos quadrature, module `block-sizing`) and the block grows to that
 * count plus a margin, its new columns first filtered towards the top; after that it doubles
 * while it still falls short. It grows by half after two filters that fell well short of their
 * aim or when the complement check finds more than the block holds, and between Rayleigh-Ritz
 * steps is filtered with the least degree expected to meet the certificate.
 *
 * The certificate (module `certificate`) stops the iteration when (1) a Schur complement bound on
 * the projected matrix, from the Ritz values, the residual norms (the clipped ones' together in
 * the 2-norm) and a bound on `A` outside the block, is at most `(s (1 + tol))^2`, and (2) an
 * estimate, to second order in the residuals, of the distance to the exact `U min(S, s) V^T` is at
 * most `tol s` in the 2-norm. The bound outside the block comes from a Lanczos run on the
 * complement from a random start (Kuczyński and Woźniakowski, SIAM J. Matrix Anal. Appl. 13,
 * 1992): it fails with probability at most `2^-30` per projection. Then one low-rank update
 * subtracts `(sigma_i - s) u_i v_i^T`, `u_i = W v_i / sigma_i`, rounded once to `W`'s dtype.
 *
 * Any `m x n` matrix is accepted (square, tall, wide, rank-deficient, zero, empty). A feasible `W`
 * (`sigma_1 <= s`) is returned as the same tensor, untouched. The random numbers are seeded, so the
 * result is deterministic for a backend. In float64 the tolerance cannot be met below about
 * `n * 2^-53 * sigma_1^2 / s^2`; `converged` is then false after `maxIterations`.
 *
 * @param la - the backend's linear algebra
 * @param W - an `m x n` matrix
 * @param maxNorm - the bound `s > 0`
 * @param options - tolerance, iteration limit, seed, warm start (defaults: {@link PROJECTION_DEFAULTS})
 * @throws RangeError naming `W` when it is not 2-D or its singular values are not finite, and
 * naming `maxNorm`, `tol`, `maxIterations`, `seed`, `warmStart` or `warmFilter` when out of range
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
    const none = new Float64Array(0);
    return { W, singularValues: [], sigmaMax: 0, iterations: 0, converged: true, basis: none, k: 0, basisValues: none, nextDegree: 0 };
  }
  const warm = options.warmStart;
  const k0 = warm === undefined ? Math.min(GUARDS, kMax) : warm.length / n;
  if (warm !== undefined && (!Number.isInteger(k0) || k0 < 1 || k0 > kMax || !allFinite(warm))) {
    throw new RangeError(`warmStart: expected n x k finite values with n = ${n} and 1 <= k <= ${kMax}, got ${warm.length} values`);
  }
  const firstPlan = warmPlan(options.warmFilter, warm === undefined ? undefined : k0);
  const fill = seededNormal(seed);
  const random = (count: number): Float64Array => {
    const values = new Float64Array(count);
    for (let i = 0; i < count; i++) values[i] = fill();
    return values;
  };

  const session = la.spectralSession(W, seed);
  try {
    session.setBlock(warm ?? random(n * k0), k0);
    const run = iterate(session, { s, tol, maxIterations, kMax, firstPlan, warm: warm !== undefined, random });
    const { theta, clip } = run;
    const kept = Math.min(theta.length, clip.near + GUARDS);
    const clipped = Array.from(theta.subarray(0, clip.above), (t) => Math.sqrt(t));
    return {
      W: clip.above > 0 ? session.project(clip.above, s) : W,
      singularValues: clipped,
      sigmaMax: Math.sqrt(Math.max(theta[0] ?? 0, 0)),
      iterations: run.iterations,
      converged: run.converged,
      basis: session.basis(kept),
      k: kept,
      basisValues: theta.slice(0, kept).map((t) => Math.max(t, 0)),
      nextDegree: run.nextDegree,
    };
  } finally {
    session.dispose();
  }
}

/** Whether every value is finite (a loop: `every(Number.isFinite)` is several times slower on a large block). */
function allFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

/** The first filter of a warm-started projection, checked, or `undefined`. */
function warmPlan(warmFilter: ProjectSpectralNormOptions['warmFilter'], k: number | undefined): FilterPlan | undefined {
  if (warmFilter === undefined) return undefined;
  const { values, degree } = warmFilter;
  const fine =
    k !== undefined &&
    values !== null &&
    typeof values === 'object' &&
    values.length === k &&
    Array.prototype.every.call(values, (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0) &&
    Number.isInteger(degree) &&
    degree >= 0 &&
    degree <= MAX_FILTER_DEGREE;
  if (!fine) {
    throw new RangeError(
      `warmFilter: expected { values, degree } with one finite value >= 0 per warm-start column and an integer degree in [0, ${MAX_FILTER_DEGREE}], and a warmStart`,
    );
  }
  const edge = values[k - 1]!;
  const top = values[0]! * TOP_MARGIN;
  return degree > 0 && edge > 0 && top > edge ? { degree, edge, top } : undefined;
}

/** What {@link iterate} needs besides the session. */
interface IterationSettings {
  readonly s: number;
  readonly tol: number;
  readonly maxIterations: number;
  readonly kMax: number;
  readonly firstPlan: FilterPlan | undefined;
  /** Whether the block started from a warm start. */
  readonly warm: boolean;
  readonly random: (count: number) => Float64Array;
}

/** The verdict of the certificate on one Rayleigh-Ritz step. */
interface Verdict {
  readonly certified: boolean;
  /** By how much the residuals must still shrink (at least 1 unless certified). */
  readonly shortfall: number;
  /** The complement holds a larger eigenvalue than the block's smallest Ritz value: the block misses directions and should grow. */
  readonly missing: boolean;
}

/** Runs the subspace iteration until the certificate holds or the iterations run out. */
function iterate<Tn>(
  session: SpectralSession<Tn>,
  { s, tol, maxIterations, kMax, firstPlan, warm, random }: IterationSettings,
): { theta: Float64Array; clip: Clipping; iterations: number; converged: boolean; nextDegree: number } {
  const n = session.n;
  let plan = firstPlan;
  let precision: FilterPrecision = tol >= FAST_TOL * session.fastRoundoff ? 'fast' : 'exact';
  let iterations = 0;
  // Degrees of the filters applied since the start or the last growth of the block.
  let degrees = 0;
  let filtered = false;
  let slow = 0;
  let lastShortfall = Infinity;
  let grew = false;
  let theta: Float64Array = new Float64Array(0);
  let clip: Clipping = { above: 0, near: 0, reach: s };
  let verdict: Verdict | undefined;
  // Whether the block has been sized from a Lanczos estimate yet (once per projection).
  let sized = false;
  const grow = (count: number, first?: FilterPlan): void => {
    session.appendColumns(random(n * count), count);
    // New random columns first take one plain power step, unless a sized block's filter is known.
    plan = first ?? { degree: 1, edge: 0, top: 1 };
    grew = true;
    degrees = 0;
    filtered = false;
    slow = 0;
    lastShortfall = Infinity;
  };
  for (;;) {
    const degree = plan === undefined ? 0 : Math.min(plan.degree, maxIterations - iterations - 1);
    if (plan !== undefined && degree >= 1) {
      session.filter({ ...plan, degree }, precision);
      iterations += degree;
      if (plan.edge > 0) degrees += degree;
    }
    filtered = plan !== undefined && degree >= 1 && plan.edge > 0;
    theta = session.rayleighRitz();
    iterations++;
    if (!theta.every(Number.isFinite)) {
      throw new RangeError('W: singular values are not finite (NaN or infinite elements, or W^T W overflows float64)');
    }
    const k = theta.length;
    clip = clipping(
      Array.from(theta, (t) => Math.sqrt(Math.max(t, 0))),
      s,
      tol,
    );
    if (clip.near === k && k < kMax) {
      if (iterations >= maxIterations) break;
      if (sized) {
        grow(Math.min(kMax, 2 * k) - k);
        continue;
      }
      // The first time the block falls short, one Lanczos run sizes it (instead of doubling it
      // until it reaches below the reach, a Rayleigh-Ritz step per doubling).
      sized = true;
      const size = sizeBlock(theta, session.complementLanczos(random(n), SIZING_STEPS), n - k, s, GUARDS, kMax);
      const columns = Math.max(size.columns, Math.min(kMax, k + Math.max(GUARDS, Math.ceil(k / 4))));
      const wanted = Math.min(s * s, size.top);
      const limit = Math.max(1, Math.min(MAX_FILTER_DEGREE, maxIterations - iterations - 1));
      grow(columns - k, planFilter(wanted, size.edge, size.top * TOP_MARGIN, FIRST_REDUCTION, limit));
      continue;
    }
    verdict = certify(session, theta, clip, s, tol, random);
    if (verdict.certified || iterations >= maxIterations) break;
    if (verdict.missing && k < kMax && !verdict.certified) {
      grow(Math.min(kMax, k + Math.max(GUARDS, Math.ceil(k / 2))) - k);
      continue;
    }
    if (filtered && verdict.shortfall > lastShortfall / PROGRESS) {
      // A fast filter that stops making progress may have reached its rounding floor.
      if (precision === 'fast') precision = 'exact';
      else slow++;
    }
    lastShortfall = verdict.shortfall;
    if (slow >= STALL && k < kMax) {
      grow(Math.min(kMax, k + Math.max(GUARDS, Math.ceil(k / 2))) - k);
      continue;
    }
    if (k === kMax && k < n) {
      // The block holds as many columns as W has rows: A's other eigenvalues are all 0, so an
      // exact power step removes the complement from the block at once, where a filter with its
      // edge at the smallest Ritz value would not separate that value from 0.
      plan = { degree: 1, edge: 0, top: 1 };
      precision = 'exact';
      continue;
    }
    const edge = theta[k - 1]!;
    const limit = Math.min(MAX_FILTER_DEGREE, maxIterations - iterations - 1);
    plan =
      planFilter(Math.min(s * s, theta[0]!), edge, theta[0]! * TOP_MARGIN, AIM * verdict.shortfall, Math.max(limit, 1)) ??
      // The block's smallest Ritz value is 0 (W is rank-deficient): plain power steps.
      { degree: 1, edge: 0, top: 1 };
  }
  const converged = verdict?.certified ?? false;
  // A block spanning all of R^n needs no filter: its Rayleigh-Ritz step is exact.
  const spans = theta.length === n;
  return {
    theta,
    clip,
    iterations,
    converged,
    nextDegree: converged && !spans ? nextDegree(s, theta, degrees, verdict!.shortfall, warm && !grew) : 0,
  };
}

/**
 * The degree of the first filter of the next warm-started projection: the degrees this one
 * applied, less those its final margin shows were spare (each degree multiplies the margin by
 * about `exp(acosh(2 min(s^2, theta_1) / theta_k - 1))`); 0 (a Rayleigh-Ritz step first, which
 * then plans the filter) after a cold start or a growth of the block, whose filters say little
 * about the next step.
 */
function nextDegree(s: number, theta: Float64Array, degrees: number, shortfall: number, steady: boolean): number {
  if (!steady) return 0;
  if (degrees === 0) return 0;
  const edge = theta[theta.length - 1]!;
  const wanted = Math.min(s * s, theta[0]!);
  const growth = edge > 0 && wanted > edge ? Math.acosh((2 * wanted) / edge - 1) : Infinity;
  const spare = shortfall > 0 && Number.isFinite(growth) ? Math.floor(Math.log(1 / (SPARE_MARGIN * shortfall)) / growth) : 0;
  return Math.max(1, Math.min(MAX_FILTER_DEGREE, degrees - Math.max(0, spare)));
}

/**
 * Checks the certificate for the last Rayleigh-Ritz step of `session` (see the module
 * `certificate`). The complement bound comes from a Lanczos run only when the block's own part
 * passes with the complement as large as the block's smallest Ritz value.
 */
function certify<Tn>(
  session: SpectralSession<Tn>,
  theta: Float64Array,
  clip: Clipping,
  s: number,
  tol: number,
  random: (count: number) => Float64Array,
): Verdict {
  const { n, k } = session;
  const s2 = s * s;
  const lambda = (s * (1 + tol)) ** 2;
  let resolved = clip.above;
  while (resolved < k && theta[resolved]! >= s2 * (1 - RESOLVE)) resolved++;
  resolved = Math.max(resolved, Math.min(k, clip.above + 1));
  const { residual, rest } = session.ritzResiduals(resolved);
  const clipped = (weights: Float64Array): number => (clip.above > 0 ? session.residualNormSquared(0, clip.above, weights) : 0);
  const e: BlockEvidence = {
    theta,
    above: clip.above,
    residual,
    rest,
    clippedCoupling: clipped(couplingWeights(theta, clip.above, s)),
    clippedLean: Math.sqrt(clipped(leanWeights(theta, clip.above, s))),
  };
  const bottom = Math.max(theta[k - 1]!, 0);
  const dimension = n - k;
  // The largest Ritz value must be settled too (it is reported as sigmaMax): its eigenvalue is
  // within residual^2 / gap of it (Parlett, "The Symmetric Eigenvalue Problem", section 11.7),
  // which moves its square root by at most that over 2 sigma_1: required at most tol s.
  const top = (gamma: number): number =>
    residual[0]! === 0
      ? 0
      : theta[0]! > gamma
        ? Math.sqrt(residual[0]! ** 2 / (theta[0]! - gamma) / (2 * Math.sqrt(theta[0]!) * tol * s))
        : Infinity;
  const blockShortfall = (gamma: number, gammaBound: number): number =>
    Math.max(normShortfall(e, s, gammaBound, lambda), distanceEstimate(e, s, gamma, gammaBound) / (tol * s));
  const shortfallAt = (gamma: number, gammaBound: number): number => Math.max(blockShortfall(gamma, gammaBound), top(gamma));
  // Even with nothing outside the block, the block's own part must pass before a Lanczos run.
  const early = blockShortfall(0, 0);
  if (!(early <= 1)) return { certified: false, shortfall: early, missing: false };
  if (dimension === 0) {
    const shortfall = shortfallAt(0, 0);
    return { certified: projectedNormBound(e, s, 0) <= lambda && shortfall <= 1, shortfall, missing: false };
  }

  // The largest complement bound the certificate tolerates, and the steps that should reach it if
  // the complement's top is near the block's smallest Ritz value.
  const limit = complementLimit(e, s, lambda);
  let steps = clampSteps(lanczosStepsFor(k > 1 ? bottom * (1 + RESOLVE) : 0, limit, dimension));
  let xi = 0;
  let bound = Infinity;
  for (let attempt = 0; attempt < 2; attempt++) {
    const { alpha, beta, invariant } = session.complementLanczos(random(n), steps);
    // A fast Lanczos run sees A up to rounding: allow for it.
    xi = largestTridiagonalEigenvalue(alpha, beta) + 8 * Math.sqrt(n) * session.fastRoundoff * Math.max(theta[0]!, 0);
    bound = lanczosUpperBound(xi, alpha.length, dimension, invariant);
    if (bound <= limit || invariant) break;
    const more = clampSteps(lanczosStepsFor(xi, limit, dimension));
    if (more <= steps) break;
    steps = more;
  }
  const rounding = 8 * Math.sqrt(n) * session.fastRoundoff * Math.max(theta[0]!, 0);
  // The complement holds more than the block's top: sigmaMax would be wrong by more than tol s^2.
  const aboveTop = xi > theta[0]! + tol * s2 + rounding;
  const normOk = projectedNormBound(e, s, bound) <= lambda;
  const shortfall = shortfallAt(xi, bound);
  return {
    certified: normOk && shortfall <= 1 && !aboveTop,
    shortfall: Math.max(shortfall, aboveTop ? 2 : 0),
    // Only a direction the block should hold (above the reach, and above the block's smallest
    // Ritz value) calls for a larger block; one below the reach is left to the filters.
    missing: xi > Math.max(bottom * (1 + RESOLVE), clip.reach ** 2) + rounding,
  };
}

function clampSteps(steps: number): number {
  return Number.isFinite(steps) ? Math.min(LANCZOS_STEPS[1], Math.max(LANCZOS_STEPS[0], steps)) : LANCZOS_STEPS[1];
}
