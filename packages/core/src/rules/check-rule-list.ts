/**
 * Checking a list of rules keyed by id.
 *
 * @module
 */
import type { Rule } from '../rule.js';

/**
 * Returns `rules`, frozen, after checking that every key is its rule's id and that no two rules
 * share a display name (the name a saved tfjs model stores the optimizer class under).
 *
 * @throws Error naming the rule whose key or display name is wrong
 */
export function checkRuleList<R extends Readonly<Record<string, Rule<any>>>>(rules: R): Readonly<R> {
  const names = new Map<string, string>();
  for (const [key, rule] of Object.entries(rules)) {
    if (rule.id !== key) throw new Error(`rules: the rule listed as '${key}' has id '${rule.id}'; list each rule under its own id`);
    const other = names.get(rule.name);
    if (other !== undefined) throw new Error(`rules: '${other}' and '${key}' share the display name '${rule.name}'; give each rule its own name`);
    names.set(rule.name, key);
  }
  return Object.freeze(rules);
}
