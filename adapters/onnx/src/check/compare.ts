/**
 * Distances in ulps in either dtype, for comparing a model's trajectory with core's reference.
 *
 * @module
 */
import { ulpDistance, type DType } from '@stablegrad/core';

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The position of a float64 value among all float64 values (`+0` and `-0` both 0). */
function float64Ordinal(x: number): bigint {
  f64[0] = x;
  const bits = i64[0]!;
  return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
}

/**
 * Units in the last place between `a` and `b` in `dtype` (core's `ulpDistance` for float32, the
 * same count over float64 values for float64): 0 for equal values, `+0` against `-0` and NaN
 * against NaN; `Infinity` for NaN against a number.
 */
export function ulpsApart(a: number, b: number, dtype: DType): number {
  if (dtype === 'float32') return ulpDistance(a, b);
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const d = float64Ordinal(a) - float64Ordinal(b);
  return Number(d < 0n ? -d : d);
}
