import { describe, expect, it } from 'vitest';
import { numberOps } from '../backends/reference.js';
import type { Rule } from '../rule.js';
import { adam, adastand, getRule, rmsprop, sdprop, sgd } from './index.js';

/** Runs a rule on plain float64 numbers for one element over several gradients. */
function trajectory(rule: Rule<any>, hyper: Record<string, unknown>, p0: number, grads: number[]) {
  const h = rule.resolve(hyper);
  let param = p0;
  let slots: Record<string, number> = Object.fromEntries(rule.slots(h).map((s: string) => [s, 0]));
  grads.forEach((grad, i) => {
    const r = rule.update(numberOps((x) => x, rule.scalars(h, i + 1)), { param, grad, slots }, h);
    param = r.param;
    slots = { ...(r.slots as Record<string, number>) };
  });
  return { param, slots };
}

const gs = [0.5, -0.25, 1.5, 0.75, -2];

describe('built-in rules against hand-written recurrences', () => {
  it('sdprop follows Ida et al.: variance around the previous mean, rate scaled by sqrt(1 - gamma^t)', () => {
    const [lr, gamma, eps] = [0.01, 0.9, 1e-8];
    let p = 1, mu = 0, c = 0;
    gs.forEach((g, i) => {
      c = gamma * c + gamma * (1 - gamma) * (g - mu) ** 2;
      mu = gamma * mu + (1 - gamma) * g;
      p -= lr * Math.sqrt(1 - gamma ** (i + 1)) * g / (Math.sqrt(c) + eps);
    });
    const r = trajectory(sdprop, { lr, gamma, eps }, 1, gs);
    expect(r.param).toBeCloseTo(p, 14);
    expect(r.slots).toEqual({ mu: expect.closeTo(mu, 14), c: expect.closeTo(c, 14) });
  });

  it('sdprop without bias correction equals centered rmsprop with alpha = gamma', () => {
    const a = trajectory(sdprop, { lr: 0.01, gamma: 0.9, biasCorrection: false }, 1, gs);
    const b = trajectory(rmsprop, { lr: 0.01, alpha: 0.9, centered: true }, 1, gs);
    expect(a.param).toBeCloseTo(b.param, 12);
  });

  it('adastand follows its recurrence', () => {
    const [lr, b1, b2, eps] = [0.01, 0.8, 0.95, 1e-8];
    let p = 1, m = 0, v = 0;
    gs.forEach((g, i) => {
      const t = i + 1;
      v = b2 * v + b2 * (1 - b2) * (g - m) ** 2;
      m = b1 * m + (1 - b1) * (g - m);
      p -= (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t) * m / (Math.sqrt(v) + eps);
    });
    expect(trajectory(adastand, { lr, beta1: b1, beta2: b2, eps }, 1, gs).param).toBeCloseTo(p, 14);
  });

  it('adam follows PyTorch', () => {
    const [lr, b1, b2, eps] = [0.01, 0.9, 0.999, 1e-8];
    let p = 1, m = 0, v = 0;
    gs.forEach((g, i) => {
      const t = i + 1;
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      p -= (lr / (1 - b1 ** t)) * m / (Math.sqrt(v) / Math.sqrt(1 - b2 ** t) + eps);
    });
    expect(trajectory(adam, { lr, beta1: b1, beta2: b2, eps }, 1, gs).param).toBeCloseTo(p, 14);
  });

  it('sgd with momentum and nesterov follows PyTorch', () => {
    const [lr, mom] = [0.1, 0.9];
    let p = 1, b = 0, q = 1, bq = 0;
    gs.forEach((g, i) => {
      b = i === 0 ? g : mom * b + g;
      p -= lr * b;
      bq = i === 0 ? g : mom * bq + g;
      q -= lr * (g + mom * bq);
    });
    expect(trajectory(sgd, { lr, momentum: mom }, 1, gs).param).toBeCloseTo(p, 14);
    expect(trajectory(sgd, { lr, momentum: mom, nesterov: true }, 1, gs).param).toBeCloseTo(q, 14);
    expect(trajectory(sgd, { lr }, 1, gs).param).toBeCloseTo(1 - lr * gs.reduce((a, x) => a + x, 0), 14);
  });

  it('rmsprop with momentum follows PyTorch', () => {
    const [lr, alpha, eps, mom] = [0.01, 0.9, 1e-8, 0.5];
    let p = 1, s = 0, b = 0;
    gs.forEach((g) => {
      s = alpha * s + (1 - alpha) * g * g;
      b = mom * b + g / (Math.sqrt(s) + eps);
      p -= lr * b;
    });
    expect(trajectory(rmsprop, { lr, alpha, eps, momentum: mom }, 1, gs).param).toBeCloseTo(p, 14);
  });
});

describe('hyperparameters', () => {
  it('apply the documented defaults', () => {
    expect(sdprop.resolve()).toEqual({ lr: 1e-3, gamma: 0.99, eps: 1e-8, biasCorrection: true });
    expect(adastand.resolve()).toEqual({ lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
    expect(adam.resolve()).toEqual({ lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
    expect(rmsprop.resolve()).toEqual({ lr: 1e-2, alpha: 0.99, eps: 1e-8, centered: false, momentum: 0 });
    expect(sgd.resolve()).toEqual({ lr: 1e-3, momentum: 0, nesterov: false });
  });

  it.each([
    ['sdprop', { lr: -1 }, /'lr' must be a finite number in \[0, Infinity\), got -1/],
    ['sdprop', { gamma: 1 }, /'gamma' must be a finite number in \[0, 1\), got 1/],
    ['adam', { beta1: -0.1 }, /'beta1'/],
    ['adastand', { beta2: NaN }, /'beta2'.*NaN/],
    ['rmsprop', { centered: 1 }, /'centered' must be a boolean/],
    ['sgd', { nesterov: true }, /'nesterov' needs 'momentum' > 0/],
    ['sgd', { learningRate: 0.1 }, /unknown hyperparameter 'learningRate'/],
  ])('%s rejects %j', (id, hyper, message) => {
    expect(() => getRule(id).resolve(hyper)).toThrow(message);
  });

  it('unknown rule ids list the known ones', () => {
    expect(() => getRule('adamw')).toThrow(/unknown rule 'adamw'; expected one of sgd, rmsprop, adam, sdprop, adastand/);
  });

  it('slots depend on the configuration', () => {
    expect(rmsprop.slots(rmsprop.resolve({ centered: true, momentum: 0.9 }))).toEqual(['sq', 'avg', 'buf']);
    expect(sgd.slots(sgd.resolve())).toEqual([]);
    expect(sdprop.slots(sdprop.resolve())).toEqual(['mu', 'c']);
  });
});
