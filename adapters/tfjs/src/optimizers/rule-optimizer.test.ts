import * as tf from '@tensorflow/tfjs-core';
import { NonFiniteGradientError, Optimizer, clipByGlobalNorm, referenceF32For, type HostTensor } from '@stablegrad/core';
import { RULE_CONFIGS } from '@stablegrad/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tfjsArithmetic } from '../backend/arithmetic.js';
import { TRAINING_BACKENDS } from '../test-support/tfjs-setup.js';
import { optimizers } from './builtin-optimizers.js';
import type { RuleOptimizer } from './rule-optimizer.js';
import { train } from './train.js';

const host = (data: number[]): HostTensor => ({ shape: [data.length], data: Float32Array.from(data) });
const gradAt = (t: number, n: number) => Array.from({ length: n }, (_, i) => Math.sin(3.7 * t + i) * (i + 1));

/** Every configuration of every built-in optimizer (every other one clipped), with a factory and the same setting for core. */
const cases: [string, () => RuleOptimizer<any>, string, Record<string, unknown>, number | undefined][] = RULE_CONFIGS.map(([rule, hyper], i) => {
  const clip = i % 2 === 1 ? 0.5 : undefined;
  const config = { lr: 0.05, ...hyper, ...(clip === undefined ? {} : { clipByGlobalNorm: clip }) };
  const { clipByGlobalNorm: _, ...coreHyper } = config;
  return [`${rule} ${JSON.stringify(config)}`, () => train[rule as keyof typeof train](config as never), rule, coreHyper, clip];
});

describe.each(TRAINING_BACKENDS)('RuleOptimizer.applyGradients on tfjs %s', (name) => {
  beforeAll(() => tf.setBackend(name));
  afterAll(() => tf.setBackend('cpu'));

  it.each(cases)('%s updates variables bit for bit as core on reference-f32 in the same arithmetic', (_, make, rule, hyper, clip) => {
    const opt = make();
    const a = tf.variable(tf.tensor1d([0.5, -1, 2, 0]), true, `a-${rule}-${Math.random()}`);
    const b = tf.variable(tf.tensor1d([3, -0.25]), true, `b-${rule}-${Math.random()}`);
    const backend = referenceF32For(tfjsArithmetic(name));
    const core = new Optimizer(rule, hyper, { backend, gradientTransforms: clip === undefined ? [] : [clipByGlobalNorm(clip)] });
    let params: Record<string, HostTensor> = { a: host([0.5, -1, 2, 0]), b: host([3, -0.25]) };
    let state = core.init(params);
    for (let t = 1; t <= 5; t++) {
      tf.tidy(() => opt.applyGradients([
        { name: a.name, tensor: tf.tensor1d(gradAt(t, 4)) },
        { name: b.name, tensor: tf.tensor1d(gradAt(-t, 2)) },
      ]));
      ({ params, state } = core.step({ a: host(gradAt(t, 4)), b: host(gradAt(-t, 2)) }, state, params));
      expect(Array.from(a.dataSync())).toEqual(Array.from(params.a!.data));
      expect(Array.from(b.dataSync())).toEqual(Array.from(params.b!.data));
    }
    expect(opt.iterations).toBe(5);
    opt.dispose();
  });
});

