/**
 * Factories for the optimizers of this package, in the style of `tf.train`.
 *
 * @module
 */
import { builtinRules, type BuiltinRuleId, type RuleHyper } from '@stablegrad/core';
import { optimizers } from './builtin-optimizers.js';
import type { RuleOptimizer, RuleOptimizerConfig } from './rule-optimizer.js';

/** A factory of one rule's optimizer. */
export type OptimizerFactory<H extends Readonly<Record<string, number | boolean>>> = (config?: RuleOptimizerConfig<H>) => RuleOptimizer<H>;

/** The factory of each built-in rule, by rule id. */
export type Train = { readonly [K in BuiltinRuleId]: OptimizerFactory<RuleHyper<(typeof builtinRules)[K]>> };

/**
 * One factory per built-in rule, in the style of `tf.train`: `train.sdprop({ lr: 1e-3 })` next to
 * `tf.train.adam(1e-3)`. Each takes the rule's hyperparameters (by the names of
 * `@stablegrad/core`; see the rule's doc comment for its equations and defaults) and the
 * options of `RuleOptimizerOptions`, and throws a `RangeError` naming any that is unknown or out of
 * range. Derived from core's `builtinRules`: every built-in rule has its factory.
 */
export const train = Object.freeze(
  Object.fromEntries(Object.keys(builtinRules).map((id) => [id, (config = {}) => new optimizers[id as BuiltinRuleId](config)])),
) as Train;
