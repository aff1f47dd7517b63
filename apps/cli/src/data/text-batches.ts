/**
 * Character windows of a corpus as language-model batches.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../train/random.js';

/** A batch of windows: inputs and the next characters, both `[B, T]` int32 ids. */
export interface TextBatch {
  /** The characters read, `[B, T]`. */
  readonly inputs: tf.Tensor2D;
  /** The characters to predict (each input's successor), `[B, T]`. */
  readonly targets: tf.Tensor2D;
}

/** The windows `text[start .. start + T]` (`T + 1` characters each) as a batch (the caller disposes it). */
export function textBatch(text: Uint16Array, starts: readonly number[], seqLength: number): TextBatch {
  const inputs = new Int32Array(starts.length * seqLength);
  const targets = new Int32Array(starts.length * seqLength);
  starts.forEach((s, b) => {
    for (let t = 0; t < seqLength; t++) {
      inputs[b * seqLength + t] = text[s + t]!;
      targets[b * seqLength + t] = text[s + t + 1]!;
    }
  });
  return { inputs: tf.tensor2d(inputs, [starts.length, seqLength], 'int32'), targets: tf.tensor2d(targets, [starts.length, seqLength], 'int32') };
}

/**
 * `batchSize` window starts drawn uniformly from `text` (each window `seqLength + 1` characters long).
 *
 * @throws RangeError naming `seqLength` when the text is shorter than one window
 */
export function randomStarts(text: Uint16Array, seqLength: number, batchSize: number, random: Random): number[] {
  const room = text.length - seqLength;
  if (room < 1) throw new RangeError(`seqLength: the text has ${text.length} characters, fewer than one window of ${seqLength + 1}`);
  return Array.from({ length: batchSize }, () => random.integer(room));
}

/**
 * The starts of consecutive windows covering the first `characters` characters of `text` (each
 * window predicts `seqLength` characters; windows overlap by the one input character they share).
 *
 * @throws RangeError naming `characters` when it does not hold one window
 */
export function consecutiveStarts(text: Uint16Array, characters: number, seqLength: number): number[] {
  const usable = Math.min(characters, text.length);
  const count = Math.floor((usable - 1) / seqLength);
  if (count < 1) throw new RangeError(`characters: ${usable} characters hold no window of ${seqLength + 1}`);
  return Array.from({ length: count }, (_, i) => i * seqLength);
}
