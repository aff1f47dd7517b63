/**
 * Property-based generators of hyperparameters, derived from a rule's specification.
 *
 * @module
 */
import fc from 'fast-check';
import type { Draw, Hyper, ParamSpec } from '../hyper.js';
import type { Rule } from '../rule.js';

/** The fast-check generator of the values a list of {@link Draw}s describes, each piece equally likely. */
export function drawArbitrary(draws: readonly Draw[]): fc.Arbitrary<number> {
  const one = (d: Draw): fc.Arbitrary<number> => {
    if ('const' in d) return fc.constant(d.const);
    if ('oneOf' in d) return fc.constantFrom(...d.oneOf);
    if ('uniform' in d) return fc.double({ min: d.uniform[0], max: d.uniform[1], noNaN: true });
    return fc.double({ min: d.log10Uniform[0], max: d.log10Uniform[1], noNaN: true }).map((e) => 10 ** e);
  };
  if (draws.length === 0) throw new RangeError('draws: expected at least one');
  return draws.length === 1 ? one(draws[0]!) : fc.oneof(...draws.map(one));
}

function paramArbitrary(s: ParamSpec): fc.Arbitrary<number | boolean> {
  return s.kind === 'switch' ? fc.boolean() : drawArbitrary(s.draws);
}

/**
 * Random hyperparameters in range for `rule`: every hyperparameter drawn from its specification
 * (numbers from their `draws`, switches either way), in the specification's order, with a switch
 * whose `requires` is 0 turned off, so that every draw is a configuration the rule accepts.
 */
export function hyperArbitrary(rule: Rule<any>): fc.Arbitrary<Hyper> {
  const entries = Object.entries(rule.hyper);
  return fc.record(Object.fromEntries(entries.map(([key, s]) => [key, paramArbitrary(s)]))).map((h) => {
    const out: Record<string, number | boolean> = { ...h };
    for (const [key, s] of entries) {
      if (s.kind === 'switch' && s.requires !== undefined) out[key] = out[key] === true && (out[s.requires] as number) > 0;
    }
    return out;
  });
}
