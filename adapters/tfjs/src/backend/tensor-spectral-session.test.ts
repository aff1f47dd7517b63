import * as tf from '@tensorflow/tfjs-core';
import { SpectralNormConstraint, projectSpectralNorm, type SpectralConstraintState } from '@stablegrad/core';
import { gaussianMatrix, matrixWithSingularValues, normalSource, projectionError } from '@stablegrad/core/testing';
import { describe, expect, it } from 'vitest';
import { TFJS_BACKENDS, TRAINING_BACKENDS } from '../test-support/tfjs-setup.js';
import { onBackend } from './on-backend.js';
import { tensorLinAlg } from './tensor-linalg.js';
import { ACCELERATE_FROM, tensorSpectralSession } from './tensor-spectral-session.js';

const S = 1.8;
const TOL = 1e-6;

/** `||P||_2 <= s (1 + tol)` and `||P - U min(S, s) V^T||_2 <= tol s` (plus float32 rounding of `P`), by the Jacobi SVD. */
function expectExact(input: Float32Array, output: Float32Array, m: number, n: number): void {
  const { norm, distance, rounding } = projectionError(input, output, m, n, S);
  expect(norm).toBeLessThanOrEqual(S * (1 + TOL) + rounding);
  expect(distance).toBeLessThanOrEqual(TOL * S + rounding);
}

const CASES = TFJS_BACKENDS.flatMap((name) => (['always', 'never'] as const).map((acceleration) => [name, acceleration] as const));

describe.each(CASES)('the spectral session on tfjs %s, accelerated: %s', (name, acceleration) => {
  const la = tensorLinAlg((fn) => onBackend(name, fn), acceleration);
  const up = (data: Float32Array, m: number, n: number) => onBackend(name, () => tf.tensor2d(data, [m, n], 'float32'));

  it.each([
    ['random', 40, 40, (rand: () => number) => gaussianMatrix(40, 40, 2.4 / Math.sqrt(40), rand)],
    ['rectangular', 56, 24, (rand: () => number) => gaussianMatrix(56, 24, 2.4 / Math.sqrt(56), rand)],
    ['clustered at the bound', 48, 48, (rand: () => number) => matrixWithSingularValues(48, 48, Array.from({ length: 30 }, (_, i) => S * (1 + (i - 15) * 1e-6)), rand)],
    ['rank-deficient', 36, 44, (rand: () => number) => matrixWithSingularValues(36, 44, [5, 3, 2.5, 1.8, 1.2], rand)],
    ['feasible', 40, 40, (rand: () => number) => matrixWithSingularValues(40, 40, [1.7, 1.5, 1], rand)],
  ] as const)('projects a %s matrix exactly to tol s', (_, m, n, make) => {
    const data = Float32Array.from(make(normalSource(m * 31 + n)));
    const W = up(data, m, n);
    const r = projectSpectralNorm(la, W, S, { tol: TOL });
    expect(r.converged).toBe(true);
    expectExact(data, r.W.dataSync() as Float32Array, m, n);
    if (r.W !== W) r.W.dispose();
    W.dispose();
  });

  it('stays exact over a training run with values crossing the bound, and leaves no tensor behind', () => {
    const n = 48;
    const rand = normalSource(7);
    const constraint = new SpectralNormConstraint({ maxNorm: S, tol: TOL });
    let data = Float32Array.from(gaussianMatrix(n, n, 1.5 / Math.sqrt(n), rand), (x) => 1.6 * x);
    let state: SpectralConstraintState | undefined;
    const before = tf.memory().numTensors;
    for (let t = 0; t < 12; t++) {
      const W = up(data, n, n);
      const r = constraint.apply(la, W, state);
      expect(r.converged).toBe(true);
      const out = r.W.dataSync() as Float32Array;
      expectExact(data, out, n, n);
      if (r.W !== W) r.W.dispose();
      W.dispose();
      state = r.state;
      const scale = 1 + 0.03 * Math.sin(t);
      data = Float32Array.from(out, (x) => scale * x + (0.01 / Math.sqrt(n)) * rand());
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it(acceleration === 'always' ? 'frees the Gram matrix it formed when disposed' : 'forms no tensor on the host', () => {
    const W = up(Float32Array.from(gaussianMatrix(30, 30, 0.5, normalSource(3))), 30, 30);
    const before = tf.memory().numTensors;
    const session = tensorSpectralSession(W, 1, (fn) => onBackend(name, fn), acceleration);
    session.setBlock(gaussianMatrix(30, 4, 1, normalSource(4)), 4);
    session.filter({ degree: 3, edge: 0.1, top: 1 }, 'fast');
    expect(session.fastRoundoff).toBe(acceleration === 'always' ? 2 ** -24 : 2 ** -53);
    expect(tf.memory().numTensors).toBe(acceleration === 'always' ? before + 1 : before);
    session.dispose();
    expect(tf.memory().numTensors).toBe(before);
    W.dispose();
  });
});

describe.each(TRAINING_BACKENDS)('the spectral session on tfjs %s, automatically placed', (name) => {
  const session = (n: number) => {
    const W = onBackend(name, () => tf.zeros([n, n], 'float32'));
    const s = tensorSpectralSession(W, 1, (fn) => onBackend(name, fn));
    const roundoff = s.fastRoundoff;
    s.dispose();
    W.dispose();
    return roundoff;
  };

  it(`runs on the host below ${ACCELERATE_FROM} rows or columns, and from there only on tensorflow and webgl`, () => {
    expect(session(ACCELERATE_FROM - 1)).toBe(2 ** -53);
    expect(session(ACCELERATE_FROM)).toBe(name === 'tensorflow' || name === 'webgl' ? 2 ** -24 : 2 ** -53);
  });

  it('names a placement it does not know', () => {
    const W = onBackend(name, () => tf.zeros([4, 4], 'float32'));
    expect(() => tensorSpectralSession(W, 1, (fn) => onBackend(name, fn), 'gpu' as never)).toThrow("acceleration: expected 'auto', 'always' or 'never', got gpu");
    expect(() => tensorLinAlg(undefined, 'gpu' as never)).toThrow("acceleration: expected 'auto', 'always' or 'never', got gpu");
    W.dispose();
  });
});
