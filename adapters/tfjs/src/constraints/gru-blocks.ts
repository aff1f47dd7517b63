/**
 * Which blocks of a weight matrix the spectral-norm constraint projects.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Which part of the weight the spectral-norm constraint bounds:
 *
 * - `candidate`: the candidate-state block `W_h` of a GRU recurrent kernel, the last `units`
 *   columns of the `[units, 3 * units]` matrix in which tfjs and Keras store the gates
 *   `[z | r | h]` (Kanai et al., NIPS 2017, bound exactly this block);
 * - `all`: each of the three gate blocks `W_z`, `W_r`, `W_h` of a GRU recurrent kernel, separately;
 * - `whole`: the whole matrix, whatever its shape (any 2-D weight).
 */
export type SpectralBlocks = 'candidate' | 'all' | 'whole';

/** The valid {@link SpectralBlocks}. */
export const SPECTRAL_BLOCKS: readonly SpectralBlocks[] = ['candidate', 'all', 'whole'];

/** A block of a weight matrix: its columns `[start, start + size)`. */
export interface ColumnBlock {
  /** `z`, `r`, `h` for a GRU gate, `W` for the whole matrix. */
  readonly label: string;
  /** First column. */
  readonly start: number;
  /** Number of columns. */
  readonly size: number;
}

const GATES = ['z', 'r', 'h'] as const;

/**
 * The column blocks of an `[m, n]` weight that `blocks` selects.
 *
 * @param where - names the weight in errors
 * @throws RangeError naming the weight and the expected shape when it is not 2-D, or, for
 * `candidate` and `all`, not `[units, 3 * units]`
 */
export function columnBlocks(shape: readonly number[], blocks: SpectralBlocks, where = 'spectralNorm'): ColumnBlock[] {
  const [m, n] = shape;
  if (shape.length !== 2 || m === undefined || n === undefined) {
    throw new RangeError(`${where}: expected a 2-D weight, got shape [${shape.join(', ')}]`);
  }
  if (blocks === 'whole') return [{ label: 'W', start: 0, size: n }];
  if (n !== 3 * m) {
    throw new RangeError(
      `${where}: blocks '${blocks}' expects a GRU recurrent kernel of shape [units, 3 * units] (gates [z | r | h]), got [${m}, ${n}]; use blocks 'whole' for other weights`,
    );
  }
  const gates = blocks === 'candidate' ? [2] : [0, 1, 2];
  return gates.map((g) => ({ label: GATES[g]!, start: g * m, size: m }));
}

/** Column block `b` of the matrix `w`. */
export function sliceBlock(w: tf.Tensor, b: ColumnBlock): tf.Tensor {
  return b.start === 0 && b.size === w.shape[1] ? w : tf.slice(w, [0, b.start], [w.shape[0]!, b.size]);
}

/**
 * `w` with the column blocks `blocks` replaced by `values` (same order); always a new tensor.
 */
export function replaceBlocks(w: tf.Tensor, blocks: readonly ColumnBlock[], values: readonly tf.Tensor[]): tf.Tensor {
  const n = w.shape[1]!;
  const pieces: tf.Tensor[] = [];
  let at = 0;
  blocks.forEach((b, i) => {
    if (b.start > at) pieces.push(tf.slice(w, [0, at], [w.shape[0]!, b.start - at]));
    pieces.push(values[i]!);
    at = b.start + b.size;
  });
  if (at < n) pieces.push(tf.slice(w, [0, at], [w.shape[0]!, n - at]));
  return pieces.length === 1 ? tf.clone(pieces[0]!) : tf.concat(pieces, 1);
}
