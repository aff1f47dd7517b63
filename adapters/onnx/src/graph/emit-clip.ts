/**
 * `clipByGlobalNorm` as ONNX nodes, ahead of the update in the same graph.
 *
 * @module
 */
import type { DType } from '@stablegrad/core';
import type { GraphBuilder } from './graph-builder.js';
import { DOUBLE, FLOAT } from './onnx-proto.js';

/**
 * Emits core's `clipByGlobalNorm(maxNorm)` over the gradients `grads` (graph values, one per
 * tensor) and returns the clipped gradients, in `dtype`.
 *
 * Numerically, as core computes it on the host:
 * - each gradient is widened to float64 (`Cast`, exact) and its sum of squares taken in float64
 *   (`ReduceSumSquare`); the sums are added in tensor order and `n = Sqrt(sum)` is the output
 *   `normOutput` (float64, shape `[]`);
 * - `factor = maxNorm / Max(n, maxNorm)`, times `(n - n) + 1`, which is 1 when `n` is finite and NaN
 *   otherwise, so that a NaN or infinite gradient makes every gradient NaN, as in TensorFlow;
 * - every gradient is multiplied by `factor` in float64 and rounded once to `dtype` (`Cast`).
 *
 * When `n <= maxNorm` the factor is exactly 1 and the gradients come out unchanged. Otherwise the
 * result can differ from core's host computation only through the order in which ONNX Runtime
 * adds the squares inside `ReduceSumSquare` (a relative difference of the sum of order
 * `len * 2^-53`), which can move a clipped float32 gradient by one ulp.
 */
export function emitClip(b: GraphBuilder, grads: readonly string[], dtype: DType, maxNorm: number, normOutput: string): string[] {
  const widen = dtype === 'float32';
  const wide = grads.map((g, k) =>
    widen ? b.node('Cast', [g], `_clip_g${k}_f64`, `gradient ${k} widened for clipping`, [{ name: 'to', value: DOUBLE }]) : g,
  );
  const squares = wide.map((g, k) =>
    b.node('ReduceSumSquare', [g], `_clip_ss${k}`, `sum of squares of gradient ${k}`, [{ name: 'keepdims', value: 0 }]),
  );
  let sum = squares[0]!;
  for (let k = 1; k < squares.length; k++) sum = b.node('Add', [sum, squares[k]!], `_clip_sum${k}`, `sum of squares up to gradient ${k}`);
  const norm = b.node('Sqrt', [sum], normOutput, 'the global gradient norm');
  const limit = b.constant(maxNorm, 'float64');
  const ratio = b.node('Div', [limit, b.node('Max', [norm, limit], '_clip_den', 'max(norm, maxNorm)')], '_clip_ratio', 'maxNorm / max(norm, maxNorm)');
  const zeroOrNaN = b.node('Sub', [norm, norm], '_clip_finite0', 'norm - norm (NaN unless norm is finite)');
  const oneOrNaN = b.node('Add', [zeroOrNaN, b.constant(1, 'float64')], '_clip_finite1', '1, or NaN unless norm is finite');
  const factor = b.node('Mul', [ratio, oneOrNaN], '_clip_factor', 'the clipping factor');
  return wide.map((g, k) => {
    const scaled = b.node('Mul', [g, factor], widen ? `_clip_g${k}_f64_scaled` : `_clip_g${k}`, `clipped gradient ${k}`);
    return widen ? b.node('Cast', [scaled], `_clip_g${k}`, `clipped gradient ${k} in float32`, [{ name: 'to', value: FLOAT }]) : scaled;
  });
}
