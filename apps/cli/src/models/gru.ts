/**
 * A character-level GRU language model written with tfjs ops, its candidate recurrent weight `U_h`
 * a variable of its own so that any step backend can constrain and measure it.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '../train/random.js';
import { glorotUniform, orthogonal } from './init.js';
import { createParameters, meanCrossEntropy, type ParameterSet } from './parameters.js';

/** The name of the candidate recurrent weight `U_h`, the matrix Kanai et al. (NIPS 2017) constrain. */
export const CANDIDATE_RECURRENT = 'U_h';

/** The parameters of one GRU layer and its softmax output. */
export interface GruWeights {
  /** Input weights of the update and reset gates `[V, 2H]` (`[W_z | W_r]`). */
  readonly W_zr: tf.Tensor2D;
  /** Bias of the update and reset gates `[2H]` (`[b_z | b_r]`). */
  readonly b_zr: tf.Tensor1D;
  /** Recurrent weights of the gates `[H, 2H]` (`[U_z | U_r]`). */
  readonly U_zr: tf.Tensor2D;
  /** Input weight of the candidate state `[V, H]`. */
  readonly W_h: tf.Tensor2D;
  /** Bias of the candidate state `[H]`. */
  readonly b_h: tf.Tensor1D;
  /** Candidate recurrent weight `[H, H]`. */
  readonly U_h: tf.Tensor2D;
  /** Output weight `[H, V]`. */
  readonly W_out: tf.Tensor2D;
  /** Output bias `[V]`. */
  readonly b_out: tf.Tensor1D;
}

/**
 * One GRU step (Cho et al., 2014, in the convention of Kanai et al., NIPS 2017), row vectors:
 *
 * ```
 * z = sigmoid(x W_z + h U_z + b_z)        r = sigmoid(x W_r + h U_r + b_r)
 * c = tanh(x W_h + (r * h) U_h + b_h)     h' = z * h + (1 - z) * c
 * ```
 *
 * computed as `h' = c + z * (h - c)`.
 *
 * @param xzr - `x [W_z | W_r] + [b_z | b_r]`, `[B, 2H]` (the input part, computed for all steps at once)
 * @param xh - `x W_h + b_h`, `[B, H]`
 * @param h - the previous state `[B, H]`
 */
export function gruStep(w: Pick<GruWeights, 'U_zr' | 'U_h'>, xzr: tf.Tensor2D, xh: tf.Tensor2D, h: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const [z, r] = tf.split(tf.sigmoid(tf.add(xzr, tf.matMul(h, w.U_zr))), 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    const c = tf.tanh(tf.add(xh, tf.matMul(tf.mul(r, h), w.U_h)));
    return tf.add(c, tf.mul(z, tf.sub(h, c)));
  });
}

/** A GRU language model: parameters and its loss. */
export interface GruLm extends ParameterSet {
  /** Vocabulary size `V`. */
  readonly vocabulary: number;
  /** Hidden units `H`. */
  readonly units: number;
  /**
   * Mean cross-entropy (nats per character) of predicting `targets` from `inputs`, both `[B, T]`
   * int32 character ids, from a zero initial state; inputs enter one-hot.
   */
  loss(inputs: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar;
}

/**
 * Builds the language model with weights drawn from `seed`: Glorot-uniform input and output
 * weights, orthogonal recurrent blocks (`U_z`, `U_r`, `U_h` each orthogonal, spectral norm 1) and
 * zero biases.
 */
export function createGruLm(vocabulary: number, units: number, seed: number): GruLm {
  for (const [name, n] of [['vocabulary', vocabulary], ['units', units]] as const) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name}: expected an integer >= 1, got ${String(n)}`);
  }
  const random = seededRandom(seed);
  const [V, H] = [vocabulary, units];
  const matrix = (rows: number, cols: number, data: Float32Array) => ({ shape: [rows, cols], data });
  const glorot = (rows: number, cols: number) => matrix(rows, cols, glorotUniform(rows, cols, rows * cols, random));
  const zeros = (n: number) => ({ shape: [n], data: new Float32Array(n) });
  const [uz, ur] = [orthogonal(H, random), orthogonal(H, random)];
  const uzr = new Float32Array(H * 2 * H);
  for (let i = 0; i < H; i++) {
    uzr.set(uz.subarray(i * H, (i + 1) * H), i * 2 * H);
    uzr.set(ur.subarray(i * H, (i + 1) * H), i * 2 * H + H);
  }
  const set = createParameters('gru', {
    W_zr: glorot(V, 2 * H),
    b_zr: zeros(2 * H),
    U_zr: matrix(H, 2 * H, uzr),
    W_h: glorot(V, H),
    b_h: zeros(H),
    [CANDIDATE_RECURRENT]: matrix(H, H, orthogonal(H, random)),
    W_out: glorot(H, V),
    b_out: zeros(V),
  });
  const w = set.params as unknown as GruWeights;
  return {
    ...set,
    vocabulary: V,
    units: H,
    loss: (inputs, targets) =>
      tf.tidy(() => {
        const [B, T] = inputs.shape;
        const x = tf.cast(tf.oneHot(tf.reshape(tf.transpose(inputs), [T * B]), V), 'float32');
        const xzr = tf.unstack(tf.reshape(tf.add(tf.matMul(x, w.W_zr), w.b_zr), [T, B, 2 * H])) as tf.Tensor2D[];
        const xh = tf.unstack(tf.reshape(tf.add(tf.matMul(x, w.W_h), w.b_h), [T, B, H])) as tf.Tensor2D[];
        let h: tf.Tensor2D = tf.zeros([B, H]);
        const states: tf.Tensor2D[] = [];
        for (let t = 0; t < T; t++) {
          h = gruStep(w, xzr[t]!, xh[t]!, h);
          states.push(h);
        }
        const logits = tf.add(tf.matMul(tf.concat(states, 0), w.W_out), w.b_out) as tf.Tensor2D;
        return meanCrossEntropy(logits, tf.reshape(tf.transpose(targets), [T * B]) as tf.Tensor1D);
      }),
  };
}
