import { describe, expect, it } from 'vitest';
import { chebyshevRecurrence } from './chebyshev-recurrence.js';
import { normalSource } from '../testing/random-matrices.js';

const chebyshev = (d: number, t: number): number => (Math.abs(t) <= 1 ? Math.cos(d * Math.acos(t)) : Math.cosh(d * Math.acosh(t)));

describe('chebyshevRecurrence', () => {
  // A = diag(a): the filter scales row i of every column by p(a_i), then each column is normalised.
  const a = [4, 2.25, 0.64, 0.09];
  const apply = (X: Float64Array): Float64Array => X.map((x, i) => a[i % 4]! * x);
  const k = 3;
  const X = Float64Array.from({ length: 4 * k }, normalSource(1));
  const normalized = (raw: (i: number) => number): Float64Array => {
    const out = Float64Array.from({ length: 4 * k }, (_, i) => raw(i));
    for (let l = 0; l < k; l++) {
      const norm = Math.hypot(...out.subarray(l * 4, l * 4 + 4));
      for (let i = 0; i < 4; i++) out[l * 4 + i] = out[l * 4 + i]! / norm;
    }
    return out;
  };

  it('applies T_d(2 A / edge - 1) to the block and scales each column to unit norm', () => {
    const edge = 0.8;
    for (const degree of [1, 2, 3, 7]) {
      const want = normalized((i) => chebyshev(degree, (2 * a[i % 4]!) / edge - 1) * X[i]!);
      const got = chebyshevRecurrence(apply, X, undefined, 4, k, { degree, edge, top: 4 });
      got.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 12));
      // A known A X is used instead of a product.
      const again = chebyshevRecurrence(apply, X, apply(X), 4, k, { degree, edge, top: 4 });
      again.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 12));
    }
    expect(X).toEqual(Float64Array.from({ length: 4 * k }, normalSource(1)));
  });

  it('takes plain power steps when edge <= 0', () => {
    const want = normalized((i) => a[i % 4]! ** 3 * X[i]!);
    chebyshevRecurrence(apply, X, undefined, 4, k, { degree: 3, edge: 0, top: 1 }).forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 12));
  });
});
