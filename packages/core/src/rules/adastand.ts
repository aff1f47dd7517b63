import { decay, epsilon, rate } from '../hyper.js';
import { defineRule, type RuleHyper } from '../rule.js';

/**
 * Adastand, the Adam-like sibling of SDProp from the same authors' code (Ida et al., IJCAI 2017):
 * momentum on top of the standard-deviation scaling, with Adam-style bias correction. At step `t`:
 *
 * ```
 * v = beta2 * v + beta2 * (1 - beta2) * (g - m)^2        (with the previous m)
 * m = beta1 * m + (1 - beta1) * (g - m)
 * p = p - (lr * sqrt(1 - beta2^t) / (1 - beta1^t)) * (m / (sqrt(v) + eps))
 * ```
 *
 * The combined rate is the host scalar `stepSize`, computed in float64. Slots: `m`, `v`.
 */
export const adastand = defineRule({
  id: 'adastand',
  name: 'Adastand',
  description: 'Adastand (Ida et al., IJCAI 2017): SDProp with momentum and bias correction',
  hyper: {
    lr: rate(1e-3, 'learning rate'),
    beta1: decay(0.9, 'decay of the momentum'),
    beta2: decay(0.999, 'decay of the variance'),
    eps: epsilon(1e-8, 'added to the standard deviation'),
  },
  slots: { m: true, v: true },
  nonNegativeSlots: ['v'],
  scalars: (h, t) => ({
    beta1: h.beta1,
    oneMinusBeta1: 1 - h.beta1,
    beta2: h.beta2,
    beta2OneMinusBeta2: h.beta2 * (1 - h.beta2),
    eps: h.eps,
    stepSize: (h.lr * Math.sqrt(1 - h.beta2 ** t)) / (1 - h.beta1 ** t),
  }),
  update(o, { param, grad, slots }) {
    const dev = o.sub(grad, slots.m);
    const v = o.add(o.mul(o.scalar('beta2'), slots.v), o.mul(o.scalar('beta2OneMinusBeta2'), o.mul(dev, dev)));
    const m = o.add(o.mul(o.scalar('beta1'), slots.m), o.mul(o.scalar('oneMinusBeta1'), dev));
    const denom = o.add(o.sqrt(v), o.scalar('eps'));
    return { param: o.sub(param, o.mul(o.scalar('stepSize'), o.div(m, denom))), slots: { m, v } };
  },
});

/** Hyperparameters of {@link adastand}. */
export type AdastandHyper = RuleHyper<typeof adastand>;
