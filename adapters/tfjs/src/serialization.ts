/**
 * Shared pieces of tfjs serialisation.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Creates an object of class `cls` from its `getConfig()` result, dropping the `customObjects`
 * entry that tfjs-layers adds to configs when it loads a model.
 */
export function fromConfigIgnoringCustomObjects<T extends tf.serialization.Serializable>(
  cls: tf.serialization.SerializableConstructor<T>,
  config: tf.serialization.ConfigDict,
): T {
  const rest: Record<string, unknown> = { ...config };
  delete rest.customObjects;
  return new cls(rest);
}
