import { describe, expect, it } from 'vitest';
import { referenceLinAlg as la } from '../linalg/reference-linalg.js';
import { jacobiSvd, spectralNorm } from '../testing/jacobi-svd.js';
import { gaussianMatrix, normalSource } from '../testing/random-matrices.js';
import { hostTensor, type HostTensor } from '../tensor.js';
import { SPECTRAL_CONSTRAINT_DEFAULTS, SpectralNormConstraint, type SpectralConstraintState } from './spectral-norm-constraint.js';

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/**
 * Simulates training: each step adds a small random update plus a persistent drift that keeps
 * pushing singular values above the bound, then applies the constraint. Returns per step the
 * iterations of the warm-started call and of a cold call on the same matrix.
 */
function train(dtype: 'float32' | 'float64', n: number, steps: number, eps: number) {
  const rand = normalSource(21);
  const c = new SpectralNormConstraint();
  const toTensor = (d: ArrayLike<number>): HostTensor =>
    hostTensor([n, n], dtype === 'float32' ? Float32Array.from(d) : Float64Array.from(d));
  let W = toTensor(gaussianMatrix(n, n, 2.4 / Math.sqrt(n), rand));
  const drift = gaussianMatrix(n, n, 1 / Math.sqrt(n), rand);
  let state: SpectralConstraintState | undefined;
  const warm: number[] = [];
  const cold: number[] = [];
  for (let t = 0; t < steps; t++) {
    const r = c.apply(la, W, state);
    expect(r.converged).toBe(true);
    const frobenius = Math.sqrt(la.sumOfSquares(r.W));
    const rounding = dtype === 'float32' ? 2 ** -24 * frobenius : 0;
    expect(spectralNorm(r.W.data, n, n)).toBeLessThanOrEqual(c.maxNorm * (1 + c.tol) + rounding);
    expect(r.sigmaMax).toBeCloseTo(jacobiSvd(W.data, n, n).sigma[0]!, 5);
    expect(r.W.data).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
    warm.push(r.iterations);
    cold.push(c.apply(la, W).iterations);
    state = JSON.parse(JSON.stringify(r.state)) as SpectralConstraintState;
    const step = gaussianMatrix(n, n, eps / Math.sqrt(n), rand);
    W = toTensor(r.W.data.map((x, i) => x + step[i]! + 0.3 * eps * drift[i]!));
  }
  return { warm: warm.slice(1), cold: cold.slice(1) };
}

describe('SpectralNormConstraint', () => {
  it('has the documented defaults', () => {
    const c = new SpectralNormConstraint();
    expect(c).toMatchObject(SPECTRAL_CONSTRAINT_DEFAULTS);
    expect(SPECTRAL_CONSTRAINT_DEFAULTS).toMatchObject({ maxNorm: 1.8, tol: 1e-6 });
    expect(new SpectralNormConstraint({ maxNorm: 1.5, tol: 1e-4 })).toMatchObject({ maxNorm: 1.5, tol: 1e-4 });
  });

  it('keeps ||W||_2 <= s (1 + tol) after every step of a float32 training run, warm starts costing less than cold ones', () => {
    const { warm, cold } = train('float32', 40, 12, 0.01);
    expect(sum(warm)).toBeLessThan(0.75 * sum(cold));
  });

  it('does the same in float64', () => {
    const { warm, cold } = train('float64', 24, 12, 0.02);
    expect(sum(warm)).toBeLessThan(sum(cold));
  });

  it('carries its warm start as plain JSON data', () => {
    const W = hostTensor([6, 4], gaussianMatrix(6, 4, 2, normalSource(3)), 'float64');
    const { state } = new SpectralNormConstraint().apply(la, W);
    expect(state.n).toBe(4);
    expect(state.basis).toHaveLength(state.n * state.k);
    expect(Array.isArray(state.basis)).toBe(true);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    const empty = hostTensor([0, 3], [], 'float64');
    const r = new SpectralNormConstraint().apply(la, empty);
    expect(r.state).toEqual({ n: 3, k: 0, basis: [], values: [], degree: 0 });
    expect(new SpectralNormConstraint().apply(la, empty, r.state).W).toBe(empty);
  });

  it('rejects a state that does not belong to the matrix, naming the field', () => {
    const c = new SpectralNormConstraint();
    const W = hostTensor([3, 2], [1, 2, 3, 4, 5, 6], 'float64');
    const bad = (state: unknown) => () => c.apply(la, W, state as SpectralConstraintState);
    expect(bad(null)).toThrow(TypeError);
    expect(bad(null)).toThrow(/^state: expected \{ n, k, basis \} as returned by SpectralNormConstraint.apply, got null/);
    expect(bad({ n: 2, k: 1 })).toThrow(/^state: expected \{ n, k, basis \}/);
    expect(bad([1, 0])).toThrow(/^state: .* got an array of 2/);
    expect(bad({ n: 3, k: 1, basis: [1, 0, 0] })).toThrow(/^state.n: the state is for a matrix with 3 columns, W has 2/);
    expect(bad({ n: 2, k: 3, basis: [1, 0, 0, 1, 1, 1] })).toThrow(/^state.k: expected an integer in \[0, 2\], got 3/);
    expect(bad({ n: 2, k: 1.5, basis: [1, 0, 0] })).toThrow(RangeError);
    expect(bad({ n: 2, k: 2, basis: [1, 0, 0] })).toThrow(/^state.basis: expected n \* k = 4 numbers, got 3/);
    expect(bad({ n: 2, k: 1, basis: [1, 'x'] })).toThrow(/^state.basis\[1\]: expected a finite number, got x/);
    expect(bad({ n: 2, k: 1, basis: [1, null] })).toThrow(/^state.basis\[1\]/);
  });

  it('rejects bad options and non-matrices, naming them', () => {
    expect(() => new SpectralNormConstraint({ maxNorm: 0 })).toThrow(/^maxNorm: expected a finite number > 0, got 0/);
    expect(() => new SpectralNormConstraint({ maxNorm: NaN })).toThrow(/^maxNorm/);
    expect(() => new SpectralNormConstraint({ tol: 1 })).toThrow(/^tol: expected a number in \(0, 1\), got 1/);
    expect(() => new SpectralNormConstraint({ maxIterations: -1 })).toThrow(/^maxIterations/);
    expect(() => new SpectralNormConstraint({ seed: NaN })).toThrow(/^seed/);
    expect(() => new SpectralNormConstraint().apply(la, hostTensor([2, 2, 2], new Float64Array(8)))).toThrow(
      /^W: expected a matrix \(2-D tensor\), got shape \[2, 2, 2\]/,
    );
  });
});
