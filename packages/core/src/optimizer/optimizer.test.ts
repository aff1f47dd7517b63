import { describe, expect, it } from 'vitest';
import type { Backend } from '../backends/backend.js';
import { jsBackend } from '../backends/js.js';
import { referenceF32, referenceF64 } from '../backends/reference.js';
import { rate } from '../hyper.js';
import { defineRule } from '../rule.js';
import { hostTensor, type HostTensor } from '../tensor.js';
import { NonFiniteGradientError } from './errors.js';
import { Optimizer } from './optimizer.js';

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

const shapes = { w: [3, 5], b: [7] } as const;

function tensors(seed: number, dtype: 'float32' | 'float64' = 'float32'): Record<string, HostTensor> {
  const r = lcg(seed);
  return Object.fromEntries(
    Object.entries(shapes).map(([k, s]) => [k, hostTensor(s, Array.from({ length: s.reduce((a, b) => a * b, 1) }, r), dtype)]),
  );
}

function train(opt: Optimizer, steps: number, from?: { params: Record<string, HostTensor>; state: ReturnType<Optimizer['init']>; t0: number }) {
  let params = from?.params ?? tensors(1, opt.dtype);
  let state = from?.state ?? opt.init(params);
  for (let t = from?.t0 ?? 0; t < steps; t++) ({ params, state } = opt.step(tensors(100 + t, opt.dtype), state, params));
  return { params, state };
}

