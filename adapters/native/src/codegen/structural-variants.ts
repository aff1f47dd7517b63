/**
 * The hyperparameter configurations that give each built-in rule a different program.
 *
 * @module
 */
import { builtinRules, structuralVariants, traceRule, type Program, type Rule } from '@stablegrad/core';
import { programKey } from './program-key.js';

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
 * Traces every rule in each of its structural variants (core's `structuralVariants`, from the
 * `structural` marks of its hyperparameter specification) and keeps one entry per distinct
 * program, in a stable order (rules in the given order, first appearance).
 */
export function kernelVariants(rules: readonly Rule<any>[] = Object.values<Rule<any>>(builtinRules)): KernelVariant[] {
  const byKey = new Map<string, { key: string; program: Program; configurations: string[] }>();
  for (const rule of rules) {
    for (const hyper of structuralVariants(rule)) {
      const program = traceRule(rule, hyper);
      const key = programKey(program);
      const entry = byKey.get(key) ?? { key, program, configurations: [] };
      entry.configurations.push(`${rule.id} ${JSON.stringify(hyper)}`);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()];
}
