import { describe, expect, it } from 'vitest';
import { builtinRules, getRule, sgd, traceRule } from '@stablegrad/core';
import { RULE_CONFIGS, USER_RULE } from '@stablegrad/core/testing';
import { programKey } from './program-key.js';
import { kernelVariants } from './structural-variants.js';

describe('kernelVariants', () => {
  const variants = kernelVariants();
  const keys = new Set(variants.map((v) => v.key));

  it('finds each distinct program of the built-in rules once', () => {
    // sgd: plain, momentum, nesterov; rmsprop: centered x momentum; adam; sdprop (bias correction
    // only changes a scalar); adastand.
    const perRule = Object.fromEntries(Object.keys(builtinRules).map((id) => [id, variants.filter((v) => v.program.ruleId === id).length]));
    expect(perRule).toEqual({ sgd: 3, rmsprop: 4, adam: 1, sdprop: 1, adastand: 1 });
    expect(keys.size).toBe(variants.length);
  });

  it.each(RULE_CONFIGS)('covers %s %j', (id, hyper) => {
    const rule = getRule(id);
    expect(keys.has(programKey(traceRule(rule, rule.resolve(hyper))))).toBe(true);
  });

  it('records the configuration each program was traced from, never one a rule rejects', () => {
    const sgdConfigs = variants.filter((v) => v.program.ruleId === 'sgd').flatMap((v) => v.configurations);
    expect(sgdConfigs).toEqual([
      'sgd {"lr":0.001,"momentum":0,"nesterov":false}',
      'sgd {"lr":0.001,"momentum":0.5,"nesterov":false}',
      'sgd {"lr":0.001,"momentum":0.5,"nesterov":true}',
    ]);
  });

  it('does not know a user-defined rule', () => {
    expect(keys.has(programKey(traceRule(USER_RULE, USER_RULE.resolve({}))))).toBe(false);
  });
});

describe('programKey', () => {
  it('depends on what is computed, not on the rule id or scalar names', () => {
    const a = traceRule(sgd, sgd.resolve({ lr: 0.1 }));
    const renamed = {
      ...a,
      ruleId: 'other',
      scalars: a.scalars.map((s) => `x${s}`),
      instrs: a.instrs.map((i) => (i.op === 'scalar' ? { op: 'scalar' as const, name: `x${i.name}` } : i)),
    };
    expect(programKey(renamed)).toBe(programKey(a));
    expect(programKey(traceRule(sgd, sgd.resolve({ momentum: 0.5 })))).not.toBe(programKey(a));
  });

  it('tells literals apart by their bits, -0 from 0', () => {
    const base = traceRule(USER_RULE, USER_RULE.resolve({}));
    const withZero = { ...base, instrs: base.instrs.map((i) => (i.op === 'literal' ? { op: 'literal' as const, value: 0 } : i)) };
    const withNegZero = { ...base, instrs: base.instrs.map((i) => (i.op === 'literal' ? { op: 'literal' as const, value: -0 } : i)) };
    expect(programKey(withZero)).not.toBe(programKey(withNegZero));
  });
});
