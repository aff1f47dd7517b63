import { describe, expect, it } from 'vitest';
import {
  NonFiniteGradientError,
  Optimizer,
  SpectralNormConstraint,
  clipByGlobalNorm,
  referenceF32,
  referenceF64,
  type DType,
  type HostTensor,
} from '@stablegrad/core';
import type { Tensor } from 'onnxruntime-node';
import { firstBitDifference } from '@stablegrad/core/testing';
import { ortTensor } from '../runtime/tensors.js';
import { onnxBackend } from '../backend/onnx-backend.js';
import { OnnxOptimizer } from './onnx-optimizer.js';

const tensor = (shape: number[], values: number[], dtype: DType = 'float32'): Tensor =>
  ortTensor(dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values), shape);
const host = (t: Tensor): HostTensor => ({ shape: t.dims, data: (t.data as Float32Array).slice() });
const wave = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

describe('OnnxOptimizer', () => {
  it('is core optimizer on the onnx-cpu backend: same state layout, same numbers', () => {
    const opt = new OnnxOptimizer('sdprop', { lr: 0.01 });
    const ref = new Optimizer('sdprop', { lr: 0.01 }, { backend: referenceF32 });
    expect(opt.backend.id).toBe('onnx-cpu');
    let params: Record<string, Tensor> = { w: tensor([2, 3], wave(6, Math.sin)), b: tensor([4], wave(4, Math.cos)) };
    let rParams: Record<string, HostTensor> = { w: host(params.w!), b: host(params.b!) };
    let state = opt.init(params);
    let rState = ref.init(rParams);
    for (let t = 1; t <= 4; t++) {
      const g = { w: wave(6, (i) => Math.cos(i * t)), b: wave(4, (i) => Math.sin(i + t)) };
      ({ params, state } = opt.step({ w: tensor([2, 3], g.w), b: tensor([4], g.b) }, state, params));
      ({ params: rParams, state: rState } = ref.step({ w: { shape: [2, 3], data: Float32Array.from(g.w) }, b: { shape: [4], data: Float32Array.from(g.b) } }, rState, rParams));
    }
    expect(state.step).toBe(4);
    expect(Object.keys(state.slots.w!)).toEqual(['mu', 'c']);
    expect(firstBitDifference(params.w!.data as Float32Array, rParams.w!.data)).toBe(-1);
    expect(firstBitDifference(state.slots.b!.c!.data as Float32Array, rState.slots.b!.c!.data)).toBe(-1);
    const json = opt.toJSON(state);
    expect(json.slots['w/mu']!.shape).toEqual([2, 3]);
    const back = opt.fromJSON(JSON.parse(JSON.stringify(json)));
    expect(Array.from(back.slots.w!.mu!.data as Float32Array)).toEqual(Array.from(state.slots.w!.mu!.data as Float32Array));
    opt.dispose();
  });

  it('clips by the global norm inside the step model, as core clips on the host', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const opt = new OnnxOptimizer('sgd', { lr: 1 }, { dtype, clipByGlobalNorm: 1 });
      const ref = new Optimizer('sgd', { lr: 1 }, { backend: dtype === 'float32' ? referenceF32 : referenceF64, dtype, gradientTransforms: [clipByGlobalNorm(1)] });
      const zeros = { w: tensor([2], [0, 0], dtype), b: tensor([1], [0], dtype) };
      const refZeros = { w: host(zeros.w), b: host(zeros.b) };
      for (const g of [{ w: [3, 0], b: [4] }, { w: [0.3, 0], b: [0.4] }, { w: [1e-3, -2e-3], b: [7] }]) {
        const r = opt.step({ w: tensor([2], g.w, dtype), b: tensor([1], g.b, dtype) }, opt.init(zeros), zeros);
        const e = ref.step({ w: { shape: [2], data: host(tensor([2], g.w, dtype)).data }, b: { shape: [1], data: host(tensor([1], g.b, dtype)).data } }, ref.init(refZeros), refZeros);
        expect(r.gradNorm).toBeCloseTo(e.gradNorm!, 14);
        // -lr * clipped gradient: equal to core's up to the order of the float64 sum of squares.
        for (const k of ['w', 'b'] as const) {
          Array.from(r.params[k]!.data as Float32Array).forEach((x, i) => expect(x).toBeCloseTo(e.params[k]!.data[i]!, dtype === 'float32' ? 7 : 14));
        }
      }
      const exact = opt.step({ w: tensor([2], [3, 0], dtype), b: tensor([1], [4], dtype) }, opt.init(zeros), zeros);
      expect(exact.gradNorm).toBe(5);
      const clipped = 3 * (1 / 5);
      expect(Array.from(exact.params.w!.data as Float32Array)).toEqual(dtype === 'float32' ? [-Math.fround(clipped), 0] : [-clipped, 0]);
      opt.dispose();
    }
  });

  it('leaves gradients below the threshold exactly as they are; a non-finite one throws, or with clipNonFinite nan turns all of them into NaN', () => {
    const opt = new OnnxOptimizer('sgd', { lr: 1 }, { clipByGlobalNorm: 10 });
    const nan = new OnnxOptimizer('sgd', { lr: 1 }, { clipByGlobalNorm: 10, clipNonFinite: 'nan' });
    const zeros = { w: tensor([3], [0, 0, 0]) };
    const small = opt.step({ w: tensor([3], [1e-30, -3, 1 / 3]) }, opt.init(zeros), zeros);
    expect(Array.from(small.params.w!.data as Float32Array)).toEqual([-Math.fround(1e-30), 3, -Math.fround(1 / 3)]);
    for (const bad of [NaN, Infinity]) {
      const params = { w: tensor([3], [4, 5, 6]) };
      const state = opt.init(params);
      expect(() => opt.step({ w: tensor([3], [1, bad, 2]) }, state, params, true)).toThrow(
        `clipByGlobalNorm: non-finite gradient: 'w' holds ${Number.isNaN(bad) ? NaN : Infinity}`,
      );
      expect(Array.from(params.w.data as Float32Array)).toEqual([4, 5, 6]);
      const r = nan.step({ w: tensor([3], [1, bad, 2]) }, nan.init(zeros), zeros);
      expect(Array.from(r.params.w!.data as Float32Array).every(Number.isNaN)).toBe(true);
      expect(r.gradNorm).toBe(Number.isNaN(bad) ? NaN : Infinity);
    }
    for (const o of [opt, nan]) o.dispose();
  });

  it('runs clipping on the host instead when fusion is off or other transforms come with it, reporting the same norm', () => {
    const zeros = { w: tensor([2], [0, 0]) };
    const g = { w: tensor([2], [3, 4]) };
    const fused = new OnnxOptimizer('sgd', { lr: 1 }, { clipByGlobalNorm: 1 });
    const host = new OnnxOptimizer('sgd', { lr: 1 }, { clipByGlobalNorm: 1, fuseTransforms: false });
    const a = fused.step(g, fused.init(zeros), zeros);
    const b = host.step(g, host.init(zeros), zeros);
    expect([a.gradNorm, b.gradNorm]).toEqual([5, 5]);
    expect(Array.from(b.params.w!.data as Float32Array)).toEqual([-Math.fround(0.6), -Math.fround(0.8)]);
    expect(Array.from(a.params.w!.data as Float32Array)).toEqual(Array.from(b.params.w!.data as Float32Array));
    expect(new Optimizer('sgd', { lr: 1 }, { backend: onnxBackend({ fuseTransforms: true }), gradientTransforms: [clipByGlobalNorm(1)] }).step(g, fused.init(zeros), zeros).gradNorm).toBe(5);
    const reporting = new Optimizer('sgd', { lr: 1 }, { backend: onnxBackend(), reportGradNorm: true });
    expect(reporting.step(g, reporting.init(zeros), zeros).gradNorm).toBe(5);
    expect(new Optimizer('sgd', { lr: 1 }, { backend: onnxBackend() }).step(g, reporting.init(zeros), zeros).gradNorm).toBeUndefined();
    for (const o of [fused, host]) o.dispose();
  });

  it('applies constraints through host linear algebra and checks gradients when asked', () => {
    const opt = new OnnxOptimizer('sgd', { lr: 0 }, { constraints: { W: new SpectralNormConstraint({ maxNorm: 1 }) }, checkFinite: true });
    const W = tensor([2, 2], [3, 0, 0, 0.5]);
    const r = opt.step({ W: tensor([2, 2], [0, 0, 0, 0]) }, opt.init({ W }), { W });
    const out = Array.from(r.params.W!.data as Float32Array);
    expect(out[0]).toBeCloseTo(1, 6);
    expect(out[3]).toBeCloseTo(0.5, 6);
    expect(r.state.constraints.W).toMatchObject({ n: 2 });
    expect(() => opt.step({ W: tensor([2, 2], [0, NaN, 0, 0]) }, r.state, r.params)).toThrow(NonFiniteGradientError);
  });

  it('reports bad options, shapes and dtypes by name', () => {
    expect(() => new OnnxOptimizer('sgd', {}, { clipByGlobalNorm: 0 })).toThrow('clipByGlobalNorm: maxNorm must be a finite number > 0, got 0');
    expect(() => new OnnxOptimizer('sdprop', { gamma: 1 })).toThrow("sdprop: hyperparameter 'gamma' must be a finite number in [0, 1), got 1");
    const opt = new OnnxOptimizer('adam', {}, { dtype: 'float64' });
    const w = tensor([2], [1, 2], 'float64');
    const state = opt.init({ w });
    expect(() => opt.step({ w: tensor([2], [1, 2]) }, state, { w })).toThrow("grads.w: expected dtype 'float64', got 'float32'");
    expect(() => opt.step({ w: tensor([3], [1, 2, 3], 'float64') }, state, { w })).toThrow('grads.w: expected shape [2], got [3]');
  });
});
