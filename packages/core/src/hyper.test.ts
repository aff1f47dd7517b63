import { describe, expect, it } from 'vitest';
import { decay, defaultsOf, describeRange, epsilon, rate, resolveHyper, toggle } from './hyper.js';

const spec = {
  lr: rate(0.1, 'learning rate'),
  momentum: decay(0, 'momentum', { structural: 'zero' }),
  eps: epsilon(1e-8, 'epsilon'),
  nesterov: toggle(false, 'Nesterov', { structural: true, requires: 'momentum' }),
};

describe('hyperparameter specifications', () => {
  it('describe ranges and defaults', () => {
    expect(describeRange(spec.lr)).toBe('[0, Infinity)');
    expect(describeRange(spec.momentum)).toBe('[0, 1)');
    expect(defaultsOf(spec)).toEqual({ lr: 0.1, momentum: 0, eps: 1e-8, nesterov: false });
  });

  it('resolve: defaults applied, given values kept', () => {
    expect(resolveHyper('r', spec, { momentum: 0.5, nesterov: true })).toEqual({ lr: 0.1, momentum: 0.5, eps: 1e-8, nesterov: true });
  });

  it.each([
    [{ lr: -1 }, "r: hyperparameter 'lr' must be a finite number in [0, Infinity), got -1"],
    [{ lr: Infinity }, "r: hyperparameter 'lr' must be a finite number in [0, Infinity), got Infinity"],
    [{ momentum: 1 }, "r: hyperparameter 'momentum' must be a finite number in [0, 1), got 1"],
    [{ eps: '1e-8' }, "r: hyperparameter 'eps' must be a finite number in (0, Infinity), got 1e-8"],
    [{ eps: 0 }, "r: hyperparameter 'eps' must be a finite number in (0, Infinity), got 0"],
    [{ nesterov: 1 }, "r: hyperparameter 'nesterov' must be a boolean, got 1"],
    [{ nesterov: true }, "r: hyperparameter 'nesterov' needs 'momentum' > 0"],
    [{ learningRate: 1 }, "r: unknown hyperparameter 'learningRate'; expected one of lr, momentum, eps, nesterov"],
  ])('resolve rejects %j', (given, message) => {
    expect(() => resolveHyper('r', spec, given)).toThrow(message);
  });
});
