import { adam } from './adam.js';
import { adastand } from './adastand.js';
import { rmsprop } from './rmsprop.js';
import { sdprop } from './sdprop.js';
import { sgd } from './sgd.js';
import type { Rule } from '../rule.js';

export { adam, type AdamHyper } from './adam.js';
export type { MomentHyper } from './moment-hyper.js';
export { adastand, type AdastandHyper } from './adastand.js';
export { rmsprop, type RmspropHyper } from './rmsprop.js';
export { sdprop, type SdpropHyper } from './sdprop.js';
export { sgd, type SgdHyper } from './sgd.js';

/** The built-in rules by canonical id. */
export const builtinRules: Readonly<Record<string, Rule<any>>> = { sgd, rmsprop, adam, sdprop, adastand };

/**
 * Looks up a built-in rule by its canonical id.
 *
 * @throws RangeError listing the known ids
 */
export function getRule(id: string): Rule<any> {
  const rule = Object.hasOwn(builtinRules, id) ? builtinRules[id] : undefined;
  if (!rule) {
    throw new RangeError(`rule: unknown rule '${id}'; expected one of ${Object.keys(builtinRules).join(', ')}`);
  }
  return rule;
}
