import { describe, expect, it } from 'vitest';
import { numberOps } from '../backends/reference.js';
import { rate } from '../hyper.js';
import { defineRule } from '../rule.js';
import { builtinRules, getRule, sdprop } from '../rules/index.js';
import { interpret } from './interpret.js';
import { formatProgram } from './program.js';
import { traceRule } from './trace.js';

describe('traceRule', () => {
  it('records sdprop as an SSA program over param, grad and its slots', () => {
    const p = traceRule(sdprop, sdprop.resolve());
    expect(p.inputs).toEqual(['param', 'grad', 'mu', 'c']);
    expect(p.outputs.map((o) => o.name)).toEqual(['param', 'mu', 'c']);
    expect(new Set(p.scalars)).toEqual(new Set(['gamma', 'gammaOneMinusGamma', 'oneMinusGamma', 'eps', 'lrT']));
    const arith = p.instrs.filter((i) => !['input', 'scalar', 'literal'].includes(i.op)).map((i) => i.op);
    expect(arith).toEqual(['sub', 'mul', 'mul', 'mul', 'add', 'mul', 'mul', 'add', 'sqrt', 'add', 'div', 'mul', 'sub']);
    p.instrs.forEach((ins, i) => {
      if ('a' in ins) expect(ins.a).toBeLessThan(i);
      if ('b' in ins) expect(ins.b).toBeLessThan(i);
    });
    expect(formatProgram(p)).toContain('%5 = sub %1, %2');
  });

  it.each(Object.keys(builtinRules))('interpreting the trace of %s equals calling its update', (id) => {
    const rule = getRule(id);
    const hyper = rule.resolve(id === 'rmsprop' ? { centered: true, momentum: 0.5 } : id === 'sgd' ? { momentum: 0.9, nesterov: true } : {});
    const program = traceRule(rule, hyper);
    const scalars = rule.scalars(hyper, 3);
    const ops = numberOps(Math.fround, scalars);
    const slots = Object.fromEntries(rule.slots(hyper).map((s: string, i: number) => [s, Math.fround(0.1 * (i + 1))]));
    const direct = rule.update(ops, { param: 0.75, grad: -0.3, slots }, hyper);
    const traced = interpret(program, ops, { param: 0.75, grad: -0.3, ...slots });
    expect(traced).toEqual({ param: direct.param, ...direct.slots });
  });

  it('drops work that reaches no output and keeps literals', () => {
    const rule = defineRule({
      id: 'scaled',
      name: 'Scaled',
      description: 'test rule',
      hyper: { k: rate(1, 'unused') },
      slots: {},
      scalars: () => ({ unused: 1 }),
      update(o, x) {
        o.mul(o.scalar('unused'), x.grad);
        return { param: o.sub(x.param, o.mul(o.literal(0.5), x.grad)), slots: {} };
      },
    });
    const p = traceRule(rule, rule.resolve());
    expect(p.scalars).toEqual([]);
    expect(p.instrs.map((i) => i.op)).toEqual(['input', 'input', 'literal', 'mul', 'sub']);
  });

  it('rejects a rule that reads an undeclared slot or returns the wrong slots', () => {
    const bad = (slots: string[], read: string, ret: string[]) =>
      defineRule({
        id: 'bad',
        name: 'Bad',
        description: 'test rule',
        hyper: {},
        slots: Object.fromEntries(slots.map((s) => [s, true as const])),
        scalars: () => ({}),
        update(_o, x) {
          const s = x.slots[read];
          return { param: x.param, slots: Object.fromEntries(ret.map((r) => [r, s ?? x.grad])) };
        },
      });
    expect(() => traceRule(bad(['m'], 'v', ['m']), {})).toThrow(/reads slot 'v', which slots\(\) does not declare \(m\)/);
    expect(() => traceRule(bad(['m'], 'm', []), {})).toThrow(/returned slots \[\], expected \[m\]/);
    expect(() => traceRule(bad(['param'], 'param', ['param']), {})).toThrow(/slot name 'param' is reserved/);
  });
});
