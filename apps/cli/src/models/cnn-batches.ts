/**
 * MNIST digits as model inputs: first-layer patches, batched in a seeded order.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { imagePatches3x3Stride2 } from './conv-patches.js';
import { CNN_PATCH_SIDE } from './cnn.js';
import { permutation, type Random } from '../train/random.js';
import { gatherRows } from '../data/gather-rows.js';
import { MNIST_SIDE, loadMnistSplit, type Digits } from '../data/mnist.js';

/** Digits as the CNN reads them: first-layer patches `[count, 14, 14, 9]` and labels. */
export interface PatchSet {
  /** Number of digits. */
  readonly count: number;
  /** `count x 14 x 14 x 9` patch values, row-major. */
  readonly patches: Float32Array;
  /** The class (0 to 9) of each digit. */
  readonly labels: Uint8Array;
}

/** Values per digit in a {@link PatchSet}. */
const PATCH_VALUES = CNN_PATCH_SIDE * CNN_PATCH_SIDE * 9;

/** The patches of `digits` (see `imagePatches3x3Stride2`). */
export function toPatchSet(digits: Digits): PatchSet {
  return { count: digits.count, patches: imagePatches3x3Stride2(digits.images, digits.count, MNIST_SIDE), labels: digits.labels };
}

const cache = new Map<string, { train: PatchSet; test: PatchSet }>();

/** The training and test digits of `loadMnistSplit` as patch sets, computed once per size. */
export function mnistPatchSets(trainExamples: number, testExamples: number): { train: PatchSet; test: PatchSet } {
  const key = `${trainExamples}/${testExamples}`;
  let sets = cache.get(key);
  if (!sets) {
    const { train, test } = loadMnistSplit(trainExamples, testExamples);
    sets = { train: toPatchSet(train), test: toPatchSet(test) };
    cache.set(key, sets);
  }
  return sets;
}

/** A batch: patches `[B, 14, 14, 9]` and int32 labels `[B]`. */
export interface PatchBatch {
  /** The patches. */
  readonly x: tf.Tensor4D;
  /** The labels. */
  readonly y: tf.Tensor1D;
}

/** The digits at `indices` as one batch (the caller disposes it). */
export function patchBatch(set: PatchSet, indices: ArrayLike<number>): PatchBatch {
  return {
    x: tf.tensor4d(gatherRows(set.patches, indices, PATCH_VALUES), [indices.length, CNN_PATCH_SIDE, CNN_PATCH_SIDE, 9]),
    y: tf.tensor1d(Int32Array.from(gatherRows(set.labels, indices, 1)), 'int32'),
  };
}

/**
 * One epoch's batches of indices: a permutation of the set drawn from `random`, cut into batches
 * of `batchSize` (the last one smaller when `batchSize` does not divide the set).
 */
export function epochBatches(count: number, batchSize: number, random: Random): Uint32Array[] {
  const order = permutation(count, random);
  const batches: Uint32Array[] = [];
  for (let i = 0; i < count; i += batchSize) batches.push(order.subarray(i, Math.min(count, i + batchSize)));
  return batches;
}

/** Consecutive batches of indices `0 .. count-1`, for evaluation. */
export function sequentialBatches(count: number, batchSize: number): Uint32Array[] {
  const batches: Uint32Array[] = [];
  for (let i = 0; i < count; i += batchSize) batches.push(Uint32Array.from({ length: Math.min(batchSize, count - i) }, (_, k) => i + k));
  return batches;
}
