import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs-core';
import { Optimizer, builtinRules, defineRule, getRule, rate, referenceF32, ulpDistance, type Backend, type Rule } from '@stablegrad/core';
import { hyperArbitrary } from '@stablegrad/core/testing';
import { describe, expect, it } from 'vitest';
import { TFJS_BACKENDS } from '../test-support/tfjs-setup.js';
import { tensorBackend } from './tensor-backend.js';

/** A rule that no backend knows, using min, max, abs and neg, which the built-in rules do not. */
const clippedSign = defineRule({
  id: 'clipped-sign',
  name: 'ClippedSign',
  description: 'test rule using every operation',
  hyper: { lr: rate(0.1, 'learning rate') },
  slots: { peak: true },
  scalars: (h, t) => ({ lr: h.lr / t }),
  update(o, { param, grad, slots }) {
    const peak = o.max(slots.peak, o.abs(grad));
    const clipped = o.max(o.min(grad, o.literal(1)), o.neg(o.literal(1)));
    const step = o.div(clipped, o.add(o.sqrt(peak), o.literal(1e-3)));
    return { param: o.sub(param, o.mul(o.scalar('lr'), step)), slots: { peak } };
  },
});

/** Runs `steps` steps of `rule` on `backend`; returns every parameter and slot after every step. */
function trajectory(backend: Backend<any>, rule: string | Rule<any>, hyper: Record<string, unknown>, init: Float32Array[], grads: Float32Array[][]) {
  const opt = new Optimizer(rule, hyper, { backend });
  const up = (arrs: Float32Array[]) => Object.fromEntries(arrs.map((a, i) => [`t${i}`, backend.fromHost({ shape: [a.length], data: a }, 'float32')]));
  let params = up(init);
  let state = opt.init(params);
  const out: Float32Array[] = [];
  for (const g of grads) {
    ({ params, state } = opt.step(up(g), state, params));
    for (const name of Object.keys(params)) {
      out.push(backend.toHost(params[name]).data as Float32Array);
      for (const s of opt.compiled.slots) out.push(backend.toHost(state.slots[name]![s]).data as Float32Array);
    }
  }
  return out;
}

function maxUlp(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((x, k) => x.forEach((v, i) => (worst = Math.max(worst, ulpDistance(v, b[k]![i]!)))));
  return worst;
}

/** An initial tensor and one to three gradients of one size, with any float32 values (NaN, infinities, subnormals). */
const steps = fc
  .integer({ min: 1, max: 300 })
  .chain((n) => fc.array(fc.float32Array({ minLength: n, maxLength: n }), { minLength: 2, maxLength: 4 }));

describe.each(TFJS_BACKENDS)('tensorBackend on tfjs %s', (name) => {
  const backend = tensorBackend({ tfjsBackend: name });

  it.each(Object.keys(builtinRules))('%s is bit for bit reference-f32 on arbitrary float32 inputs', (rule) => {
    fc.assert(
      fc.property(hyperArbitrary(getRule(rule)), steps, (hyper, [init, ...grads]) => {
        const got = trajectory(backend, rule, hyper, [init!], grads.map((g) => [g]));
        const want = trajectory(referenceF32, rule, hyper, [init!], grads.map((g) => [g]));
        expect(maxUlp(got, want)).toBe(0);
      }),
      { numRuns: 8 },
    );
  });

  it('runs a user-defined rule (min, max, abs, neg, literals) bit for bit as reference-f32', () => {
    const n = 2000;
    const init = [Float32Array.from({ length: n }, (_, i) => Math.sin(i))];
    const grads = [1, 2, 3].map((t) => [Float32Array.from({ length: n }, (_, i) => (i % 97 === 0 ? NaN : i % 89 === 0 ? -0 : 3 * Math.cos(i * t) ** 3))]);
    expect(maxUlp(trajectory(backend, clippedSign, {}, init, grads), trajectory(referenceF32, clippedSign, {}, init, grads))).toBe(0);
  });

  it('creates its tensors on its own tfjs backend and leaves the current backend as it was', () => {
    const t = backend.fromHost({ shape: [2], data: Float32Array.of(1, 2) }, 'float32');
    expect(tf.engine().state.tensorInfo.get(t.dataId)?.backend).toBe(tf.findBackend(name));
    expect(tf.getBackend()).toBe('cpu');
    t.dispose();
  });

  it('copies host data in and out', () => {
    const data = Float32Array.of(1, 2, 3);
    const t = backend.fromHost({ shape: [3], data }, 'float32');
    data[0] = 7;
    const host = backend.toHost(t);
    host.data[1] = 9;
    expect(Array.from(backend.toHost(t).data)).toEqual([1, 2, 3]);
    expect(backend.findNonFinite(t)).toBe(-1);
    expect(backend.findNonFinite(backend.fromHost({ shape: [3], data: Float32Array.of(0, 0, NaN) }, 'float32'))).toBe(2);
  });
});

describe('tensorBackend', () => {
  it('interleaves cpu and wasm steps in one process with identical results', () => {
    const cpu = tensorBackend({ tfjsBackend: 'cpu' });
    const wasm = tensorBackend({ tfjsBackend: 'wasm' });
    const run = (b: Backend<tf.Tensor>) => {
      const opt = new Optimizer('sdprop', { lr: 0.01 }, { backend: b });
      const params: Record<string, tf.Tensor> = { w: b.fromHost({ shape: [64], data: Float32Array.from({ length: 64 }, (_, i) => i / 7) }, 'float32') };
      return { opt, b, params, state: opt.init(params) };
    };
    const sides = [run(cpu), run(wasm)];
    for (let t = 1; t <= 4; t++) {
      for (const s of sides) {
        const g = { w: s.b.fromHost({ shape: [64], data: Float32Array.from({ length: 64 }, (_, i) => Math.cos(i * t)) }, 'float32') };
        ({ params: s.params, state: s.state } = s.opt.step(g, s.state, s.params));
      }
    }
    expect(Array.from(cpu.toHost(sides[0]!.params.w!).data)).toEqual(Array.from(wasm.toHost(sides[1]!.params.w!).data));
    expect(tf.getBackend()).toBe('cpu');
  });

  it('names itself after its tfjs backend', () => {
    expect(tensorBackend({ tfjsBackend: 'wasm' }).id).toBe('tfjs-wasm');
    expect(tensorBackend().id).toBe('tfjs');
    expect(tensorBackend({ id: 'mine' }).dtypes).toEqual(['float32']);
  });

  it('rejects float64, foreign tensors and backends that are not initialised', () => {
    const b = tensorBackend();
    expect(() => b.zeros([2], 'float64')).toThrow("tfjs: dtype 'float64' is not supported; expected one of float32");
    expect(() => b.dtype(tf.tensor1d([1], 'int32'))).toThrow("t: expected dtype 'float32', got 'int32'");
    const gone = tf.tensor1d([1]);
    gone.dispose();
    expect(() => b.toHost(gone)).toThrow('t: the tensor is disposed');
    expect(() => tensorBackend({ tfjsBackend: 'webgl' }).zeros([1], 'float32')).toThrow(/tfjs backend 'webgl' is not initialised/);
  });
});
