/**
 * The backend side of the spectral-norm projection: a block of vectors kept next to the matrix,
 * multiplied, filtered and reduced there, with only small results crossing to the host.
 *
 * @module
 */

/** A Chebyshev filter for `A = W^T W`, damping the eigenvalues in `[0, edge]`. */
export interface FilterPlan {
  /** Degree `d >= 1`: the filter costs `d` products of the block with `A`. */
  readonly degree: number;
  /**
   * Upper end of the damped interval `[0, edge]`. `edge <= 0` asks for plain power steps
   * `A^d X` instead (for blocks whose smallest Ritz value is 0).
   */
  readonly edge: number;
  /** An estimate of the largest eigenvalue of `A`, `> edge`; the filter is scaled to about 1 there. */
  readonly top: number;
}

/**
 * How a filter may compute: `exact` sums every product in float64 (as the Rayleigh-Ritz steps
 * always do); `fast` may use the backend's faster arithmetic, with unit roundoff
 * {@link SpectralSession.fastRoundoff}.
 */
export type FilterPrecision = 'fast' | 'exact';

/** Residual norms after {@link SpectralSession.rayleighRitz}. */
export interface RitzResiduals {
  /** `||A v_i - theta_i v_i||` for the first `count` Ritz vectors, float64. */
  readonly residual: Float64Array;
  /** `sqrt(sum ||A v_i - theta_i v_i||^2)` over the other Ritz vectors of the block. */
  readonly rest: number;
}

/** The Lanczos tridiagonal matrix of a run on the complement of the block. */
export interface LanczosTridiagonal {
  /** Its diagonal, one entry per step taken. */
  readonly alpha: Float64Array;
  /**
   * Its off-diagonal (length `alpha.length - 1`). When the run stopped early because the
   * Krylov space became invariant, `alpha` is shorter than the steps asked for and `invariant`
   * is set.
   */
  readonly beta: Float64Array;
  /** Whether the Krylov space is invariant under the operator (the run broke down). */
  readonly invariant: boolean;
}

/**
 * The state of one spectral-norm projection on a backend: the `m x n` matrix `W`, the Gram
 * operator `A = W^T W` (the backend may form it, in float64 and in its fast precision) and a
 * block of `k` vectors of length `n` that stays on the backend. The projection in core drives a
 * session through subspace iteration; only Ritz values, residual norms, Lanczos coefficients and,
 * at the end, the kept basis cross to the host.
 *
 * A session owns whatever it allocates until {@link SpectralSession.dispose}; `W` stays owned by
 * the caller and is never modified. Blocks that cross are `Float64Array`s in column-major order
 * (column `j` of an `n x k` block at `[j * n, (j + 1) * n)`).
 *
 * Every implementation keeps one contract, checked before anything changes, with the same
 * messages (core's host session and the native addon's give them word for word):
 * - after {@link SpectralSession.dispose}, every method but `dispose` throws an `Error`
 *   (`<method>: the spectral session has been disposed`), and `k` is 0;
 * - {@link SpectralSession.ritzResiduals}, {@link SpectralSession.residualNormSquared},
 *   {@link SpectralSession.complementLanczos}, {@link SpectralSession.basis} and
 *   {@link SpectralSession.project} read the last Rayleigh-Ritz step: they throw an `Error`
 *   (`<method>: no Rayleigh-Ritz step since the block last changed`) when
 *   {@link SpectralSession.setBlock}, {@link SpectralSession.appendColumns} or
 *   {@link SpectralSession.filter} ran after it, or none ran;
 * - an argument of the wrong type throws a `TypeError`, one out of range a `RangeError`, each
 *   naming the parameter, what was expected and what came. Counts are integers in the range
 *   each method gives; blocks are `Float64Array`s of exactly the length asked (any values);
 *   `weights` and `start` hold finite values.
 *
 * @typeParam Tn - the backend's tensor type
 */
