import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orthonormalizeColumns } from '../linalg/host-block.js';
import { referenceLinAlg as la } from '../linalg/reference-linalg.js';
import { seededNormal } from '../linalg/seeded-random.js';
import { jacobiSvd } from '../testing/jacobi-svd.js';
import { gaussianMatrix, normalSource } from '../linalg/test-support/random.js';
import { hostTensor } from '../tensor.js';
import { project, rayleighRitz, ritzValues } from './rayleigh-ritz.js';

describe('rayleighRitz', () => {
  it('on a block spanning the row space finds the singular values exactly, with zero residuals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), fc.integer(), (m, n, seed) => {
        const data = gaussianMatrix(m, n, 1, normalSource(seed));
        const W = hostTensor([m, n], data, 'float64');
        const X = Float64Array.from({ length: n * n }, seededNormal(seed));
        orthonormalizeColumns(X, n, n, seededNormal(seed + 1));
        const projected = project(la, W, m, X, n);
        const b = rayleighRitz(la, W, m, n, X, n, projected);
        const { sigma } = jacobiSvd(data, m, n);
        const values = ritzValues(projected.G, n);
        const scale = Math.max(1, sigma[0]!) ** 2;
        for (let i = 0; i < n; i++) {
          expect(Math.abs(b.theta[i]! - (sigma[i] ?? 0) ** 2)).toBeLessThan(1e-13 * scale);
          expect(Math.abs(values[i]! - b.theta[i]!)).toBeLessThan(1e-13 * scale);
          expect(b.residual[i]!).toBeLessThan(1e-13 * scale);
        }
      }),
    );
  });

  it('gives orthonormal Ritz vectors with Z = W V, Y = W^T Z and Ritz values below the singular values', () => {
    const m = 12;
    const n = 9;
    const k = 4;
    const data = gaussianMatrix(m, n, 1, normalSource(3));
    const W = hostTensor([m, n], data, 'float64');
    const X = Float64Array.from({ length: n * k }, seededNormal(4));
    orthonormalizeColumns(X, n, k, seededNormal(5));
    const b = rayleighRitz(la, W, m, n, X, k, project(la, W, m, X, k));
    const Z = la.multiply(W, b.V, k);
    const Y = la.multiplyTransposed(W, b.Z, k);
    Z.forEach((z, i) => expect(b.Z[i]).toBeCloseTo(z, 12));
    Y.forEach((y, i) => expect(b.Y[i]).toBeCloseTo(y, 12));
    const { sigma } = jacobiSvd(data, m, n);
    for (let i = 0; i < k; i++) {
      expect(b.sigma[i]!).toBeLessThanOrEqual(sigma[i]! * (1 + 1e-12));
      for (let j = 0; j < k; j++) {
        let dot = 0;
        for (let r = 0; r < n; r++) dot += b.V[i * n + r]! * b.V[j * n + r]!;
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 13);
      }
      let residual = 0;
      for (let r = 0; r < n; r++) residual += (b.Y[i * n + r]! - b.theta[i]! * b.V[i * n + r]!) ** 2;
      expect(b.residual[i]).toBeCloseTo(Math.sqrt(residual), 13);
    }
  });

  it('rejects matrices whose singular values are not finite', () => {
    const W = hostTensor([2, 2], [1, NaN, 0, 1], 'float64');
    const X = Float64Array.of(1, 0);
    const projected = project(la, W, 2, X, 1);
    expect(() => rayleighRitz(la, W, 2, 2, X, 1, projected)).toThrow(/^W: singular values are not finite/);
    expect(() => ritzValues(projected.G, 1)).toThrow(/^W: singular values are not finite/);
  });
});
