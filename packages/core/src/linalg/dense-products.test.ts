import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { multiplyBlock, multiplyTransposedBlock } from './dense-products.js';
import { normalSource } from '../testing/random-matrices.js';

describe('dense block products', () => {
  it('equal the plain left-to-right sums exactly, for every blocking remainder', () => {
    const size = fc.integer({ min: 0, max: 14 });
    fc.assert(
      fc.property(size, size, size, fc.boolean(), fc.integer(), (m, n, k, single, seed) => {
        const rand = normalSource(seed);
        const w = single ? Float32Array.from({ length: m * n }, rand) : Float64Array.from({ length: m * n }, rand);
        const X = Float64Array.from({ length: n * k }, rand);
        const Y = Float64Array.from({ length: m * k }, rand);
        const WX = multiplyBlock(w, m, n, X, k);
        const WtY = multiplyTransposedBlock(w, m, n, Y, k);
        for (let l = 0; l < k; l++) {
          for (let i = 0; i < m; i++) {
            let sum = 0;
            for (let j = 0; j < n; j++) sum += w[i * n + j]! * X[l * n + j]!;
            expect(WX[l * m + i]).toBe(sum);
          }
          for (let j = 0; j < n; j++) {
            let sum = 0;
            for (let i = 0; i < m; i++) sum += w[i * n + j]! * Y[l * m + i]!;
            expect(WtY[l * n + j]).toBe(sum);
          }
        }
      }),
    );
  });
});
