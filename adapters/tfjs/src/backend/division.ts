/**
 * Division that follows IEEE 754 on every tfjs backend.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * tfjs backends whose `tf.div(a, b)` returns exactly 1 whenever `a == b`: the `webgl` backend's
 * division shader (packed and unpacked) starts with `if (a == b) return 1.0;`, so `0 / 0`,
 * `-0 / 0` and `Infinity / Infinity` give 1 instead of NaN; with subnormals read as zero, so does
 * a subnormal over a subnormal. Found by the conformance suite's operation probe.
 */
export const EQUAL_OPERANDS_DIVIDE_TO_ONE: ReadonlySet<string> = new Set(['webgl']);

/**
 * `a / b` with IEEE 754's result where a backend in {@link EQUAL_OPERANDS_DIVIDE_TO_ONE} differs:
 * NaN when the operands are equal and zero or infinite (the only equal operands whose IEEE
 * quotient is not 1). Every other quotient is `tf.div`'s. The comparisons read operands as the
 * backend does, so under flush-to-zero a subnormal counts as zero, as in the division itself.
 */
export function guardedDiv(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const zero = tf.scalar(0, 'float32');
  const undefinedQuotient = tf.logicalAnd(tf.equal(a, b), tf.logicalOr(tf.equal(a, zero), tf.isInf(a)));
  return tf.where(undefinedQuotient, tf.scalar(NaN, 'float32'), tf.div(a, b));
}
