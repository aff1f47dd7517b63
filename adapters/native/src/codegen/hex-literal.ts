/**
 * Exact C++ spellings of float64 values.
 *
 * @module
 */

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/**
 * A C++ hexadecimal floating literal that reads back as exactly `x` (C++17 `0x1.8p+1` form; `-0`
 * as `-0x0p+0`). Non-finite values have no literal: they are spelled by the caller.
 *
 * @throws RangeError for NaN and infinities
 */
export function hexDouble(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`x: expected a finite number, got ${x}`);
  f64[0] = x;
  const bits = u64[0]!;
  const sign = bits >> 63n ? '-' : '';
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const mantissa = (bits & 0xfffffffffffffn).toString(16).padStart(13, '0');
  if (exponent === 0) return `${sign}0x0.${mantissa}p-1022`;
  return `${sign}0x1.${mantissa}p${exponent - 1023 >= 0 ? '+' : ''}${exponent - 1023}`;
}

/** The 64 bits of `x` as 16 hexadecimal digits (distinguishes `-0` from `0` and keeps NaN payloads). */
export function float64Bits(x: number): string {
  f64[0] = x;
  return u64[0]!.toString(16).padStart(16, '0');
}
