/**
 * The linear-algebra interface behind the non-elementwise work: global-norm clipping and the
 * spectral-norm projection.
 *
 * @module
 */
import type { SpectralSession } from './spectral-session.js';

/**
 * The few non-elementwise operations that gradient transforms and constraints need, implemented
 * once per backend over the backend's tensor type `Tn`.
 *
 * Matrices stay on the backend. The small dense blocks that the spectral-norm projection
 * iterates with (a few vectors at a time) live on the host as `Float64Array`s in
 * **column-major** order: a block of `k` vectors of length `len` stores vector `j` contiguously at
 * `[j * len, (j + 1) * len)`. A matrix `W` has shape `[m, n]` and is row-major on the backend
 * (`W[i, j]` at `i * n + j`, as in a `HostTensor`).
 *
 * Reductions and products accumulate in float64 where the backend can (the reference does);
 * results that are tensors are rounded once to the dtype of their input tensor.
 *
 * @typeParam Tn - the backend's tensor type
 */
export interface LinAlg<Tn> {
  /** The shape of `t`. */
  shape(t: Tn): readonly number[];

  /**
   * `sum_i t_i^2` over all elements of `t`, accumulated in float64.
   * It is `Infinity` when a square overflows and `NaN` when an element is NaN.
   */
  sumOfSquares(t: Tn): number;

  /** A new tensor `factor * t`, rounded to the dtype of `t`; `t` is left as it is. */
  scale(t: Tn, factor: number): Tn;

  /**
   * The block product `W X` for a matrix `W` of shape `[m, n]`.
   *
   * @param X - `n x k` block, column-major (length `n * k`)
   * @param k - number of columns of `X`
   * @returns the `m x k` block `W X`, column-major, in float64
   */
  multiply(W: Tn, X: Float64Array, k: number): Float64Array;

  /**
   * The block product `W^T Y` for a matrix `W` of shape `[m, n]`.
   *
   * @param Y - `m x k` block, column-major (length `m * k`)
   * @param k - number of columns of `Y`
   * @returns the `n x k` block `W^T Y`, column-major, in float64
   */
  multiplyTransposed(W: Tn, Y: Float64Array, k: number): Float64Array;

  /**
   * A new matrix `W - U diag(d) V^T`, i.e. `W[i, j] - sum_l U[i, l] d[l] V[j, l]`, computed in
   * float64 and rounded once to the dtype of `W`; `W` is left as it is.
   *
   * @param W - matrix of shape `[m, n]`
   * @param U - `m x k` block, column-major
   * @param d - the `k` weights
   * @param V - `n x k` block, column-major
   */
  lowRankUpdate(W: Tn, U: Float64Array, d: Float64Array, V: Float64Array): Tn;
  /**
   * Frees a tensor that `scale` or `lowRankUpdate` returned once it is no longer used, on backends
   * whose tensors hold memory outside the JavaScript heap (absent where the garbage collector is
   * enough).
   */
  dispose?(t: Tn): void;

  /**
   * Opens a {@link SpectralSession} for the `m x n` matrix `W`: the backend side of
   * `projectSpectralNorm`, which keeps its block of vectors and the Gram operator `W^T W` next to
   * `W`. The caller disposes it. Backends whose tensors are host memory return core's
   * `hostSpectralSession(this, W, seed)`.
   *
   * @param seed - seed of the random columns the session may need (an integer)
   * @throws RangeError naming `W` when it is not a matrix
   */
  spectralSession(W: Tn, seed: number): SpectralSession<Tn>;
}
