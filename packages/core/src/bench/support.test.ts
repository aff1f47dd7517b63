import { describe, expect, it } from 'vitest';
import { median, pseudoRandomArray, stepBytesPerParam } from './support.js';

describe('bench support', () => {
  it('counts the bytes a float32 step moves per parameter: SDProp and Adam 28, SGD with momentum 20', () => {
    expect(stepBytesPerParam(2)).toBe(28);
    expect(stepBytesPerParam(1)).toBe(20);
  });

  it('fills the same values for the same seed, within [-0.5, 0.5)', () => {
    const a = pseudoRandomArray(1000, 3);
    expect(Array.from(a)).toEqual(Array.from(pseudoRandomArray(1000, 3)));
    expect(Array.from(a)).not.toEqual(Array.from(pseudoRandomArray(1000, 4)));
    expect(a.every((x) => x >= -0.5 && x < 0.5)).toBe(true);
  });

  it('takes the median, the upper one of an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(3);
  });
});
