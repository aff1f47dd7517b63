import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { symmetricEigen, symmetricEigenvalues } from './symmetric-eigen.js';
import { normalSource, orthonormalBlock } from '../testing/random-matrices.js';

/** A symmetric `k x k` matrix with independent entries `(a[r, c] + a[c, r]) / 2`, column-major. */
const symmetric = fc.integer({ min: 1, max: 12 }).chain((k) =>
  fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: k * k, maxLength: k * k }).map((a) => {
    const A = new Float64Array(k * k);
    for (let c = 0; c < k; c++) for (let r = 0; r < k; r++) A[c * k + r] = (a[c * k + r]! + a[r * k + c]!) / 2;
    return { A, k };
  }),
);

/** `Q diag(lambda) Q^T` for a random orthogonal `Q`, column-major. */
function withEigenvalues(lambda: readonly number[], seed: number): Float64Array {
  const k = lambda.length;
  const Q = orthonormalBlock(k, k, normalSource(seed));
  const A = new Float64Array(k * k);
  for (let c = 0; c < k; c++) {
    for (let r = 0; r < k; r++) {
      let sum = 0;
      for (let l = 0; l < k; l++) sum += Q[l * k + r]! * lambda[l]! * Q[l * k + c]!;
      A[c * k + r] = sum;
    }
  }
  for (let c = 0; c < k; c++) for (let r = 0; r < c; r++) A[c * k + r] = A[r * k + c]!;
  return A;
}

/** Checks `A Q = Q diag(values)`, `Q^T Q = I` and decreasing values, to a multiple of `k 2^-53`. */
function checkDecomposition(A: Float64Array, k: number): Float64Array {
  const { values, vectors: Q } = symmetricEigen(A, k);
  const scale = Math.max(...A.map(Math.abs));
  expect(values).toHaveLength(k);
  expect(Q).toHaveLength(k * k);
  for (let j = 0; j < k; j++) {
    if (j > 0) expect(values[j]!).toBeLessThanOrEqual(values[j - 1]!);
    for (let r = 0; r < k; r++) {
      let aq = 0;
      for (let c = 0; c < k; c++) aq += A[c * k + r]! * Q[j * k + c]!;
      // The second term covers subnormal arithmetic, whose absolute spacing is 2^-1074.
      expect(Math.abs(aq - values[j]! * Q[j * k + r]!)).toBeLessThanOrEqual(64 * k * 2 ** -53 * scale + 4 * k * 2 ** -1074);
    }
    for (let p = 0; p < k; p++) {
      let dot = 0;
      for (let r = 0; r < k; r++) dot += Q[j * k + r]! * Q[p * k + r]!;
      expect(Math.abs(dot - (j === p ? 1 : 0))).toBeLessThanOrEqual(64 * k * 2 ** -53);
    }
  }
  return values;
}

describe('symmetricEigen', () => {
  it('diagonalises a known 2 x 2 matrix', () => {
    const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    expect(values[0]).toBeCloseTo(3, 14);
    expect(values[1]).toBeCloseTo(1, 14);
    expect(Math.abs(vectors[0]!)).toBeCloseTo(Math.SQRT1_2, 14);
    expect(vectors[0]! * vectors[1]!).toBeGreaterThan(0);
  });

  it('gives A Q = Q diag(values), Q orthogonal, values decreasing, on random symmetric matrices', () => {
    fc.assert(fc.property(symmetric, ({ A, k }) => void checkDecomposition(A, k)), { numRuns: 300 });
  });

  it('recovers prescribed spectra, repeated and clustered eigenvalues included', () => {
    const spectrum = fc.record({
      seed: fc.integer(),
      lambda: fc.array(
        fc.oneof(fc.constantFrom(-2, 0, 1, 3), fc.double({ min: 1 - 1e-9, max: 1 + 1e-9, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true })),
        { minLength: 1, maxLength: 30 },
      ),
    });
    fc.assert(
      fc.property(spectrum, ({ seed, lambda }) => {
        const k = lambda.length;
        const values = checkDecomposition(withEigenvalues(lambda, seed), k);
        const sorted = [...lambda].sort((x, y) => y - x);
        values.forEach((v, i) => expect(Math.abs(v - sorted[i]!)).toBeLessThanOrEqual(64 * k * 2 ** -53 * 5));
      }),
      { numRuns: 200 },
    );
  });

  it('handles larger blocks with many equal eigenvalues, as after a projection', () => {
    const lambda = Array.from({ length: 120 }, (_, i) => (i < 50 ? 3.24 : i < 60 ? 3.24 * (1 + 1e-7 * i) : 3 - i / 60));
    const values = checkDecomposition(withEigenvalues(lambda, 5), 120);
    expect(values[119]).toBeCloseTo(3 - 119 / 60, 12);
  });

  it('handles 1 x 1, 0 x 0, zero, diagonal and badly scaled matrices', () => {
    expect(symmetricEigen(Float64Array.of(-4), 1)).toEqual({ values: Float64Array.of(-4), vectors: Float64Array.of(1) });
    expect(symmetricEigen(new Float64Array(0), 0)).toEqual({ values: new Float64Array(0), vectors: new Float64Array(0) });
    const zero = symmetricEigen(new Float64Array(9), 3);
    expect(Array.from(zero.values)).toEqual([0, 0, 0]);
    checkDecomposition(new Float64Array(9), 3);
    const diagonal = symmetricEigen(Float64Array.of(1, 0, 0, 0, 5, 0, 0, 0, 3), 3);
    expect(Array.from(diagonal.values)).toEqual([5, 3, 1]);
    expect(Array.from(diagonal.vectors).map(Math.abs)).toEqual([0, 1, 0, 0, 0, 1, 1, 0, 0]);
    for (const scale of [1e-300, 1e300, Number.MAX_VALUE / 8]) {
      const A = withEigenvalues([4, -1, 2, 0.5], 9).map((x) => x * scale);
      const values = checkDecomposition(A, 4);
      [4, 2, 0.5, -1].forEach((v, i) => expect(values[i]! / scale).toBeCloseTo(v, 12));
    }
  });

  it('returns NaN values for non-finite input', () => {
    for (const bad of [NaN, Infinity]) {
      const { values, vectors } = symmetricEigen(Float64Array.of(1, bad, bad, 1), 2);
      expect(Array.from(values).every(Number.isNaN)).toBe(true);
      expect(vectors).toHaveLength(4);
    }
  });

  it('symmetricEigenvalues gives the same values without vectors', () => {
    fc.assert(
      fc.property(symmetric, ({ A, k }) => {
        const values = symmetricEigenvalues(A, k);
        const full = symmetricEigen(A, k).values;
        const scale = Math.max(1, ...A.map(Math.abs));
        values.forEach((v, i) => {
          if (i > 0) expect(v).toBeLessThanOrEqual(values[i - 1]!);
          expect(Math.abs(v - full[i]!)).toBeLessThanOrEqual(64 * k * 2 ** -53 * scale);
        });
      }),
    );
    const two = symmetricEigenvalues(Float64Array.of(2, 1, 1, 2), 2);
    expect(two[0]).toBeCloseTo(3, 14);
    expect(two[1]).toBeCloseTo(1, 14);
    expect(Array.from(symmetricEigenvalues(Float64Array.of(1, NaN, NaN, 1), 2)).every(Number.isNaN)).toBe(true);
    expect(symmetricEigenvalues(new Float64Array(0), 0)).toHaveLength(0);
  });
});
