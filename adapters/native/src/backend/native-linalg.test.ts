import { describe, expect, it } from 'vitest';
import {
  Optimizer,
  SpectralNormConstraint,
  clipByGlobalNorm,
  jsBackend,
  referenceLinAlg,
  type DType,
  type HostTensor,
} from '@stablegrad/core';
import { firstBitDifference } from '@stablegrad/core/testing';
import { mixedValues } from '../test-support/fixtures.js';
import { NativeTensor, liveTensors } from '../tensor/native-tensor.js';
import { nativeLinAlg } from './native-linalg.js';

function smooth(shape: number[], seed: number, dtype: DType): HostTensor {
  const n = shape.reduce((a, d) => a * d, 1);
  const data = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.sin(seed * 12.9898 + i * 78.233) * 1.7;
  return { shape, data };
}

const block = (n: number, seed: number) => Float64Array.from({ length: n }, (_, i) => Math.cos(seed + i * 0.37));

describe('nativeLinAlg against referenceLinAlg', () => {
  it.each([
    ['float32', 37, 23],
    ['float64', 64, 5],
    ['float32', 1, 300],
    ['float64', 130, 1],
  ] as const)('%s %i x %i: products and the low-rank update give the same bits', (dtype, m, n) => {
    const host = smooth([m, n], m + n, dtype);
    const W = NativeTensor.fromHost('cpu', host, dtype);
    for (const k of [1, 3, 4]) {
      const X = block(n * k, 1);
      const Y = block(m * k, 2);
      expect(firstBitDifference(nativeLinAlg.multiply(W, X, k), referenceLinAlg.multiply(host, X, k))).toBe(-1);
      expect(firstBitDifference(nativeLinAlg.multiplyTransposed(W, Y, k), referenceLinAlg.multiplyTransposed(host, Y, k))).toBe(-1);
      const d = block(k, 3);
      const got = nativeLinAlg.lowRankUpdate(W, Y, d, X);
      expect(got.shape).toEqual([m, n]);
      expect(firstBitDifference(got.toHost().data, referenceLinAlg.lowRankUpdate(host, Y, d, X).data)).toBe(-1);
    }
  });

  it.each(['float32', 'float64'] as const)('%s: scale gives the same bits, sumOfSquares agrees within N * 2^-53', (dtype) => {
    const host = smooth([300_001], 9, dtype);
    const t = NativeTensor.fromHost('cpu', host, dtype);
    const scaled = nativeLinAlg.scale(t, 0.3);
    expect(scaled.dtype).toBe(dtype);
    expect(firstBitDifference(scaled.toHost().data, referenceLinAlg.scale(host, 0.3).data)).toBe(-1);
    const want = referenceLinAlg.sumOfSquares(host);
    expect(Math.abs(nativeLinAlg.sumOfSquares(t) - want)).toBeLessThanOrEqual(300_001 * 2 ** -53 * want);
  });

  it('propagates infinities and NaN through sumOfSquares as the interface says', () => {
    const special = NativeTensor.fromHost('cpu', mixedValues(60, 0, 'float32'), 'float32');
    expect(nativeLinAlg.sumOfSquares(special)).toBeNaN();
    expect(nativeLinAlg.sumOfSquares(NativeTensor.fromHost('cpu', { shape: [2], data: Float64Array.of(1e300, 1) }, 'float64'))).toBe(Infinity);
  });

  it('names what is wrong', () => {
    const v = NativeTensor.zeros('cpu', [6], 'float32');
    const W = NativeTensor.zeros('cpu', [2, 3], 'float32');
    expect(() => nativeLinAlg.multiply(v, new Float64Array(6), 1)).toThrow('W: expected a matrix (2-D tensor), got shape [6]');
    expect(() => nativeLinAlg.multiply(W, new Float64Array(5), 2)).toThrow('X: expected a 3 x 2 block (6 values) in a Float64Array, got 5 values');
    expect(() => nativeLinAlg.multiplyTransposed(W, new Float64Array(3), 1)).toThrow('Y: expected a 2 x 1 block (2 values)');
    expect(() => nativeLinAlg.lowRankUpdate(W, new Float64Array(2), new Float64Array(1), new Float64Array(4))).toThrow('V: expected a 3 x 1 block');
    W.dispose();
    expect(() => nativeLinAlg.multiply(W, new Float64Array(3), 1)).toThrow('W: the tensor has been disposed');
  });

  it('answers empty matrices with huge dimensions at once, and refuses results too large to hold', () => {
    const wide = NativeTensor.zeros('cpu', [0, 1e13], 'float64');
    const tall = NativeTensor.zeros('cpu', [2 ** 40, 0], 'float32');
    const empty = NativeTensor.zeros('cpu', [3, 0], 'float32');
    expect(nativeLinAlg.multiplyTransposed(wide, new Float64Array(0), 0)).toEqual(new Float64Array(0));
    expect(nativeLinAlg.multiply(tall, new Float64Array(0), 0)).toEqual(new Float64Array(0));
    expect(nativeLinAlg.multiply(empty, new Float64Array(0), 2)).toEqual(new Float64Array(6));
    expect(() => nativeLinAlg.multiply(empty, new Float64Array(0), 2 ** 40)).toThrow(
      'k: the result would be a 3 x 1099511627776 block (3298534883328 values), more than can be held',
    );
    expect(() => nativeLinAlg.multiply(tall, new Float64Array(0), 1)).toThrow(RangeError);
    const updated = nativeLinAlg.lowRankUpdate(tall, new Float64Array(0), new Float64Array(0), new Float64Array(0));
    expect(updated.shape).toEqual([2 ** 40, 0]);
    for (const t of [wide, tall, empty, updated]) t.dispose();
  });

  it('leaves no tensor behind when scale or lowRankUpdate refuses its arguments', () => {
    const t = NativeTensor.zeros('cpu', [3], 'float32');
    const W = NativeTensor.zeros('cpu', [2, 2], 'float32');
    const before = liveTensors().count;
    expect(() => nativeLinAlg.scale(t, '2' as unknown as number)).toThrow('factor: expected a number, got string');
    expect(() => nativeLinAlg.lowRankUpdate(W, new Float64Array(2), [1] as unknown as Float64Array, new Float64Array(2))).toThrow(
      'd: expected the k weights in a Float64Array',
    );
    const held = NativeTensor.zeros('cpu', [3], 'float32');
    held.dispose();
    expect(() => nativeLinAlg.scale(held, 2)).toThrow('t: the tensor has been disposed');
    expect(liveTensors().count).toBe(before);
    t.dispose();
    W.dispose();
  });
});

