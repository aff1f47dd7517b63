/**
 * Fixing a rule to its hyperparameters and gradient transforms, as backends receive it.
 *
 * @module
 */
import type { Rule } from '../rule.js';
import { getRule } from '../rules/index.js';
import { traceRule } from '../trace/trace.js';
import type { GradientTransform } from '../transforms/gradient-transform.js';
import type { CompiledRule } from './backend.js';

/** What runs on the gradients before the update, in a {@link CompiledRule}. */
export interface GradientOptions {
  /** Applied in order before the update (default none). */
  readonly transforms?: readonly GradientTransform[];
  /** Report the global norm of the incoming gradients at every step (default false). */
  readonly reportGradNorm?: boolean;
}

/**
 * Resolves `hyper` for `rule` (a built-in id or a rule), traces it and attaches the gradient
 * transforms: the {@link CompiledRule} a backend compiles.
 *
 * @throws RangeError for an unknown rule id or a hyperparameter out of range
 */
export function compileRule(
  rule: string | Rule<any>,
  hyper: Readonly<Record<string, unknown>> = {},
  gradients: GradientOptions = {},
): CompiledRule {
  const r: Rule<any> = typeof rule === 'string' ? getRule(rule) : rule;
  const h = r.resolve(hyper);
  return {
    rule: r,
    hyper: h,
    slots: r.slots(h),
    program: traceRule(r, h),
    transforms: [...(gradients.transforms ?? [])],
    reportGradNorm: gradients.reportGradNorm ?? false,
  };
}