describe('RuleOptimizer.applyGradients', () => {
  it('takes gradients by name, skips null ones, and works through minimize', () => {
    const opt = train.sgd({ lr: 0.5 });
    const x = tf.variable(tf.scalar(3), true, 'minimize-x');
    const y = tf.variable(tf.scalar(1), true, 'minimize-y');
    opt.applyGradients({ 'minimize-x': tf.scalar(2), 'minimize-y': null as unknown as tf.Tensor });
    expect([x.dataSync()[0], y.dataSync()[0]]).toEqual([2, 1]);
    opt.minimize(() => tf.square(x) as tf.Scalar, false, [x]);
    expect(x.dataSync()[0]).toBe(0);
  });

  it.each(cases)('%s leaks no tensor over many steps', (_, make) => {
    const opt = make();
    const w = tf.variable(tf.randomNormal([5, 3]), true);
    const target = tf.randomNormal([5, 3]);
    const loss = () => tf.sum(tf.square(tf.sub(w, target))) as tf.Scalar;
    opt.minimize(loss);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) opt.minimize(loss);
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    w.dispose();
    target.dispose();
  });

  it('reports a non-finite gradient by variable name when checkFinite is on', () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]), true, 'finite-check');
    const opt = train.adam({ checkFinite: true });
    const [inf, nan] = [tf.tensor1d([0, Infinity, 1]), tf.tensor1d([0, NaN, 1])];
    const before = tf.memory().numTensors;
    expect(() => opt.applyGradients({ 'finite-check': inf })).toThrow(NonFiniteGradientError);
    expect(() => opt.applyGradients({ 'finite-check': nan })).toThrow("non-finite gradient: 'finite-check' holds NaN at flat index 1 at step 1");
    expect(Array.from(v.dataSync())).toEqual([1, 2, 3]);
    expect(opt.iterations).toBe(0);
    // The failed steps left nothing behind but the two slots (m, v) created for the variable.
    expect(tf.memory().numTensors).toBe(before + 2);
  });

  it('names the variable when a gradient is wrong', () => {
    tf.variable(tf.tensor1d([1, 2]), true, 'bad-grads');
    const opt = train.sdprop();
    expect(() => opt.applyGradients({ nowhere: tf.scalar(1) })).toThrow("sdprop.applyGradients: no variable named 'nowhere'");
    expect(() => opt.applyGradients({ 'bad-grads': tf.tensor1d([1, 2], 'int32') })).toThrow("gradient of 'bad-grads': expected dtype 'float32', got 'int32'");
    expect(() => opt.applyGradients({ 'bad-grads': tf.tensor1d([1, 2, 3]) })).toThrow('grads.bad-grads: expected shape [2], got [3]');
    const gone = tf.tensor1d([1, 2]);
    gone.dispose();
    expect(() => opt.applyGradients({ 'bad-grads': gone })).toThrow("gradient of 'bad-grads': the tensor is disposed");
    expect(opt.iterations).toBe(0);
  });
});

