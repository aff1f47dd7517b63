/**
 * A rule's per-step scalars, checked against the computing dtype.
 *
 * @module
 */
import type { CompiledRule } from '../backends/backend.js';
import type { DType } from '../tensor.js';

/**
 * The per-step scalars of `compiled` at step `t` (1-based), each checked to be finite in `dtype`
 * (a float32 kernel rounds them to float32 once: a learning rate of 1e300 is finite in float64 but
 * infinite there, and would turn every parameter into NaN or an infinity).
 *
 * @throws RangeError naming the rule, the scalar, its value and the hyperparameters
 */
export function stepScalars(compiled: CompiledRule, dtype: DType, t: number): Readonly<Record<string, number>> {
  const scalars = compiled.rule.scalars(compiled.hyper, t);
  for (const name of compiled.program.scalars) {
    const v = scalars[name];
    const rounded = dtype === 'float32' && v !== undefined ? Math.fround(v) : v;
    if (rounded === undefined || !Number.isFinite(rounded)) {
      throw new RangeError(
        `${compiled.rule.id}: per-step scalar '${name}' is ${String(v)} at step ${t}, which is not finite in ${dtype}; ` +
          `check the hyperparameters ${JSON.stringify(compiled.hyper)}`,
      );
    }
  }
  return scalars;
}
