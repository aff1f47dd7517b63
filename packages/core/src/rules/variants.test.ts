import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawArbitrary } from '../testing/hyper-arbitrary.js';
import { formatProgram } from '../trace/program.js';
import { traceRule } from '../trace/trace.js';
import { builtinRules, getRule } from './index.js';
import { structuralVariants } from './variants.js';

const programOf = (id: string, hyper: Readonly<Record<string, unknown>>): string => {
  const rule = getRule(id);
  return formatProgram(traceRule(rule, rule.resolve(hyper)));
};

describe('structuralVariants', () => {
  it('gives each built-in rule one configuration per distinct program', () => {
    const counts = Object.fromEntries(Object.entries(builtinRules).map(([id, r]) => [id, structuralVariants(r).length]));
    expect(counts).toEqual({ sgd: 3, rmsprop: 4, adam: 1, sdprop: 1, adastand: 1 });
    for (const [id, rule] of Object.entries(builtinRules)) {
      const programs = structuralVariants(rule).map((h) => programOf(id, h));
      expect(new Set(programs).size, id).toBe(programs.length);
    }
  });

  it.each(Object.keys(builtinRules))('%s: every configuration traces to the program of its structural variant (the marks are honest)', (id) => {
    const rule = getRule(id);
    const variants = structuralVariants(rule).map((h) => programOf(id, h));
    const arb = fc.record(
      Object.fromEntries(Object.entries(rule.hyper).map(([k, s]) => [k, s.kind === 'switch' ? fc.boolean() : drawArbitrary(s.draws)])),
    );
    fc.assert(
      fc.property(arb, (h) => {
        let hyper: Readonly<Record<string, unknown>>;
        try {
          hyper = rule.resolve(h);
        } catch {
          return true;
        }
        expect(variants).toContain(programOf(id, hyper));
        return true;
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
