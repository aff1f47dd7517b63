/**
 * Distances in units in the last place, for bit-exactness checks.
 *
 * @module
 */

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/**
 * The position of a float32 value on the number line of all float32 values: consecutive floats
 * have consecutive ordinals, `+0` and `-0` both map to 0.
 */
export function float32Ordinal(x: number): number {
  f32[0] = x;
  const bits = i32[0]!;
  return bits < 0 ? -(bits & 0x7fffffff) : bits;
}

/**
 * Number of float32 values between `a` and `b` after rounding both to float32: 0 means the same
 * value (`+0` and `-0` count as equal, and so do two NaNs); a NaN against a number is `Infinity`.
 */
export function ulpDistance(a: number, b: number): number {
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  if (an || bn) return an && bn ? 0 : Infinity;
  return Math.abs(float32Ordinal(a) - float32Ordinal(b));
}
