import { describe, expect, it } from 'vitest';
import { jsBackend } from '../backends/js.js';
import { SpectralNormConstraint } from '../constraints/spectral-norm-constraint.js';
import { hostTensor } from '../tensor.js';
import { Optimizer } from './optimizer.js';

function saved(rule = 'sdprop', hyper: Record<string, unknown> = { lr: 0.1 }) {
  const constraints = { w: new SpectralNormConstraint({ maxNorm: 1 }) };
  const opt = new Optimizer(rule, hyper, { backend: jsBackend, constraints });
  const params = { w: hostTensor([2, 2], [3, 1, 0, 2]), b: hostTensor([2], [1, -1]) };
  const r = opt.step({ w: hostTensor([2, 2], [1, 2, 3, 4]), b: hostTensor([2], [0.5, 0.25]) }, opt.init(params), params);
  return { opt, json: JSON.parse(JSON.stringify(opt.toJSON(r.state))) };
}

describe('Optimizer.fromJSON', () => {
  it('reads back what toJSON wrote', () => {
    const { opt, json } = saved();
    const state = opt.fromJSON(json);
    expect(state.step).toBe(1);
    expect(state.constraints.w).toMatchObject({ n: 2 });
  });

  it.each([
    ['a negative variance', (j: any): unknown => (j.slots['w/c'].data[1] = -1e-3), RangeError, "state.slots['w/c'].data[1]: expected a value >= 0 (slot 'c' of sdprop is never negative), got -0.001"],
    ['a negative shape', (j: any): unknown => (j.slots['b/mu'] = { shape: [-2, -2], data: [1, 2, 3, 4] }), RangeError, "state.slots['b/mu'].shape: expected non-negative integer dimensions, got [-2, -2]"],
    ['slots of one parameter with different shapes', (j: any): unknown => (j.slots['b/mu'] = { shape: [1, 2], data: [1, 2] }), RangeError, "state.slots['b/c']: shape [2] differs from its sibling slots' [1, 2]"],
    ['a step of 1e300', (j: any): unknown => (j.step = 1e300), RangeError, 'state.step: expected an integer step count in [0, 2^53 - 1), got 1e+300'],
    ['a fractional step', (j: any): unknown => (j.step = 1.5), RangeError, 'state.step: expected an integer step count'],
    ['garbage constraint state', (j: any): unknown => (j.constraints.w = { n: 2, k: 1, basis: ['x', 1] }), RangeError, 'state.basis[0]: expected a finite number, got x'],
    ['constraint state of the wrong size', (j: any): unknown => (j.constraints.w = { n: 3, k: 0, basis: [] }), RangeError, 'state.n: the state is for a matrix with 3 columns, W has 2'],
    ['constraint state for an unconstrained parameter', (j: any): unknown => (j.constraints.b = { n: 2, k: 0, basis: [] }), TypeError, "state.constraints.b: this optimizer has no constraint on 'b'"],
    ['other hyperparameters', (j: any): unknown => (j.hyper.gamma = 0.9), TypeError, 'state.hyper: the state was saved with other hyperparameters (gamma: stored 0.9, this optimizer 0.99)'],
    ['invalid hyperparameters', (j: any): unknown => (j.hyper.gamma = 2), TypeError, "state.hyper: not valid hyperparameters of 'sdprop'"],
  ] as const)('refuses %s, naming the field', (_, mutate, type, message) => {
    const { opt, json } = saved();
    mutate(json);
    expect(() => opt.fromJSON(json)).toThrow(type);
    expect(() => opt.fromJSON(json)).toThrow(message);
  });

  it("continues under this optimizer's hyperparameters only when asked", () => {
    const { opt, json } = saved();
    json.hyper.lr = 0.5;
    expect(() => opt.fromJSON(json)).toThrow('lr: stored 0.5, this optimizer 0.1');
    expect(opt.fromJSON(json, { hyper: 'use-current' }).step).toBe(1);
  });
});
