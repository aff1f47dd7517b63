import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '../train/test-support/tfjs.js';
import { seededRandom } from '../train/random.js';
import { conv2x2Stride2, imagePatches3x3Stride2 } from './conv-patches.js';

const values = (n: number, seed: number) => {
  const r = seededRandom(seed);
  return Float32Array.from({ length: n }, () => r.normal());
};

describe('imagePatches3x3Stride2', () => {
  it("times a filter equals tfjs's conv2d with stride 2 and padding 1", () => {
    const images = values(2 * 6 * 6, 1);
    const filter = values(9 * 4, 2);
    const patches = imagePatches3x3Stride2(images, 2, 6);
    const ours = tf.matMul(tf.tensor2d(patches, [2 * 9, 9]), tf.tensor2d(filter, [9, 4])).dataSync();
    const theirs = tf.conv2d(tf.tensor4d(images, [2, 6, 6, 1]), tf.tensor4d(filter, [3, 3, 1, 4]), 2, [[0, 0], [1, 1], [1, 1], [0, 0]]);
    expect(theirs.shape).toEqual([2, 3, 3, 4]);
    const t = theirs.dataSync();
    for (let i = 0; i < t.length; i++) expect(ours[i]).toBeCloseTo(t[i]!, 5);
  });

  it('rejects an odd side and a wrong length', () => {
    expect(() => imagePatches3x3Stride2(new Float32Array(9), 1, 3)).toThrow(/side: expected an even number/);
    expect(() => imagePatches3x3Stride2(new Float32Array(10), 1, 4)).toThrow(/images: expected 1 x 4 x 4 = 16 values, got 10/);
  });
});

describe('conv2x2Stride2', () => {
  it("equals tfjs's conv2d with a 2 x 2 filter, stride 2, valid padding", () => {
    const x = tf.tensor4d(values(2 * 4 * 6 * 3, 3), [2, 4, 6, 3]);
    const w = tf.tensor4d(values(2 * 2 * 3 * 5, 4), [2, 2, 3, 5]);
    const b = tf.tensor1d(values(5, 5));
    const ours = conv2x2Stride2(x, tf.reshape(w, [12, 5]), b);
    const theirs = tf.add(tf.conv2d(x, w, 2, 'valid'), b);
    expect(ours.shape).toEqual([2, 2, 3, 5]);
    const t = theirs.dataSync();
    const o = ours.dataSync();
    for (let i = 0; i < t.length; i++) expect(o[i]).toBeCloseTo(t[i]!, 5);
  });
});
