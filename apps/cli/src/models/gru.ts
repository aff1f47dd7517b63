/**
 * A character-level GRU language model written with tfjs ops, its candidate recurrent weight `U_h`
 * a variable of its own so that any step backend can constrain and measure it.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '../train/random.js';
import { glorotUniform, orthogonal } from './init.js';
import { createParameters, type ParameterSet } from './parameters.js';

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
 * computed as `h' = c + z * (h - c)`, for one model (`h` `[B, H]`, `U_zr` `[H, 2H]`) or for `K`
 * models at once (`h` `[K, B, H]`, `U_zr` `[K, H, 2H]`, batched matrix products).
 *
 * @param xzr - `x [W_z | W_r] + [b_z | b_r]`, `[(K,) B, 2H]` (the input part, computed for all steps at once)
 * @param xh - `x W_h + b_h`, `[(K,) B, H]`
 * @param h - the previous state `[(K,) B, H]`
 */
export function gruStep<T extends tf.Tensor2D | tf.Tensor3D>(w: { readonly U_zr: T; readonly U_h: T }, xzr: T, xh: T, h: T): T {
  return tf.tidy(() => {
    const [z, r] = tf.split(tf.sigmoid(tf.add(xzr, tf.matMul(h, w.U_zr))), 2, -1) as [T, T];
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

/** The weights of `models` stacked along a new first axis; biases as `[K, 1, n]`. */
function stackWeights(models: readonly GruLm[]): { [N in keyof GruWeights]: tf.Tensor3D } {
  const stack = (name: keyof GruWeights) => {
    const ws = models.map((m) => m.params[name]!);
    return ws.length === 1 ? tf.expandDims(ws[0]!, 0) : tf.stack(ws);
  };
  const bias = (name: keyof GruWeights) => tf.expandDims(stack(name), 1) as tf.Tensor3D;
  return {
    W_zr: stack('W_zr') as tf.Tensor3D,
    b_zr: bias('b_zr'),
    U_zr: stack('U_zr') as tf.Tensor3D,
    W_h: stack('W_h') as tf.Tensor3D,
    b_h: bias('b_h'),
    U_h: stack(CANDIDATE_RECURRENT) as tf.Tensor3D,
    W_out: stack('W_out') as tf.Tensor3D,
    b_out: bias('b_out'),
  };
}

/**
 * `x W` for one-hot inputs `x`, given as ids `[K, N]` (values below `V`), and weights `W`
 * `[K, V, n]`: the rows of `W` the ids pick, `[K, N, n]`. Where the backend has the kernel
 * `UnsortedSegmentSum` (the gradient of a gather; `tensorflow`, `cpu`), the rows are gathered,
 * which skips the products with zeros that make up most of the arithmetic of a character model's
 * input layer; elsewhere (`wasm`) it is the product with the one-hot matrix. Both give the same
 * values; their gradients differ only in the order of float32 sums.
 */
function inputRows(ids: tf.Tensor2D, V: number): (W: tf.Tensor3D) => tf.Tensor3D {
  const [K, N] = ids.shape;
  if (!tf.getKernel('UnsortedSegmentSum', tf.getBackend())) {
    const x = tf.cast(tf.oneHot(ids, V), 'float32') as tf.Tensor3D;
    return (W) => tf.matMul(x, W);
  }
  const rows = tf.reshape(tf.add(ids, tf.mul(tf.reshape(tf.range(0, K, 1, 'int32'), [K, 1]), tf.scalar(V, 'int32'))), [K * N]);
  return (W) => tf.reshape(tf.gather(tf.reshape(W, [K * V, W.shape[2]]), rows), [K, N, W.shape[2]]);
}

/**
 * The loss of each of `K` language models of the same size on its own batch, computed together:
 * their weights are stacked and every matrix product is one batched product over the models, so
 * that the cost of each tfjs operation is shared by all of them. Model `k` reads `inputs[k]` and
 * predicts `targets[k]` (`[K, B, T]` int32 character ids), from a zero initial state, and its
 * loss is its mean cross-entropy in nats per character; the models do not interact, and the
 * gradient of the sum of the losses with respect to model `k`'s weights is that of its own loss.
 *
 * @returns `[K]` losses
 * @throws RangeError naming `models` when they are none or differ in size, or `inputs` when its
 * first axis is not the number of models
 */
export function stackedGruLosses(models: readonly GruLm[], inputs: tf.Tensor3D, targets: tf.Tensor3D): tf.Tensor1D {
  const first = models[0];
  if (!first || models.some((m) => m.units !== first.units || m.vocabulary !== first.vocabulary)) {
    throw new RangeError(`models: expected one or more models of the same size, got ${models.map((m) => `${m.vocabulary}x${m.units}`).join(', ') || 'none'}`);
  }
  const [K, B, T] = inputs.shape;
  if (K !== models.length || targets.shape.join() !== inputs.shape.join()) {
    throw new RangeError(`inputs: expected [${models.length}, B, T] ids and targets of the same shape, got [${inputs.shape.join(', ')}] and [${targets.shape.join(', ')}]`);
  }
  const [V, H] = [first.vocabulary, first.units];
  return tf.tidy(() => {
    const w = stackWeights(models);
    const timeMajor = (ids: tf.Tensor3D) => tf.reshape(tf.transpose(ids, [0, 2, 1]), [K, T * B]) as tf.Tensor2D;
    const oneHot = (ids: tf.Tensor3D) => tf.cast(tf.oneHot(timeMajor(ids), V), 'float32') as tf.Tensor3D;
    const input = inputRows(timeMajor(inputs), V);
    const xzr = tf.unstack(tf.reshape(tf.add(input(w.W_zr), w.b_zr), [K, T, B, 2 * H]), 1) as tf.Tensor3D[];
    const xh = tf.unstack(tf.reshape(tf.add(input(w.W_h), w.b_h), [K, T, B, H]), 1) as tf.Tensor3D[];
    let h: tf.Tensor3D = tf.zeros([K, B, H]);
    const states: tf.Tensor3D[] = [];
    for (let t = 0; t < T; t++) {
      h = gruStep(w, xzr[t]!, xh[t]!, h);
      states.push(h);
    }
    const logits = tf.add(tf.matMul(tf.reshape(tf.stack(states, 1), [K, T * B, H]), w.W_out), w.b_out);
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot(targets), tf.logSoftmax(logits)), 2), 1)) as tf.Tensor1D;
  });
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
  const lm: GruLm = {
    ...set,
    vocabulary: V,
    units: H,
    loss: (inputs, targets) =>
      tf.tidy(() => tf.reshape(stackedGruLosses([lm], tf.expandDims(inputs, 0) as tf.Tensor3D, tf.expandDims(targets, 0) as tf.Tensor3D), []) as tf.Scalar),
  };
  return lm;
}
