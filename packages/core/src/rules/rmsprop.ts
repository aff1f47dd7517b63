import { decay, epsilon, rate, toggle } from '../hyper.js';
import { defineRule, type RuleHyper } from '../rule.js';

/**
 * RMSprop (Tieleman and Hinton, 2012) in the convention of PyTorch's `torch.optim.RMSprop`:
 *
 * ```
 * s = alpha * s + (1 - alpha) * g^2
 * centered:  a = alpha * a + (1 - alpha) * g;   d = sqrt(s - a^2) + eps
 * else:      d = sqrt(s) + eps
 * momentum > 0:  b = momentum * b + g / d;  p = p - lr * b
 * else:          p = p - lr * (g / d)
 * ```
 *
 * Slots: `sq` (s), `avg` (a, when centered), `buf` (b, when `momentum > 0`).
 */
export const rmsprop = defineRule({
  id: 'rmsprop',
  name: 'RMSprop',
  description: 'RMSprop (Tieleman and Hinton, 2012), optionally centered and with momentum, as torch.optim.RMSprop',
  hyper: {
    lr: rate(1e-2, 'learning rate'),
    alpha: decay(0.99, 'decay of the running averages'),
    eps: epsilon(1e-8, 'added to the denominator'),
    centered: toggle(false, 'divide by the running standard deviation instead of the root mean square', { structural: true }),
    momentum: decay(0, 'momentum factor (0: no momentum buffer)', { structural: 'zero' }),
  },
  slots: { sq: true, avg: (h) => h.centered, buf: (h) => h.momentum > 0 },
  nonNegativeSlots: ['sq'],
  scalars: (h) => ({ lr: h.lr, alpha: h.alpha, oneMinusAlpha: 1 - h.alpha, eps: h.eps, momentum: h.momentum }),
  update(o, { param, grad, slots }, h) {
    const alpha = o.scalar('alpha');
    const oneMinusAlpha = o.scalar('oneMinusAlpha');
    const sq = o.add(o.mul(alpha, slots.sq), o.mul(oneMinusAlpha, o.mul(grad, grad)));
    const avg = h.centered ? o.add(o.mul(alpha, slots.avg), o.mul(oneMinusAlpha, grad)) : undefined;
    const variance = avg === undefined ? sq : o.sub(sq, o.mul(avg, avg));
    const denom = o.add(o.sqrt(variance), o.scalar('eps'));
    const lr = o.scalar('lr');
    if (h.momentum > 0) {
      const buf = o.add(o.mul(o.scalar('momentum'), slots.buf), o.div(grad, denom));
      return { param: o.sub(param, o.mul(lr, buf)), slots: { sq, avg, buf } };
    }
    return { param: o.sub(param, o.mul(lr, o.div(grad, denom))), slots: { sq, avg } };
  },
});

/** Hyperparameters of {@link rmsprop}. */
export type RmspropHyper = RuleHyper<typeof rmsprop>;
