/**
 * A registered TensorFlow.js optimizer class for every rule: derived from the rule, so a rule
 * added to core's `builtinRules` has its class here with nothing else to write.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { builtinRules, type BuiltinRuleId, type Hyper, type Rule, type RuleHyper } from '@stablegrad/core';
import { RuleOptimizer, type RuleOptimizerConfig } from './rule-optimizer.js';

/** A registered optimizer class of one rule: `new cls(config)`, stored in saved models as `className`. */
export interface RuleOptimizerClass<H extends Hyper> {
  /** Creates the optimizer from the rule's hyperparameters and the options. */
  new (config?: RuleOptimizerConfig<H>): RuleOptimizer<H>;
  /** The name models store this class under: `stablegrad.<rule id>`, e.g. `stablegrad.sdprop`. */
  readonly className: string;
}

const classes = new WeakMap<Rule<any>, RuleOptimizerClass<any>>();

/**
 * The optimizer class of `rule`, created and registered with `tf.serialization.registerClass`
 * on first use (the same class on later calls): a {@link RuleOptimizer} of that rule whose
 * `className` is `stablegrad.<rule.id>` (unique, as rule ids are), so models compiled with it save
 * and load. Works for a
 * rule of your own as for the built-in ones.
 */
export function optimizerClass<H extends Hyper>(rule: Rule<H, any, any>): RuleOptimizerClass<H> {
  const known = classes.get(rule);
  if (known) return known;
  const cls = class extends RuleOptimizer<H> {
    static readonly className = `stablegrad.${rule.id}`;
    constructor(config: RuleOptimizerConfig<H> = {}) {
      super(rule, config);
    }
  };
  Object.defineProperty(cls, 'name', { value: `${rule.name}Optimizer` });
  tf.serialization.registerClass(cls);
  classes.set(rule, cls);
  return cls;
}

/** The optimizer class of each built-in rule, by rule id (see {@link optimizerClass}). */
export type BuiltinOptimizerClasses = { readonly [K in BuiltinRuleId]: RuleOptimizerClass<RuleHyper<(typeof builtinRules)[K]>> };

/**
 * The registered optimizer class of every built-in rule, by id: `optimizers.sdprop` is stored as
 * `stablegrad.sdprop`, `optimizers.adam` as `stablegrad.adam`, and so on. Each rule's equations are
 * in its doc comment in `@stablegrad/core`.
 */
export const optimizers = Object.freeze(
  Object.fromEntries(Object.entries(builtinRules).map(([id, rule]) => [id, optimizerClass(rule as Rule<any>)])),
) as BuiltinOptimizerClasses;
