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
