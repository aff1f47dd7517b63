import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '../train/test-support/tfjs.js';
import { spectralNorm as exactSpectralNorm } from '@stablegrad/core/testing';
import { CANDIDATE_RECURRENT, createGruLm, gruStep, stackedGruLosses } from './gru.js';
import { groupLossAndGradients, lossAndGradients } from './parameters.js';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('gruStep', () => {
  it('matches a hand computation of z, r, the candidate and the new state', () => {
    // H = 2, batch of 1. Input parts given directly: xzr = x[W_z|W_r] + b, xh = x W_h + b_h.
    const h = [0.5, -1];
    const xzr = [0.1, -0.2, 0.3, 0.4];
    const xh = [0.2, -0.1];
    const Uzr = [
      [0.5, -0.3, 0.2, 0.1],
      [0.4, 0.6, -0.5, 0.3],
    ];
    const Uh = [
      [1.5, -0.7],
      [0.2, 0.9],
    ];
    const pre = (j: number) => xzr[j]! + h[0]! * Uzr[0]![j]! + h[1]! * Uzr[1]![j]!;
    const z = [sigmoid(pre(0)), sigmoid(pre(1))];
    const r = [sigmoid(pre(2)), sigmoid(pre(3))];
    const rh = [r[0]! * h[0]!, r[1]! * h[1]!];
    const c = [0, 1].map((j) => Math.tanh(xh[j]! + rh[0]! * Uh[0]![j]! + rh[1]! * Uh[1]![j]!));
    const expected = [0, 1].map((j) => z[j]! * h[j]! + (1 - z[j]!) * c[j]!);
    const out = gruStep(
      { U_zr: tf.tensor2d(Uzr), U_h: tf.tensor2d(Uh) },
      tf.tensor2d([xzr]),
      tf.tensor2d([xh]),
      tf.tensor2d([h]),
    ).dataSync();
    expect(out[0]).toBeCloseTo(expected[0]!, 6);
    expect(out[1]).toBeCloseTo(expected[1]!, 6);
    // The same step for two models at once ([K, B, H] states): the first model's is the one above.
    const two = gruStep(
      { U_zr: tf.tensor3d([Uzr, Uzr.map((r) => r.map((x) => -x))]), U_h: tf.tensor3d([Uh, Uh]) },
      tf.tensor3d([[xzr], [xzr]]),
      tf.tensor3d([[xh], [xh]]),
      tf.tensor3d([[h], [h]]),
    ).dataSync();
    expect([two[0], two[1]].map((x) => Number(x!.toFixed(6)))).toEqual([out[0], out[1]].map((x) => Number(x!.toFixed(6))));
    expect(two[2]).not.toBeCloseTo(out[0]!, 3);
  });
});

describe('createGruLm', () => {
  it('starts from orthogonal recurrent blocks and the same weights for the same seed', () => {
    const [a, b] = [createGruLm(5, 6, 3), createGruLm(5, 6, 3)];
    const Uh = a.params[CANDIDATE_RECURRENT]!;
    expect(Uh.shape).toEqual([6, 6]);
    expect(exactSpectralNorm(Uh.dataSync(), 6, 6)).toBeCloseTo(1, 5);
    const gram = tf.matMul(Uh, Uh, true, false).dataSync();
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) expect(gram[i * 6 + j]).toBeCloseTo(i === j ? 1 : 0, 5);
    for (const name of Object.keys(a.params)) expect(a.params[name]!.dataSync()).toEqual(b.params[name]!.dataSync());
    a.dispose();
    b.dispose();
  });

  it('starts at a loss near log V and has a finite, non-zero gradient for every parameter', () => {
    const lm = createGruLm(7, 4, 1);
    const inputs = tf.tensor2d([[0, 1, 2, 3, 4], [6, 5, 4, 3, 2]], [2, 5], 'int32');
    const targets = tf.tensor2d([[1, 2, 3, 4, 5], [5, 4, 3, 2, 1]], [2, 5], 'int32');
    const { value, grads } = lossAndGradients(lm, () => lm.loss(inputs, targets));
    expect(Math.abs(value.dataSync()[0]! - Math.log(7))).toBeLessThan(0.5);
    expect(Object.keys(grads).sort()).toEqual(Object.keys(lm.params).sort());
    for (const [name, g] of Object.entries(grads)) {
      expect(g.shape, name).toEqual(lm.params[name]!.shape);
      const d = g.dataSync();
      expect(d.every(Number.isFinite), name).toBe(true);
      expect(d.some((x) => x !== 0), name).toBe(true);
    }
    lm.dispose();
  });

  it('computes several models together with the losses and gradients each has alone', () => {
    const models = [createGruLm(7, 4, 1), createGruLm(7, 4, 2), createGruLm(7, 4, 3)];
    const ids = (offset: number) => tf.tensor2d(Array.from({ length: 10 }, (_, i) => (i * 3 + offset) % 7), [2, 5], 'int32');
    const inputs = [ids(0), ids(1), ids(2)];
    const targets = [ids(1), ids(2), ids(3)];
    const together = groupLossAndGradients(models, () => stackedGruLosses(models, tf.stack(inputs) as tf.Tensor3D, tf.stack(targets) as tf.Tensor3D));
    models.forEach((m, k) => {
      const alone = lossAndGradients(m, () => m.loss(inputs[k]!, targets[k]!));
      expect(together.losses[k]).toBeCloseTo(alone.value.dataSync()[0]!, 5);
      for (const name of Object.keys(m.params)) {
        const [a, b] = [alone.grads[name]!.dataSync(), together.grads[k]![name]!.dataSync()];
        a.forEach((x, i) => expect(b[i], `${k} ${name}[${i}]`).toBeCloseTo(x, 5));
      }
    });
    models.forEach((m) => m.dispose());
  });

  it('refuses models of different sizes and inputs for another number of models', () => {
    const [a, b] = [createGruLm(7, 4, 1), createGruLm(7, 5, 1)];
    const ids = tf.zeros([2, 3, 4], 'int32') as tf.Tensor3D;
    expect(() => stackedGruLosses([a, b], ids, ids)).toThrow(/^models: expected one or more models of the same size, got 7x4, 7x5/);
    expect(() => stackedGruLosses([a], ids, ids)).toThrow(/^inputs: expected \[1, B, T\] ids/);
    a.dispose();
    b.dispose();
  });

  it('rejects a non-integer size', () => {
    expect(() => createGruLm(0, 4, 1)).toThrow(/vocabulary: expected an integer >= 1/);
    expect(() => createGruLm(4, 2.5, 1)).toThrow(/units/);
  });
});
