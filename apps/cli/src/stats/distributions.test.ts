import { describe, expect, it } from 'vitest';
import { fisherExactTwoSided, incompleteBeta, logGamma, studentTQuantile, studentTTwoSided } from './distributions.js';

// Expected values from SciPy 1.17 (scipy.special.gammaln, betainc; scipy.stats.t, fisher_exact),
// an independent implementation.
describe('logGamma', () => {
  it('matches known values, below and above 0.5', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5723649429247, 12);
    expect(logGamma(10.5)).toBeCloseTo(13.940625219403763, 11);
    expect(logGamma(1e-3)).toBeCloseTo(6.907178885383853, 11);
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(6)).toBeCloseTo(Math.log(120), 12);
  });
});

describe('incompleteBeta', () => {
  it('matches SciPy on both sides of the continued fraction switch', () => {
    expect(incompleteBeta(0.3, 2.5, 0.5)).toBeCloseTo(0.018927124071945658, 12);
    expect(incompleteBeta(0.01, 0.5, 30)).toBeCloseTo(0.560665631094749, 11);
    expect(incompleteBeta(0.95, 3, 1.5)).toBeCloseTo(0.9539684443694378, 11);
    expect(incompleteBeta(0.5, 5, 5)).toBeCloseTo(0.5, 13);
    expect([incompleteBeta(0, 2, 3), incompleteBeta(1, 2, 3)]).toEqual([0, 1]);
  });
});

describe("Student's t", () => {
  it('gives two-sided tail probabilities', () => {
    expect(studentTTwoSided(2, 3)).toBeCloseTo(0.13932596855884305, 11);
    expect(studentTTwoSided(-0.5, 1.7)).toBeCloseTo(0.6741845249243278, 11);
    expect(studentTTwoSided(10, 2)).toBeCloseTo(0.00985245702332569, 12);
    expect(studentTTwoSided(0, 4)).toBe(1);
    expect(studentTTwoSided(Infinity, 4)).toBe(0);
  });

  it('gives the 97.5 % quantiles of the textbook tables', () => {
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.302652729749462, 9);
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.7764451051977934, 9);
    expect(studentTQuantile(0.975, 2.5)).toBeCloseTo(3.5746548420036817, 9);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0422724563012378, 9);
  });
});

describe('fisherExactTwoSided', () => {
  it('matches SciPy', () => {
    expect(fisherExactTwoSided(3, 3, 0, 3)).toBeCloseTo(0.1, 12);
    expect(fisherExactTwoSided(9, 9, 0, 9)).toBeCloseTo(4.1135335252982315e-5, 15);
    expect(fisherExactTwoSided(2, 7, 4, 5)).toBeCloseTo(0.24242424242424246, 12);
    expect(fisherExactTwoSided(1, 4, 8, 14)).toBeCloseTo(0.5764705882352941, 12);
    expect(fisherExactTwoSided(2, 4, 2, 4)).toBeCloseTo(1, 12);
  });
});
