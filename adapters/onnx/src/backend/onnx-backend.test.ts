import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Optimizer, referenceF32, referenceF64, type Backend, type DType, type HostTensor } from '@stablegrad/core';
import type { Tensor } from 'onnxruntime-node';
import { RULE_CONFIGS, USER_RULE, specialValues, compileRule, firstBitDifference } from '@stablegrad/core/testing';
import { ortTensor } from '../runtime/tensors.js';
import { onnxBackend } from './onnx-backend.js';

const backend = onnxBackend();

/** One step of `compiled` over groups of awkward values on `b`, back on the host. */
function step(b: Backend<any>, c: ReturnType<typeof compileRule>, dtype: DType, sizes: readonly number[], t = 4, inPlace = false): Record<string, HostTensor>[] {
  const groups = sizes.map((n, g) => Object.fromEntries(['param', 'grad', ...c.slots].map((name, k) => [name, b.fromHost(specialValues(n, 3 * k + g, dtype), dtype)])));
  const out = b.compile(c, dtype).run(groups, c.rule.scalars(c.hyper, t), inPlace);
  return out.outputs.map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, b.toHost(v)])));
}

function expectSameBits(got: Record<string, HostTensor>[], want: Record<string, HostTensor>[], what: string): void {
  want.forEach((w, g) => {
    for (const name of Object.keys(w)) {
      const i = firstBitDifference(got[g]![name]!.data, w[name]!.data);
      expect(i, `${what}: group ${g} '${name}' element ${i}: ${got[g]![name]!.data[i]} vs ${w[name]!.data[i]}`).toBe(-1);
    }
  });
}

