/**
 * The reference backends: the oracle every other backend is held against.
 *
 * @module
 */
import type { Ops } from '../ops.js';
import type { DType } from '../tensor.js';
import type { Backend } from './backend.js';
import type { HostTensor } from '../tensor.js';
import { hostBackend, outputsFor } from './host-backend.js';
import type { Float32Arithmetic } from '../arithmetic/float32-arithmetic.js';
import { ftzOps } from '../arithmetic/ftz-ops.js';

/**
 * `Ops<number>` in which every result is passed through `round`: the identity gives float64
 * arithmetic, `Math.fround` gives float32 arithmetic with one correct rounding per operation
 * (exact for `+ - * /` and `sqrt`, since float64 holds more than twice float32's precision).
 */
export function numberOps(round: (x: number) => number, scalars: Readonly<Record<string, number>>): Ops<number> {
  return {
    add: (a, b) => round(a + b),
    sub: (a, b) => round(a - b),
    mul: (a, b) => round(a * b),
    div: (a, b) => round(a / b),
    sqrt: (a) => round(Math.sqrt(a)),
    neg: (a) => -a,
    abs: (a) => Math.abs(a),
    min: (a, b) => Math.min(a, b),
    max: (a, b) => Math.max(a, b),
    literal: (v) => round(v),
    scalar: (name) => {
      const v = scalars[name];
      if (v === undefined) throw new Error(`missing per-step scalar '${name}'`);
      return round(v);
    },
  };
}

function referenceBackend(id: string, dtype: DType, opsFor: (scalars: Readonly<Record<string, number>>) => Ops<number>): Backend<HostTensor> {
  return hostBackend(id, [dtype], (compiled) => (groups, scalars, inPlace) => {
    const ops = opsFor(scalars);
    const { rule, hyper, slots } = compiled;
    return groups.map((group) => {
      const out = outputsFor(compiled, group, dtype, inPlace);
      const n = group.param!.data.length;
      for (let i = 0; i < n; i++) {
        const slotIn: Record<string, number> = {};
        for (const s of slots) slotIn[s] = group[s]!.data[i]!;
        const r = rule.update(ops, { param: group.param!.data[i]!, grad: group.grad!.data[i]!, slots: slotIn }, hyper);
        out.param!.data[i] = r.param;
        for (const s of slots) out[s]!.data[i] = r.slots[s]!;
      }
      return out;
    });
  });
}

/**
 * `reference-f64`: the rule's own `update` called per element on float64 numbers. Slow and
 * obviously right.
 */
export const referenceF64: Backend<HostTensor> = referenceBackend('reference-f64', 'float64', (s) => numberOps((x) => x, s));

/**
 * `reference-f32`: the rule's own `update` called per element with `Math.fround` after every
 * operation: the float32-strict oracle that fast backends must match bit for bit.
 */
export const referenceF32: Backend<HostTensor> = referenceBackend('reference-f32', 'float32', (s) => numberOps(Math.fround, s));

/**
 * `reference-f32-ftz`: `reference-f32` in `ftz` arithmetic (see {@link ftzOps}): every operation
 * reads subnormal operands as zero and writes subnormal results as zero. The oracle of backends
 * that declare `ftz`.
 */
export const referenceF32Ftz: Backend<HostTensor> = referenceBackend('reference-f32-ftz', 'float32', ftzOps);

/** The float32 oracle of a backend that declares `arithmetic`: {@link referenceF32} or {@link referenceF32Ftz}. */
export function referenceF32For(arithmetic: Float32Arithmetic): Backend<HostTensor> {
  return arithmetic === 'ftz' ? referenceF32Ftz : referenceF32;
}
