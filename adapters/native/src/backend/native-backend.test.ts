import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Optimizer, referenceF32, referenceF64, type Backend, type CompiledRule, type DType, type HostTensor } from '@stablegrad/core';
import { compileRule, firstBitDifference, RULE_CONFIGS, USER_RULE } from '@stablegrad/core/testing';
import { mixedValues } from '../test-support/fixtures.js';
import { NativeTensor, liveTensors } from '../tensor/native-tensor.js';
import { nativeBackend } from './native-backend.js';

const backend = nativeBackend();
const interpreted = nativeBackend({ kernels: 'interpreter' });

/** One step of `c` at step `t` over groups of mixed values on `b`, back on the host. */
function step(b: Backend<any>, c: CompiledRule, dtype: DType, sizes: readonly number[], t = 3): Record<string, HostTensor>[] {
  const groups = sizes.map((n, g) => Object.fromEntries(['param', 'grad', ...c.slots].map((name, k) => [name, b.fromHost(mixedValues(n, 5 * k + g, dtype), dtype)])));
  return b
    .compile(c, dtype)
    .run(groups, c.rule.scalars(c.hyper, t))
    .outputs.map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, b.toHost(v)])));
}

function expectSameBits(got: Record<string, HostTensor>[], want: Record<string, HostTensor>[], what: string): void {
  expect(got).toHaveLength(want.length);
  want.forEach((w, g) => {
    for (const name of Object.keys(w)) {
      const i = firstBitDifference(got[g]![name]!.data, w[name]!.data);
      expect(i, `${what}: group ${g} '${name}' element ${i}: ${got[g]![name]!.data[i]} vs ${w[name]!.data[i]}`).toBe(-1);
    }
  });
}

/** Parameters and slots after `steps` steps of `c` from values drawn with `seed` at magnitude 2^exponent. */
function finalState<Tn>(b: Backend<Tn>, c: CompiledRule, input: { shapes: number[][]; exponent: number; steps: number; seed: number }): HostTensor[] {
  let s = input.seed >>> 0;
  const draw = (shape: number[]): Tn => {
    const data = new Float32Array(shape.reduce((a, d) => a * d, 1));
    for (let i = 0; i < data.length; i++) data[i] = ((s = (Math.imul(s, 69069) + 1) >>> 0) / 2 ** 32 - 0.5) * 2 ** input.exponent;
    return b.fromHost({ shape, data }, 'float32');
  };
  const names = input.shapes.map((_, i) => `p${i}`);
  const opt = new Optimizer(c.rule, c.hyper, { backend: b });
  let params: Record<string, Tn> = Object.fromEntries(input.shapes.map((shape, i) => [names[i]!, draw(shape)]));
  let state = opt.init(params);
  for (let t = 0; t < input.steps; t++) {
    const grads = Object.fromEntries(input.shapes.map((shape, i) => [names[i]!, draw(shape)]));
    ({ params, state } = opt.step(grads, state, params));
  }
  return names.flatMap((name) => [b.toHost(params[name]!), ...c.slots.map((slot) => b.toHost(state.slots[name]![slot]!))]);
}

