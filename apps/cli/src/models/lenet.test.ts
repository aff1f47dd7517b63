import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '../train/test-support/tfjs.js';
import { loadMnistSplit } from '../data/mnist.js';
import { digitBatch } from './digit-sets.js';
import { LENET } from './lenet.js';
import { lossAndGradients, meanCrossEntropy } from './parameters.js';

describe('LENET', () => {
  it('has the layers of LeNet: 5 x 5 kernels of 16 and 32 channels, a 512 x 10 dense layer, 18,378 parameters', () => {
    const model = LENET.create(1);
    const shapes = Object.fromEntries(Object.entries(model.params).map(([n, v]) => [n, v.shape]));
    expect(shapes).toEqual({ 'conv1/w': [5, 5, 1, 16], 'conv1/b': [16], 'conv2/w': [5, 5, 16, 32], 'conv2/b': [32], 'dense/w': [512, 10], 'dense/b': [10] });
    expect(Object.values(model.params).reduce((n, v) => n + v.size, 0)).toBe(18378);
    // Glorot-uniform kernels: |w| <= sqrt(6 / (fan_in + fan_out)); zero biases.
    expect(Math.max(...(model.params['conv2/w']!.dataSync() as Float32Array).map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / (25 * 16 + 25 * 32)));
    expect([...model.params['conv1/b']!.dataSync()]).toEqual(new Array(16).fill(0));
    model.dispose();
  });

  it('reads 28 x 28 images, starts near chance and has a finite, non-zero gradient for every parameter', () => {
    const { train } = loadMnistSplit(16, 1);
    const set = LENET.inputs(train);
    expect(set.shape).toEqual([28, 28, 1]);
    const model = LENET.create(2);
    const b = digitBatch(set, Array.from({ length: 16 }, (_, i) => i));
    const { value, grads } = lossAndGradients(model, () => meanCrossEntropy(model.logits(b.x), b.y));
    expect(Math.abs(value.dataSync()[0]! - Math.log(10))).toBeLessThan(1);
    for (const [name, g] of Object.entries(grads)) {
      const d = g.dataSync();
      expect(d.every(Number.isFinite), name).toBe(true);
      expect(d.some((x) => x !== 0), name).toBe(true);
    }
    tf.dispose([b.x, b.y, value, ...Object.values(grads)]);
    model.dispose();
  });
});
