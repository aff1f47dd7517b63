/**
 * {@link Ops} over TensorFlow.js tensors: how a traced rule runs as tfjs ops.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Ops } from '@stablegrad/core';
import { guardedDiv } from './division.js';

/**
 * `min(a, b)` (or `max` with `pick = tf.greater`) with the semantics of `Math.min` (`Math.max`):
 * NaN when either operand is NaN, and `-0` below `+0`.
 *
 * `tf.minimum` and `tf.maximum` do not guarantee either: on the `wasm` backend
 * `tf.minimum([1], [NaN])` is `[1]` (the NaN is dropped when it is the second operand) and
 * `tf.minimum([0], [-0])` is `[0]`. So the result is chosen from the operands with exact
 * comparisons: `b` when it is strictly better, NaN, or an equal zero of the preferred sign (told
 * apart by the sign of `1 / b`), else `a`. Every backend computes comparisons and `1 / ±0`
 * exactly, so the result is the same bits everywhere.
 */
function select(a: tf.Tensor, b: tf.Tensor, better: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor): tf.Tensor {
  const zeroSign = better(tf.div(tf.scalar(1, 'float32'), b), tf.scalar(0, 'float32'));
  const takeB = tf.logicalOr(tf.logicalOr(better(b, a), tf.isNaN(b)), tf.logicalAnd(tf.equal(a, b), zeroSign));
  return tf.where(takeB, b, a);
}

/**
 * Elementwise operations on `tf.Tensor`s, each one tfjs op in float32 (`add`, `sub`, `mul`,
 * `div`, `sqrt`, `neg`, `abs`); `min` and `max` are built from exact comparisons so that they
 * follow `Math.min` and `Math.max` on every backend (see the note in the source). Literals
 * become float32 scalar tensors (rounded to nearest, as `Math.fround`).
 *
 * Run under `tf.tidy`: every operation allocates a tensor.
 *
 * @param scalar - returns the float32 scalar tensor of a named per-step scalar
 * @param guardDivision - divide with {@link guardedDiv} (for backends whose division returns 1
 * for equal operands, such as `webgl`)
 */
export function tensorOps(scalar: (name: string) => tf.Tensor, guardDivision = false): Ops<tf.Tensor> {
  return {
    add: (a, b) => tf.add(a, b),
    sub: (a, b) => tf.sub(a, b),
    mul: (a, b) => tf.mul(a, b),
    div: guardDivision ? guardedDiv : (a, b) => tf.div(a, b),
    sqrt: (a) => tf.sqrt(a),
    neg: (a) => tf.neg(a),
    abs: (a) => tf.abs(a),
    min: (a, b) => select(a, b, tf.less),
    max: (a, b) => select(a, b, tf.greater),
    literal: (value) => tf.scalar(value, 'float32'),
    scalar,
  };
}
