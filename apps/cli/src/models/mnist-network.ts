/**
 * What the MNIST experiment needs of a network: its parameters, its logits, and the form in
 * which it reads the digits.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Digits } from '../data/mnist.js';
import type { DigitSet } from './digit-sets.js';
import type { ParameterSet } from './parameters.js';

/** A network built with its initial weights. */
export interface MnistModel extends ParameterSet {
  /** Class scores `[B, 10]` of a batch of inputs in the network's {@link MnistNetwork.inputs} form. */
  logits(x: tf.Tensor4D): tf.Tensor2D;
}

/** A network the MNIST experiment can train. */
export interface MnistNetwork {
  /** Its name in configurations: `lenet` or `small-cnn`. */
  readonly id: string;
  /** A one-line description of its layers, e.g. `conv5x5x16-relu-maxpool2 > ... > dense10`. */
  readonly description: string;
  /** The digits in the form the network reads (images, or precomputed first-layer patches). */
  inputs(digits: Digits): DigitSet;
  /** The network with weights drawn from `seed`. */
  create(seed: number): MnistModel;
}
