/**
 * Learning rates half a decade apart.
 *
 * @module
 */

/**
 * The rate next to `lr` on the ladder `..., 0.001, 0.003, 0.01, 0.03, ...` (half decades), above
 * for `direction` 1 and below for -1; a rate off the ladder moves by a factor of `sqrt(10)`.
 */
export function neighbourRate(lr: number, direction: 1 | -1): number {
  const exponent = Math.floor(Math.log10(lr) + 1e-9);
  const mantissa = lr / 10 ** exponent;
  const round = (x: number) => Number(x.toPrecision(12));
  if (Math.abs(mantissa - 1) < 1e-9) return round(direction > 0 ? 3 * 10 ** exponent : 3 * 10 ** (exponent - 1));
  if (Math.abs(mantissa - 3) < 1e-9) return round(direction > 0 ? 10 ** (exponent + 1) : 10 ** exponent);
  return Number((direction > 0 ? lr * Math.sqrt(10) : lr / Math.sqrt(10)).toPrecision(3));
}
