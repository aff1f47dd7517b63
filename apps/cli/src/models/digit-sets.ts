/**
 * MNIST digits as model inputs, batched in a seeded order.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { permutation, type Random } from '../train/random.js';
import { gatherRows } from '../data/gather-rows.js';

/** Digits as a network reads them: one `[height, width, channels]` array per digit, and the labels. */
export interface DigitSet {
  /** Number of digits. */
  readonly count: number;
  /** The shape of one digit's input, `[height, width, channels]`. */
  readonly shape: readonly [number, number, number];
  /** `count x height x width x channels` values, row-major. */
  readonly values: Float32Array;
  /** The class (0 to 9) of each digit. */
  readonly labels: Uint8Array;
}

/** A batch: inputs `[B, height, width, channels]` and int32 labels `[B]`. */
export interface DigitBatch {
  /** The inputs. */
  readonly x: tf.Tensor4D;
  /** The labels. */
  readonly y: tf.Tensor1D;
}

/** The digits at `indices` as one batch (the caller disposes it). */
export function digitBatch(set: DigitSet, indices: ArrayLike<number>): DigitBatch {
  const [h, w, c] = set.shape;
  return {
    x: tf.tensor4d(gatherRows(set.values, indices, h * w * c), [indices.length, h, w, c]),
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
