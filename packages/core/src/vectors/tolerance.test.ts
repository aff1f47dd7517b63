import { describe, expect, it } from 'vitest';
import { FLOAT32_TOLERANCE, trajectoryAllowance, widen, worstError } from './tolerance.js';

describe('worstError', () => {
  const tol = { rel: 1e-3, abs: 1e-6 };
  it('is the largest |actual - expect| / (abs + rel |expect|)', () => {
    expect(worstError([1.0005, 2], [1, 2], tol)).toBeCloseTo(0.0005 / (1e-6 + 1e-3), 9);
    expect(worstError([1, 2], [1, 2], tol)).toBe(0);
    expect(worstError([1e-6], [0], tol)).toBeCloseTo(1, 12);
  });
  it('treats NaN and infinities strictly', () => {
    expect(worstError([NaN, Infinity, -Infinity], [NaN, Infinity, -Infinity], tol)).toBe(0);
    expect(worstError([NaN], [1], tol)).toBe(Infinity);
    expect(worstError([1], [NaN], tol)).toBe(Infinity);
    expect(worstError([Infinity], [-Infinity], tol)).toBe(Infinity);
    expect(worstError([3], [1e308], tol)).toBeGreaterThan(0);
  });
  it('fails any difference when the allowance is zero', () => {
    expect(worstError([1 + 2 ** -52], [1], { rel: 0, abs: 0 })).toBe(Infinity);
  });
  it('adds a per-element allowance', () => {
    expect(worstError([2e-6], [0], tol, [1e-6])).toBeCloseTo(1, 12);
  });
});

describe('trajectoryAllowance', () => {
  it('is t ulps-halves of the largest magnitude seen', () => {
    expect(Array.from(trajectoryAllowance(Float64Array.of(2, 0.5), 3))).toEqual([3 * 2 * 2 ** -24, 3 * 0.5 * 2 ** -24]);
  });
});

describe('widen', () => {
  it('takes the larger of each part', () => {
    expect(widen({ rel: 1e-12, abs: 1e-3 }, FLOAT32_TOLERANCE)).toEqual({ rel: 4e-6, abs: 1e-3 });
  });
});
