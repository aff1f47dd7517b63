/**
 * Inputs for testing a backend: every built-in rule in the configurations that change its
 * program, values of every awkward kind, a user-defined rule using every operation, and a bitwise
 * comparison. A backend that computes the same bits as `reference-f32` on all of them is exact.
 *
 * @module
 */
import { getRule } from '../rules/index.js';
import type { CompiledRule } from '../backends/backend.js';
import type { Ops } from '../ops.js';
import type { Rule } from '../rule.js';
import type { DType, HostTensor, TypedArray } from '../tensor.js';
import { traceRule } from '../trace/trace.js';

/** Each built-in rule in the hyperparameter configurations that give it different programs. */
export const RULE_CONFIGS: readonly (readonly [rule: string, hyper: Readonly<Record<string, unknown>>])[] = [
  ['sgd', { lr: 0.1 }],
  ['sgd', { lr: 0.1, momentum: 0.9 }],
  ['sgd', { lr: 0.1, momentum: 0.9, nesterov: true }],
  ['rmsprop', {}],
  ['rmsprop', { centered: true }],
  ['rmsprop', { momentum: 0.5 }],
  ['rmsprop', { centered: true, momentum: 0.5 }],
  ['adam', { lr: 0.02 }],
  ['sdprop', { gamma: 0.9 }],
  ['sdprop', { biasCorrection: false }],
  ['adastand', { beta1: 0.7 }],
];

/**
 * Values of every kind: signed zeros, subnormals of float32 and float64, the extremes of float32,
 * magnitudes that overflow float32, infinities and NaN.
 */
export const SPECIAL_VALUES: readonly number[] = [
  0, -0, 1, -1, 0.1, -3.5, 1e-45, -1.4e-45, 1.1754943508222875e-38, 2 ** -126, 3.4e38, -3.4e38, 1e30, -1e-30, 65504, 7, 123456.789,
  Infinity, -Infinity, NaN, 5e-324, 1e300, 0.3,
];

/** A rule no backend knows about, using every operation of `Ops`, literals and a slot passed through. */
export const USER_RULE: Rule<{ lr: number; decay: number }> = {
  id: 'user-every-op',
  description: 'a test rule using every elementwise operation',
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

/** A rule (built-in id or rule object) fixed to its hyperparameters and traced, as backends receive it. */
export function compileRule(rule: string | Rule<any>, hyper: Readonly<Record<string, unknown>> = {}): CompiledRule {
  const r = typeof rule === 'string' ? getRule(rule) : rule;
  const h = r.resolve(hyper);
  return { rule: r, hyper: h, slots: r.slots(h), program: traceRule(r, h) };
}

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
