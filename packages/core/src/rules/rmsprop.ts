import { NON_NEGATIVE, UNIT_INTERVAL_OPEN, resolveHyper, type HyperSpec } from '../hyper.js';
import type { Rule } from '../rule.js';

/** Hyperparameters of {@link rmsprop}. */
export type RmspropHyper = {
  /** Learning rate, `>= 0` (default 0.01). */
  readonly lr: number;
  /** Decay of the running averages, in `[0, 1)` (default 0.99). */
  readonly alpha: number;
  /** Added to the denominator, `>= 0` (default 1e-8). */
  readonly eps: number;
  /** Divide by the running standard deviation instead of the root mean square (default false). */
  readonly centered: boolean;
  /** Momentum factor in `[0, 1)` (default 0). */
  readonly momentum: number;
};

const defaults: RmspropHyper = { lr: 0.01, alpha: 0.99, eps: 1e-8, centered: false, momentum: 0 };

const spec: HyperSpec<RmspropHyper> = {
  lr: NON_NEGATIVE,
  alpha: UNIT_INTERVAL_OPEN,
  eps: NON_NEGATIVE,
  centered: 'boolean',
  momentum: UNIT_INTERVAL_OPEN,
};

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
export const rmsprop: Rule<RmspropHyper> = {
  id: 'rmsprop',
  description: 'RMSprop, optionally centered and with momentum, as torch.optim.RMSprop',
  defaults,
  resolve(hyper) {
    return resolveHyper('rmsprop', spec, defaults, hyper);
  },
  slots: (h) => ['sq', ...(h.centered ? ['avg'] : []), ...(h.momentum > 0 ? ['buf'] : [])],
  scalars: (h) => ({ lr: h.lr, alpha: h.alpha, oneMinusAlpha: 1 - h.alpha, eps: h.eps, momentum: h.momentum }),
  update(o, { param, grad, slots }, h) {
    const alpha = o.scalar('alpha');
    const oneMinusAlpha = o.scalar('oneMinusAlpha');
    const sq = o.add(o.mul(alpha, slots.sq!), o.mul(oneMinusAlpha, o.mul(grad, grad)));
    const out: Record<string, typeof param> = { sq };
    let variance = sq;
    if (h.centered) {
      const avg = o.add(o.mul(alpha, slots.avg!), o.mul(oneMinusAlpha, grad));
      out.avg = avg;
      variance = o.sub(sq, o.mul(avg, avg));
    }
    const denom = o.add(o.sqrt(variance), o.scalar('eps'));
    const lr = o.scalar('lr');
    if (h.momentum > 0) {
      const buf = o.add(o.mul(o.scalar('momentum'), slots.buf!), o.div(grad, denom));
      out.buf = buf;
      return { param: o.sub(param, o.mul(lr, buf)), slots: out };
    }
    return { param: o.sub(param, o.mul(lr, o.div(grad, denom))), slots: out };
  },
};
