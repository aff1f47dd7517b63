/**
 * The networks of the MNIST experiment by name, and their inputs computed once per split.
 *
 * @module
 */
import { loadMnistSplit } from '../data/mnist.js';
import { SMALL_CNN } from './cnn.js';
import type { DigitSet } from './digit-sets.js';
import { LENET } from './lenet.js';
import type { MnistNetwork } from './mnist-network.js';

/** The networks by {@link MnistNetwork.id}: `lenet` (the papers' CNN) and `small-cnn` (the quick one). */
export const MNIST_NETWORKS: Readonly<Record<string, MnistNetwork>> = Object.freeze({ [LENET.id]: LENET, [SMALL_CNN.id]: SMALL_CNN });

/**
 * The network named `id`.
 *
 * @throws RangeError naming `network` and listing the names when it is unknown
 */
export function mnistNetwork(id: string): MnistNetwork {
  const network = Object.hasOwn(MNIST_NETWORKS, id) ? MNIST_NETWORKS[id] : undefined;
  if (!network) throw new RangeError(`network: unknown network '${id}'; expected one of ${Object.keys(MNIST_NETWORKS).join(', ')}`);
  return network;
}

const cache = new Map<string, { train: DigitSet; test: DigitSet }>();

/** The training and test digits of `loadMnistSplit` in the form `network` reads, computed once per network and size. */
export function mnistInputSets(network: MnistNetwork, trainExamples: number, testExamples: number): { train: DigitSet; test: DigitSet } {
  const key = `${network.id}/${trainExamples}/${testExamples}`;
  let sets = cache.get(key);
  if (!sets) {
    const { train, test } = loadMnistSplit(trainExamples, testExamples);
    sets = { train: network.inputs(train), test: network.inputs(test) };
    cache.set(key, sets);
  }
  return sets;
}
