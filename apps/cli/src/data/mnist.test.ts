import { describe, expect, it } from 'vitest';
import { MNIST_PIXELS, loadMnistDigits, loadMnistSplit, selectDigits, splitIndices } from './mnist.js';

describe('loadMnistDigits', () => {
  it('reads the 10,000 digits of the mnist package, about 1,000 per class, grey levels in [0, 1]', () => {
    const d = loadMnistDigits();
    expect(d.count).toBe(10000);
    expect(d.images.length).toBe(10000 * MNIST_PIXELS);
    const perClass = Array.from({ length: 10 }, (_, c) => d.labels.filter((l) => l === c).length);
    for (const n of perClass) expect(n).toBeGreaterThan(800);
    let [min, max] = [Infinity, -Infinity];
    for (const x of d.images) [min, max] = [Math.min(min, x), Math.max(max, x)];
    expect(min).toBe(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max).toBeGreaterThan(0.9);
  });
});

describe('splitIndices', () => {
  it('gives disjoint sets of the asked sizes, the same for the same seed', () => {
    const a = splitIndices(10000, 3000, 1000);
    expect(a.train.length).toBe(3000);
    expect(a.test.length).toBe(1000);
    const train = new Set(a.train);
    expect(train.size).toBe(3000);
    expect(a.test.filter((i) => train.has(i)).length).toBe(0);
    expect(splitIndices(10000, 3000, 1000)).toEqual(a);
    expect(splitIndices(10000, 3000, 1000, 7).train).not.toEqual(a.train);
  });

  it('draws from every class', () => {
    const d = loadMnistDigits();
    const { train } = splitIndices(d.count, 500, 100);
    expect(new Set(Array.from(train, (i) => d.labels[i])).size).toBe(10);
  });

  it('rejects sizes that do not fit', () => {
    expect(() => splitIndices(100, 80, 30)).toThrow(/trainExamples \+ testExamples: expected at most the 100/);
    expect(() => splitIndices(100, 0, 30)).toThrow(/trainExamples: expected an integer >= 1/);
    expect(() => splitIndices(100, 10, 2.5)).toThrow(/testExamples/);
  });
});

describe('loadMnistSplit', () => {
  it('returns the digits at the split indices', () => {
    const all = loadMnistDigits();
    const s = loadMnistSplit(50, 20);
    const { train } = splitIndices(all.count, 50, 20);
    expect(s.train).toEqual(selectDigits(all, train));
    expect(s.test.count).toBe(20);
    expect(s.train.images.subarray(0, MNIST_PIXELS)).toEqual(all.images.subarray(train[0]! * MNIST_PIXELS, (train[0]! + 1) * MNIST_PIXELS));
  });
});
