import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceLinAlg as la } from '../linalg/reference-linalg.js';
import { gaussianMatrix, matrixWithSingularValues, normalSource } from '../testing/random-matrices.js';
import { hostTensor, type HostTensor } from '../tensor.js';
import { jacobiSvd } from '../testing/jacobi-svd.js';
import { projectionError } from '../testing/projection-check.js';
import { projectSpectralNorm } from './project-spectral-norm.js';
import { SpectralNormConstraint, type SpectralConstraintState } from './spectral-norm-constraint.js';

const S = 1.8;
const TOL = 1e-6;

/**
 * The guarantee, checked against the float64 Jacobi SVD: `||W'||_2 <= s (1 + tol)` and
 * `||W' - U min(S, s) V^T||_2 <= tol s`, both up to the rounding of `W'` to float32 when it is
 * float32 (`2^-24 ||W'||_F`).
 */
function checkExact(input: HostTensor, output: HostTensor, tol: number): void {
  const [m, n] = input.shape as [number, number];
  const { norm, distance, rounding } = projectionError(input.data, output.data, m, n, S);
  expect(norm).toBeLessThanOrEqual(S * (1 + tol) + rounding);
  expect(distance).toBeLessThanOrEqual(tol * S + rounding);
}

const shape = fc.record({ m: fc.integer({ min: 1, max: 12 }), n: fc.integer({ min: 1, max: 12 }), seed: fc.integer() });

/** Spectra with values clustered at, just above and just below s, zeros and large ones. */
const singularValue = fc.oneof(
  fc.double({ min: 0, max: 4, noNaN: true }),
  fc.constantFrom(0, S, S * (1 + 1e-5), S * (1 - 1e-5), 10),
  fc.double({ min: S * 0.995, max: S * 1.005, noNaN: true }),
);

describe('the spectral projection at the constraint tolerance (1e-6), against the Jacobi SVD', () => {
  it('is exact to tol s on random matrices of every shape', () => {
    fc.assert(
      fc.property(shape, fc.double({ min: 0.2, max: 6, noNaN: true }), ({ m, n, seed }, scale) => {
        const W = hostTensor([m, n], gaussianMatrix(m, n, scale / Math.sqrt(Math.max(m, n)), normalSource(seed)), 'float64');
        const r = projectSpectralNorm(la, W, S, { tol: TOL });
        expect(r.converged).toBe(true);
        checkExact(W, r.W, TOL);
      }),
      { numRuns: 150 },
    );
  });

  it('is exact to tol s on clustered, rank-deficient, rectangular and feasible spectra, float32 and float64', () => {
    fc.assert(
      fc.property(
        shape.chain(({ m, n, seed }) =>
          fc.record({ m: fc.constant(m), n: fc.constant(n), seed: fc.constant(seed), sigma: fc.array(singularValue, { maxLength: Math.min(m, n) }) }),
        ),
        fc.boolean(),
        ({ m, n, seed, sigma }, single) => {
          const data = matrixWithSingularValues(m, n, sigma, normalSource(seed));
          const W = single ? hostTensor([m, n], Float32Array.from(data)) : hostTensor([m, n], data, 'float64');
          const r = projectSpectralNorm(la, W, S, { tol: TOL });
          expect(r.converged).toBe(true);
          checkExact(W, r.W, TOL);
          if (Math.max(0, ...sigma) < S * (1 - 1e-5)) expect(r.W).toBe(W);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a clustered 40 x 40 matrix with 20 values within 0.1 % of s exact', () => {
    const rand = normalSource(31);
    const sigma = [...Array.from({ length: 20 }, () => S * (1 + 1e-3 * rand())), ...Array.from({ length: 20 }, (_, i) => 1.6 * 0.9 ** i)];
    const W = hostTensor([40, 40], matrixWithSingularValues(40, 40, sigma, rand), 'float64');
    const r = projectSpectralNorm(la, W, S, { tol: TOL });
    expect(r.converged).toBe(true);
    checkExact(W, r.W, TOL);
  });
});

describe('the spectral projection at the default tolerance (1e-10), against the Jacobi SVD', () => {
  it('is exact when a clipped value mixes with an unclipped one just below s', () => {
    // sigma = s (1 + 1e-5) and s (1 - 1e-5): their Ritz vectors mix, to second order in the
    // residuals, by an angle of about 2e-5, which moved the projection by 2 tol s.
    const data = matrixWithSingularValues(3, 4, [1.518667221069336, S * (1 - 1e-5), S * (1 + 1e-5)], normalSource(92454338));
    const W = hostTensor([3, 4], data, 'float64');
    const r = projectSpectralNorm(la, W, S, { tol: 1e-10 });
    expect(r.converged).toBe(true);
    checkExact(W, r.W, 1e-10);
  });
});

describe('SpectralNormConstraint over a long simulated training run', () => {
  it('stays exact while singular values cross the bound upwards and downwards', () => {
    const n = 32;
    const rand = normalSource(41);
    const constraint = new SpectralNormConstraint({ tol: TOL });
    let W: HostTensor = hostTensor([n, n], Float32Array.from(gaussianMatrix(n, n, 2.2 / Math.sqrt(n), rand)));
    const direction = gaussianMatrix(n, n, 1 / Math.sqrt(n), rand);
    let state: SpectralConstraintState | undefined;
    let crossedUp = 0;
    let crossedDown = 0;
    let previous: number[] | undefined;
    for (let t = 0; t < 80; t++) {
      const r = constraint.apply(la, W, state);
      expect(r.converged).toBe(true);
      checkExact(W, r.W, TOL);
      const sigma = jacobiSvd(Float64Array.from(W.data), n, n).sigma;
      expect(r.sigmaMax).toBeCloseTo(sigma[0]!, 5);
      const above = sigma.filter((x) => x > S * (1 + 1e-9)).length;
      if (previous !== undefined) {
        const before = previous.filter((x) => x > S * (1 - 1e-3)).length;
        if (above > before) crossedUp++;
        if (sigma.filter((x) => x > S * (1 - 1e-3)).length < before) crossedDown++;
      }
      previous = sigma;
      state = JSON.parse(JSON.stringify(r.state)) as SpectralConstraintState;
      // Noise, a drift that turns around every 20 steps, and a breathing scale.
      const phase = Math.sin((Math.PI * t) / 20);
      const scale = 1 + 0.02 * Math.sin((Math.PI * t) / 13);
      const data = r.W.data;
      W = hostTensor(
        [n, n],
        Float32Array.from(data, (x, i) => scale * x + 0.02 * phase * direction[i]! + (0.005 / Math.sqrt(n)) * rand()),
      );
    }
    expect(crossedUp).toBeGreaterThan(5);
    expect(crossedDown).toBeGreaterThan(5);
  });
});
