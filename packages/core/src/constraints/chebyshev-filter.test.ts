import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planFilter } from './chebyshev-filter.js';

const chebyshev = (d: number, t: number): number => Math.cosh(d * Math.acosh(t));

describe('planFilter', () => {
  it('picks the least degree whose Chebyshev growth reaches the reduction', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1.05, max: 10, noNaN: true }),
        fc.double({ min: 1, max: 1e12, noNaN: true }),
        (ratio, reduction) => {
          const edge = 0.7;
          const f = planFilter(ratio * edge, edge, ratio * edge, reduction, 1000)!;
          const t = 2 * ratio - 1;
          expect(f).toMatchObject({ edge, top: ratio * edge });
          expect(chebyshev(f.degree, t)).toBeGreaterThanOrEqual(reduction * (1 - 1e-12));
          if (f.degree > 1) expect(chebyshev(f.degree - 1, t)).toBeLessThan(reduction);
        },
      ),
    );
  });

  it('keeps the degree within maxDegree and the spread between top and wanted within 2^26', () => {
    expect(planFilter(2, 1, 2, 1e30, 5)!.degree).toBe(5);
    expect(planFilter(2, 1, 2, 0.5, 5)!.degree).toBe(1);
    const spread = planFilter(2, 1, 100, 1e30, 1000)!;
    expect(chebyshev(spread.degree, 199) / chebyshev(spread.degree, 3)).toBeLessThanOrEqual(2 ** 26);
    expect(chebyshev(spread.degree + 1, 199) / chebyshev(spread.degree + 1, 3)).toBeGreaterThan(2 ** 26);
    expect(planFilter(1e8, 1, 1e12, 1e30, 1000)!.degree).toBe(1);
  });

  it('declines when nothing separates the wanted values or the scaling would overflow', () => {
    expect(planFilter(1, 1, 2, 10, 8)).toBeUndefined();
    expect(planFilter(0.5, 1, 2, 10, 8)).toBeUndefined();
    expect(planFilter(1, 0, 2, 10, 8)).toBeUndefined();
    expect(planFilter(1, 1e-300, 1e300, 10, 8)).toBeUndefined();
  });
});
