import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceLinAlg as la } from '../linalg/reference-linalg.js';
import { hostTensor, type HostTensor } from '../tensor.js';
import { NonFiniteGradientError } from '../optimizer/errors.js';
import { clipByGlobalNorm } from './clip-by-global-norm.js';

const values = (t: HostTensor | undefined): number[] => Array.from(t!.data);

const gradSet = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 4 }),
  fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { maxLength: 20 }).map((d) => hostTensor([d.length], d, 'float64')),
  { minKeys: 1, maxKeys: 4 },
);

describe('clipByGlobalNorm', () => {
  it('describes itself', () => {
    const t = clipByGlobalNorm(2.5);
    expect(t.name).toBe('clipByGlobalNorm');
    expect(t.hyper).toEqual({ maxNorm: 2.5 });
    expect(Object.isFrozen(t.hyper)).toBe(true);
  });

  it('scales every tensor by maxNorm / n when the global norm n exceeds maxNorm', () => {
    const grads = { w: hostTensor([2, 2], [3, 0, 0, 4], 'float64'), b: hostTensor([1], [12], 'float64') };
    const { grads: out, norm } = clipByGlobalNorm(1).apply(la, grads);
    expect(norm).toBe(13);
    expect(values(out.w)).toEqual([3 / 13, 0, 0, 4 / 13]);
    expect(values(out.b)).toEqual([12 / 13]);
    expect(out.w!.shape).toEqual([2, 2]);
    expect(values(grads.w)).toEqual([3, 0, 0, 4]);
  });

  it('matches the direct computation on arbitrary gradient sets', () => {
    fc.assert(
      fc.property(gradSet, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (grads, maxNorm) => {
        const all = Object.values(grads).flatMap((g) => Array.from(g.data));
        const n = Math.sqrt(all.reduce((s, x) => s + x * x, 0));
        const { grads: out, norm } = clipByGlobalNorm(maxNorm).apply(la, grads);
        expect(norm).toBeCloseTo(n, 9);
        const factor = maxNorm / Math.max(n, maxNorm);
        for (const [name, g] of Object.entries(grads)) {
          values(out[name]).forEach((x, i) => {
            expect(Math.abs(x - g.data[i]! * factor)).toBeLessThanOrEqual(1e-12 * Math.abs(g.data[i]!));
          });
        }
        const after = Math.sqrt(Object.values(out).reduce((s, g) => s + la.sumOfSquares(g), 0));
        expect(after).toBeLessThanOrEqual(maxNorm * (1 + 1e-12));
      }),
    );
  });

  it('returns the same tensors when the norm is at most maxNorm', () => {
    const grads = { w: hostTensor([2], [3, 4], 'float32'), z: hostTensor([3], [0, 0, 0], 'float32') };
    const r = clipByGlobalNorm(5).apply(la, grads);
    expect(r.grads.w).toBe(grads.w);
    expect(r.grads.z).toBe(grads.z);
    expect(r.grads).not.toBe(grads);
    expect(r.norm).toBe(5);
    expect(clipByGlobalNorm(4.999).apply(la, grads).grads.w).not.toBe(grads.w);
    expect(clipByGlobalNorm(1).apply(la, {})).toEqual({ grads: {}, norm: 0 });
  });

  it('keeps float32 gradients float32', () => {
    const r = clipByGlobalNorm(0.5).apply(la, { w: hostTensor([2], [3, 4], 'float32') });
    expect(r.grads.w!.data).toBeInstanceOf(Float32Array);
    expect(values(r.grads.w)).toEqual([Math.fround(3 * 0.1), Math.fround(4 * 0.1)]);
  });

  it('refuses a non-finite norm by default, naming the first gradient that is not finite', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const grads = { b: hostTensor([1], [2], 'float64'), w: hostTensor([2], [1, bad], 'float64') };
      let err: unknown;
      try {
        clipByGlobalNorm(1).apply(la, grads);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NonFiniteGradientError);
      expect((err as Error).message).toBe(`clipByGlobalNorm: non-finite gradient: 'w' holds ${Number.isNaN(bad) ? NaN : Infinity}`);
      expect(values(grads.w)).toEqual([1, bad]);
    }
  });

  it("with nonFinite 'nan', turns every gradient into NaN when the norm is not finite, as TensorFlow does", () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const r = clipByGlobalNorm(1, { nonFinite: 'nan' }).apply(la, { w: hostTensor([2], [1, bad], 'float64'), b: hostTensor([1], [2], 'float64') });
      expect(r.norm).toBe(Number.isNaN(bad) ? NaN : Infinity);
      expect(values(r.grads.w).every(Number.isNaN)).toBe(true);
      expect(values(r.grads.b).every(Number.isNaN)).toBe(true);
    }
    const overflow = clipByGlobalNorm(1, { nonFinite: 'nan' }).apply(la, { w: hostTensor([1], [1e200], 'float64') });
    expect(overflow.norm).toBe(Infinity);
    expect(values(overflow.grads.w)).toEqual([NaN]);
    expect(() => clipByGlobalNorm(1, { nonFinite: 'ignore' as never })).toThrow("clipByGlobalNorm: nonFinite must be 'error' or 'nan', got ignore");
  });

  it('rejects a maxNorm that is not a finite positive number', () => {
    for (const bad of [0, -1, NaN, Infinity]) {
      expect(() => clipByGlobalNorm(bad)).toThrow(RangeError);
      expect(() => clipByGlobalNorm(bad)).toThrow(/maxNorm must be a finite number > 0/);
    }
  });
});
