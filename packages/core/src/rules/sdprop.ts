import { decay, epsilon, rate, toggle } from '../hyper.js';
import { defineRule, type RuleHyper } from '../rule.js';

/**
 * SDProp (Y. Ida, Y. Fujiwara, S. Iwamura, "Adaptive Learning Rate via Covariance Matrix Based
 * Preconditioning for Deep Neural Networks", IJCAI 2017), as in the authors' reference code.
 * The step is scaled by the running standard deviation of the gradient (the diagonal of its
 * covariance) instead of its root mean square; at step `t`:
 *
 * ```
 * c  = gamma * c + gamma * (1 - gamma) * (g - mu)^2      (with the previous mu)
 * mu = gamma * mu + (1 - gamma) * g
 * p  = p - lr_t * (g / (sqrt(c) + eps)),   lr_t = biasCorrection ? lr * sqrt(1 - gamma^t) : lr
 * ```
 *
 * Without bias correction this equals centered RMSprop with `alpha = gamma` in exact arithmetic.
 * Slots: `mu` (running mean), `c` (running variance).
 */
export const sdprop = defineRule({
  id: 'sdprop',
  name: 'SDProp',
  description: 'SDProp (Ida et al., IJCAI 2017): steps scaled by the running standard deviation',
  hyper: {
    lr: rate(1e-3, 'learning rate'),
    gamma: decay(0.99, 'decay of the running mean and variance'),
    eps: epsilon(1e-8, 'added to the standard deviation'),
    biasCorrection: toggle(true, 'scale the rate by sqrt(1 - gamma^t)'),
  },
  slots: { mu: true, c: true },
  nonNegativeSlots: ['c'],
  scalars: (h, t) => ({
    gamma: h.gamma,
    oneMinusGamma: 1 - h.gamma,
    gammaOneMinusGamma: h.gamma * (1 - h.gamma),
    eps: h.eps,
    lrT: h.biasCorrection ? h.lr * Math.sqrt(1 - h.gamma ** t) : h.lr,
  }),
  update(o, { param, grad, slots }) {
    const gamma = o.scalar('gamma');
    const dev = o.sub(grad, slots.mu);
    const c = o.add(o.mul(gamma, slots.c), o.mul(o.scalar('gammaOneMinusGamma'), o.mul(dev, dev)));
    const mu = o.add(o.mul(gamma, slots.mu), o.mul(o.scalar('oneMinusGamma'), grad));
    const denom = o.add(o.sqrt(c), o.scalar('eps'));
    return { param: o.sub(param, o.mul(o.scalar('lrT'), o.div(grad, denom))), slots: { mu, c } };
  },
});

/** Hyperparameters of {@link sdprop}. */
export type SdpropHyper = RuleHyper<typeof sdprop>;
