/**
 * The hyperparameter configurations that give each built-in rule a different program.
 *
 * @module
 */
import { builtinRules, traceRule, type Hyper, type Program, type Rule } from '@stablegrad/core';
import { programKey } from './program-key.js';

/**
 * Values tried for each hyperparameter: both values of a switch; for a number its default, `0`
 * and `0.5` (a rule may only branch on switches and on whether a number is zero, such as
 * `momentum > 0`; values out of the rule's range are dropped by its `resolve`).
 */
function candidates(value: number | boolean): readonly (number | boolean)[] {
  return typeof value === 'boolean' ? [false, true] : [...new Set([value, 0, 0.5])];
}

/** Every combination of {@link candidates} that the rule accepts, resolved. */
export function candidateHypers(rule: Rule<any>): Hyper[] {
  let combos: Record<string, number | boolean>[] = [{}];
  for (const [key, value] of Object.entries(rule.defaults as Hyper)) {
    combos = combos.flatMap((c) => candidates(value).map((v) => ({ ...c, [key]: v })));
  }
  const out: Hyper[] = [];
  for (const c of combos) {
    try {
      out.push(rule.resolve(c));
    } catch {
      // a combination the rule forbids (such as nesterov without momentum) has no program
    }
  }
  return out;
}

/** A distinct program with the configurations it was traced from. */
export interface KernelVariant {
  /** {@link programKey} of `program`. */
  readonly key: string;
  /** The traced program (of the first configuration that produced it). */
  readonly program: Program;
  /** Each configuration that traces to this program, as `rule {json hyper}`. */
  readonly configurations: readonly string[];
}

/**
 * Traces every rule over {@link candidateHypers} and keeps one entry per distinct program, in a
 * stable order (rules in the given order, first appearance).
 */
export function kernelVariants(rules: readonly Rule<any>[] = Object.values(builtinRules)): KernelVariant[] {
  const byKey = new Map<string, { key: string; program: Program; configurations: string[] }>();
  for (const rule of rules) {
    for (const hyper of candidateHypers(rule)) {
      const program = traceRule(rule, hyper);
      const key = programKey(program);
      const entry = byKey.get(key) ?? { key, program, configurations: [] };
      entry.configurations.push(`${rule.id} ${JSON.stringify(hyper)}`);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()];
}
