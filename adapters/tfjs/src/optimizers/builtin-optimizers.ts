/**
 * The built-in rules of `@stablegrad/core` as registered TensorFlow.js optimizer classes.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  adam as adamRule,
  adastand as adastandRule,
  rmsprop as rmspropRule,
  sdprop as sdpropRule,
  sgd as sgdRule,
  type AdamHyper,
  type AdastandHyper,
  type RmspropHyper,
  type SdpropHyper,
  type SgdHyper,
} from '@stablegrad/core';
import { RuleOptimizer, type RuleOptimizerConfig } from './rule-optimizer.js';

/**
 * SDProp (Ida, Fujiwara and Iwamura, IJCAI 2017): steps scaled by the running standard deviation
 * of the gradient instead of its root mean square. At step `t`:
 *
 * ```
 * c  = gamma * c + gamma * (1 - gamma) * (g - mu)^2      (with the previous mu)
 * mu = gamma * mu + (1 - gamma) * g
 * p  = p - lr_t * g / (sqrt(c) + eps),   lr_t = biasCorrection ? lr * sqrt(1 - gamma^t) : lr
 * ```
 *
 * Defaults: `lr` 1e-3, `gamma` 0.99, `eps` 1e-8, `biasCorrection` true. Slots `mu`, `c`.
 * Serialised as `stablegrad.SDProp`.
 */
export class SdpropOptimizer extends RuleOptimizer<SdpropHyper> {
  /** The name models store this class under. */
  static readonly className = 'stablegrad.SDProp';
  /** @param config - hyperparameters and options */
  constructor(config: RuleOptimizerConfig<SdpropHyper> = {}) {
    super(sdpropRule, config);
  }
}

/**
 * Adastand, SDProp's sibling with momentum and Adam-style bias correction (same authors' code).
 * At step `t`:
 *
 * ```
 * v = beta2 * v + beta2 * (1 - beta2) * (g - m)^2        (with the previous m)
 * m = beta1 * m + (1 - beta1) * (g - m)
 * p = p - (lr * sqrt(1 - beta2^t) / (1 - beta1^t)) * m / (sqrt(v) + eps)
 * ```
 *
 * Defaults: `lr` 1e-3, `beta1` 0.9, `beta2` 0.999, `eps` 1e-8. Slots `m`, `v`. Serialised as
 * `stablegrad.Adastand`.
 */
export class AdastandOptimizer extends RuleOptimizer<AdastandHyper> {
  /** The name models store this class under. */
  static readonly className = 'stablegrad.Adastand';
  /** @param config - hyperparameters and options */
  constructor(config: RuleOptimizerConfig<AdastandHyper> = {}) {
    super(adastandRule, config);
  }
}

/**
 * Adam (Kingma and Ba, ICLR 2015) in PyTorch's convention (`torch.optim.Adam`), the baseline of
 * the SDProp paper. At step `t`:
 *
 * ```
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g^2
 * p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * ```
 *
 * In exact arithmetic this is also `tf.train.adam`'s update; the float32 results differ, since
 * tfjs keeps `beta^t` in float32 variables multiplied once per step and defaults `eps` to the
 * backend's epsilon (1e-7 on `cpu` and `wasm`), while here the bias corrections are computed in
 * float64 each step and the result is bit for bit that of every other stablegrad backend.
 * Defaults: `lr` 1e-3, `beta1` 0.9, `beta2` 0.999, `eps` 1e-8. Slots `m`, `v`. Serialised as
 * `stablegrad.Adam`.
 */
export class AdamOptimizer extends RuleOptimizer<AdamHyper> {
  /** The name models store this class under. */
  static readonly className = 'stablegrad.Adam';
  /** @param config - hyperparameters and options */
  constructor(config: RuleOptimizerConfig<AdamHyper> = {}) {
    super(adamRule, config);
  }
}

/**
 * RMSprop (Tieleman and Hinton, 2012) in PyTorch's convention (`torch.optim.RMSprop`):
 *
 * ```
 * s = alpha * s + (1 - alpha) * g^2
 * centered:  a = alpha * a + (1 - alpha) * g;   d = sqrt(s - a^2) + eps
 * else:      d = sqrt(s) + eps
 * momentum > 0:  b = momentum * b + g / d;  p = p - lr * b
 * else:          p = p - lr * g / d
 * ```
 *
 * Defaults: `lr` 1e-2, `alpha` 0.99, `eps` 1e-8, `centered` false, `momentum` 0. Slots `sq`, and
 * `avg` when centered, `buf` with momentum. Serialised as `stablegrad.RMSprop`.
 */
export class RmspropOptimizer extends RuleOptimizer<RmspropHyper> {
  /** The name models store this class under. */
  static readonly className = 'stablegrad.RMSprop';
  /** @param config - hyperparameters and options */
  constructor(config: RuleOptimizerConfig<RmspropHyper> = {}) {
    super(rmspropRule, config);
  }
}

/**
 * SGD with optional (Nesterov) momentum in PyTorch's convention (`torch.optim.SGD`):
 *
 * ```
 * momentum = 0:  p = p - lr * g
 * momentum > 0:  b = momentum * b + g   (b = g at the first step)
 *                p = p - lr * (nesterov ? g + momentum * b : b)
 * ```
 *
 * Defaults: `lr` 1e-3, `momentum` 0, `nesterov` false. Slot `buf` with momentum. Serialised as
 * `stablegrad.SGD`.
 */
export class SgdOptimizer extends RuleOptimizer<SgdHyper> {
  /** The name models store this class under. */
  static readonly className = 'stablegrad.SGD';
  /** @param config - hyperparameters and options */
  constructor(config: RuleOptimizerConfig<SgdHyper> = {}) {
    super(sgdRule, config);
  }
}

for (const cls of [SdpropOptimizer, AdastandOptimizer, AdamOptimizer, RmspropOptimizer, SgdOptimizer]) {
  tf.serialization.registerClass(cls);
}
