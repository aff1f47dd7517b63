/**
 * Summary statistics over seeds for values that may be non-finite (`null`).
 *
 * @module
 */
import type { Summary } from '../report/schema.js';

/** A training loss, gradient norm or other figure that is `null` when it was not finite. */
export type Finite = number | null;

/** Mean and sample standard deviation over seeds (`std` is 0 for one seed). */
export interface MeanStd {
  /** Mean over seeds; null when any value was non-finite. */
  readonly mean: Finite;
  /** Sample standard deviation over seeds; null when any value was non-finite. */
  readonly std: Finite;
}

/** A number, or `null` when it is not finite (how the report stores NaN and infinities). */
export function finite(x: number): Finite {
  return Number.isFinite(x) ? x : null;
}

/**
 * Mean and sample standard deviation of `values` (`std` 0 for one value); both `null` when any
 * value is `null` or there are none.
 */
export function meanStd(values: readonly Finite[]): MeanStd {
  if (values.length === 0 || values.some((v) => v === null)) return { mean: null, std: null };
  const xs = values as readonly number[];
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.length > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1) : 0;
  return { mean, std: Math.sqrt(variance) };
}

/** The largest of `values`; `null` when any is `null` (a non-finite value is the largest). */
export function maxOrNonFinite(values: readonly Finite[]): Finite {
  let max = -Infinity;
  for (const v of values) {
    if (v === null) return null;
    if (v > max) max = v;
  }
  return max;
}
