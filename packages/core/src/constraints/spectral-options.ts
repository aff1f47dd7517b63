/**
 * Checking the parameters of the spectral-norm projection.
 *
 * @module
 */

/** How hard `projectSpectralNorm` iterates; every field is optional. */
export interface SpectralIterationOptions {
  /**
   * Relative tolerance in `(0, 1)`. On convergence the residuals `W^T u_i - sigma_i v_i` of the
   * clipped singular triplets have a Frobenius norm of at most `tol * maxNorm` together, and the
   * largest singular value left unclipped is at most `maxNorm * (1 + tol / 2)`; these give
   * `||projected W||_2 <= maxNorm * (1 + tol)` before rounding to the tensor's dtype (float32
   * rounding adds up to `2^-24 ||W||_F`).
   */
  readonly tol?: number;
  /**
   * Most block iterations, an integer `>= 1`. A block iteration multiplies the block of vectors by
   * `W^T W`: one `W X` and at most one `W^T Y` product, inside a Chebyshev filter or for a
   * Rayleigh-Ritz step.
   */
  readonly maxIterations?: number;
  /** Seed of the random starting vectors; an integer. */
  readonly seed?: number;
}

/**
 * Checks a spectral-norm bound.
 *
 * @throws RangeError naming `maxNorm` unless it is a finite number `> 0`
 */
export function checkMaxNorm(maxNorm: number): number {
  if (typeof maxNorm !== 'number' || !Number.isFinite(maxNorm) || maxNorm <= 0) {
    throw new RangeError(`maxNorm: expected a finite number > 0, got ${String(maxNorm)}`);
  }
  return maxNorm;
}

/**
 * Applies `defaults` to `options` and checks every field.
 *
 * @throws RangeError naming `tol`, `maxIterations` or `seed` when it is out of range
 */
export function resolveIterationOptions(
  options: SpectralIterationOptions,
  defaults: Required<SpectralIterationOptions>,
): Required<SpectralIterationOptions> {
  const tol = options.tol ?? defaults.tol;
  const maxIterations = options.maxIterations ?? defaults.maxIterations;
  const seed = options.seed ?? defaults.seed;
  if (typeof tol !== 'number' || !(tol > 0 && tol < 1)) {
    throw new RangeError(`tol: expected a number in (0, 1), got ${String(tol)}`);
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new RangeError(`maxIterations: expected an integer >= 1, got ${String(maxIterations)}`);
  }
  if (!Number.isInteger(seed)) throw new RangeError(`seed: expected an integer, got ${String(seed)}`);
  return { tol, maxIterations, seed };
}
