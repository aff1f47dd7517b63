/**
 * Float32 operations on numbers with subnormals flushed to zero.
 *
 * @module
 */
import type { Ops } from '../ops.js';
import { flushSubnormal as read, float32Rounding } from './float32-arithmetic.js';

const write = float32Rounding('ftz');

/**
 * `Ops<number>` in `ftz` float32 arithmetic: each operation reads its operands with subnormals as
 * zero of the same sign, computes exactly (float64 holds every float32 sum, difference and product
 * exactly, and rounds quotients and square roots of float32 operands to float32 without double
 * rounding error), rounds to float32, and writes a subnormal result as zero of its sign. `neg`,
 * `abs`, `min` and `max` read the same way, so their results are never subnormal either. Per-step
 * scalars and literals are rounded to float32 and flushed, as a backend holding them in float32
 * reads them.
 *
 * @param scalars - the per-step scalars by name (float64 values)
 */
export function ftzOps(scalars: Readonly<Record<string, number>>): Ops<number> {
  return {
    add: (a, b) => write(read(a) + read(b)),
    sub: (a, b) => write(read(a) - read(b)),
    mul: (a, b) => write(read(a) * read(b)),
    div: (a, b) => write(read(a) / read(b)),
    sqrt: (a) => write(Math.sqrt(read(a))),
    neg: (a) => -read(a),
    abs: (a) => Math.abs(read(a)),
    min: (a, b) => Math.min(read(a), read(b)),
    max: (a, b) => Math.max(read(a), read(b)),
    literal: (v) => write(v),
    scalar: (name) => {
      const v = scalars[name];
      if (v === undefined) throw new Error(`missing per-step scalar '${name}'`);
      return write(v);
    },
  };
}
