/**
 * Checking a spectral-norm projection against the exact one.
 *
 * @module
 */
import { clipSingularValues, spectralNorm } from './jacobi-svd.js';

/** How a computed projection compares with the exact `U min(S, s) V^T`. */
export interface ProjectionError {
  /** `||P||_2` of the computed projection `P`. */
  readonly norm: number;
  /** `||P - U min(S, s) V^T||_2`, the exact projection taken from the float64 Jacobi SVD of the input. */
  readonly distance: number;
  /** What storing `P` in float32 may add to either: `2^-24 ||P||_F` when `P` is a `Float32Array`, else 0. */
  readonly rounding: number;
}

/**
 * Measures the projection `output` of the row-major `m x n` matrix `input` onto
 * `{||W||_2 <= s}` with the Jacobi SVD: the guarantee of `projectSpectralNorm` at tolerance `tol`
 * is `norm <= s (1 + tol) + rounding` and `distance <= tol s + rounding`.
 */
export function projectionError(input: ArrayLike<number>, output: ArrayLike<number>, m: number, n: number, s: number): ProjectionError {
  const exact = clipSingularValues(input, m, n, s);
  let frobenius = 0;
  for (let i = 0; i < output.length; i++) frobenius += output[i]! * output[i]!;
  const difference = Float64Array.from({ length: m * n }, (_, i) => output[i]! - exact[i]!);
  return {
    norm: spectralNorm(output, m, n),
    distance: spectralNorm(difference, m, n),
    rounding: output instanceof Float32Array ? 2 ** -24 * Math.sqrt(frobenius) : 0,
  };
}
