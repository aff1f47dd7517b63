/**
 * A model's trainable parameters as named tfjs variables.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** Trainable parameters by stable name (`U_h`, `conv1/w`), whatever the variables' own names. */
export interface ParameterSet {
  /** The variables by stable name. */
  readonly params: Readonly<Record<string, tf.Variable>>;
  /** Disposes every variable. */
  dispose(): void;
}

let created = 0;

/**
 * Creates one trainable float32 variable per entry. Variable names get a unique prefix, so that
 * models built one after another (or side by side) never clash in tfjs's variable registry.
 *
 * @param values - initial values by stable name, with their shapes
 */
export function createParameters(
  model: string,
  values: Readonly<Record<string, { readonly shape: readonly number[]; readonly data: Float32Array }>>,
): ParameterSet {
  const prefix = `${model}${++created}`;
  const params: Record<string, tf.Variable> = {};
  for (const [name, { shape, data }] of Object.entries(values)) {
    const initial = tf.tensor(data, [...shape], 'float32');
    params[name] = tf.variable(initial, true, `${prefix}/${name}`);
    initial.dispose();
  }
  return {
    params,
    dispose: () => Object.values(params).forEach((v) => v.dispose()),
  };
}

/**
 * The loss and the gradient of every parameter, by stable name (`tf.variableGrads` names them
 * by variable).
 */
export function lossAndGradients(set: ParameterSet, loss: () => tf.Scalar): { value: tf.Scalar; grads: Record<string, tf.Tensor> } {
  const { value, grads } = tf.variableGrads(loss, Object.values(set.params));
  const byName: Record<string, tf.Tensor> = {};
  for (const [name, v] of Object.entries(set.params)) byName[name] = grads[v.name]!;
  return { value, grads: byName };
}

/**
 * The losses of several models computed together, and the gradient of each model's loss with
 * respect to its own parameters: `losses()` returns one loss per model (`[K]`, in the order of
 * `sets`), and the gradient is taken of their sum, so that model `k`'s gradient is that of
 * `losses()[k]` when the models do not interact.
 *
 * @returns the losses as numbers, and per model its gradients by stable name (the caller disposes them)
 */
export function groupLossAndGradients(
  sets: readonly ParameterSet[],
  losses: () => tf.Tensor1D,
): { losses: Float32Array; grads: Record<string, tf.Tensor>[] } {
  let kept: tf.Tensor1D | undefined;
  const { value, grads } = tf.variableGrads(() => {
    kept = tf.keep(losses());
    return tf.sum(kept);
  }, sets.flatMap((s) => Object.values(s.params)));
  const values = kept!.dataSync() as Float32Array;
  tf.dispose([value, kept!]);
  return { losses: values, grads: sets.map((s) => Object.fromEntries(Object.entries(s.params).map(([name, v]) => [name, grads[v.name]!]))) };
}

/**
 * Mean cross-entropy in nats, `-mean_n log softmax(logits_n)[label_n]`.
 *
 * @param logits - `[N, K]`
 * @param labels - `[N]` int32 class indices
 */
export function meanCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const oneHot = tf.cast(tf.oneHot(labels, logits.shape[1]), 'float32');
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1))) as tf.Scalar;
  });
}
