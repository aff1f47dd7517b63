/**
 * Shared inputs for the tests: rule configurations, awkward values, a user-defined rule using every
 * operation, and bitwise comparison.
 *
 * @module
 */
import { builtinRules, traceRule, type CompiledRule, type DType, type HostTensor, type Ops, type Rule, type TypedArray } from '@stablegrad/core';

/** Every built-in rule in the configurations that change its program. */
export const RULE_CONFIGS: readonly [string, Record<string, unknown>][] = [
  ['sgd', {}],
  ['sgd', { momentum: 0.9 }],
  ['sgd', { momentum: 0.9, nesterov: true }],
  ['rmsprop', {}],
  ['rmsprop', { centered: true, momentum: 0.5 }],
  ['adam', { lr: 0.02 }],
  ['sdprop', {}],
  ['sdprop', { biasCorrection: false }],
  ['adastand', { beta1: 0.7 }],
];

/** Values spanning signs, zeros, subnormals, huge magnitudes and non-finite numbers. */
export const AWKWARD = [
  0, -0, 1, -1, 0.1, -3.5, 1e-45, -1.4e-45, 1e-38, 3e38, -3e38, 1e30, 1e-30, 7, Infinity, -Infinity, NaN, 2 ** -126, 123456.789, 5e-324, 1e300,
];

/** A rule no backend knows about, using every operation of `Ops`, a literal and a slot passed through. */
export const USER_RULE: Rule<{ lr: number; decay: number }> = {
  id: 'user-clipped-sdprop',
  description: 'a test rule exercising every elementwise operation',
  defaults: { lr: 0.01, decay: 0.9 },
  resolve: (h) => ({ lr: Number(h?.lr ?? 0.01), decay: Number(h?.decay ?? 0.9) }),
  slots: () => ['mu', 'spread', 'kept'],
  scalars: (h, t) => ({ lr: h.lr / Math.sqrt(t), decay: h.decay, rest: 1 - h.decay }),
  update<T>(o: Ops<T>, { param, grad, slots }: { param: T; grad: T; slots: Readonly<Record<string, T>> }) {
    const g = o.max(o.min(grad, o.literal(3)), o.neg(o.literal(3)));
    const dev = o.abs(o.sub(g, slots.mu!));
    const spread = o.add(o.mul(o.scalar('decay'), slots.spread!), o.mul(o.scalar('rest'), dev));
    const mu = o.add(o.mul(o.scalar('decay'), slots.mu!), o.mul(o.scalar('rest'), g));
    const step = o.div(g, o.add(o.sqrt(spread), o.literal(1e-3)));
    return { param: o.sub(param, o.mul(o.scalar('lr'), step)), slots: { mu, spread, kept: slots.kept! } };
  },
};

/** A rule fixed to its hyperparameters, traced, as backends receive it. */
export function compile(rule: string | Rule<any>, hyper: Record<string, unknown> = {}): CompiledRule {
  const r = typeof rule === 'string' ? builtinRules[rule]! : rule;
  const h = r.resolve(hyper);
  return { rule: r, hyper: h, slots: r.slots(h), program: traceRule(r, h) };
}

/** A host tensor of `n` awkward values in `dtype`, starting `shift` places into {@link AWKWARD}. */
export function awkward(n: number, shift: number, dtype: DType): HostTensor {
  const data = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = AWKWARD[(i * 7 + shift) % AWKWARD.length]!;
  return { shape: [n], data };
}

/** Index of the first element whose bits differ (any NaN equals any NaN), or -1. */
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
