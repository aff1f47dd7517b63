import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '../train/test-support/tfjs.js';
import { seededRandom } from '../train/random.js';
import { useTfjsBackend } from '../train/tfjs-backend.js';
import { conv2dByConvolutions, conv2dValid } from './conv2d.js';

const values = (n: number, seed: number) => {
  const r = seededRandom(seed);
  return Float32Array.from({ length: n }, () => r.normal());
};

/** The value and the gradients of `sum(conv(x, w) * r)` with respect to x and w. */
function gradients(conv: (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(values(2 * 7 * 6 * 3, 1), [2, 7, 6, 3]);
    const w = tf.tensor4d(values(3 * 2 * 3 * 4, 2), [3, 2, 3, 4]);
    const r = tf.tensor4d(values(2 * 5 * 5 * 4, 3), [2, 5, 5, 4]);
    const { value, grads } = tf.valueAndGrads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), r)))([x, w]);
    return [value, ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

describe('conv2dByConvolutions', () => {
  it("has tf.conv2d's value and gradients (cpu backend, which has both)", async () => {
    await useTfjsBackend('cpu');
    const ours = gradients(conv2dByConvolutions);
    const theirs = gradients((x, w) => tf.conv2d(x, w, 1, 'valid'));
    expect(ours.map((a) => a.length)).toEqual([1, 2 * 7 * 6 * 3, 3 * 2 * 3 * 4]);
    ours.forEach((a, k) => a.forEach((v, i) => expect(v, `output ${k}, entry ${i}`).toBeCloseTo(theirs[k]![i]!, 4)));
    await useTfjsBackend('wasm');
  });
});

describe('conv2dValid', () => {
  it('trains on wasm, which lacks Conv2DBackpropFilter, with the gradients of cpu', async () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    const onWasm = gradients(conv2dValid);
    await useTfjsBackend('cpu');
    const onCpu = gradients(conv2dValid);
    await useTfjsBackend('wasm');
    onWasm.forEach((a, k) => a.forEach((v, i) => expect(v, `output ${k}, entry ${i}`).toBeCloseTo(onCpu[k]![i]!, 4)));
  });
});
