import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostTensor, type HostTensor } from '../tensor.js';
import { referenceLinAlg as la } from './reference-linalg.js';

const dims = fc.integer({ min: 0, max: 9 });
const entry = fc.double({ min: -100, max: 100, noNaN: true });

/** An `m x n` float32 or float64 matrix with its entries. */
const matrix = fc
  .tuple(dims, dims, fc.constantFrom('float32' as const, 'float64' as const))
  .chain(([m, n, dtype]) =>
    fc.array(entry, { minLength: m * n, maxLength: m * n }).map((d) => hostTensor([m, n], d, dtype)),
  );

function at(W: HostTensor, i: number, j: number): number {
  return W.data[i * W.shape[1]! + j]!;
}

describe('referenceLinAlg', () => {
  it('shape returns the tensor shape', () => {
    expect(la.shape(hostTensor([2, 3], [1, 2, 3, 4, 5, 6]))).toEqual([2, 3]);
  });

  it('sumOfSquares accumulates in float64, also for float32 data', () => {
    const t = hostTensor([3], [1e20, 3, 4], 'float32');
    expect(la.sumOfSquares(t)).toBe(Math.fround(1e20) ** 2 + 25);
    expect(la.sumOfSquares(hostTensor([0], []))).toBe(0);
    expect(la.sumOfSquares(hostTensor([2], [1, NaN]))).toBeNaN();
    expect(la.sumOfSquares(hostTensor([2], [1e200, 1], 'float64'))).toBe(Infinity);
  });

  it('scale makes a new tensor in the same dtype, rounded once', () => {
    const t = hostTensor([2, 2], [1, 2, 3, 0.1], 'float32');
    const r = la.scale(t, 1 / 3);
    expect(r.data).toBeInstanceOf(Float32Array);
    expect(r.shape).toEqual([2, 2]);
    expect(Array.from(r.data)).toEqual(Array.from(t.data, (x) => Math.fround(x * (1 / 3))));
    expect(t.data[3]).toBe(Math.fround(0.1));
    expect(la.scale(hostTensor([1], [3], 'float64'), 0.1).data).toEqual(Float64Array.of(3 * 0.1));
  });

  it('multiply and multiplyTransposed compute W X and W^T Y on column-major blocks, summing left to right', () => {
    fc.assert(
      fc.property(matrix, fc.integer({ min: 0, max: 9 }), fc.integer(), (W, k, seed) => {
        const [m, n] = W.shape as [number, number];
        const X = Float64Array.from({ length: n * k }, (_, i) => Math.sin(seed + i));
        const Y = Float64Array.from({ length: m * k }, (_, i) => Math.cos(seed + i));
        const WX = la.multiply(W, X, k);
        const WtY = la.multiplyTransposed(W, Y, k);
        expect(WX.length).toBe(m * k);
        expect(WtY.length).toBe(n * k);
        for (let l = 0; l < k; l++) {
          for (let i = 0; i < m; i++) {
            let sum = 0;
            for (let j = 0; j < n; j++) sum += at(W, i, j) * X[l * n + j]!;
            expect(WX[l * m + i]).toBe(sum);
          }
          for (let j = 0; j < n; j++) {
            let sum = 0;
            for (let i = 0; i < m; i++) sum += at(W, i, j) * Y[l * m + i]!;
            expect(WtY[l * n + j]).toBe(sum);
          }
        }
      }),
    );
  });

  it('lowRankUpdate computes W - U diag(d) V^T in the dtype of W', () => {
    const W = hostTensor([2, 3], [1, 2, 3, 4, 5, 6], 'float32');
    const U = Float64Array.of(1, 0, 0.5, 1);
    const V = Float64Array.of(1, 0, 0, 0, 1, 1);
    const d = Float64Array.of(0.1, 2);
    const r = la.lowRankUpdate(W, U, d, V);
    expect(r.data).toBeInstanceOf(Float32Array);
    const expected = [1 - 0.1, 2 - 1, 3 - 1, 4, 5 - 2, 6 - 2].map(Math.fround);
    expect(Array.from(r.data)).toEqual(expected);
    expect(Array.from(W.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('lowRankUpdate subtracts the terms in order and rounds once', () => {
    fc.assert(
      fc.property(matrix, fc.integer({ min: 0, max: 5 }), fc.integer(), (W, k, seed) => {
        const [m, n] = W.shape as [number, number];
        const U = Float64Array.from({ length: m * k }, (_, i) => Math.sin(seed + i));
        const V = Float64Array.from({ length: n * k }, (_, i) => Math.cos(seed - i));
        const d = Float64Array.from({ length: k }, (_, l) => 1 + l);
        const r = la.lowRankUpdate(W, U, d, V);
        expect(r.data).toBeInstanceOf(W.data.constructor);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let x = at(W, i, j);
            for (let l = 0; l < k; l++) x -= U[l * m + i]! * d[l]! * V[l * n + j]!;
            expect(at(r, i, j)).toBe(W.data instanceof Float32Array ? Math.fround(x) : x);
          }
        }
      }),
    );
  });

  it('rejects tensors that are not matrices and blocks of the wrong size', () => {
    const v = hostTensor([4], [1, 2, 3, 4]);
    const W = hostTensor([2, 2], [1, 2, 3, 4]);
    expect(() => la.multiply(v, new Float64Array(4), 1)).toThrow(/W: expected a matrix/);
    expect(() => la.multiply(W, new Float64Array(3), 1)).toThrow(/X: expected a 2 x 1 block/);
    expect(() => la.multiplyTransposed(W, new Float64Array(4), 1)).toThrow(/Y: expected a 2 x 1 block/);
    expect(() => la.lowRankUpdate(W, new Float64Array(2), Float64Array.of(1), new Float64Array(3))).toThrow(/V: expected/);
    expect(() => la.lowRankUpdate(W, new Float64Array(1), Float64Array.of(1), new Float64Array(2))).toThrow(/U: expected/);
  });
});
