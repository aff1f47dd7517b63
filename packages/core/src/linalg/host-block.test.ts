import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnNorm, gram, orthonormalityError, orthonormalizeColumns, rotate } from './host-block.js';
import { seededNormal } from './seeded-random.js';

function maxOrthogonalityError(X: Float64Array, len: number, k: number): number {
  const G = gram(X, len, k);
  let worst = 0;
  for (let p = 0; p < k; p++) for (let q = 0; q < k; q++) worst = Math.max(worst, Math.abs(G[p * k + q]! - (p === q ? 1 : 0)));
  return worst;
}

describe('host blocks', () => {
  it('gram, rotate and columnNorm follow the column-major layout', () => {
    const X = Float64Array.of(1, 2, 3, 4, 5, 6); // columns [1 2 3], [4 5 6]
    expect(Array.from(gram(X, 3, 2))).toEqual([14, 32, 32, 77]);
    expect(columnNorm(X, 3, 1)).toBeCloseTo(Math.sqrt(77), 14);
    const Q = Float64Array.of(0, 1, 2, 0); // X Q = [X_1, 2 X_0]
    expect(Array.from(rotate(X, 3, 2, Q, 2))).toEqual([4, 5, 6, 2, 4, 6]);
    expect(Array.from(rotate(X, 3, 2, Q, 1))).toEqual([4, 5, 6]);
  });

  it('orthonormalizeColumns gives orthonormal columns spanning the same nested subspaces', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer(), (len, kk, seed) => {
        const k = Math.min(len, kk);
        const rand = seededNormal(seed);
        const X = Float64Array.from({ length: len * k }, rand);
        const Q = Float64Array.from(X);
        orthonormalizeColumns(Q, len, k, rand);
        expect(maxOrthogonalityError(Q, len, k)).toBeLessThan(1e-13);
        // Column j of X lies in the span of the first j + 1 columns of Q.
        for (let j = 0; j < k; j++) {
          const x = X.subarray(j * len, (j + 1) * len);
          const rest = Float64Array.from(x);
          for (let p = 0; p <= j; p++) {
            const q = Q.subarray(p * len, (p + 1) * len);
            const dot = q.reduce((acc, v, i) => acc + v * x[i]!, 0);
            q.forEach((v, i) => (rest[i] = rest[i]! - dot * v));
          }
          expect(Math.hypot(...rest)).toBeLessThan(1e-12 * Math.hypot(...x));
        }
      }),
    );
  });

  it('orthonormalises nearly dependent columns to working precision, reorthogonalising them', () => {
    for (const spread of [1e-3, 1e-6, 1e-9]) {
      const rand = seededNormal(8);
      const base = Float64Array.from({ length: 30 }, rand);
      const X = Float64Array.from({ length: 30 * 6 }, (_, i) => base[i % 30]! + spread * rand());
      orthonormalizeColumns(X, 30, 6, rand);
      expect(maxOrthogonalityError(X, 30, 6)).toBeLessThan(1e-14);
    }
  });

  it('replaces zero and dependent columns by fresh orthonormal ones', () => {
    const X = Float64Array.of(1, 1, 0, 0, 2, 2, 0, 0, 0, 0, 0, 0); // 4 x 3: c1 = 2 c0, c2 = 0
    orthonormalizeColumns(X, 4, 3, seededNormal(3));
    expect(maxOrthogonalityError(X, 4, 3)).toBeLessThan(1e-14);
    expect(X[0]).toBeCloseTo(Math.SQRT1_2, 15);
    expect(X[1]).toBeCloseTo(Math.SQRT1_2, 15);
  });

  it('orthonormalityError measures the largest entry of |X^T X - I|', () => {
    expect(orthonormalityError(Float64Array.of(1, 0, 0, 0, 1, 0), 3, 2)).toBe(0);
    expect(orthonormalityError(Float64Array.of(1, 0, 0, 0.6, 0.8, 0), 3, 2)).toBeCloseTo(0.6, 15);
    expect(orthonormalityError(Float64Array.of(2, 0), 2, 1)).toBe(3);
    const X = Float64Array.from({ length: 40 }, seededNormal(2));
    orthonormalizeColumns(X, 10, 4, seededNormal(3));
    expect(orthonormalityError(X, 10, 4)).toBeCloseTo(maxOrthogonalityError(X, 10, 4), 17);
  });

  it('keeps the columns before `from` and rejects more columns than rows', () => {
    const X = Float64Array.of(1, 0, 0, 1, 1, 1);
    orthonormalizeColumns(X, 3, 2, seededNormal(1), 1);
    expect(Array.from(X.subarray(0, 3))).toEqual([1, 0, 0]);
    expect(X[3]).toBe(0);
    expect(() => orthonormalizeColumns(new Float64Array(6), 2, 3, seededNormal(1))).toThrow(/k: at most 2/);
  });
});
