/**
 * Fuzzed calls of `nativeLinAlg`, with the tensor arguments the tensor API can make (empty
 * matrices with huge dimensions among them) and block arguments of every length and type.
 * Calls that fall under a known failure of the linear algebra are marked with its id.
 *
 * @module
 */
import type { TypedArray } from '@stablegrad/core';
import { nativeLinAlg } from '../backend/native-linalg.js';
import type { NativeTensor } from '../tensor/native-tensor.js';
import { countArg, factorArg, firstFault, show, type Arg } from './arguments.js';
import { newEntry, recordsTensorLike, tensorArg, type Call, type FuzzContext, type TensorArg } from './context.js';
import { fails, OK, okOr } from './outcome.js';

/** Values from which a product's result block may be more than the machine grants (a RangeError). */
const HUGE = 2 ** 24;

/** Empty matrices with huge dimensions (valid tensors of size 0). */
const HUGE_EMPTY = [
  [2 ** 40, 0],
  [0, 1e13],
  [2 ** 30, 0],
  [0, 2 ** 31],
];

/** `f64(a)`: the sum of squares in float64, left to right. */
function sumOfSquares(data: TypedArray): number {
  let s = 0;
  for (const v of data) s += v * v;
  return s;
}

/** Whether `got` is `want` up to float64 rounding of a sum of `n` terms (reordered sums allowed). */
function close(got: number, want: number, n: number): boolean {
  if (!Number.isFinite(want)) return Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want));
  return Math.abs(got - want) <= (n + 1) * 2 ** -50 * Math.abs(want) + 1e-300;
}

/** A matrix argument: mostly a live 2-D tensor (made when there is none), sometimes another rank, disposed, held or garbage. */
function matrixArg(ctx: FuzzContext): TensorArg & { m?: number; n?: number } {
  const { r, model } = ctx;
  if (r.chance(0.08)) {
    const shape = r.pick(HUGE_EMPTY);
    const entry = newEntry(ctx, shape, r.pick(['float32', 'float64'] as const));
    return { value: entry.tensor, text: entry.label, entry, m: shape[0]!, n: shape[1]! };
  }
  const matrices = model.live.filter((e) => e.tensor.shape.length === 2);
  const t = r.chance(0.15) ? tensorArg(ctx, true) : tensorArg(ctx, false, matrices.length > 0 ? matrices : [newEntry(ctx, [1 + r.int(9), r.int(9)], 'float64')]);
  if (t.fault !== undefined) return t;
  const shape = (t.value as NativeTensor).shape;
  if (shape.length !== 2) return { ...t, fault: 'RangeError' };
  return { ...t, m: shape[0]!, n: shape[1]! };
}

/** A block of `rows` x `k` float64 values, or of the wrong length or type (RangeError). */
function blockArg(ctx: FuzzContext, rows: number, k: Arg): Arg {
  const { r } = ctx;
  const valid = k.fault === undefined && rows * (k.value as number) <= 4096;
  if (valid && r.chance(0.85)) {
    const value = Float64Array.from({ length: rows * (k.value as number) }, (_, i) => Math.sin(i + 1));
    return { value, text: show(value) };
  }
  const value = r.pick([new Float64Array(valid ? rows * (k.value as number) + 1 : 1), new Float32Array(2), [1, 2], null]);
  return { value, text: show(value), fault: 'RangeError' };
}

/** `nativeLinAlg.sumOfSquares(t)`; checked against the host values when they are known. */
export function sumOfSquaresCall(ctx: FuzzContext): Call {
  const t = tensorArg(ctx, true);
  return {
    kind: 'sumOfSquares',
    text: `nativeLinAlg.sumOfSquares(${t.text})`,
    expect: t.fault === undefined ? OK : fails(t.fault),
    run: () => nativeLinAlg.sumOfSquares(t.value as NativeTensor),
    onSuccess(value) {
      const mirror = t.entry!.mirror;
      if (typeof value !== 'number') return `returned ${show(value)}`;
      if (mirror !== undefined && !close(value, sumOfSquares(mirror), mirror.length)) return `returned ${value}, expected ${sumOfSquares(mirror)}`;
      return undefined;
    },
  };
}

/** `nativeLinAlg.scale(t, factor)`. */
export function scaleCall(ctx: FuzzContext): Call {
  const t = tensorArg(ctx, true);
  const factor = factorArg(ctx.r);
  // A factor that is not a number is refused, with whatever class fits it.
  const error = firstFault(t);
  return {
    kind: 'scale',
    text: `nativeLinAlg.scale(${t.text}, ${factor.text})`,
    expect: error !== undefined ? fails(error) : factor.fault !== undefined ? fails() : OK,
    run: () => nativeLinAlg.scale(t.value as NativeTensor, factor.value as number),
    onSuccess: recordsTensorLike(ctx, t.value as NativeTensor),
  };
}

/** `nativeLinAlg.multiply(W, X, k)` or `multiplyTransposed(W, Y, k)`. */
export function multiplyCall(ctx: FuzzContext, transposed: boolean): Call {
  const W = matrixArg(ctx);
  const k = countArg(ctx.r);
  const rows = transposed ? W.m : W.n;
  const outRows = transposed ? W.n : W.m;
  const X = blockArg(ctx, rows ?? 1, k);
  const error = firstFault(W, k, X);
  const kv = k.value as number;
  // The result is a new block of rows * k doubles (zeros when W is empty): a huge one may not be granted.
  const name = transposed ? 'multiplyTransposed' : 'multiply';
  return {
    kind: name,
    text: `nativeLinAlg.${name}(${W.text}, ${X.text}, ${k.text})`,
    expect: error !== undefined ? fails(error) : outRows! * kv >= HUGE ? okOr('RangeError') : OK,
    run: () => (transposed ? nativeLinAlg.multiplyTransposed : nativeLinAlg.multiply)(W.value as NativeTensor, X.value as Float64Array, kv),
    onSuccess(value) {
      if (!(value instanceof Float64Array) || value.length !== outRows! * kv) return `returned ${show(value)}, expected Float64Array(${outRows! * kv})`;
      return undefined;
    },
  };
}

/** `nativeLinAlg.lowRankUpdate(W, U, d, V)`. */
export function lowRankUpdateCall(ctx: FuzzContext): Call {
  const { r } = ctx;
  const W = matrixArg(ctx);
  const k: Arg = { value: r.int(3), text: '' };
  const dKind = r.weighted([
    ['valid', 85],
    ['array', 8],
    ['missing', 7],
  ] as const);
  const kv = k.value as number;
  const d: Arg =
    dKind === 'valid'
      ? { value: Float64Array.from({ length: kv }, (_, i) => i + 0.5), text: `Float64Array(${kv})` }
      : dKind === 'array'
        ? { value: Array.from({ length: kv }, () => 1), text: `an array of ${kv}`, fault: 'TypeError' }
        : { value: r.pick([null, undefined]), text: 'null', fault: 'TypeError' };
  const U = blockArg(ctx, W.m ?? 1, k);
  const V = blockArg(ctx, W.n ?? 1, k);
  // W is checked, then d's type, then U and V.
  const error = firstFault(W, d, U, V);
  return {
    kind: 'lowRankUpdate',
    text: `nativeLinAlg.lowRankUpdate(${W.text}, ${U.text}, ${d.text}, ${V.text})`,
    expect: error === undefined ? OK : fails(error),
    run: () => nativeLinAlg.lowRankUpdate(W.value as NativeTensor, U.value as Float64Array, d.value as Float64Array, V.value as Float64Array),
    onSuccess: recordsTensorLike(ctx, W.value as NativeTensor),
  };
}
