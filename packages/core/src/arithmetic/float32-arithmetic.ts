/**
 * The float32 arithmetic a backend declares: strict IEEE 754, or IEEE 754 with subnormals flushed
 * to zero.
 *
 * @module
 */

/**
 * How a backend computes in float32.
 *
 * - `ieee`: every operation is IEEE 754 binary32 with round-to-nearest-even, subnormals included.
 * - `ftz`: the same, except that subnormal numbers (magnitude below `2^-126`) do not exist: an
 *   operation reads a subnormal operand as zero of the same sign and writes a subnormal result as
 *   zero of the same sign. This is what x86 CPUs do with the MXCSR bits FTZ and DAZ set
 *   (TensorFlow's CPU kernels), and what GPU shaders commonly do (WebGL and WebGPU on SwiftShader).
 */
export type Float32Arithmetic = 'ieee' | 'ftz';

/** Every {@link Float32Arithmetic}. */
export const FLOAT32_ARITHMETICS: readonly Float32Arithmetic[] = ['ieee', 'ftz'];

/** The smallest positive normal float32, `2^-126`. */
export const FLOAT32_MIN_NORMAL = 2 ** -126;

/** Whether `x` is a float32 subnormal: non-zero with magnitude below `2^-126`. */
export function isSubnormal32(x: number): boolean {
  return x !== 0 && Math.abs(x) < FLOAT32_MIN_NORMAL;
}

/**
 * `x` as `ftz` arithmetic reads it: a subnormal becomes zero of the same sign; every other value
 * (zeros, normals, infinities, NaN) is unchanged.
 */
export function flushSubnormal(x: number): number {
  return isSubnormal32(x) ? (x < 0 ? -0 : 0) : x;
}

/**
 * Rounds a float64 result to float32 as `arithmetic` writes it: `Math.fround`, then under `ftz`
 * a subnormal result becomes zero of its sign.
 */
export function float32Rounding(arithmetic: Float32Arithmetic): (x: number) => number {
  return arithmetic === 'ieee' ? Math.fround : (x) => flushSubnormal(Math.fround(x));
}

/**
 * Checks an arithmetic name.
 *
 * @param where - names the value in the error
 * @throws RangeError naming `where` and the allowed names
 */
export function checkArithmetic(value: unknown, where: string): Float32Arithmetic {
  if (value === 'ieee' || value === 'ftz') return value;
  throw new RangeError(`${where}: expected one of ${FLOAT32_ARITHMETICS.join(', ')}, got ${JSON.stringify(value)}`);
}
