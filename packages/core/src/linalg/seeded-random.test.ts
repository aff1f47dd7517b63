import { describe, expect, it } from 'vitest';
import { seededNormal } from './seeded-random.js';

describe('seededNormal', () => {
  it('repeats a sequence for a seed and differs between seeds', () => {
    const a = Array.from({ length: 5 }, seededNormal(42));
    expect(Array.from({ length: 5 }, seededNormal(42))).toEqual(a);
    expect(Array.from({ length: 5 }, seededNormal(43))).not.toEqual(a);
  });

  it('has the moments of a standard normal', () => {
    const next = seededNormal(7);
    const x = Array.from({ length: 20000 }, next);
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(x.every(Number.isFinite)).toBe(true);
  });
});
