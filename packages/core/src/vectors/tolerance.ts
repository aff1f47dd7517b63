/**
 * Comparing results with expectations.
 *
 * @module
 */
import type { Tolerance } from './format.js';

/**
 * The tolerance a float64 set is held to when a backend computes only in float32: the set's own
 * tolerance widened to at least `rel 4e-6, abs 1e-7` (about 32 float32 ulps relative, the bound
 * the reference file's PyTorch float32 sets use for the same inputs and step counts).
 */
export const FLOAT32_TOLERANCE: Tolerance = { rel: 4e-6, abs: 1e-7 };

/** The wider of two tolerances, part by part. */
export function widen(a: Tolerance, b: Tolerance): Tolerance {
  return { rel: Math.max(a.rel, b.rel), abs: Math.max(a.abs, b.abs) };
}

/** Unit roundoff of float32, `2^-24`. */
export const FLOAT32_UNIT_ROUNDOFF = 2 ** -24;

/**
 * The worst elementwise error as a fraction of the allowance:
 * `max |actual - expect| / (abs + rel * |expect| + extra)`, where `extra` is an optional
 * per-element addition (see {@link trajectoryAllowance}). At most 1 passes. Two NaNs, or two equal
 * infinities, count as 0; a non-finite value against anything else as `Infinity`.
 */
export function worstError(actual: ArrayLike<number>, expect: ArrayLike<number>, tol: Tolerance, extra?: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < expect.length; i++) {
    const a = actual[i]!;
    const e = expect[i]!;
    let r: number;
    if (Number.isNaN(a) || Number.isNaN(e)) r = Number.isNaN(a) && Number.isNaN(e) ? 0 : Infinity;
    else if (!Number.isFinite(a) || !Number.isFinite(e)) r = a === e ? 0 : Infinity;
    else {
      const diff = Math.abs(a - e);
      const allowance = tol.abs + tol.rel * Math.abs(e) + (extra ? extra[i]! : 0);
      r = diff === 0 ? 0 : allowance === 0 ? Infinity : diff / allowance;
    }
    if (r > worst) worst = r;
  }
  return worst;
}

/**
 * The float32 rounding allowance of an optimizer trajectory after `t` steps:
 * `t * 2^-24 * M_i`, where `M_i` is the largest magnitude element `i` of the parameter has taken so
 * far (its initial value and every expected value up to step `t`), given as `scale`.
 *
 * Why: a float32 step rounds quantities of the size of the parameter and its update, so after `t`
 * steps two correct float32 implementations that round in different places (for example one with a
 * fused multiply-add and one without) may differ by a few ulps of the largest value the element
 * passed through, however small its current value. An elementwise relative tolerance misses this
 * where a parameter crosses zero. Applied only where float32 arithmetic is involved.
 */
export function trajectoryAllowance(scale: Float64Array, t: number): Float64Array {
  return scale.map((m) => t * FLOAT32_UNIT_ROUNDOFF * m);
}
