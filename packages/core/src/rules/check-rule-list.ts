/**
 * Checking a list of rules keyed by id.
 *
 * @module
 */
import type { Rule } from '../rule.js';

/**
 * Returns `rules`, frozen, after checking that every key is its rule's id (so that ids, which
 * vector files, saved states and saved tfjs models refer to, are unique).
 *
 * @throws Error naming the rule listed under another id
 */
export function checkRuleList<R extends Readonly<Record<string, Rule<any>>>>(rules: R): Readonly<R> {
  for (const [key, rule] of Object.entries(rules)) {
    if (rule.id !== key) throw new Error(`rules: the rule listed as '${key}' has id '${rule.id}'; list each rule under its own id`);
  }
  return Object.freeze(rules);
}
