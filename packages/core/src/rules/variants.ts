/**
 * The configurations of a rule that give it different traced programs, derived from the
 * `structural` marks of its hyperparameter specification.
 *
 * @module
 */
import { inRange, type Hyper, type NumberSpec } from '../hyper.js';
import type { Rule } from '../rule.js';

/** A value other than 0 in the range of `s`, for switching a `structural: 'zero'` number on. */
function nonZero(s: NumberSpec): number {
  if (s.default !== 0) return s.default;
  if (inRange(s, 0.5)) return 0.5;
  return Number.isFinite(s.max) ? (s.min + s.max) / 2 : s.min + 1;
}

/**
 * One resolved configuration per combination of the rule's structural switches (each structural
 * switch off and on, each `structural: 'zero'` number at 0 and at a value other than 0), other
 * hyperparameters at their defaults; combinations the rule rejects (a switch whose `requires` is 0)
 * are left out. Every configuration of the rule traces to the program of exactly one of these.
 */
export function structuralVariants(rule: Rule<any>): Hyper[] {
  let combos: Record<string, number | boolean>[] = [{}];
  for (const [key, s] of Object.entries(rule.hyper)) {
    const values = s.kind === 'switch' ? (s.structural ? [false, true] : []) : s.structural === 'zero' ? [0, nonZero(s)] : [];
    if (values.length > 0) combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  const out: Hyper[] = [];
  for (const c of combos) {
    try {
      out.push(rule.resolve(c));
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
    }
  }
  return out;
}