describe('Optimizer', () => {
  it('keeps state as plain data with stable names and round-trips it through JSON', () => {
    const opt = new Optimizer('sdprop', { lr: 0.01 }, { backend: jsBackend });
    const { state } = train(opt, 3);
    const json = JSON.parse(JSON.stringify(opt.toJSON(state)));
    expect(json.format).toBe('stablegrad-state/1');
    expect(json.step).toBe(3);
    expect(Object.keys(json.slots).sort()).toEqual(['b/c', 'b/mu', 'w/c', 'w/mu']);
    const back = opt.fromJSON(json);
    expect(back.step).toBe(3);
    expect(Array.from(back.slots.w!.c!.data)).toEqual(Array.from(state.slots.w!.c!.data));
  });

  it.each(['sdprop', 'adastand', 'adam', 'rmsprop', 'sgd'])('%s: resuming from saved state gives the uninterrupted trajectory', (rule) => {
    const hyper = rule === 'sgd' ? { lr: 0.1, momentum: 0.9 } : {};
    const opt = new Optimizer(rule, hyper, { backend: jsBackend });
    const full = train(opt, 10);
    const half = train(opt, 5);
    const saved = JSON.parse(JSON.stringify({ state: opt.toJSON(half.state), w: Array.from(half.params.w!.data), b: Array.from(half.params.b!.data) }));
    const opt2 = new Optimizer(rule, hyper, { backend: jsBackend });
    const params = { w: hostTensor([3, 5], saved.w), b: hostTensor([7], saved.b) };
    const resumed = train(opt2, 10, { params, state: opt2.fromJSON(saved.state), t0: 5 });
    expect(Array.from(resumed.params.w!.data)).toEqual(Array.from(full.params.w!.data));
    expect(Array.from(resumed.params.b!.data)).toEqual(Array.from(full.params.b!.data));
  });

  it('a user-defined rule runs on every backend with no backend code', () => {
    // Sign-scaled SGD with a clamp: p = p - lr * min(max(g, -1), 1) + |g| * 0 + (-(-0.0))
    const clipped = defineRule({
      id: 'clamped-sgd',
      name: 'ClampedSGD',
      description: 'SGD on gradients clamped to [-1, 1]',
      hyper: { lr: rate(0.1, 'learning rate') },
      slots: { last: true },
      scalars: (h) => ({ lr: h.lr }),
      update(o, x) {
        const g = o.min(o.max(x.grad, o.literal(-1)), o.literal(1));
        return { param: o.sub(x.param, o.mul(o.scalar('lr'), g)), slots: { last: o.neg(o.abs(g)) } };
      },
    });
    const results = ([referenceF32, jsBackend] as Backend[]).map((backend) => train(new Optimizer(clipped, {}, { backend }), 4));
    expect(Array.from(results[0]!.params.w!.data)).toEqual(Array.from(results[1]!.params.w!.data));
    expect(Array.from(results[1]!.state.slots.b!.last!.data).every((v) => v <= 0)).toBe(true);
    const f64 = train(new Optimizer(clipped, {}, { backend: referenceF64, dtype: 'float64' }), 4);
    expect(f64.params.w!.data[0]).toBeCloseTo(results[0]!.params.w!.data[0]!, 6);
  });

  it('reports a non-finite gradient with its tensor and step when asked', () => {
    const opt = new Optimizer('adam', {}, { backend: jsBackend, checkFinite: true });
    const params = tensors(1);
    const state = opt.init(params);
    const grads = tensors(2);
    grads.b!.data[4] = NaN;
    let err: unknown;
    try {
      opt.step(grads, state, params);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NonFiniteGradientError);
    expect((err as NonFiniteGradientError).message).toBe("non-finite gradient: 'b' holds NaN at flat index 4 at step 1");
    const quiet = new Optimizer('adam', {}, { backend: jsBackend });
    expect(Number.isNaN(quiet.step(grads, quiet.init(params), params).params.b!.data[4])).toBe(true);
  });

  it('names the parameter and what was expected on bad input', () => {
    const opt = new Optimizer('sdprop', {}, { backend: jsBackend });
    const params = tensors(1);
    const state = opt.init(params);
    expect(() => opt.step({ w: params.w! }, state, params)).toThrow(/grads.b: missing gradient for parameter 'b'/);
    expect(() => opt.step({ ...params, x: params.w! }, state, params)).toThrow(/grads: no parameter named 'x'/);
    expect(() => opt.step({ ...params, b: hostTensor([8], new Float32Array(8)) }, state, params)).toThrow(
      /grads.b: expected shape \[7\], got \[8\]/,
    );
    expect(() => opt.step({ ...params, b: hostTensor([7], new Float64Array(7)) }, state, params)).toThrow(
      /grads.b: expected dtype 'float32', got 'float64'/,
    );
    expect(() => opt.step(params, { ...state, slots: { w: state.slots.w! } }, params)).toThrow(/state.slots.b: no state for parameter 'b'/);
    expect(() => new Optimizer('sdprop', {}, { backend: referenceF32, dtype: 'float64' })).toThrow(
      /dtype: backend 'reference-f32' computes in float32, not 'float64'/,
    );
    expect(() => opt.fromJSON({ ...opt.toJSON(state), rule: 'adam' })).toThrow(/state.rule: expected 'sdprop', got 'adam'/);
    expect(() => opt.fromJSON({ ...opt.toJSON(state), slots: { 'w/zz': { shape: [1], data: [0] } } })).toThrow(/state.slots\['w\/zz'\]/);
  });

  it('steps in place without changing the numbers', () => {
    const opt = new Optimizer('adastand', {}, { backend: jsBackend });
    const a = train(opt, 3);
    let params = tensors(1);
    let state = opt.init(params);
    for (let t = 0; t < 3; t++) ({ params, state } = opt.step(tensors(100 + t), state, params, true));
    expect(Array.from(params.w!.data)).toEqual(Array.from(a.params.w!.data));
  });

  it('steps asynchronously with the same numbers, through runAsync when the kernel has it', async () => {
    const opt = new Optimizer('sdprop', { lr: 0.05 }, { backend: jsBackend });
    const sync = train(opt, 3);
    let asyncCalls = 0;
    const asyncOnly: Backend<HostTensor> = {
      ...jsBackend,
      id: 'async-js',
      compile(rule, dtype) {
        const k = jsBackend.compile(rule, dtype);
        return {
          run: () => {
            throw new Error('async-js: use runAsync');
          },
          runAsync: async (groups, scalars, inPlace) => {
            asyncCalls++;
            return k.run(groups, scalars, inPlace);
          },
        };
      },
    };
    for (const backend of [jsBackend, asyncOnly]) {
      const o = new Optimizer('sdprop', { lr: 0.05 }, { backend });
      let params = tensors(1);
      let state = o.init(params);
      for (let t = 0; t < 3; t++) ({ params, state } = await o.stepAsync(tensors(100 + t), state, params));
      expect(state.step).toBe(3);
      expect(Array.from(params.w!.data)).toEqual(Array.from(sync.params.w!.data));
      expect(Array.from(state.slots.b!.c!.data)).toEqual(Array.from(sync.state.slots.b!.c!.data));
    }
    expect(asyncCalls).toBe(3);
    const o = new Optimizer('sdprop', {}, { backend: asyncOnly });
    const params = tensors(1);
    await expect(o.stepAsync({ w: params.w! }, o.init(params), params)).rejects.toThrow(/grads.b: missing gradient/);
  });
});
