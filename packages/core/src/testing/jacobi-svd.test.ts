import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clipSingularValues, jacobiSvd, spectralNorm } from './jacobi-svd.js';
import { gaussianMatrix, matrixWithSingularValues, normalSource } from './random-matrices.js';

describe('jacobiSvd (test oracle)', () => {
  it('reconstructs the matrix with orthonormal factors, for tall and wide shapes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer(), (m, n, seed) => {
        const a = gaussianMatrix(m, n, 1, normalSource(seed));
        const { sigma, U, V } = jacobiSvd(a, m, n);
        const r = Math.min(m, n);
        expect(sigma).toHaveLength(r);
        for (let l = 1; l < r; l++) expect(sigma[l]!).toBeLessThanOrEqual(sigma[l - 1]!);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let x = 0;
            for (let l = 0; l < r; l++) x += U[l * m + i]! * sigma[l]! * V[l * n + j]!;
            expect(Math.abs(x - a[i * n + j]!)).toBeLessThan(1e-13);
          }
        }
        for (let p = 0; p < r; p++) {
          for (let q = 0; q < r; q++) {
            let uu = 0;
            let vv = 0;
            for (let i = 0; i < m; i++) uu += U[p * m + i]! * U[q * m + i]!;
            for (let j = 0; j < n; j++) vv += V[p * n + j]! * V[q * n + j]!;
            expect(Math.abs(uu - (p === q ? 1 : 0))).toBeLessThan(1e-13);
            expect(Math.abs(vv - (p === q ? 1 : 0))).toBeLessThan(1e-13);
          }
        }
      }),
    );
  });

  it('recovers prescribed singular values, zeros included', () => {
    const a = matrixWithSingularValues(7, 4, [5, 2, 2, 0], normalSource(1));
    const { sigma } = jacobiSvd(a, 7, 4);
    [5, 2, 2, 0].forEach((s, i) => expect(sigma[i]).toBeCloseTo(s, 13));
    expect(spectralNorm(a, 7, 4)).toBeCloseTo(5, 13);
  });

  it('clips singular values above s and keeps the others', () => {
    const rand = normalSource(2);
    const a = matrixWithSingularValues(5, 6, [4, 3, 1, 0.5], rand);
    const { sigma } = jacobiSvd(clipSingularValues(a, 5, 6, 2), 5, 6);
    [2, 2, 1, 0.5, 0].forEach((s, i) => expect(sigma[i]).toBeCloseTo(s, 13));
    const unclipped = clipSingularValues(a, 5, 6, 10);
    unclipped.forEach((x, i) => expect(x).toBeCloseTo(a[i]!, 13));
  });
});
