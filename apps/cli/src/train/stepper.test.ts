import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import './test-support/tfjs.js';
import { CANDIDATE_RECURRENT, createGruLm, type GruLm } from '../models/gru.js';
import { lossAndGradients } from '../models/parameters.js';
import { OPTIMIZERS } from '../experiments/optimizers.js';
import { spectralNorm as exactSpectralNorm } from '@stablegrad/core/testing';
import { loadStepBackend } from './step-backend.js';
import { createStepper, type StepReport, type StepperSpec } from './stepper.js';
import type { StepBackendId } from './step-backend.js';

const inputs = tf.tensor2d([[0, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 0]], [2, 6], 'int32');
const targets = tf.tensor2d([[1, 2, 3, 4, 5, 0], [4, 3, 2, 1, 0, 5]], [2, 6], 'int32');

/** Trains a tiny GRU for `steps` steps; returns its parameters and the step reports. */
async function train(backend: StepBackendId, spec: StepperSpec, steps: number, onStep?: (lm: GruLm) => void) {
  const lm = createGruLm(6, 5, 2);
  // A candidate weight far outside the bound, so that the constraint has work to do.
  tf.tidy(() => lm.params[CANDIDATE_RECURRENT]!.assign(tf.mul(lm.params[CANDIDATE_RECURRENT]!, 3)));
  const stepper = await createStepper(backend, lm.params, spec);
  const reports: StepReport[] = [];
  for (let i = 0; i < steps; i++) {
    const { value, grads } = lossAndGradients(lm, () => lm.loss(inputs, targets));
    reports.push(stepper.step(grads));
    tf.dispose([value, ...Object.values(grads)]);
    onStep?.(lm);
  }
  stepper.dispose();
  const params = Object.fromEntries(Object.entries(lm.params).map(([n, v]) => [n, Array.from(v.dataSync())]));
  lm.dispose();
  return { params, reports };
}

describe('createStepper', () => {
  it('gives the same parameters on the tfjs and onnx step backends', async () => {
    // The rules are elementwise float32 programs (bit-exact on every backend by construction);
    // clipping and the constraint run in float64 on the host on both. Equal bits are expected.
    const spec: StepperSpec = { optimizer: OPTIMIZERS.sdprop!, lr: 0.05, clipNorm: 0.5, constrain: { param: CANDIDATE_RECURRENT, maxNorm: 1.8 } };
    const a = await train('tfjs', spec, 4);
    const b = await train('onnx', spec, 4);
    expect(b.params).toEqual(a.params);
    expect(b.reports.map((r) => r.gradNorm)).toEqual(a.reports.map((r) => r.gradNorm));
  });

  it('gives the same parameters on the native step backend when its addon is built, or says why not', async () => {
    const spec: StepperSpec = { optimizer: OPTIMIZERS.adam!, lr: 0.05, clipNorm: 0.5, constrain: { param: CANDIDATE_RECURRENT, maxNorm: 1.8 } };
    const native = await loadStepBackend('native').then(
      (b) => (b.dispose(), undefined),
      (e: Error) => e,
    );
    if (native) expect(native.message).toMatch(/^backend: .*choose --backend tfjs or onnx/);
    else expect((await train('native', spec, 3)).params).toEqual((await train('tfjs', spec, 3)).params);
  });

  it('frees every native tensor it makes: the live count after each step is the count after the first', async () => {
    const native = await import('@stablegrad/native').catch(() => undefined);
    const available = native?.nativeAvailability('cpu');
    if (!native || !available?.available) {
      expect(await loadStepBackend('native').then(() => 'loaded', (e: Error) => e.message)).toMatch(/^backend: /);
      return;
    }
    const counts: number[] = [];
    const spec: StepperSpec = { optimizer: OPTIMIZERS.sdprop!, lr: 0.05, clipNorm: 0.01, constrain: { param: CANDIDATE_RECURRENT, maxNorm: 1.8 } };
    await train('native', spec, 12, () => counts.push(native.liveTensors().count));
    expect(new Set(counts).size).toBe(1);
  });

  it('keeps ||U_h||_2 within s (1 + tol) after every step', async () => {
    const norms: number[] = [];
    await train('tfjs', { optimizer: OPTIMIZERS.adam!, lr: 0.1, constrain: { param: CANDIDATE_RECURRENT, maxNorm: 1.2 } }, 5, (lm) =>
      norms.push(exactSpectralNorm(lm.params[CANDIDATE_RECURRENT]!.dataSync(), 5, 5)),
    );
    for (const n of norms) expect(n).toBeLessThanOrEqual(1.2 * (1 + 1e-5));
    // The bound is active: the projection leaves the norm at the bound.
    expect(norms[0]).toBeGreaterThan(1.2 * (1 - 1e-5));
  });

  it('reports the gradient norm before clipping, and clipping changes the update', async () => {
    const free = await train('tfjs', { optimizer: OPTIMIZERS.sgd!, lr: 0.1 }, 1);
    const clipped = await train('tfjs', { optimizer: OPTIMIZERS.sgd!, lr: 0.1, clipNorm: 1e-3 }, 1);
    expect(clipped.reports[0]!.gradNorm).toBe(free.reports[0]!.gradNorm);
    expect(free.reports[0]!.gradNorm).toBeGreaterThan(1e-3);
    expect(clipped.params.W_out).not.toEqual(free.params.W_out);
    expect(clipped.reports[0]!.constraintMs).toBe(0);
  });

  it('leaks no tensor', async () => {
    await train('tfjs', { optimizer: OPTIMIZERS.adam!, lr: 0.01 }, 1);
    const before = tf.memory().numTensors;
    await train('tfjs', { optimizer: OPTIMIZERS.adam!, lr: 0.01, constrain: { param: CANDIDATE_RECURRENT, maxNorm: 1.8 } }, 3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a constraint on a parameter that does not exist', async () => {
    const lm = createGruLm(3, 2, 1);
    await expect(createStepper('tfjs', lm.params, { optimizer: OPTIMIZERS.sgd!, lr: 1, constrain: { param: 'W_x', maxNorm: 1 } })).rejects.toThrow(
      /constrain.param: no parameter named 'W_x'/,
    );
    lm.dispose();
  });
});
