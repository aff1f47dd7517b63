/**
 * The small convolutional network of the quick MNIST experiment.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { MNIST_SIDE } from '../data/mnist.js';
import { seededRandom } from '../train/random.js';
import { conv2x2Stride2, imagePatches3x3Stride2 } from './conv-patches.js';
import { glorotUniform } from './init.js';
import type { MnistNetwork } from './mnist-network.js';
import { createParameters } from './parameters.js';

/** Side of the first layer's output (and of its input patches, see `imagePatches3x3Stride2`). */
const PATCH_SIDE = MNIST_SIDE / 2;
const C1 = 8;
const C2 = 16;
const FLAT = (PATCH_SIDE / 2) * (PATCH_SIDE / 2) * C2;

/**
 * The small CNN, reading each digit as its first-layer patches `[14, 14, 9]`
 * (`imagePatches3x3Stride2`): `x -> relu(conv_1(x)) -> relu(conv_2(.)) -> flatten -> dense(10)`,
 * with conv_1 3 x 3, stride 2, padding 1, 8 channels (28 x 28 -> 14 x 14 x 8) and conv_2 2 x 2,
 * stride 2, 16 channels (-> 7 x 7 x 16 = 784 -> 10): 8,458 parameters, Glorot-uniform weights,
 * zero biases. A scaled-down CNN sized so that a batch of 32 costs about 10 ms on the tfjs
 * `wasm` backend, for `--scale quick`.
 */
export const SMALL_CNN: MnistNetwork = {
  id: 'small-cnn',
  description: 'conv3x3x8-s2-relu > conv2x2x16-s2-relu > dense10',
  inputs: (digits) => ({
    count: digits.count,
    shape: [PATCH_SIDE, PATCH_SIDE, 9],
    values: imagePatches3x3Stride2(digits.images, digits.count, MNIST_SIDE),
    labels: digits.labels,
  }),
  create(seed) {
    const random = seededRandom(seed);
    const dense = (rows: number, cols: number) => ({ shape: [rows, cols], data: glorotUniform(rows, cols, rows * cols, random) });
    const zeros = (n: number) => ({ shape: [n], data: new Float32Array(n) });
    const set = createParameters('cnn', {
      'conv1/w': dense(9, C1),
      'conv1/b': zeros(C1),
      'conv2/w': dense(4 * C1, C2),
      'conv2/b': zeros(C2),
      'dense/w': dense(FLAT, 10),
      'dense/b': zeros(10),
    });
    const p = set.params as Readonly<Record<string, tf.Tensor>>;
    return {
      ...set,
      logits: (patches) =>
        tf.tidy(() => {
          const [b, h, w] = patches.shape;
          const h1 = tf.relu(tf.add(tf.matMul(tf.reshape(patches, [b * h * w, 9]), p['conv1/w'] as tf.Tensor2D), p['conv1/b']!));
          const h2 = tf.relu(conv2x2Stride2(tf.reshape(h1, [b, h, w, C1]), p['conv2/w'] as tf.Tensor2D, p['conv2/b'] as tf.Tensor1D));
          return tf.add(tf.matMul(tf.reshape(h2, [b, FLAT]), p['dense/w'] as tf.Tensor2D), p['dense/b']!);
        }),
    };
  },
};
