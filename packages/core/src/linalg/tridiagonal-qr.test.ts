import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tridiagonalQr } from './tridiagonal-qr.js';

/** Checks `T Z = Z diag(d)` and `Z^T Z = I` for the tridiagonal `(d0, e0)` after `tridiagonalQr`. */
function check(d0: readonly number[], e0: readonly number[]): number[] {
  const k = d0.length;
  const d = Float64Array.from(d0);
  const e = Float64Array.from({ length: k }, (_, i) => e0[i] ?? 0);
  const Z = new Float64Array(k * k);
  for (let i = 0; i < k; i++) Z[i * k + i] = 1;
  tridiagonalQr(d, e, Z, k);
  const norm = Math.max(0, ...d0.map(Math.abs), ...e0.map(Math.abs));
  // The documented accuracy: a few 2^-53 ||T||, and 2^-1022 below which subdiagonals deflate.
  const bound = 32 * k * 2 ** -53 * norm + 2 ** -1022;
  for (let j = 0; j < k; j++) {
    for (let r = 0; r < k; r++) {
      let tz = d0[r]! * Z[j * k + r]!;
      if (r > 0) tz += e0[r - 1]! * Z[j * k + r - 1]!;
      if (r + 1 < k) tz += e0[r]! * Z[j * k + r + 1]!;
      expect(Math.abs(tz - d[j]! * Z[j * k + r]!)).toBeLessThanOrEqual(bound);
    }
    for (let p = 0; p < k; p++) {
      let dot = 0;
      for (let r = 0; r < k; r++) dot += Z[j * k + r]! * Z[p * k + r]!;
      expect(Math.abs(dot - (j === p ? 1 : 0))).toBeLessThanOrEqual(32 * k * 2 ** -53);
    }
  }
  const without = Float64Array.from(d0);
  tridiagonalQr(without, Float64Array.from({ length: k }, (_, i) => e0[i] ?? 0), undefined, k);
  expect(Array.from(without)).toEqual(Array.from(d));
  return Array.from(d).sort((x, y) => x - y);
}

describe('tridiagonalQr', () => {
  it('finds the eigenvalues 2 - 2 cos(j pi / (k + 1)) of the second-difference matrix', () => {
    const k = 40;
    const values = check(Array(k).fill(2), Array(k - 1).fill(-1));
    values.forEach((v, j) => expect(v).toBeCloseTo(2 - 2 * Math.cos(((j + 1) * Math.PI) / (k + 1)), 13));
  });

  it("resolves the nearly equal pairs of Wilkinson's W21+", () => {
    const values = check(
      Array.from({ length: 21 }, (_, i) => Math.abs(10 - i)),
      Array(20).fill(1),
    );
    expect(values[20]! - values[19]!).toBeGreaterThan(0);
    expect(values[20]! - values[19]!).toBeLessThan(1e-12);
    expect(values[20]).toBeCloseTo(10.746194182903393, 12);
  });

  it('diagonalises random tridiagonal matrices, split ones and 1 x 1', () => {
    const entry = fc.oneof(fc.double({ min: -10, max: 10, noNaN: true }), fc.constant(0));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }).chain((k) => fc.tuple(fc.array(entry, { minLength: k, maxLength: k }), fc.array(entry, { minLength: k - 1, maxLength: k - 1 }))),
        ([d, e]) => void check(d, e),
      ),
    );
    expect(check([7], [])).toEqual([7]);
    expect(check([0, 0, 0], [0, 0])).toEqual([0, 0, 0]);
    expect(check([0, 0], [-7.105427363e-315])).toHaveLength(2);
  });

  it('throws when the input is not finite', () => {
    const d = Float64Array.of(1, NaN);
    expect(() => tridiagonalQr(d, Float64Array.of(1, 0), undefined, 2)).toThrow(/no convergence/);
  });
});
