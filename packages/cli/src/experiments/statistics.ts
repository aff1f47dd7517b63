/**
 * Summary statistics over seeds.
 *
 * @module
 */
import type { Finite, MeanStd } from '../report/schema.js';

/** A number, or `null` when it is not finite (how the report stores NaN and infinities). */
export function finite(x: number): Finite {
  return Number.isFinite(x) ? x : null;
}

/**
 * Mean and sample standard deviation (`n - 1` in the denominator; 0 for one value) of `values`;
 * both `null` when any value is `null` (a diverged seed makes the mean meaningless) or there are none.
 */
export function meanStd(values: readonly Finite[]): MeanStd {
  if (values.length === 0 || values.some((v) => v === null)) return { mean: null, std: null };
  const xs = values as number[];
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.length < 2 ? 0 : xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, std: Math.sqrt(variance) };
}
