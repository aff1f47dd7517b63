import * as tf from '@tensorflow/tfjs-core';
import { builtinRules, defineRule, rate } from '@stablegrad/core';
import { describe, expect, it } from 'vitest';
import '../test-support/tfjs-setup.js';
import { optimizerClass, optimizers } from './builtin-optimizers.js';
import { train } from './train.js';

describe('optimizer classes derived from the rules', () => {
  it('every built-in rule has a registered class stored as stablegrad.<id>, and a train factory', () => {
    expect(Object.keys(optimizers)).toEqual(Object.keys(builtinRules));
    expect(Object.keys(train)).toEqual(Object.keys(builtinRules));
    for (const [id, rule] of Object.entries(builtinRules)) {
      const cls = optimizers[id as keyof typeof optimizers];
      expect(cls.className).toBe(`stablegrad.${rule.id}`);
      expect(tf.serialization.SerializationMap.getMap().classNameMap[cls.className]![0]).toBe(cls);
      const opt = train[id as keyof typeof train]();
      expect(opt.constructor).toBe(cls);
      expect(opt.rule).toBe(rule);
    }
  });

  it('makes and registers one class for a rule of your own', () => {
    const mine = defineRule({
      id: 'halved',
      name: 'Halved',
      description: 'SGD at half the rate',
      hyper: { lr: rate(0.1, 'learning rate') },
      slots: {},
      scalars: (h) => ({ half: h.lr / 2 }),
      update: (o, x) => ({ param: o.sub(x.param, o.mul(o.scalar('half'), x.grad)), slots: {} }),
    });
    const cls = optimizerClass(mine);
    expect(optimizerClass(mine)).toBe(cls);
    expect(cls.className).toBe('stablegrad.halved');
    const v = tf.variable(tf.tensor1d([1, 2]), true, `halved-${Math.random()}`);
    new cls({ lr: 0.5 }).applyGradients({ [v.name]: tf.tensor1d([1, -2]) });
    expect(Array.from(v.dataSync())).toEqual([0.75, 2.5]);
  });
});
