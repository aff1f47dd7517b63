/**
 * Character windows of a corpus as language-model batches.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../train/random.js';

/** Windows of text for `K` runs: inputs and the next characters, both `[K, B, T]` int32 ids. */
export interface TextBatch {
  /** The characters read, `[K, B, T]`. */
  readonly inputs: tf.Tensor3D;
  /** The characters to predict (each input's successor), `[K, B, T]`. */
  readonly targets: tf.Tensor3D;
}

/**
 * One batch of windows per run, stacked: `starts[k]` are run `k`'s window starts, all runs with
 * the same number; inputs and targets `[K, B, T]` (the caller disposes them).
 *
 * @throws RangeError naming `starts` when the runs have different numbers of windows
 */
export function stackedTextBatch(text: Uint16Array, starts: readonly (readonly number[])[], seqLength: number): TextBatch {
  const B = starts[0]?.length ?? 0;
  if (starts.some((s) => s.length !== B)) throw new RangeError(`starts: expected the same number of windows per run, got ${starts.map((s) => s.length).join(', ')}`);
  const inputs = new Int32Array(starts.length * B * seqLength);
  const targets = new Int32Array(starts.length * B * seqLength);
  let at = 0;
  for (const run of starts) {
    for (const s of run) {
      for (let t = 0; t < seqLength; t++, at++) {
        inputs[at] = text[s + t]!;
        targets[at] = text[s + t + 1]!;
      }
    }
  }
  const shape: [number, number, number] = [starts.length, B, seqLength];
  return { inputs: tf.tensor3d(inputs, shape, 'int32'), targets: tf.tensor3d(targets, shape, 'int32') };
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
