/**
 * Inputs for testing a backend: every built-in rule in the configurations that change its
 * program, values of every awkward kind, a user-defined rule using every operation, and a bitwise
 * comparison. A backend that computes the same bits as `reference-f32` on all of them is exact.
 *
 * @module
 */
import { decay, rate } from '../hyper.js';
import { defineRule, type Rule } from '../rule.js';
import { builtinRules } from '../rules/index.js';
import { structuralVariants } from '../rules/variants.js';
import type { DType, HostTensor, TypedArray } from '../tensor.js';

export { compileRule } from '../backends/compile-rule.js';

/**
 * Configurations that exercise every program and every switch of each rule in `rules`: its
 * structural variants, each other switch flipped from its default, and its typical configuration,
 * without repeats.
 */
export function ruleConfigurations(
  rules: Readonly<Record<string, Rule<any>>> = builtinRules,
): (readonly [rule: string, hyper: Readonly<Record<string, unknown>>])[] {
  const out: (readonly [string, Readonly<Record<string, unknown>>])[] = [];
  const seen = new Set<string>();
  const add = (id: string, hyper: Readonly<Record<string, unknown>>): void => {
    const key = `${id} ${JSON.stringify(hyper)}`;
    if (!seen.has(key)) out.push([id, hyper]);
    seen.add(key);
  };
  for (const [id, rule] of Object.entries(rules)) {
    for (const hyper of structuralVariants(rule)) add(id, hyper);
    for (const [key, s] of Object.entries(rule.hyper)) {
      if (s.kind === 'switch' && !s.structural) add(id, rule.resolve({ [key]: !s.default }));
    }
    add(id, rule.typical);
  }
  return out;
}

/** {@link ruleConfigurations} of the built-in rules: each in the configurations that change its program. */
export const RULE_CONFIGS = ruleConfigurations();

/**
 * Values of every kind: signed zeros, subnormals of float32 and float64, the extremes of float32,
 * magnitudes that overflow float32, infinities and NaN.
 */
export const SPECIAL_VALUES: readonly number[] = [
  0, -0, 1, -1, 0.1, -3.5, 1e-45, -1.4e-45, 1.1754943508222875e-38, 2 ** -126, 3.4e38, -3.4e38, 1e30, -1e-30, 65504, 7, 123456.789,
  Infinity, -Infinity, NaN, 5e-324, 1e300, 0.3,
];

/** A rule no backend knows about, using every operation of `Ops`, literals and a slot passed through. */
export const USER_RULE = defineRule({
  id: 'user-every-op',
  name: 'UserEveryOp',
  description: 'a test rule using every elementwise operation',
  hyper: { lr: rate(0.01, 'learning rate'), decay: decay(0.9, 'decay of the running averages') },
  slots: { mu: true, spread: true, kept: true },
  scalars: (h, t) => ({ lr: h.lr / Math.sqrt(t), decay: h.decay, rest: 1 - h.decay }),
  update(o, { param, grad, slots }) {
    const g = o.max(o.min(grad, o.literal(3)), o.neg(o.literal(3)));
    const dev = o.abs(o.sub(g, slots.mu));
    const spread = o.add(o.mul(o.scalar('decay'), slots.spread), o.mul(o.scalar('rest'), dev));
    const mu = o.add(o.mul(o.scalar('decay'), slots.mu), o.mul(o.scalar('rest'), g));
    const step = o.div(g, o.add(o.sqrt(spread), o.literal(1e-3)));
    return { param: o.sub(param, o.mul(o.scalar('lr'), step)), slots: { mu, spread, kept: slots.kept } };
  },
});

/** A host tensor of `n` of the {@link SPECIAL_VALUES} in `dtype`, starting `shift` places in. */
export function specialValues(n: number, shift: number, dtype: DType): HostTensor {
  const data = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = SPECIAL_VALUES[(i * 7 + shift) % SPECIAL_VALUES.length]!;
  return { shape: [n], data };
}

/** Index of the first element whose bits differ (any NaN equals any NaN; `0` and `-0` differ), or -1; 0 when the lengths differ. */
export function firstBitDifference(a: TypedArray, b: TypedArray): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (!Object.is(x, y)) return i;
  }
  return -1;
}
