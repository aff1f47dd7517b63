/**
 * The built-in rules. Adding a rule is one file in this folder and its name in
 * {@link builtinRules}: optimizer classes, test generators, kernel variants, benchmarks and the
 * docs table are derived from this list.
 *
 * @module
 */
import type { Rule } from '../rule.js';
import { adam } from './adam.js';
import { adastand } from './adastand.js';
import { checkRuleList } from './check-rule-list.js';
import { rmsprop } from './rmsprop.js';
import { sdprop } from './sdprop.js';
import { sgd } from './sgd.js';

export { adam, type AdamHyper } from './adam.js';
export { adastand, type AdastandHyper } from './adastand.js';
export { rmsprop, type RmspropHyper } from './rmsprop.js';
export { sdprop, type SdpropHyper } from './sdprop.js';
export { sgd, type SgdHyper } from './sgd.js';

/** The built-in rules by canonical id. */
export const builtinRules = checkRuleList({ sgd, rmsprop, adam, sdprop, adastand });

/** The id of a built-in rule. */
export type BuiltinRuleId = keyof typeof builtinRules;

/**
 * Looks up a built-in rule by its canonical id.
 *
 * @throws RangeError listing the known ids
 */
export function getRule(id: string): Rule<any> {
  const rule: Rule<any> | undefined = Object.hasOwn(builtinRules, id) ? builtinRules[id as BuiltinRuleId] : undefined;
  if (!rule) {
    throw new RangeError(`rule: unknown rule '${id}'; expected one of ${Object.keys(builtinRules).join(', ')}`);
  }
  return rule;
}
