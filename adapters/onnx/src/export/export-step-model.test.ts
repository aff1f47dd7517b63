import { describe, expect, it } from 'vitest';
import { Optimizer, getRule, referenceF32, referenceF64, type DType, type HostTensor, type Rule, type TypedArray } from '@stablegrad/core';
import type { Tensor } from 'onnxruntime-node';
import { checkModel } from '../graph/check-model.js';
import { readStepModel } from '../graph/metadata.js';
import { StepSession } from '../runtime/session.js';
import { ortTensor } from '../runtime/tensors.js';
import { RULE_CONFIGS, USER_RULE, specialValues, firstBitDifference } from '@stablegrad/core/testing';
import { exportStepModel } from './export-step-model.js';

const SHAPES = { 'dense/kernel': [3, 5], bias: [7], s: [] } as const;

/**
 * Steps an exported model the way any runtime would: by its input and output names, from zero
 * state, feeding the rule's scalars; and core's reference alongside. Returns both trajectories.
 */
function stepBoth(rule: Rule<any>, hyper: Record<string, unknown>, dtype: DType, steps: number): [TypedArray[], TypedArray[]] {
  const bytes = exportStepModel(rule, SHAPES, { hyper, dtype });
  const { metadata } = readStepModel(bytes);
  const { layout } = metadata;
  const session = new StepSession(bytes);
  const h = rule.resolve(hyper);
  const slots = rule.slots(h);
  const reference = new Optimizer(rule, hyper, { backend: dtype === 'float32' ? referenceF32 : referenceF64, dtype });
  const values: Record<string, TypedArray> = {};
  for (const p of layout.params) {
    const n = p.shape.reduce((a, d) => a * d, 1);
    values[p.param] = specialValues(n, 1, dtype).data;
    for (const name of Object.values(p.slots)) values[name] = specialValues(n, 0, dtype).data.map(() => 0);
  }
  let refParams: Record<string, HostTensor> = Object.fromEntries(layout.params.map((p) => [p.name, { shape: p.shape, data: values[p.param]!.slice() }]));
  let refState = reference.init(refParams);
  refState = { ...refState, slots: Object.fromEntries(layout.params.map((p) => [p.name, Object.fromEntries(slots.map((s) => [s, { shape: p.shape, data: values[p.slots[s]!]!.slice() }]))])) };
  const got: TypedArray[] = [];
  const want: TypedArray[] = [];
  for (let t = 1; t <= steps; t++) {
    const feeds: Record<string, Tensor> = {};
    const grads: Record<string, HostTensor> = {};
    for (const p of layout.params) {
      const n = p.shape.reduce((a, d) => a * d, 1);
      const g = specialValues(n, t + 2, dtype).data;
      grads[p.name] = { shape: p.shape, data: g };
      feeds[p.grad] = ortTensor(g.slice(), p.shape);
      feeds[p.param] = ortTensor(values[p.param]!, p.shape);
      for (const name of Object.values(p.slots)) feeds[name] = ortTensor(values[name]!, p.shape);
    }
    const scalars = rule.scalars(h, t);
    for (const [k, name] of Object.entries(layout.scalars)) feeds[name] = ortTensor(dtype === 'float32' ? Float32Array.of(scalars[k]!) : Float64Array.of(scalars[k]!), []);
    const out = session.run(feeds);
    ({ params: refParams, state: refState } = reference.step(grads, refState, refParams));
    for (const p of layout.params) {
      values[p.param] = out[p.newParam]!.data as TypedArray;
      got.push(values[p.param]!);
      want.push(refParams[p.name]!.data);
      for (const s of slots) {
        values[p.slots[s]!] = out[p.newSlots[s]!]!.data as TypedArray;
        got.push(values[p.slots[s]!]!);
        want.push(refState.slots[p.name]![s]!.data);
      }
    }
  }
  session.dispose();
  return [got, want];
}

describe('exportStepModel', () => {
  it.each([...RULE_CONFIGS, [USER_RULE, {}] as const])('%s %j: the exported model passes the checker and steps like the reference, bit for bit', (id, hyper) => {
    const r: Rule<any> = typeof id === 'string' ? getRule(id) : id;
    for (const dtype of ['float32', 'float64'] as const) {
      expect(checkModel(exportStepModel(r, SHAPES, { hyper, dtype }))).toEqual([]);
      const [got, want] = stepBoth(r, hyper, dtype, 3);
      want.forEach((w, k) => expect(firstBitDifference(got[k]!, w), `${dtype} output ${k}`).toBe(-1));
    }
  });

  it('describes itself in its metadata: rule, resolved hyperparameters, names and program', () => {
    const { metadata, model } = readStepModel(exportStepModel('adam', { w: [2, 2] }, { hyper: { lr: 0.5 }, dtype: 'float64', clipByGlobalNorm: 2 }));
    expect(metadata).toMatchObject({ format: 'stablegrad-onnx-step/1', rule: 'adam', hyper: { lr: 0.5, beta1: 0.9, beta2: 0.999, eps: 1e-8 }, clipByGlobalNorm: 2 });
    expect(metadata.layout).toMatchObject({ dtype: 'float64', globalNorm: 'global_norm', scalars: { stepSize: 'scalar__stepSize' } });
    expect(metadata.layout.params[0]).toMatchObject({ name: 'w', grad: 'w__grad', slots: { m: 'w__m', v: 'w__v' }, newSlots: { v: 'w__v__new' } });
    expect(model.metadataProps.find((p) => p.key === 'stablegrad.program')!.value).toMatch(/^program adam\n%0 = input param/);
    expect(model.producerName).toBe('stablegrad');
  });

  it('makes parameter names into identifiers', () => {
    const { metadata } = readStepModel(exportStepModel('sgd', SHAPES));
    expect(metadata.layout.params.map((p) => [p.name, p.param, p.newParam])).toEqual([
      ['dense/kernel', 'dense_kernel', 'dense_kernel__new'],
      ['bias', 'bias', 'bias__new'],
      ['s', 's', 's__new'],
    ]);
  });

  it('names what is wrong with its arguments', () => {
    expect(() => exportStepModel('nope', { w: [1] })).toThrow("rule: unknown rule 'nope'");
    expect(() => exportStepModel('sgd', {})).toThrow('paramShapes: expected at least one parameter');
    expect(() => exportStepModel('sgd', { w: [2, -1] })).toThrow('paramShapes.w: expected an array of non-negative integers, got [2,-1]');
    expect(() => exportStepModel('sgd', { w: [1] }, { dtype: 'int8' as DType })).toThrow("dtype: expected 'float32' or 'float64', got 'int8'");
    expect(() => exportStepModel('sgd', { w: [1] }, { hyper: { lr: -1 } })).toThrow("sgd: hyperparameter 'lr' must be a finite number in [0, Infinity), got -1");
    expect(() => exportStepModel('sgd', { w: [1] }, { clipByGlobalNorm: -2 })).toThrow('clipByGlobalNorm: maxNorm must be a finite number > 0, got -2');
    expect(() => exportStepModel('sgd', { 'a-b': [1], a_b: [1] })).toThrow("the value name 'a_b' is already used by parameter 'a-b'");
  });

  it('refuses bytes that are not a stablegrad step model', () => {
    expect(() => readStepModel(Uint8Array.of(1, 2, 3))).toThrow(/^model: not an ONNX model/);
    expect(() => readStepModel(new Uint8Array(0))).toThrow("model: no 'stablegrad.step' metadata; it was not exported by stablegrad");
  });
});
