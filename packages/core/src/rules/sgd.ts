import { decay, rate, toggle } from '../hyper.js';
import { defineRule, type RuleHyper } from '../rule.js';

/**
 * Stochastic gradient descent with optional (Nesterov) momentum, in the convention of PyTorch's
 * `torch.optim.SGD` (no dampening, no weight decay):
 *
 * ```
 * momentum = 0:  p = p - lr * g
 * momentum > 0:  b = momentum * b + g            (b = 0 before the first step, so b_1 = g)
 *                p = p - lr * (nesterov ? g + momentum * b : b)
 * ```
 *
 * Slot: `buf` (the momentum buffer `b`), only when `momentum > 0`.
 */
export const sgd = defineRule({
  id: 'sgd',
  name: 'SGD',
  description: 'SGD with optional (Nesterov) momentum, as torch.optim.SGD',
  hyper: {
    lr: rate(1e-3, 'learning rate (PyTorch has no default; 1e-3 here)'),
    momentum: decay(0, 'momentum factor (0: plain SGD, no momentum buffer)', { structural: 'zero' }),
    nesterov: toggle(false, 'Nesterov momentum', { structural: true, requires: 'momentum' }),
  },
  slots: { buf: (h) => h.momentum > 0 },
  typical: { momentum: 0.9 },
  scalars: (h) => ({ lr: h.lr, momentum: h.momentum }),
  update(o, { param, grad, slots }, h) {
    if (h.momentum === 0) return { param: o.sub(param, o.mul(o.scalar('lr'), grad)), slots: {} };
    const momentum = o.scalar('momentum');
    const buf = o.add(o.mul(momentum, slots.buf), grad);
    const direction = h.nesterov ? o.add(grad, o.mul(momentum, buf)) : buf;
    return { param: o.sub(param, o.mul(o.scalar('lr'), direction)), slots: { buf } };
  },
});

/** Hyperparameters of {@link sgd}. */
export type SgdHyper = RuleHyper<typeof sgd>;
