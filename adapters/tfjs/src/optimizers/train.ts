/**
 * Factories for the optimizers of this package, in the style of `tf.train`:
 * `train.sdprop({ lr: 1e-3 })` next to `tf.train.adam(1e-3)`. Each takes the rule's
 * hyperparameters (by the names of `@stablegrad/core`) and the options `clipByGlobalNorm` and
 * `checkFinite`, and throws a `RangeError` naming any that is unknown or out of range.
 *
 * @module
 */
import type { AdamHyper, AdastandHyper, RmspropHyper, SdpropHyper, SgdHyper } from '@stablegrad/core';
import {
  AdamOptimizer,
  AdastandOptimizer,
  RmspropOptimizer,
  SdpropOptimizer,
  SgdOptimizer,
} from './builtin-optimizers.js';
import type { RuleOptimizerConfig } from './rule-optimizer.js';

/** An {@link SdpropOptimizer}: `lr` (1e-3), `gamma` (0.99), `eps` (1e-8), `biasCorrection` (true). */
export function sdprop(config: RuleOptimizerConfig<SdpropHyper> = {}): SdpropOptimizer {
  return new SdpropOptimizer(config);
}

/** An {@link AdastandOptimizer}: `lr` (1e-3), `beta1` (0.9), `beta2` (0.999), `eps` (1e-8). */
export function adastand(config: RuleOptimizerConfig<AdastandHyper> = {}): AdastandOptimizer {
  return new AdastandOptimizer(config);
}

/** An {@link AdamOptimizer} (PyTorch's Adam): `lr` (1e-3), `beta1` (0.9), `beta2` (0.999), `eps` (1e-8). */
export function adam(config: RuleOptimizerConfig<AdamHyper> = {}): AdamOptimizer {
  return new AdamOptimizer(config);
}

/** An {@link RmspropOptimizer}: `lr` (1e-2), `alpha` (0.99), `eps` (1e-8), `centered` (false), `momentum` (0). */
export function rmsprop(config: RuleOptimizerConfig<RmspropHyper> = {}): RmspropOptimizer {
  return new RmspropOptimizer(config);
}

/** An {@link SgdOptimizer}: `lr` (1e-3), `momentum` (0), `nesterov` (false). */
export function sgd(config: RuleOptimizerConfig<SgdHyper> = {}): SgdOptimizer {
  return new SgdOptimizer(config);
}
