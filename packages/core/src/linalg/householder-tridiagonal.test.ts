import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tridiagonalize } from './householder-tridiagonal.js';
import { normalSource } from '../testing/random-matrices.js';

/** A random symmetric `k x k` matrix, column-major, entries scaled by `scale`. */
function randomSymmetric(k: number, seed: number, scale = 1): Float64Array {
  const rand = normalSource(seed);
  const A = new Float64Array(k * k);
  for (let c = 0; c < k; c++) for (let r = c; r < k; r++) A[c * k + r] = A[r * k + c] = scale * rand();
  return A;
}

/** The largest entry of `|Q T Q^T - A|` and of `|Q^T Q - I|`. */
function errors(A: Float64Array, k: number): { reconstruction: number; orthogonality: number } {
  const { diagonal: d, offDiagonal: e, Q } = tridiagonalize(A, k);
  const q = Q!;
  const T = (i: number, j: number): number => (i === j ? d[i]! : i === j + 1 ? e[j]! : j === i + 1 ? e[i]! : 0);
  let reconstruction = 0;
  let orthogonality = 0;
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) {
      let x = 0;
      let y = 0;
      for (let a = 0; a < k; a++) {
        y += q[r * k + a]! * q[c * k + a]!;
        for (let b = Math.max(0, a - 1); b <= Math.min(k - 1, a + 1); b++) x += q[a * k + r]! * T(a, b) * q[b * k + c]!;
      }
      reconstruction = Math.max(reconstruction, Math.abs(x - A[c * k + r]!));
      orthogonality = Math.max(orthogonality, Math.abs(y - (r === c ? 1 : 0)));
    }
  }
  return { reconstruction, orthogonality };
}

describe('tridiagonalize', () => {
  it('gives A = Q T Q^T with Q orthogonal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.integer(), (k, seed) => {
        const A = randomSymmetric(k, seed);
        const scale = Math.max(...A.map(Math.abs));
        const { reconstruction, orthogonality } = errors(A, k);
        expect(reconstruction).toBeLessThanOrEqual(32 * k * 2 ** -53 * scale);
        expect(orthogonality).toBeLessThanOrEqual(32 * k * 2 ** -53);
      }),
    );
  });

  it('reads only the lower triangle and gives the same T without Q', () => {
    const A = randomSymmetric(9, 4);
    const lower = Float64Array.from(A, (x, i) => (i % 9 >= Math.floor(i / 9) ? x : NaN));
    const full = tridiagonalize(A, 9);
    const fromLower = tridiagonalize(lower, 9, false);
    expect(fromLower.Q).toBeUndefined();
    expect(fromLower.diagonal).toEqual(full.diagonal);
    expect(fromLower.offDiagonal).toEqual(full.offDiagonal);
  });

  it('leaves a tridiagonal matrix as it is and handles tiny, huge and zero columns', () => {
    const T = Float64Array.of(1, 2, 0, 2, 3, 4, 0, 4, 5);
    const r = tridiagonalize(T, 3);
    expect(Array.from(r.diagonal)).toEqual([1, 3, 5]);
    expect(Array.from(r.offDiagonal)).toEqual([2, 4, 0]);
    expect(Array.from(r.Q!)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    for (const scale of [1e-300, 1e-160, 1e150]) {
      const A = randomSymmetric(7, 5, scale);
      const { reconstruction, orthogonality } = errors(A, 7);
      expect(reconstruction).toBeLessThanOrEqual(32 * 7 * 2 ** -53 * scale * 4);
      expect(orthogonality).toBeLessThanOrEqual(32 * 7 * 2 ** -53);
    }
    // A column that is zero below the subdiagonal except for a subnormal entry.
    const A = new Float64Array(16);
    A[3] = A[12] = 5e-324;
    A[1] = A[4] = 1;
    A[15] = 2;
    expect(errors(A, 4).orthogonality).toBeLessThanOrEqual(2 ** -50);
    expect(tridiagonalize(new Float64Array(0), 0).diagonal).toHaveLength(0);
  });
});
