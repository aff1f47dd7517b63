import { describe, expect, it } from 'vitest';
import { defineRule, numberOps, type DType, type Rule, type TypedArray } from '@stablegrad/core';
import { compileRule, firstBitDifference } from '@stablegrad/core/testing';
import { onnxBackend } from './onnx-backend.js';

const OPS = ['add', 'sub', 'mul', 'div', 'min', 'max', 'sqrt', 'neg', 'abs'] as const;
type Op = (typeof OPS)[number];
const UNARY = new Set<Op>(['sqrt', 'neg', 'abs']);

/** A rule whose update is the single operation `op` on the parameter (and the gradient). */
function oneOp(op: Op): Rule<any> {
  return defineRule({
    id: `one-${op}`,
    name: `One${op}`,
    description: `${op} alone`,
    hyper: {},
    slots: {},
    scalars: () => ({}),
    update: (o, { param, grad }) => ({
      param: UNARY.has(op) ? (o[op] as (a: typeof param) => typeof param)(param) : (o[op] as (a: typeof param, b: typeof param) => typeof param)(param, grad),
      slots: {},
    }),
  });
}

const SPECIALS = [0, -0, NaN, Infinity, -Infinity, 1, -1, 1e-45, -1e-45, 1.1754942e-38, 1.1754944e-38, 3.4028235e38, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308];

/** Random bit patterns (every exponent, subnormals and NaNs included), then every pair of special values. */
function operands(dtype: DType, n: number, seed: number, second: boolean): TypedArray {
  const words = new Uint32Array(dtype === 'float64' ? 2 * n : n);
  let s = seed;
  for (let i = 0; i < words.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    words[i] = s;
  }
  const data = dtype === 'float64' ? new Float64Array(words.buffer) : new Float32Array(words.buffer);
  SPECIALS.forEach((x, i) => SPECIALS.forEach((y, j) => (data[i * SPECIALS.length + j] = second ? y : x)));
  return data;
}

describe.each(['float32', 'float64'] as const)('ONNX Runtime CPU kernels in %s', (dtype) => {
  const backend = onnxBackend();
  const n = 1 << 16;
  const a = operands(dtype, n, 1, false);
  const b = operands(dtype, n, 7, true);
  const round = dtype === 'float32' ? Math.fround : (x: number) => x;

  it.each(OPS)("'%s' gives the reference's bits for every operand pair (signed zeros included)", (op) => {
    const kernel = backend.compile(compileRule(oneOp(op)), dtype);
    const got = kernel.run([{ param: backend.fromHost({ shape: [n], data: a }, dtype), grad: backend.fromHost({ shape: [n], data: b }, dtype) }], {}).outputs[0]!.param!;
    const ops = numberOps(round, {});
    const want = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
    for (let i = 0; i < n; i++) want[i] = UNARY.has(op) ? (ops[op] as (x: number) => number)(a[i]!) : (ops[op] as (x: number, y: number) => number)(a[i]!, b[i]!);
    const i = firstBitDifference(backend.toHost(got).data, want);
    expect(i, i < 0 ? '' : `${op}(${a[i]}, ${b[i]}) = ${got.data[i]}, reference ${want[i]}`).toBe(-1);
  });
});
