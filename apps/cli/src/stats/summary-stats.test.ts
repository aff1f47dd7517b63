import { describe, expect, it } from 'vitest';
import { NOT_DISTINGUISHABLE, adjustFamily, arm, finite, fisherComparison, holmAdjust, maxOrNonFinite, meanStd, welchComparison, welchTTest } from './summary-stats.js';

describe('meanStd', () => {
  it('gives the mean and the sample standard deviation', () => {
    expect(meanStd([1, 2, 3, 4])).toEqual({ mean: 2.5, std: Math.sqrt(5 / 3) });
    expect(meanStd([7])).toEqual({ mean: 7, std: 0 });
  });

  it('is null when a value is null or there is none', () => {
    expect(meanStd([1, null])).toEqual({ mean: null, std: null });
    expect(meanStd([])).toEqual({ mean: null, std: null });
  });
});

describe('finite', () => {
  it('maps NaN and infinities to null', () => {
    expect([finite(1.5), finite(NaN), finite(-Infinity)]).toEqual([1.5, null, null]);
  });
});

describe('maxOrNonFinite', () => {
  it('is the largest value, or null when any is null', () => {
    expect(maxOrNonFinite([3, -1, 7.5, 2])).toBe(7.5);
    expect(maxOrNonFinite([3, null, 7.5])).toBeNull();
  });
});

// Expected values from SciPy 1.17 (scipy.stats.ttest_ind(equal_var=False) with its confidence
// interval), an independent implementation.
describe('welchTTest', () => {
  it('gives t, the Welch-Satterthwaite df, p and the 95 % interval of the difference', () => {
    const w = welchTTest([0.31, 0.29, 0.35], [0.41, 0.45, 0.39]);
    expect(w.difference).toBeCloseTo(-0.1, 12);
    expect(w.t).toBeCloseTo(-4.008918628686367, 10);
    expect(w.df).toBeCloseTo(4, 10);
    expect(w.p).toBeCloseTo(0.016010965704545594, 10);
    expect(w.ci95[0]).toBeCloseTo(-0.16925670891223787, 9);
    expect(w.ci95[1]).toBeCloseTo(-0.030743291087762192, 9);
    const u = welchTTest([1, 2, 3, 4], [2.5, 2.5, 2.6]);
    expect(u.t).toBeCloseTo(-0.051571062312939495, 10);
    expect(u.df).toBeCloseTo(3.015989162782264, 9);
    expect(u.p).toBeCloseTo(0.9620962386705485, 10);
  });

  it('is certain when both samples are constant', () => {
    expect(welchTTest([1, 1], [2, 2]).p).toBe(0);
    expect(welchTTest([1, 1], [1, 1]).p).toBe(1);
  });

  it('needs two finite values a side', () => {
    expect(() => welchTTest([1], [2, 3])).toThrow(/^a: expected at least 2 finite values/);
    expect(() => welchTTest([1, 2], [2, NaN])).toThrow(/^b: expected at least 2 finite values/);
  });
});

describe('holmAdjust', () => {
  it('multiplies the i-th smallest p by m - i + 1 and keeps the order monotone', () => {
    // Sorted: 0.01 x 4 = 0.04; 0.03 x 3 = 0.09; 0.04 x 2 = 0.08 -> 0.09 (monotone); 0.2 x 1 = 0.2.
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.2]);
    [0.04, 0.09, 0.09, 0.2].forEach((p, i) => expect(adjusted[i]).toBeCloseTo(p, 14));
    expect(holmAdjust([0.5, 0.6])).toEqual([1, 1]);
  });
});

describe('comparisons', () => {
  it('says which side is better when the adjusted p is below 0.05, else that the two are not distinguishable', () => {
    const clear = welchComparison('final loss', 'lower', arm('sdprop', [0.31, 0.29, 0.35]), arm('adam', [0.41, 0.45, 0.39]));
    const vague = welchComparison('final accuracy', 'higher', arm('sdprop', [0.9, 0.8, 0.85]), arm('adam', [0.86, 0.84, 0.88]));
    const [c, v] = adjustFamily([clear, vague]);
    expect(c!.test).toBe('welch-t');
    expect(c!.pAdjusted).toBeCloseTo(2 * 0.016010965704545594, 10);
    expect(c!.distinguishable).toBe(true);
    expect(c!.verdict).toBe('sdprop better');
    expect(v!.distinguishable).toBe(false);
    expect(v!.verdict).toBe(NOT_DISTINGUISHABLE);
    expect(v!.pAdjusted).toBe(Math.min(1, v!.p!));
    const [worse] = adjustFamily([welchComparison('final loss', 'lower', arm('sgd', [0.41, 0.45, 0.39]), arm('adam', [0.31, 0.29, 0.35]))]);
    expect(worse!.verdict).toBe('adam better');
  });

  it('makes no test, and says why, when a side has a non-finite run or a single run', () => {
    const [broken, single] = adjustFamily([
      welchComparison('loss', 'lower', arm('a', [1, null, 2]), arm('b', [1, 2, 3])),
      welchComparison('loss', 'lower', arm('a', [1]), arm('b', [1, 2])),
    ]);
    expect(broken!.test).toBe('none');
    expect(broken!.p).toBeNull();
    expect(broken!.verdict).toBe('no test: non-finite runs (a 1/3)');
    expect(single!.verdict).toBe('no test: a has 1 run(s), at least 2 needed');
  });

  it("counts events with Fisher's exact test", () => {
    const [f] = adjustFamily([fisherComparison('runs with an explosion', arm('spectral', Array(9).fill(0)), arm('clip-1', Array(9).fill(1)))]);
    expect(f!.test).toBe('fisher-exact');
    expect(f!.p).toBeCloseTo(4.1135335252982315e-5, 15);
    expect(f!.difference).toBe(-1);
    expect(f!.verdict).toBe('spectral better');
  });
});
