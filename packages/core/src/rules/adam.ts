import type { Rule } from '../rule.js';
import { momentHyper, type MomentHyper } from './moment-hyper.js';

/** Hyperparameters of {@link adam}. */
export type AdamHyper = MomentHyper;

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
 * `bc2Sqrt = sqrt(1 - beta2^t)`, computed in float64. Slots: `m`, `v`.
 */
export const adam: Rule<AdamHyper> = {
  id: 'adam',
  description: 'Adam, as torch.optim.Adam',
  ...momentHyper('adam'),
  slots: () => ['m', 'v'],
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
    const m = o.add(o.mul(o.scalar('beta1'), slots.m!), o.mul(o.scalar('oneMinusBeta1'), grad));
    const v = o.add(o.mul(o.scalar('beta2'), slots.v!), o.mul(o.scalar('oneMinusBeta2'), o.mul(grad, grad)));
    const denom = o.add(o.div(o.sqrt(v), o.scalar('bc2Sqrt')), o.scalar('eps'));
    return { param: o.sub(param, o.mul(o.scalar('stepSize'), o.div(m, denom))), slots: { m, v } };
  },
};
