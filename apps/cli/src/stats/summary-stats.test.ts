import { describe, expect, it } from 'vitest';
import { finite, maxOrNonFinite, meanStd } from './summary-stats.js';

describe('meanStd', () => {
  it('gives the mean and the sample standard deviation', () => {
    expect(meanStd([1, 2, 3, 4])).toEqual({ mean: 2.5, std: Math.sqrt(5 / 3) });
    expect(meanStd([7])).toEqual({ mean: 7, std: 0 });
  });

  it('is null when a value is null or there is none', () => {
    expect(meanStd([1, null])).toEqual({ mean: null, std: null });
    expect(meanStd([])).toEqual({ mean: null, std: null });
  });
});

describe('finite', () => {
  it('maps NaN and infinities to null', () => {
    expect([finite(1.5), finite(NaN), finite(-Infinity)]).toEqual([1.5, null, null]);
  });
});

describe('maxOrNonFinite', () => {
  it('is the largest value, or null when any is null', () => {
    expect(maxOrNonFinite([3, -1, 7.5, 2])).toBe(7.5);
    expect(maxOrNonFinite([3, null, 7.5])).toBeNull();
  });
});
