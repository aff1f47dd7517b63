/**
 * The LeNet-style convolutional network of the MNIST experiment.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { MNIST_SIDE } from '../data/mnist.js';
import { seededRandom } from '../train/random.js';
import { conv2dValid } from './conv2d.js';
import { glorotUniform } from './init.js';
import type { MnistNetwork } from './mnist-network.js';
import { createParameters } from './parameters.js';

const K = 5;
const C1 = 16;
const C2 = 32;
/** Side after conv 5 x 5 (valid), pool 2, conv 5 x 5 (valid), pool 2: 28 -> 24 -> 12 -> 8 -> 4. */
const SIDE = ((MNIST_SIDE - K + 1) / 2 - K + 1) / 2;
const FLAT = SIDE * SIDE * C2;

/**
 * The standard LeNet-style CNN of the papers' MNIST experiments (LeCun et al., 1998, with ReLU
 * and max pooling): `conv 5x5x16 > relu > maxpool 2 > conv 5x5x32 > relu > maxpool 2 > dense 10`,
 * convolutions at stride 1 without padding (28 -> 24 -> 12 -> 8 -> 4, 4 x 4 x 32 = 512 -> 10):
 * 18,378 parameters, Glorot-uniform weights (fan-in `5 x 5 x in`, fan-out `5 x 5 x out` for the
 * kernels, as Keras) and zero biases. It reads each digit as its `[28, 28, 1]` image. About 12 ms
 * per batch of 32 (forward and gradients) on tfjs-node on 2 cores.
 */
export const LENET: MnistNetwork = {
  id: 'lenet',
  description: 'conv5x5x16-relu-maxpool2 > conv5x5x32-relu-maxpool2 > dense10',
  inputs: (digits) => ({ count: digits.count, shape: [MNIST_SIDE, MNIST_SIDE, 1], values: digits.images, labels: digits.labels }),
  create(seed) {
    const random = seededRandom(seed);
    const kernel = (cin: number, cout: number) => ({ shape: [K, K, cin, cout], data: glorotUniform(K * K * cin, K * K * cout, K * K * cin * cout, random) });
    const zeros = (n: number) => ({ shape: [n], data: new Float32Array(n) });
    const set = createParameters('lenet', {
      'conv1/w': kernel(1, C1),
      'conv1/b': zeros(C1),
      'conv2/w': kernel(C1, C2),
      'conv2/b': zeros(C2),
      'dense/w': { shape: [FLAT, 10], data: glorotUniform(FLAT, 10, FLAT * 10, random) },
      'dense/b': zeros(10),
    });
    const p = set.params as Readonly<Record<string, tf.Tensor>>;
    const block = (x: tf.Tensor4D, w: string, b: string): tf.Tensor4D =>
      tf.maxPool(tf.relu(tf.add(conv2dValid(x, p[w] as tf.Tensor4D), p[b]!)) as tf.Tensor4D, 2, 2, 'valid');
    return {
      ...set,
      logits: (x) =>
        tf.tidy(() => {
          const h = block(block(x, 'conv1/w', 'conv1/b'), 'conv2/w', 'conv2/b');
          return tf.add(tf.matMul(tf.reshape(h, [x.shape[0], FLAT]), p['dense/w'] as tf.Tensor2D), p['dense/b']!);
        }),
    };
  },
};
