import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { symmetricEigen } from './symmetric-eigen.js';

const symmetric = fc.integer({ min: 1, max: 10 }).chain((k) =>
  fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: k * k, maxLength: k * k }).map((a) => {
    const A = new Float64Array(k * k);
    for (let c = 0; c < k; c++) for (let r = 0; r < k; r++) A[c * k + r] = (a[c * k + r]! + a[r * k + c]!) / 2;
    return { A, k };
  }),
);

describe('symmetricEigen', () => {
  it('diagonalises a known 2 x 2 matrix', () => {
    const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    expect(values[0]).toBeCloseTo(3, 14);
    expect(values[1]).toBeCloseTo(1, 14);
    expect(Math.abs(vectors[0]!)).toBeCloseTo(Math.SQRT1_2, 14);
    expect(vectors[0]! * vectors[1]!).toBeGreaterThan(0);
  });

  it('gives A Q = Q diag(values), Q orthogonal, values decreasing', () => {
    fc.assert(
      fc.property(symmetric, ({ A, k }) => {
        const { values, vectors: Q } = symmetricEigen(A, k);
        const scale = Math.max(1, ...A.map(Math.abs));
        for (let j = 0; j < k; j++) {
          if (j > 0) expect(values[j]!).toBeLessThanOrEqual(values[j - 1]!);
          for (let r = 0; r < k; r++) {
            let aq = 0;
            for (let c = 0; c < k; c++) aq += A[c * k + r]! * Q[j * k + c]!;
            expect(Math.abs(aq - values[j]! * Q[j * k + r]!)).toBeLessThan(1e-12 * scale * k);
          }
          for (let p = 0; p < k; p++) {
            let dot = 0;
            for (let r = 0; r < k; r++) dot += Q[j * k + r]! * Q[p * k + r]!;
            expect(Math.abs(dot - (j === p ? 1 : 0))).toBeLessThan(1e-13 * k);
          }
        }
      }),
    );
  });
});
