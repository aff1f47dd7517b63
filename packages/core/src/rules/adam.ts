import { decay, epsilon, rate } from '../hyper.js';
import { defineRule, type RuleHyper } from '../rule.js';

/**
 * Adam (Kingma and Ba, ICLR 2015) in the convention of PyTorch's `torch.optim.Adam`, at step `t`:
 *
 * ```
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g^2
 * p = p - (lr / (1 - beta1^t)) * (m / (sqrt(v) / sqrt(1 - beta2^t) + eps))
 * ```
 *
 * The bias corrections are host scalars `stepSize = lr / (1 - beta1^t)` and
 * `bc2Sqrt = sqrt(1 - beta2^t)`, computed in float64. In exact arithmetic this is also
 * `tf.train.adam`'s update; in float32 the results differ, since tfjs keeps `beta^t` in float32
 * variables multiplied once per step and defaults `eps` to the backend's epsilon. Slots: `m`, `v`.
 */
export const adam = defineRule({
  id: 'adam',
  name: 'Adam',
  description: 'Adam (Kingma and Ba, ICLR 2015), as torch.optim.Adam',
  hyper: {
    lr: rate(1e-3, 'learning rate'),
    beta1: decay(0.9, 'decay of the first moment'),
    beta2: decay(0.999, 'decay of the second moment'),
    eps: epsilon(1e-8, 'added to the denominator'),
  },
  slots: { m: true, v: true },
  nonNegativeSlots: ['v'],
  scalars: (h, t) => ({
    beta1: h.beta1,
    oneMinusBeta1: 1 - h.beta1,
    beta2: h.beta2,
    oneMinusBeta2: 1 - h.beta2,
    eps: h.eps,
    stepSize: h.lr / (1 - h.beta1 ** t),
    bc2Sqrt: Math.sqrt(1 - h.beta2 ** t),
  }),
  update(o, { param, grad, slots }) {
    const m = o.add(o.mul(o.scalar('beta1'), slots.m), o.mul(o.scalar('oneMinusBeta1'), grad));
    const v = o.add(o.mul(o.scalar('beta2'), slots.v), o.mul(o.scalar('oneMinusBeta2'), o.mul(grad, grad)));
    const denom = o.add(o.div(o.sqrt(v), o.scalar('bc2Sqrt')), o.scalar('eps'));
    return { param: o.sub(param, o.mul(o.scalar('stepSize'), o.div(m, denom))), slots: { m, v } };
  },
});

/** Hyperparameters of {@link adam}. */
export type AdamHyper = RuleHyper<typeof adam>;
