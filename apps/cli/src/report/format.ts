/**
 * Numbers as the report's tables show them.
 *
 * @module
 */
import type { Finite, MeanStd } from '../stats/summary-stats.js';

/** How a `null` (non-finite) figure is shown. */
export const NON_FINITE = 'non-finite';

/** `x` with `digits` significant digits (plain notation between 1e-3 and 1e5), or {@link NON_FINITE}. */
export function formatNumber(x: Finite, digits = 4): string {
  if (x === null) return NON_FINITE;
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) return String(Number(x.toPrecision(digits)));
  return x.toExponential(digits - 1);
}

/** `mean ± std`, each with `digits` significant digits, scaled by `scale` (100 for percentages). */
export function formatMeanStd(m: MeanStd, digits = 4, scale = 1): string {
  if (m.mean === null || m.std === null) return NON_FINITE;
  return `${formatNumber(m.mean * scale, digits)} ± ${formatNumber(m.std * scale, 2)}`;
}

/** Milliseconds with two decimals. */
export function formatMs(ms: number): string {
  return ms.toFixed(2);
}