describe("core's Optimizer with clipByGlobalNorm and SpectralNormConstraint on native-cpu", () => {
  it('matches the js backend and keeps the spectral norm at most maxNorm', async () => {
    const { nativeBackend } = await import('./native-backend.js');
    const native = nativeBackend();
    const options = { gradientTransforms: [clipByGlobalNorm(0.5)], constraints: { Wh: new SpectralNormConstraint({ maxNorm: 1.2 }) } };
    const shapes: Record<string, number[]> = { Wh: [24, 24], b: [24] };
    const run = <Tn>(backend: typeof native | typeof jsBackend) => {
      const b = backend as unknown as import('@stablegrad/core').Backend<Tn>;
      const opt = new Optimizer<Tn>('sdprop', { lr: 0.05, gamma: 0.9 }, { backend: b, ...options });
      let params: Record<string, Tn> = Object.fromEntries(Object.entries(shapes).map(([k, s], i) => [k, b.fromHost(smooth(s, i + 1, 'float32'), 'float32')]));
      let state = opt.init(params);
      const norms: number[] = [];
      for (let t = 0; t < 6; t++) {
        const grads = Object.fromEntries(Object.entries(shapes).map(([k, s], i) => [k, b.fromHost(smooth(s, 10 * t + i + 5, 'float32'), 'float32')]));
        const r = opt.step(grads, state, params);
        ({ params, state } = r);
        norms.push(r.gradNorm!);
      }
      return { params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, b.toHost(v).data])), norms, W: b.toHost(params.Wh!) };
    };
    const got = run(native);
    const want = run(jsBackend);
    got.norms.forEach((n, i) => expect(n).toBeCloseTo(want.norms[i]!, 10));
    for (const k of Object.keys(shapes)) {
      const a = got.params[k]!;
      const e = want.params[k]!;
      for (let i = 0; i < e.length; i++) expect(Math.abs(a[i]! - e[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(e[i]!)));
    }
    // the largest singular value by power iteration on W^T W, in float64 on the host
    const W = got.W;
    const [m, n] = W.shape as [number, number];
    let v = new Float64Array(n).fill(1);
    let sigma = 0;
    for (let it = 0; it < 500; it++) {
      const u = referenceLinAlg.multiply(W, v, 1);
      const w = referenceLinAlg.multiplyTransposed(W, u, 1);
      const norm = Math.hypot(...w);
      sigma = Math.sqrt(norm);
      v = w.map((x) => x / norm);
    }
    expect(m).toBe(24);
    expect(sigma).toBeLessThanOrEqual(1.2 * (1 + 1e-4));
    expect(sigma).toBeGreaterThan(1.1);
  });
});
