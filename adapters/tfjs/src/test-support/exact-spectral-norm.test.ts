import { describe, expect, it } from 'vitest';
import { exactSpectralNorm } from './exact-spectral-norm.js';

describe('exactSpectralNorm (test helper)', () => {
  it('finds the largest singular value of matrices with known spectra', () => {
    expect(exactSpectralNorm([1, 1, 0, 1], 2, 2)).toBeCloseTo((1 + Math.sqrt(5)) / 2, 14);
    expect(exactSpectralNorm([0, 0, 2, 0, -7, 0], 2, 3)).toBeCloseTo(7, 14);
    expect(exactSpectralNorm([0, 0, 0, 0], 2, 2)).toBe(0);
  });

  it('is invariant under rotations on both sides', () => {
    // W = R(a) diag(3, 1.5, 0.5) R(b) with plane rotations: singular values 3, 1.5, 0.5.
    const rot = (t: number, i: number, j: number) => {
      const R = [1, 0, 0, 0, 1, 0, 0, 0, 1];
      R[i * 3 + i] = Math.cos(t);
      R[j * 3 + j] = Math.cos(t);
      R[i * 3 + j] = -Math.sin(t);
      R[j * 3 + i] = Math.sin(t);
      return R;
    };
    const mul = (A: number[], B: number[]) =>
      Array.from({ length: 9 }, (_, k) => [0, 1, 2].reduce((s, l) => s + A[Math.floor(k / 3) * 3 + l]! * B[l * 3 + (k % 3)]!, 0));
    const W = mul(mul(rot(0.7, 0, 2), [3, 0, 0, 0, 1.5, 0, 0, 0, 0.5]), mul(rot(-1.1, 1, 2), rot(0.3, 0, 1)));
    expect(exactSpectralNorm(W, 3, 3)).toBeCloseTo(3, 13);
  });
});
