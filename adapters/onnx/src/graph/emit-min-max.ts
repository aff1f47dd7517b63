/**
 * `min` and `max` with the signed-zero order of JavaScript and IEEE 754-2019.
 *
 * @module
 */
import type { DType } from '@stablegrad/core';
import type { GraphBuilder } from './graph-builder.js';

/**
 * Emits `min(a, b)` or `max(a, b)` as core's reference computes them (`Math.min`, `Math.max`):
 * NaN when either operand is NaN, and `-0 < +0`.
 *
 * ONNX leaves `Min(+0, -0)` unspecified, and ONNX Runtime's CPU kernels return an operand by its
 * position (measured in float32 and float64: `Min(+0, -0) = +0`, `Max(-0, +0) = -0`; every other
 * pair of values, NaN included, gives the reference's bits). The one wrong case is a zero of the
 * wrong sign, which multiplying by -1 corrects exactly. For `min` (mirrored for `max`):
 *
 * ```
 * raw  = Min(a, b)
 * flip = And(Equal(1 / raw, +Inf),          raw is +0, so a, b >= 0 ...
 *            Less(Min(1 / a, 1 / b), 0))    ... and one of them is -0
 * out  = raw * Where(flip, -1, 1)
 * ```
 *
 * Every node here is exact, and the selection goes through `Where` only with the non-zero values
 * `-1` and `1` (ONNX Runtime's `Where` turns a selected `-0` from its second input into `+0`). This
 * costs nine more elementwise nodes per `min` or `max` instruction; the built-in rules use
 * neither.
 *
 * @param prefix - prefix of the intermediate value names
 * @returns `out`
 */
export function emitMinMax(
  b: GraphBuilder,
  op: 'min' | 'max',
  x: string,
  y: string,
  out: string,
  prefix: string,
  what: string,
  dtype: DType,
): string {
  const isMin = op === 'min';
  const one = b.constant(1, dtype);
  const node = (opType: string, inputs: string[], suffix: string, note: string): string =>
    b.node(opType, inputs, `${prefix}_${suffix}`, `${what}: ${note}`);
  const raw = node(isMin ? 'Min' : 'Max', [x, y], 'raw', 'before the sign of zero');
  const rawInverse = node('Div', [one, raw], 'inv', '1 / raw');
  const wrongZero = node('Equal', [rawInverse, b.constant(isMin ? Infinity : -Infinity, dtype)], 'zero', isMin ? 'raw is +0' : 'raw is -0');
  const inverses = node(isMin ? 'Min' : 'Max', [node('Div', [one, x], 'invx', '1 / a'), node('Div', [one, y], 'invy', '1 / b')], 'invxy', 'of 1 / a, 1 / b');
  const other = node(isMin ? 'Less' : 'Greater', [inverses, b.constant(0, dtype)], 'other', isMin ? 'an operand is -0' : 'an operand is +0');
  const flip = node('And', [wrongZero, other], 'flip', 'the zero has the wrong sign');
  const sign = node('Where', [flip, b.constant(-1, dtype), one], 'sign', '-1 where the sign is wrong, else 1');
  return b.node('Mul', [raw, sign], out, what);
}