export interface SpectralSession<Tn> {
  /** Rows of `W`. */
  readonly m: number;
  /** Columns of `W`: the length of the block's vectors. */
  readonly n: number;
  /** Columns of the block. */
  readonly k: number;
  /**
   * Unit roundoff of `filter(plan, 'fast')` and of {@link SpectralSession.complementLanczos}:
   * `2^-53` when they sum in float64, `2^-24` where they use float32.
   */
  readonly fastRoundoff: number;

  /**
   * Replaces the block by `X`, `n x k` (any columns; {@link SpectralSession.rayleighRitz}
   * orthonormalises them).
   *
   * @param k - an integer in `[0, n]`
   */
  setBlock(X: Float64Array, k: number): void;

  /**
   * Appends `count` columns (`n x count`) to the block.
   *
   * @param count - an integer in `[0, n - k]`
   */
  appendColumns(X: Float64Array, count: number): void;

  /**
   * Replaces the block `X` by `p(A) X / p(top)` for the Chebyshev polynomial `p(x) = T_d(2 x / edge - 1)`
   * of the plan (or by `A^d X` when `edge <= 0`), each column scaled to unit norm afterwards.
   * After a Rayleigh-Ritz step the product `A X` it starts from is known and not recomputed.
   *
   * @param plan - an integer `degree` in `[1, 2^20]`, a finite `edge` and a finite `top`, with
   *   `top > edge` when `edge > 0`
   * @param precision - `'fast'` or `'exact'`
   */
  filter(plan: FilterPlan, precision: FilterPrecision): void;

  /**
   * Orthonormalises the block (a column that depends numerically on the others is replaced by a
   * seeded random one) and takes a Rayleigh-Ritz step for `A` on its span, summing in float64:
   * the eigenvalues `theta` of `X^T A X`, largest first. The block then spans the same space and
   * its Ritz vectors `v_i` are available to the other methods.
   *
   * @returns the Ritz values, `k` of them, decreasing
   */
  rayleighRitz(): Float64Array;

  /**
   * Residual norms of the Ritz vectors of the last Rayleigh-Ritz step (the first `count` one by one).
   *
   * @param count - an integer in `[0, k]`
   */
  ritzResiduals(count: number): RitzResiduals;

  /**
   * `||[w_0 r_from, ..., w_{to - from - 1} r_{to - 1}]||_2^2` for the residuals
   * `r_i = A v_i - theta_i v_i` of the last Rayleigh-Ritz step and the weights `w`: the largest
   * eigenvalue of the Gram matrix of the weighted residuals, float64 (rounded up by a few ulps).
   *
   * @param from - an integer in `[0, to]`
   * @param to - an integer in `[0, k]`
   * @param weights - `to - from` finite values
   */
  residualNormSquared(from: number, to: number, weights: Float64Array): number;

  /**
   * Lanczos on the complement: `steps` steps (at most `n - k`, which span the whole complement and
   * make the run `invariant`; with full reorthogonalisation) for the operator
   * `P A P`, `P = I - X X^T` the projector onto the orthogonal complement of the block, from
   * `P start`. Its largest Ritz value is a lower bound on the largest eigenvalue of `A` outside
   * the block's span, and a random start makes it an upper bound with high probability
   * (see the certificate).
   *
   * @param start - `n` finite values, typically standard normal
   * @param steps - an integer in `[0, 2^53 - 1]`
   */
  complementLanczos(start: Float64Array, steps: number): LanczosTridiagonal;

  /**
   * The first `count` Ritz vectors of the last Rayleigh-Ritz step, `n x count`, orthonormal.
   *
   * @param count - an integer in `[0, k]`
   */
  basis(count: number): Float64Array;

  /**
   * The tensor `W - sum_{i < count} (1 - s / sigma_i) (W v_i) v_i^T`, `sigma_i = sqrt(theta_i)`,
   * for the first `count` Ritz vectors of the last Rayleigh-Ritz step: their singular values
   * clipped to `s`, computed in float64 and rounded once to the dtype of `W`. A new tensor.
   *
   * @param count - an integer in `[0, k]` whose Ritz values `theta_i` are all `> 0`
   * @param maxNorm - `s`, finite and `> 0`
   */
  project(count: number, maxNorm: number): Tn;

  /** Frees what the session allocated (idempotent). */
  dispose(): void;
}