describe('optimizer configuration', () => {
  it.each([
    [() => train.sdprop({ lr: -1 }), "sdprop: hyperparameter 'lr' must be a finite number in [0, Infinity), got -1"],
    [() => train.adastand({ beta2: 1 }), "adastand: hyperparameter 'beta2' must be a finite number in [0, 1), got 1"],
    [() => train.adam({ learningRate: 0.1 } as never), "adam: unknown hyperparameter 'learningRate'"],
    [() => train.rmsprop({ centered: 1 } as never), "rmsprop: hyperparameter 'centered' must be a boolean, got 1"],
    [() => train.sgd({ nesterov: true }), "sgd: hyperparameter 'nesterov' needs 'momentum' > 0"],
    [() => train.sdprop({ clipByGlobalNorm: 0 }), 'clipByGlobalNorm: maxNorm must be a finite number > 0, got 0'],
    [() => train.sdprop({ clipByGlobalNorm: '1' } as never), "sdprop: option 'clipByGlobalNorm' must be a finite number > 0, got 1"],
    [() => train.sdprop({ checkFinite: 'yes' } as never), "sdprop: option 'checkFinite' must be a boolean, got yes"],
  ])('rejects bad input with a message naming it (%#)', (make, message) => {
    expect(make).toThrow(RangeError);
    expect(make).toThrow(message);
  });

  it('getConfig gives the resolved hyperparameters and options, and fromConfig takes them back', () => {
    const classes = [optimizers.sdprop, optimizers.adastand, optimizers.adam, optimizers.rmsprop, optimizers.sgd] as const;
    const configs = [{ gamma: 0.9, clipByGlobalNorm: 3 }, { lr: 0.5 }, { eps: 1e-3, clipByGlobalNorm: 2, clipNonFinite: 'nan' }, { centered: true }, { momentum: 0.1, checkFinite: true }];
    classes.forEach((cls, i) => {
      const opt = new cls(configs[i] as never);
      const config = opt.getConfig();
      const { clipByGlobalNorm: clip, clipNonFinite, checkFinite, ...hyper } = configs[i] as { clipByGlobalNorm?: number; clipNonFinite?: string; checkFinite?: boolean };
      expect(config).toEqual({
        ...opt.rule.resolve(hyper),
        checkFinite: checkFinite ?? false,
        ...(clip === undefined ? {} : { clipByGlobalNorm: clip }),
        ...(clipNonFinite === undefined ? {} : { clipNonFinite }),
      });
      const [registered, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[cls.className]!;
      expect(registered).toBe(cls);
      const copy = fromConfig(registered, { ...config, customObjects: {} }) as RuleOptimizer;
      expect(copy.constructor).toBe(cls);
      expect(copy.getConfig()).toEqual(config);
      expect(copy.getClassName()).toBe(cls.className);
    });
    expect(new optimizers.sdprop().getConfig()).toEqual({ lr: 1e-3, gamma: 0.99, eps: 1e-8, biasCorrection: true, checkFinite: false });
    expect(classes.map((c) => c.className)).toEqual(['stablegrad.sdprop', 'stablegrad.adastand', 'stablegrad.adam', 'stablegrad.rmsprop', 'stablegrad.sgd']);
  });
});

describe('clipping a non-finite global norm', () => {
  it('throws NonFiniteGradientError by default and changes no variable; clipNonFinite nan lets NaN through', () => {
    const v = tf.variable(tf.tensor1d([1, 2]), true, `nonfinite-${Math.random()}`);
    const strict = train.sdprop({ clipByGlobalNorm: 1 });
    expect(() => strict.applyGradients({ [v.name]: tf.tensor1d([1, Infinity]) })).toThrow(NonFiniteGradientError);
    expect(Array.from(v.dataSync())).toEqual([1, 2]);
    expect(strict.iterations).toBe(0);
    train.sdprop({ clipByGlobalNorm: 1, clipNonFinite: 'nan' }).applyGradients({ [v.name]: tf.tensor1d([1, Infinity]) });
    expect(Array.from(v.dataSync()).every(Number.isNaN)).toBe(true);
  });
});

describe('optimizer weights', () => {
  function stepped(names: [string, string], steps: number) {
    const opt = train.sdprop({ lr: 0.1 });
    const vars = names.map((n, i) => tf.variable(tf.tensor1d([1 + i, 2, 3].slice(0, 3 - i)), true, n));
    for (let t = 1; t <= steps; t++) opt.applyGradients(vars.map((v) => ({ name: v.name, tensor: tf.tensor1d(gradAt(t, v.size)) })));
    return { opt, vars };
  }

  it('are the iteration count, then <variable>/<slot> in the rule order', async () => {
    const { opt } = stepped(['w-names', 'dense/kernel'], 2);
    const weights = await opt.getWeights();
    expect(weights.map((w) => w.name)).toEqual(['iter', 'w-names/mu', 'w-names/c', 'dense/kernel/mu', 'dense/kernel/c']);
    expect(weights[0]!.tensor.dtype).toBe('int32');
    expect(Array.from(weights[0]!.tensor.dataSync())).toEqual([2]);
  });

  it.each([
    ['by name', ['resume-a', 'resume-b'], ['resume-a', 'resume-b']],
    ["by the name tfjs made unique when loading beside the original", ['resume-c', 'resume-d'], ['resume-c_1', 'resume-d_1']],
  ] as const)('restore %s and continue exactly', async (_, from, to) => {
    const original = stepped([...from] as [string, string], 3);
    const saved = await original.opt.getWeights();
    const copy = train.sdprop({ lr: 0.1 });
    await copy.setWeights(saved.map((w) => ({ name: w.name, tensor: tf.clone(w.tensor) })));
    expect(copy.iterations).toBe(3);
    const targets = from[0] === to[0] ? original.vars.map((v) => tf.variable(tf.clone(v), true, `${v.name}-twin`)) : original.vars.map((v, i) => tf.variable(tf.clone(v), true, to[i]));
    expect((await copy.getWeights()).map((w) => w.name)).toEqual(saved.map((w) => w.name));
    const grads = (vars: tf.Variable[], renamed: string[]) => vars.map((v, i) => ({ name: renamed[i]!, tensor: tf.tensor1d(gradAt(9, v.size)) }));
    original.opt.applyGradients(grads(original.vars, original.vars.map((v) => v.name)));
    if (from[0] === to[0]) {
      // Same names: the copy updates the same variables, from the same state.
      const expected = original.vars.map((v) => tf.clone(v));
      original.vars.forEach((v, i) => v.assign(targets[i]!));
      copy.applyGradients(grads(original.vars, [...from]));
      original.vars.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(Array.from(expected[i]!.dataSync())));
    } else {
      copy.applyGradients(grads(targets, [...to]));
      targets.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(Array.from(original.vars[i]!.dataSync())));
    }
  });

  it('never bind by position: slots restored under other names are refused, not swapped', async () => {
    const original = stepped(['swap-a', 'swap-b'], 2);
    const saved = await original.opt.getWeights();
    const copy = train.sdprop({ lr: 0.1 });
    await copy.setWeights(saved.map((w) => ({ name: w.name, tensor: tf.clone(w.tensor) })));
    const others = original.vars.map((v, i) => tf.variable(tf.clone(v), true, `swap-other-${i}`));
    const before = others.map((v) => Array.from(v.dataSync()));
    expect(() => copy.applyGradients(others.map((v) => ({ name: v.name, tensor: tf.tensor1d(gradAt(1, v.size)) })))).toThrow(
      "sdprop: the restored state holds slots for 'swap-a', 'swap-b', but the update has gradients for 'swap-other-0', 'swap-other-1', which match none of them by name",
    );
    expect(others.map((v) => Array.from(v.dataSync()))).toEqual(before);
  });

  it('check the whole list before changing anything: the iteration count stays when the list is wrong', async () => {
    const opt = train.adam();
    const v = tf.variable(tf.tensor1d([1, 2]), true, `atomic-${Math.random()}`);
    opt.applyGradients({ [v.name]: tf.tensor1d([1, 1]) });
    const weights = await opt.getWeights();
    await expect(opt.setWeights(weights.slice(1))).rejects.toThrow(`adam.setWeights: expected the iteration count 'iter' first, got '${v.name}/m'`);
    await expect(opt.setWeights([{ name: 'iter', tensor: tf.scalar(7, 'int32') }, ...weights.slice(2)])).rejects.toThrow(`adam.setWeights: '${v.name}' lacks '${v.name}/m'`);
    await expect(opt.setWeights([{ name: 'iter', tensor: tf.scalar(-1, 'int32') }])).rejects.toThrow("adam.setWeights: 'iter' must be a non-negative integer, got -1");
    expect(opt.iterations).toBe(1);
    expect((await opt.getWeights()).map((w) => w.name)).toEqual(weights.map((w) => w.name));
  });

  it('refuse lists that do not belong to the rule or do not fit the variables', async () => {
    const opt = train.adam();
    const t = () => tf.tensor1d([0, 0]);
    await expect(opt.setWeights([])).rejects.toThrow("adam.setWeights: expected the iteration count 'iter' first, got an empty list");
    await expect(opt.setWeights([{ name: 'iter', tensor: tf.scalar(1, 'int32') }, { name: 'w/mu', tensor: t() }])).rejects.toThrow(
      "adam.setWeights: weight 'w/mu': expected '<variable>/<slot>' with slot one of m, v",
    );
    await expect(opt.setWeights([{ name: 'iter', tensor: tf.scalar(1, 'int32') }, { name: 'w/m', tensor: t() }])).rejects.toThrow("adam.setWeights: 'w' lacks 'w/v'");
    await opt.setWeights([{ name: 'iter', tensor: tf.scalar(1, 'int32') }, { name: 'w/m', tensor: t() }, { name: 'w/v', tensor: t() }]);
    const w = tf.variable(tf.tensor1d([1, 2, 3]), true, 'w');
    const y = tf.variable(tf.tensor1d([1, 2, 3]), true, 'refuse-y');
    expect(() => opt.applyGradients({ [w.name]: tf.tensor1d([1, 1, 1]) })).toThrow("adam: restored slots 'w/*' have shape [2], variable 'w' has [3]");
    expect(() => opt.applyGradients({ [y.name]: tf.tensor1d([1, 1, 1]) })).toThrow(
      "adam: the restored state holds slots for 'w', but the update has gradients for 'refuse-y', which match none of them by name",
    );
  });
});