describe('nativeBackend (cpu)', () => {
  it('identifies itself', () => {
    expect(backend.id).toBe('native-cpu');
    expect(backend.device).toBe('cpu');
    expect(backend.dtypes).toEqual(['float32', 'float64']);
  });

  it.each([...RULE_CONFIGS, [USER_RULE, {}] as const])('%s %j: the bits of reference-f32 and reference-f64, generated kernel and interpreter alike', (id, hyper) => {
    const c = compileRule(id, hyper);
    // sizes around the interpreter's block (256) and the chunk a thread takes (32768)
    const sizes = [37, 1, 0, 256, 70001];
    const f32 = step(referenceF32, c, 'float32', sizes);
    const f64 = step(referenceF64, c, 'float64', sizes);
    expectSameBits(step(backend, c, 'float32', sizes), f32, 'float32');
    expectSameBits(step(backend, c, 'float64', sizes), f64, 'float64');
    expectSameBits(step(interpreted, c, 'float32', sizes), f32, 'float32, interpreter');
    expectSameBits(step(interpreted, c, 'float64', sizes), f64, 'float64, interpreter');
    expect(backend.compile(c, 'float32').generated).toBe(id !== USER_RULE);
    expect(interpreted.compile(c, 'float32').generated).toBe(false);
  });

  it('follows reference-f32 bit for bit over several steps on arbitrary shapes and magnitudes', () => {
    const c = compileRule('adastand', { beta1: 0.8 });
    const shapes = fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }), { minLength: 1, maxLength: 4 });
    const inputs = fc.record({ shapes, exponent: fc.integer({ min: -149, max: 120 }), steps: fc.integer({ min: 1, max: 4 }), seed: fc.integer() });
    fc.assert(
      fc.property(inputs, (input) => {
        const want = finalState(referenceF32, c, input);
        finalState(backend, c, input).forEach((got, k) => {
          expect(got.shape).toEqual(want[k]!.shape);
          expect(firstBitDifference(got.data, want[k]!.data)).toBe(-1);
        });
      }),
      { numRuns: 25 },
    );
  });

  it('writes in place when asked, with the same bits as a fresh result', () => {
    const c = compileRule('adam');
    const kernel = backend.compile(c, 'float32');
    const group = Object.fromEntries(['param', 'grad', 'm', 'v'].map((name, k) => [name, backend.fromHost(mixedValues(50, k, 'float32'), 'float32')]));
    const fresh = kernel.run([group], c.rule.scalars(c.hyper, 1)).outputs[0]!;
    expect(fresh.param).not.toBe(group.param);
    const inPlace = kernel.run([group], c.rule.scalars(c.hyper, 1), true).outputs[0]!;
    expect(inPlace.param).toBe(group.param);
    expect(inPlace.v).toBe(group.v);
    expect(firstBitDifference(inPlace.param!.toHost().data, fresh.param!.toHost().data)).toBe(-1);
  });

  it('keeps a user rule correct in place when an output passes an input through', () => {
    const c = compileRule(USER_RULE);
    const make = () => Object.fromEntries(['param', 'grad', ...c.slots].map((name, k) => [name, backend.fromHost(mixedValues(600, k, 'float32'), 'float32')]));
    const scalars = c.rule.scalars(c.hyper, 2);
    const fresh = backend.compile(c, 'float32').run([make()], scalars).outputs[0]!;
    const inPlace = backend.compile(c, 'float32').run([make()], scalars, true).outputs[0]!;
    for (const name of Object.keys(fresh)) expect(firstBitDifference(inPlace[name]!.toHost().data, fresh[name]!.toHost().data)).toBe(-1);
  });

  it('keeps shapes and returns nothing for an empty parameter set', () => {
    const c = compileRule('sgd', { momentum: 0.5 });
    const z = () => backend.zeros([2, 3, 1], 'float64');
    const out = backend.compile(c, 'float64').run([{ param: z(), grad: z(), buf: z() }], { lr: 0.1, momentum: 0.5 }).outputs[0]!;
    expect(out.param!.shape).toEqual([2, 3, 1]);
    expect(backend.dtype(out.buf!)).toBe('float64');
    expect(backend.compile(c, 'float32').run([], { lr: 1, momentum: 0.5 })).toEqual({ outputs: [] });
  });

  it('copies to and from the host in either dtype, clones and finds non-finite elements', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const t = backend.fromHost({ shape: [3, 1], data: Float64Array.of(1, Infinity, NaN) }, dtype);
      expect([backend.dtype(t), backend.shape(t), backend.findNonFinite(t)]).toEqual([dtype, [3, 1], 1]);
      const host = backend.toHost(t);
      expect(host.data).toBeInstanceOf(dtype === 'float64' ? Float64Array : Float32Array);
      host.data[0] = 5;
      const copy = t.clone();
      t.dispose();
      expect(Array.from(copy.toHost().data)).toEqual([1, Infinity, NaN]);
      expect(backend.findNonFinite(backend.zeros([4], dtype))).toBe(-1);
    }
  });

  it('names the group and tensor that is wrong, on a new kernel and on one that has stepped a valid set in place', () => {
    const c = compileRule('sgd', { momentum: 0.9 });
    const ok = (n: number) => backend.zeros([n], 'float32');
    const scalars = { lr: 0.1, momentum: 0.9 };
    const valid = [
      { param: ok(3), grad: ok(3), buf: ok(3) },
      { param: ok(2), grad: ok(2), buf: ok(2) },
    ];
    const disposed = ok(3);
    disposed.dispose();
    // Each wrong set is the valid one with one tensor changed.
    const wrong: [group: number, name: string, tensor: NativeTensor | undefined, message: string][] = [
      [0, 'grad', backend.zeros([3], 'float64'), "native-cpu (sgd): group 0 'grad': expected dtype 'float32', got 'float64'"],
      [1, 'buf', ok(3), "native-cpu (sgd): group 1 'buf': expected shape [2] (the parameter's), got [3]"],
      [0, 'buf', undefined, "native-cpu (sgd): group 0 has no 'buf' tensor"],
      [0, 'grad', disposed, "native-cpu (sgd): group 0 'grad': the tensor has been disposed"],
    ];
    for (const [g, name, tensor, message] of wrong) {
      const groups = valid.map((group, k) => (k === g ? { ...group, [name]: tensor } : group));
      expect(() => backend.compile(c, 'float32').run(groups, scalars, true)).toThrow(message);
      const stepped = backend.compile(c, 'float32');
      stepped.run(valid, scalars, true);
      expect(() => stepped.run(groups, scalars, true)).toThrow(message);
    }
    expect(() => backend.compile(c, 'float32').run(valid, { lr: 0.1 })).toThrow("sgd: missing per-step scalar 'momentum'");
    expect(() => disposed.toHost()).toThrow('tensor: the tensor has been disposed');
  });

  it('refuses a dtype it does not compute in, bad tensors and options out of range', () => {
    expect(() => backend.compile(compileRule('sgd'), 'float16' as DType)).toThrow("native-cpu: dtype 'float16' is not supported; expected one of float32, float64");
    expect(() => backend.zeros([2, -1], 'float32')).toThrow('shape[1]: expected a non-negative integer no larger than 2^53 - 1, got -1');
    expect(() => backend.fromHost({ shape: [4], data: new Float32Array(3) }, 'float32')).toThrow('data: shape [4] needs 4 elements, got 3');
    expect(() => nativeBackend({ kernels: 'jit' as 'generated' })).toThrow("kernels: expected 'generated' or 'interpreter', got 'jit'");
  });
});

