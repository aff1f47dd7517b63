import { describe, expect, it } from 'vitest';
import '../train/test-support/tfjs.js';
import { seededRandom } from '../train/random.js';
import { consecutiveStarts, randomStarts, stackedTextBatch } from './text-batches.js';

const text = Uint16Array.from({ length: 30 }, (_, i) => i);

describe('stackedTextBatch', () => {
  it("pairs each window with the characters that follow, one batch per run", () => {
    const b = stackedTextBatch(text, [[0, 10], [5, 20]], 4);
    expect(b.inputs.shape).toEqual([2, 2, 4]);
    expect(Array.from(b.inputs.dataSync())).toEqual([0, 1, 2, 3, 10, 11, 12, 13, 5, 6, 7, 8, 20, 21, 22, 23]);
    expect(Array.from(b.targets.dataSync())).toEqual([1, 2, 3, 4, 11, 12, 13, 14, 6, 7, 8, 9, 21, 22, 23, 24]);
  });

  it('needs the same number of windows per run', () => {
    expect(() => stackedTextBatch(text, [[0, 10], [5]], 4)).toThrow(/^starts: expected the same number of windows per run, got 2, 1/);
  });
});

describe('randomStarts', () => {
  it('draws windows that fit the text, the same for the same seed', () => {
    const a = randomStarts(text, 5, 50, seededRandom(3));
    expect(a.every((s) => s >= 0 && s + 5 < text.length)).toBe(true);
    expect(randomStarts(text, 5, 50, seededRandom(3))).toEqual(a);
  });

  it('rejects a text shorter than one window', () => {
    expect(() => randomStarts(text, 30, 1, seededRandom(1))).toThrow(/seqLength/);
  });
});

describe('consecutiveStarts', () => {
  it('tiles the first characters with windows that share one character', () => {
    expect(consecutiveStarts(text, 13, 4)).toEqual([0, 4, 8]);
    expect(() => consecutiveStarts(text, 3, 4)).toThrow(/characters/);
  });
});
