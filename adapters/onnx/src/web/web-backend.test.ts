import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { Optimizer, referenceF32, referenceF64, type Backend, type DType, type HostTensor } from '@stablegrad/core';
import { RULE_CONFIGS, USER_RULE, compileRule, firstBitDifference, specialValues } from '@stablegrad/core/testing';
import { onnxWebBackend } from './web-backend.js';

// onnxruntime-web's Node build runs the WebAssembly execution provider: the same kernels as in a
// browser. One thread keeps the test light.
ort.env.wasm.numThreads = 1;
const backend = onnxWebBackend({ ort });

/** One step of `compiled` over groups of awkward values on `b`, back on the host. */
async function step(b: Backend<any>, c: ReturnType<typeof compileRule>, dtype: DType, sizes: readonly number[], inPlace = false): Promise<Record<string, HostTensor>[]> {
  const groups = sizes.map((n, g) => Object.fromEntries(['param', 'grad', ...c.slots].map((name, k) => [name, b.fromHost(specialValues(n, 3 * k + g, dtype), dtype)])));
  const kernel = b.compile(c, dtype);
  const scalars = c.rule.scalars(c.hyper, 4);
  const out = kernel.runAsync ? await kernel.runAsync(groups, scalars, inPlace) : kernel.run(groups, scalars, inPlace);
  return out.outputs.map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, b.toHost(v)])));
}

async function expectSameBits(got: Promise<Record<string, HostTensor>[]>, want: Promise<Record<string, HostTensor>[]>, what: string): Promise<void> {
  const [g, w] = await Promise.all([got, want]);
  w.forEach((wg, k) => {
    for (const name of Object.keys(wg)) {
      const i = firstBitDifference(g[k]![name]!.data, wg[name]!.data);
      expect(i, `${what}: group ${k} '${name}' element ${i}`).toBe(-1);
    }
  });
}

describe('onnxWebBackend on the wasm execution provider', () => {
  it('identifies itself by its execution provider', () => {
    expect(backend.id).toBe('onnx-web-wasm');
    expect(backend.dtypes).toEqual(['float32', 'float64']);
    expect(onnxWebBackend({ ort, executionProvider: 'webgpu' }).dtypes).toEqual(['float32']);
  });

  it.each([...RULE_CONFIGS, [USER_RULE, {}] as const])('%s %j: bit-identical to reference-f32 in float32 and reference-f64 in float64', async (id, hyper) => {
    const c = compileRule(id, hyper);
    const sizes = [21, 1, 64];
    await expectSameBits(step(backend, c, 'float32', sizes), step(referenceF32, c, 'float32', sizes), 'float32');
    await expectSameBits(step(backend, c, 'float64', sizes), step(referenceF64, c, 'float64', sizes), 'float64');
  });

  it('gives the same bits whatever the chunking, in place or not', async () => {
    const c = compileRule('adastand');
    const sizes = [200, 3, 57];
    const whole = await step(backend, c, 'float32', sizes);
    for (const chunkElements of [1, 64]) {
      const chunked = onnxWebBackend({ ort, chunkElements });
      await expectSameBits(step(chunked, c, 'float32', sizes), Promise.resolve(whole), `chunks of ${chunkElements}`);
      await expectSameBits(step(chunked, c, 'float32', sizes, true), Promise.resolve(whole), `chunks of ${chunkElements}, in place`);
      chunked.dispose();
    }
  });

  it('steps core optimizers with stepAsync, and names stepAsync when stepped synchronously', async () => {
    const opt = new Optimizer('sdprop', { lr: 0.1 }, { backend });
    const ref = new Optimizer('sdprop', { lr: 0.1 }, { backend: referenceF32 });
    let params: Record<string, ReturnType<typeof backend.zeros>> = { w: backend.fromHost({ shape: [2, 3], data: Float32Array.of(1, -2, 3, 0.5, 0, -1e-3) }, 'float32') };
    let refParams: Record<string, HostTensor> = { w: { shape: [2, 3], data: Float32Array.of(1, -2, 3, 0.5, 0, -1e-3) } };
    let state = opt.init(params);
    let refState = ref.init(refParams);
    for (let t = 0; t < 3; t++) {
      const g = Float32Array.of(0.3, -t, 2, 1e-30, -0, 7);
      ({ params, state } = await opt.stepAsync({ w: backend.fromHost({ shape: [2, 3], data: g }, 'float32') }, state, params));
      ({ params: refParams, state: refState } = ref.step({ w: { shape: [2, 3], data: g } }, refState, refParams));
    }
    expect(Array.from(backend.toHost(params.w!).data)).toEqual(Array.from(refParams.w!.data));
    expect(Array.from(backend.toHost(state.slots.w!.c!).data)).toEqual(Array.from(refState.slots.w!.c!.data));
    expect(() => opt.step({ w: params.w! }, state, params)).toThrow(/onnx-web-wasm: onnxruntime-web runs asynchronously; step with Optimizer.stepAsync/);
  });

  it('rejects bad options and a missing module, naming them', () => {
    expect(() => onnxWebBackend({ ort: {} as never })).toThrow(/ort: expected the onnxruntime-web module/);
    expect(() => onnxWebBackend({ ort, executionProvider: 'webgl' as never })).toThrow(/executionProvider: expected 'wasm' or 'webgpu', got "webgl"/);
    expect(() => onnxWebBackend({ ort, chunkElements: 0 })).toThrow(/chunkElements: expected an integer >= 1, got 0/);
    expect(() => backend.compile(compileRule('sgd'), 'float16' as DType)).toThrow(/dtype 'float16' is not supported/);
  });
});
