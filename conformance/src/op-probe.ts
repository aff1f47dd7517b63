/**
 * The operation probe: every elementwise operation of `Ops`, as a one-instruction user-defined
 * rule, on every pair of awkward float32 values, held to `reference-f32` under the backend's
 * declared arithmetic. It finds what a runtime does differently from its declaration, such as a
 * division that returns 1 for equal operands (so `0 / 0 = 1`), which random inputs hit rarely.
 *
 * @module
 */
import { BINARY_OPS, UNARY_OPS, defineRule, referenceF32, referenceF32For, type Backend, type Float32Arithmetic, type Rule } from '@stablegrad/core';
import { accumulate, emptyComparison, flushNote } from './arithmetic-compare.js';
import type { ResultRow } from './result.js';
import { runTrajectory, type TrajectorySpec } from './trajectory.js';

/**
 * The operands: signed zeros, the smallest and a mid-range subnormal, the smallest normal and its
 * neighbour, ordinary values, the largest finite float32, values whose products overflow or
 * underflow, infinities and NaN (all exactly representable in float32).
 */
export const PROBE_VALUES: readonly number[] = [
  0, -0, 2 ** -149, -(2 ** -149), 1e-40, -1e-40, 2 ** -126, -(2 ** -126), 1.5 * 2 ** -126, 1, -1, 3, -2.5, 0.1, 2 ** -70, 2 ** 70,
  3.4028234663852886e38, -3.4028234663852886e38, Infinity, -Infinity, NaN,
].map(Math.fround);

type OpName = (typeof BINARY_OPS)[number] | (typeof UNARY_OPS)[number];

/** A rule whose update is the single operation `op` of the parameter (and the gradient). */
function probeRule(op: OpName): Rule<any> {
  const binary = (BINARY_OPS as readonly string[]).includes(op);
  return defineRule({
    id: `op-${op}`,
    name: `op-${op}`,
    description: `the single operation ${op}, as a user-defined rule`,
    hyper: {},
    slots: {},
    scalars: () => ({}),
    update(o, x) {
      const param = binary ? o[op as (typeof BINARY_OPS)[number]](x.param, x.grad) : o[op as (typeof UNARY_OPS)[number]](x.param);
      return { param, slots: {} };
    },
  });
}

/** Every ordered pair of {@link PROBE_VALUES}, as parameter (`a`) and gradient (`b`) arrays. */
function pairs(): { a: Float32Array; b: Float32Array } {
  const n = PROBE_VALUES.length;
  const a = new Float32Array(n * n);
  const b = new Float32Array(n * n);
  PROBE_VALUES.forEach((x, i) => PROBE_VALUES.forEach((y, j) => ((a[i * n + j] = x), (b[i * n + j] = y))));
  return { a, b };
}

const show = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));

/**
 * Runs every operation on every pair of {@link PROBE_VALUES} on `backend` and compares with
 * `reference-f32` computing in `arithmetic`. One row per operation (`equivalence:op-<name>`); a
 * failed row names the first operand pair the declaration does not explain, e.g.
 * `div(0, 0) = 1, expected NaN`.
 */
export async function checkOperations(backend: Backend<any>, arithmetic: Float32Arithmetic): Promise<ResultRow[]> {
  const { a, b } = pairs();
  const rows: ResultRow[] = [];
  for (const op of [...BINARY_OPS, ...UNARY_OPS]) {
    const rule = probeRule(op);
    const base = { set: `equivalence:${rule.id}`, kind: 'equivalence' as const, rule: rule.id, dtype: 'float32' as const, backend: backend.id, arithmetic };
    if (!backend.dtypes.includes('float32')) {
      rows.push({ ...base, status: 'skipped', reason: `computes in ${backend.dtypes.join(', ')} only; the probe is a float32 check` });
      continue;
    }
    const spec: TrajectorySpec = { rule, hyper: {}, dtype: 'float32', shapes: { x: [a.length] }, init: { x: a }, grads: [{ x: b }] };
    try {
      const got = (await runTrajectory(backend, spec))[0]!.x!.data;
      const want = (await runTrajectory(referenceF32For(arithmetic), spec))[0]!.x!.data;
      const ieee = (await runTrajectory(referenceF32, spec))[0]!.x!.data;
      const c = accumulate(emptyComparison(), arithmetic, got, want, ieee);
      const counts = arithmetic === 'ftz' ? { flushed: c.flushed } : {};
      if (c.firstUnexplained) {
        const { index, got: g, want: w } = c.firstUnexplained;
        const args = (BINARY_OPS as readonly string[]).includes(op) ? `${show(a[index]!)}, ${show(b[index]!)}` : show(a[index]!);
        rows.push({ ...base, status: 'failed', maxUlp: c.maxUlp, ...counts, reason: `${op}(${args}) = ${show(g)}, expected ${show(w)} under ${arithmetic} arithmetic` });
      } else {
        const note = flushNote(c);
        rows.push({ ...base, status: 'passed', maxUlp: 0, ...counts, ...(note ? { reason: note } : {}) });
      }
    } catch (e) {
      rows.push({ ...base, status: 'failed', reason: `threw: ${(e as Error).message}` });
    }
  }
  return rows;
}
