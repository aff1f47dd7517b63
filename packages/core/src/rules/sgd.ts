import { NON_NEGATIVE, UNIT_INTERVAL_OPEN, resolveHyper, type HyperSpec } from '../hyper.js';
import type { Ops } from '../ops.js';
import type { Rule, RuleInputs, RuleValues } from '../rule.js';

/** Hyperparameters of {@link sgd}. */
export type SgdHyper = {
  /** Learning rate, `>= 0` (default 1e-3, as PyTorch). */
  readonly lr: number;
  /** Momentum factor in `[0, 1)` (default 0: plain SGD, no slot). */
  readonly momentum: number;
  /** Nesterov momentum (default false); needs `momentum > 0`. */
  readonly nesterov: boolean;
};

const defaults: SgdHyper = { lr: 1e-3, momentum: 0, nesterov: false };

const spec: HyperSpec<SgdHyper> = { lr: NON_NEGATIVE, momentum: UNIT_INTERVAL_OPEN, nesterov: 'boolean' };

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
export const sgd: Rule<SgdHyper> = {
  id: 'sgd',
  description: 'SGD with optional (Nesterov) momentum, as torch.optim.SGD',
  defaults,
  resolve(hyper) {
    const h = resolveHyper('sgd', spec, defaults, hyper);
    if (h.nesterov && h.momentum === 0) {
      throw new RangeError("sgd: hyperparameter 'nesterov' needs 'momentum' > 0");
    }
    return h;
  },
  slots: (h) => (h.momentum > 0 ? ['buf'] : []),
  scalars: (h) => ({ lr: h.lr, momentum: h.momentum }),
  update<T>(o: Ops<T>, { param, grad, slots }: RuleInputs<T>, h: SgdHyper): RuleValues<T> {
    if (h.momentum === 0) {
      const none: Record<string, T> = {};
      return { param: o.sub(param, o.mul(o.scalar('lr'), grad)), slots: none };
    }
    const momentum = o.scalar('momentum');
    const buf = o.add(o.mul(momentum, slots.buf!), grad);
    const direction = h.nesterov ? o.add(grad, o.mul(momentum, buf)) : buf;
    return { param: o.sub(param, o.mul(o.scalar('lr'), direction)), slots: { buf } };
  },
};