describe('native tensors over many steps', () => {
  it('leak nothing, in place or with the old tensors disposed', () => {
    const before = liveTensors();
    const opt = new Optimizer('sdprop', { lr: 0.01 }, { backend });
    const host = (n: number, s: number) => mixedValues(n, s, 'float32');
    let params: Record<string, NativeTensor> = { a: backend.fromHost(host(1000, 1), 'float32'), b: backend.fromHost(host(17, 2), 'float32') };
    const grads = { a: backend.fromHost(host(1000, 3), 'float32'), b: backend.fromHost(host(17, 4), 'float32') };
    let state = opt.init(params);
    const during = liveTensors();
    expect(during.count - before.count).toBe(2 + 2 + 4);
    for (let t = 0; t < 200; t++) ({ params, state } = opt.step(grads, state, params, true));
    expect(liveTensors()).toEqual(during);
    for (let t = 0; t < 200; t++) {
      const r = opt.step(grads, state, params);
      for (const p of Object.values(params)) p.dispose();
      for (const slots of Object.values(state.slots)) for (const s of Object.values(slots)) s.dispose();
      ({ params, state } = r);
    }
    expect(liveTensors()).toEqual(during);
    for (const t of [...Object.values(params), ...Object.values(grads), ...Object.values(state.slots).flatMap((s) => Object.values(s))]) t.dispose();
    expect(liveTensors()).toEqual(before);
  });
});

describe('runAsync', () => {
  it('gives the bits of run, refusing other use of its tensors until it settles', async () => {
    const c = compileRule('sdprop');
    const kernel = backend.compile(c, 'float32');
    const make = () => Object.fromEntries(['param', 'grad', 'mu', 'c'].map((name, k) => [name, backend.fromHost(mixedValues(100_000, k, 'float32'), 'float32')]));
    const scalars = c.rule.scalars(c.hyper, 1);
    const sync = kernel.run([make()], scalars, true).outputs[0]!;
    const group = make();
    const pending = kernel.runAsync([group], scalars, true);
    expect(() => group.param!.toHost()).toThrow('tensor: the tensor is in use by a pending async step; await it first');
    expect(() => group.grad!.dispose()).toThrow('in use by a pending async step');
    expect(() => kernel.run([group], scalars)).toThrow("native-cpu (sdprop): group 0 'param': the tensor is in use by a pending async step; await it first");
    const out = (await pending).outputs[0]!;
    expect(out.param).toBe(group.param);
    for (const name of ['param', 'mu', 'c']) expect(firstBitDifference(out[name]!.toHost().data, sync[name]!.toHost().data)).toBe(-1);
    group.grad!.dispose();
    expect(group.grad!.disposed).toBe(true);
  });

  it('rejects with the reason and releases the tensors when the step cannot run', async () => {
    const c = compileRule('sgd');
    const kernel = backend.compile(c, 'float32');
    const group = { param: backend.zeros([3], 'float32'), grad: backend.zeros([3], 'float32') };
    await expect(kernel.runAsync([group], {})).rejects.toThrow("sgd: missing per-step scalar 'lr'");
    expect(Array.from(group.param.toHost().data)).toEqual([0, 0, 0]);
  });
});