describe('onnxBackend', () => {
  it('identifies itself by its first execution provider', () => {
    expect(backend.id).toBe('onnx-cpu');
    expect(backend.dtypes).toEqual(['float32', 'float64']);
  });

  it.each([...RULE_CONFIGS, [USER_RULE, {}] as const])('%s %j: bit-identical to reference-f32 in float32 and reference-f64 in float64', (id, hyper) => {
    const c = compileRule(id, hyper);
    const sizes = [21, 1, 64];
    expectSameBits(step(backend, c, 'float32', sizes), step(referenceF32, c, 'float32', sizes), 'float32');
    expectSameBits(step(backend, c, 'float64', sizes), step(referenceF64, c, 'float64', sizes), 'float64');
  });

  it('gives the same bits whatever the chunking, in place or not', () => {
    const c = compileRule('adastand');
    const sizes = [200, 3, 57];
    const whole = step(backend, c, 'float32', sizes);
    for (const chunkElements of [1, 7, 64]) {
      const chunked = onnxBackend({ chunkElements });
      expectSameBits(step(chunked, c, 'float32', sizes), whole, `chunks of ${chunkElements}`);
      expectSameBits(step(chunked, c, 'float32', sizes, 4, true), whole, `chunks of ${chunkElements}, in place`);
      chunked.dispose();
    }
  });

  it('matches reference-f32 bit for bit on arbitrary shapes, magnitudes and step counts', () => {
    const c = compileRule('sdprop', { biasCorrection: true });
    const shape = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 });
    const magnitude = fc.integer({ min: -149, max: 127 });
    fc.assert(
      fc.property(fc.array(shape, { minLength: 1, maxLength: 3 }), magnitude, fc.integer({ min: 1, max: 5 }), fc.integer(), (shapes, e, steps, seed) => {
        const run = <Tn>(b: Backend<Tn>): HostTensor[] => {
          const opt = new Optimizer(c.rule, c.hyper, { backend: b });
          let s = seed >>> 0;
          const next = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 2 ** e;
          const host = (shape: number[]): HostTensor => ({ shape, data: Float32Array.from({ length: shape.reduce((a, d) => a * d, 1) }, next) });
          let params: Record<string, Tn> = Object.fromEntries(shapes.map((sh, i) => [`p${i}`, b.fromHost(host(sh), 'float32')]));
          let state = opt.init(params);
          for (let t = 0; t < steps; t++) {
            ({ params, state } = opt.step(Object.fromEntries(shapes.map((sh, i) => [`p${i}`, b.fromHost(host(sh), 'float32')])), state, params));
          }
          return shapes.flatMap((_, i) => [b.toHost(params[`p${i}`]!), ...c.slots.map((sl) => b.toHost(state.slots[`p${i}`]![sl]!))]);
        };
        const got = run(backend);
        run(referenceF32).forEach((want, k) => {
          expect(got[k]!.shape).toEqual(want.shape);
          expect(firstBitDifference(got[k]!.data, want.data)).toBe(-1);
        });
      }),
      { numRuns: 30 },
    );
  });

  it('writes in place into the given tensors when asked', () => {
    const c = compileRule('adam');
    const kernel = backend.compile(c, 'float32');
    const group = Object.fromEntries(['param', 'grad', 'm', 'v'].map((name, k) => [name, backend.fromHost(specialValues(9, k, 'float32'), 'float32')]));
    const before = group.param!.data;
    const fresh = kernel.run([group], c.rule.scalars(c.hyper, 1)).outputs[0]!;
    expect(group.param!.data).toBe(before);
    const inPlace = kernel.run([group], c.rule.scalars(c.hyper, 1), true).outputs[0]!;
    expect(inPlace.param).toBe(group.param);
    expect(inPlace.m).toBe(group.m);
    expect(firstBitDifference(backend.toHost(inPlace.param!).data, backend.toHost(fresh.param!).data)).toBe(-1);
  });

  it('keeps a parameter shape on its results', () => {
    const c = compileRule('sgd', { momentum: 0.5 });
    const group = { param: backend.zeros([2, 3, 1], 'float64'), grad: backend.zeros([2, 3, 1], 'float64'), buf: backend.zeros([2, 3, 1], 'float64') };
    const out = onnxBackend({ chunkElements: 4 }).compile(c, 'float64').run([group], { lr: 0.1, momentum: 0.5 }).outputs[0]!;
    expect(out.param!.dims).toEqual([2, 3, 1]);
    expect(out.buf!.type).toBe('float64');
  });

  it('returns nothing for an empty parameter set', () => {
    expect(backend.compile(compileRule('sgd'), 'float32').run([], { lr: 1, momentum: 0 })).toEqual({ outputs: [] });
  });

  it('copies to and from the host, and finds non-finite elements', () => {
    const t = backend.fromHost({ shape: [3], data: Float64Array.of(1, Infinity, NaN) }, 'float32');
    expect(t.type).toBe('float32');
    expect(backend.dtype(t)).toBe('float32');
    expect(backend.shape(t)).toEqual([3]);
    expect(backend.findNonFinite(t)).toBe(1);
    expect(backend.findNonFinite(backend.zeros([4], 'float64'))).toBe(-1);
    const host = backend.toHost(t);
    host.data[0] = 5;
    expect(t.data[0]).toBe(1);
  });

  it('names the group and tensor whose dtype or shape is wrong', () => {
    const c = compileRule('sgd', { momentum: 0.9 });
    const kernel = backend.compile(c, 'float32');
    const ok = (n: number): Tensor => backend.zeros([n], 'float32');
    const scalars = { lr: 0.1, momentum: 0.9 };
    expect(() => kernel.run([{ param: ok(3), grad: backend.zeros([3], 'float64'), buf: ok(3) }], scalars)).toThrow(
      "onnx-cpu (sgd): group 0 'grad': expected dtype 'float32', got 'float64'",
    );
    expect(() => kernel.run([{ param: ok(3), grad: ok(3), buf: ok(3) }, { param: ok(2), grad: ok(2), buf: ok(3) }], scalars)).toThrow(
      "onnx-cpu (sgd): group 1 'buf': expected shape [2] (the parameter's), got [3]",
    );
    expect(() => kernel.run([{ param: ok(3), grad: ok(3) }], scalars)).toThrow("onnx-cpu (sgd): group 0 has no 'buf' tensor");
    expect(() => kernel.run([{ param: ok(3), grad: ok(3), buf: ok(3) }], { lr: 0.1 })).toThrow("sgd: missing per-step scalar 'momentum'");
    const disposed = ok(3);
    disposed.dispose();
    expect(() => kernel.run([{ param: ok(3), grad: disposed, buf: ok(3) }], scalars)).toThrow("onnx-cpu (sgd): group 0 'grad': the tensor has been disposed");
    const ints = ortTensor(new Float32Array(3), [3]);
    Object.defineProperty(ints, 'type', { value: 'int32' });
    expect(() => backend.dtype(ints)).toThrow('tensor: expected a float32 or float64 tensor, got int32');
  });

  it('refuses a dtype it does not compute in and options out of range', () => {
    expect(() => backend.compile(compileRule('sgd'), 'float16' as DType)).toThrow("onnx-cpu: dtype 'float16' is not supported; expected one of float32, float64");
    expect(() => onnxBackend({ chunkElements: 0 })).toThrow('chunkElements: expected an integer >= 1, got 0');
    expect(() => onnxBackend({ maxCachedModels: 1.5 })).toThrow('maxCachedModels: expected an integer >= 1, got 1.5');
    expect(() => onnxBackend({ intraOpNumThreads: -1 })).toThrow('intraOpNumThreads: expected a non-negative integer');
    expect(() => onnxBackend({ executionProviders: [] })).toThrow('executionProviders: expected a non-empty array of provider names');
  });

  it('says so when an execution provider is missing from this ONNX Runtime build', () => {
    const cuda = onnxBackend({ executionProviders: ['cuda'] });
    expect(cuda.id).toBe('onnx-cuda');
    const kernel = cuda.compile(compileRule('sgd'), 'float32');
    const t = (): Tensor => cuda.zeros([2], 'float32');
    expect(() => kernel.run([{ param: t(), grad: t() }], { lr: 1, momentum: 0 })).toThrow(/executionProviders: ONNX Runtime could not use \[cuda\]/);
  });

  it('keeps at most maxCachedModels models per kernel, and reloads after dispose', () => {
    const b = onnxBackend({ maxCachedModels: 2 });
    const c = compileRule('sgd');
    const kernel = b.compile(c, 'float32');
    const run = (n: number): number => {
      const out = kernel.run([{ param: b.fromHost({ shape: [n], data: new Float32Array(n).fill(1) }, 'float32'), grad: b.fromHost({ shape: [n], data: new Float32Array(n).fill(2) }, 'float32') }], { lr: 0.5, momentum: 0 });
      return out.outputs[0]!.param!.data[0] as number;
    };
    for (const n of [1, 2, 3, 1, 2, 3]) expect(run(n)).toBe(0);
    b.dispose();
    expect(run(4)).toBe(0);
  });
});
