import { describe, expect, it } from 'vitest';
import { clipping, settled, shortfall, stopped } from './certificate.js';
import type { RitzBlock } from './rayleigh-ritz.js';

const S = 1.8;
const TOL = 1e-6;

/** A block with the given singular value estimates and residuals (vectors are not looked at). */
function block(sigma: number[], residual: number[]): RitzBlock {
  const empty = new Float64Array(0);
  return {
    theta: Float64Array.from(sigma, (x) => x * x),
    sigma: Float64Array.from(sigma),
    residual: Float64Array.from(residual),
    V: empty,
    Z: empty,
    Y: empty,
  };
}

describe('certificate', () => {
  it('counts clipped values and the reach below the smaller of s and the guard', () => {
    expect(clipping(Float64Array.of(3, 2, 1.7, 1.3, 1), S, TOL)).toEqual({ above: 2, near: 4 });
    expect(clipping(Float64Array.of(1, 0.9, 0.5), S, TOL)).toEqual({ above: 0, near: 2 });
    expect(clipping(Float64Array.of(3, 2), S, TOL)).toEqual({ above: 2, near: 2 });
    expect(clipping(Float64Array.of(3, 0, 0), S, TOL)).toEqual({ above: 1, near: 1 });
    // Within rounding of s a value counts as at the bound; above it by more it is clipped.
    expect(clipping(Float64Array.of(S * (1 + 2 ** -50), 1), S, TOL).above).toBe(0);
    expect(clipping(Float64Array.of(S * (1 + 2 ** -46), 1), S, TOL).above).toBe(1);
    expect(clipping(Float64Array.of(S * (1 + 2 ** -50), 1), S, 2 ** -50).above).toBe(1);
  });

  it('settles once the clipped residuals and the guard bound are met and the block reaches', () => {
    const bound = (TOL * S) / Math.sqrt(2);
    const ok = block([3, 2, 1.7, 1], [0.9 * bound * 3, 0.9 * bound * 2, 1e-3, 1]);
    const c = clipping(ok.sigma, S, TOL);
    expect(settled(ok, c, 10, S, TOL)).toBe(true);
    expect(settled(block([3, 2, 1.7, 1], [1.1 * bound * 3, 0, 0, 0]), c, 10, S, TOL)).toBe(false);
    // The guard's value plus residual must stay below (s (1 + tol / 2))^2.
    expect(settled(block([3, 2, 1.7, 1], [0, 0, (S * (1 + TOL / 2)) ** 2 - 1.7 ** 2 + 1e-9, 0]), c, 10, S, TOL)).toBe(false);
    // A block that does not reach far enough only settles when it spans the row space.
    const short = block([3, 2, 1.7], [0, 0, 0]);
    expect(settled(short, clipping(short.sigma, S, TOL), 10, S, TOL)).toBe(false);
    expect(settled(short, clipping(short.sigma, S, TOL), 3, S, TOL)).toBe(true);
    const all = block([3, 2], [0, 0]);
    expect(settled(all, clipping(all.sigma, S, TOL), 2, S, TOL)).toBe(true);
  });

  it('calls the guard stopped when it moved by at most (tol / 2) s^2 within blocks of one size', () => {
    const previous = Float64Array.of(9, 4, 2.89);
    const step = (TOL / 2) * S * S;
    expect(stopped(Float64Array.of(9, 4, 2.89 + 0.9 * step), previous, 2, S, TOL)).toBe(true);
    expect(stopped(Float64Array.of(9, 4, 2.89 + 1.1 * step), previous, 2, S, TOL)).toBe(false);
    expect(stopped(Float64Array.of(9, 4, 2.89), undefined, 2, S, TOL)).toBe(false);
    expect(stopped(Float64Array.of(9, 4, 2.89, 1), previous, 2, S, TOL)).toBe(false);
    expect(stopped(Float64Array.of(9, 4), undefined, 2, S, TOL)).toBe(true);
  });

  it('measures the shortfall as the worst ratio of residual to bound', () => {
    const b = block([3, 2, 1.7, 1], [1e-3, 1e-6, 1e-4, 0]);
    const c = clipping(b.sigma, S, TOL);
    const clipBound = (TOL * S) / Math.sqrt(2);
    const edge = 1;
    const expected = Math.max(
      1e-3 / (clipBound * 3),
      1e-6 / (clipBound * 2),
      1e-4 / ((S * (1 + TOL / 2)) ** 2 - 1.7 ** 2),
      1e-4 / Math.sqrt((TOL / 2) * S * S * (1.7 ** 2 - edge)),
    );
    expect(shortfall(b, c, edge, S, TOL)).toBeCloseTo(expected, 10);
    expect(shortfall(block([1, 0.5], [0, 0]), clipping(Float64Array.of(1, 0.5), S, TOL), 0.25, S, TOL)).toBe(0);
  });
});
