import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceLinAlg as la } from '../linalg/reference-linalg.js';
import { clipSingularValues, jacobiSvd, spectralNorm } from '../testing/jacobi-svd.js';
import { gaussianMatrix, matrixWithSingularValues, normalSource } from '../testing/random-matrices.js';
import { referenceSets } from '../vectors/test-support/builtin-vectors.js';
import { worstError } from '../vectors/tolerance.js';
import { hostTensor } from '../tensor.js';
import { PROJECTION_DEFAULTS, projectSpectralNorm } from './project-spectral-norm.js';

const S = 1.8;

/** A row-major test matrix. */
interface Case {
  readonly m: number;
  readonly n: number;
  readonly data: Float64Array;
}

const shape = fc.record({ m: fc.integer({ min: 1, max: 10 }), n: fc.integer({ min: 1, max: 10 }), seed: fc.integer() });

/** Dense random matrices of every shape, spectral norms from about 0.2 to 16. */
const gaussianCase = fc
  .tuple(shape, fc.double({ min: 0.1, max: 8, noNaN: true }))
  .map(([{ m, n, seed }, scale]): Case => {
    const data = gaussianMatrix(m, n, scale / Math.sqrt(Math.max(m, n)), normalSource(seed));
    return { m, n, data };
  });

/** Matrices with chosen singular values: rank-deficient, clustered at and around S, zero, large. */
const singularValue = fc.oneof(
  fc.double({ min: 0, max: 6, noNaN: true }),
  fc.constantFrom(0, S, 2 * S, 100),
  fc.double({ min: S * 0.99, max: S * 1.01, noNaN: true }),
);
const spectrumCase = shape.chain(({ m, n, seed }) =>
  fc
    .array(singularValue, { maxLength: Math.min(m, n) })
    .map((sigma): Case => ({ m, n, data: matrixWithSingularValues(m, n, sigma, normalSource(seed)) })),
);

function project(c: Case, options = {}) {
  return projectSpectralNorm(la, hostTensor([c.m, c.n], c.data, 'float64'), S, options);
}

/** Checks the projection of `c` against the exact `U min(S, s) V^T` of a Jacobi SVD. */
function checkAgainstSvd(c: Case): void {
  const W = hostTensor([c.m, c.n], c.data, 'float64');
  const r = projectSpectralNorm(la, W, S);
  const exact = clipSingularValues(c.data, c.m, c.n, S);
  const { sigma } = jacobiSvd(c.data, c.m, c.n);
  const scale = Math.max(1, sigma[0]!);
  expect(r.converged).toBe(true);
  r.W.data.forEach((x, i) => expect(Math.abs(x - exact[i]!)).toBeLessThanOrEqual(1e-8 * scale));
  expect(spectralNorm(r.W.data, c.m, c.n)).toBeLessThanOrEqual(S * (1 + PROJECTION_DEFAULTS.tol));
  if (sigma[0]! > S) expect(r.sigmaMax).toBeCloseTo(sigma[0]!, 8);
  else expect(Math.abs(r.sigmaMax - sigma[0]!)).toBeLessThanOrEqual(1e-6 * scale);
  r.singularValues.forEach((s, i) => expect(Math.abs(s - sigma[i]!)).toBeLessThanOrEqual(1e-9 * scale));
  expect(r.singularValues.length).toBeGreaterThanOrEqual(sigma.filter((s) => s > S * (1 + 1e-9)).length);
  expect(r.singularValues.every((s) => s > S)).toBe(true);
  if (sigma[0]! < S * (1 - 1e-12)) expect(r.W).toBe(W);
}

describe('projectSpectralNorm', () => {
  it('equals U min(S, s) V^T on random matrices of every shape', () => {
    fc.assert(fc.property(gaussianCase, checkAgainstSvd), { numRuns: 200 });
  });

  it('equals U min(S, s) V^T on rank-deficient, clustered and zero spectra', () => {
    fc.assert(fc.property(spectrumCase, checkAgainstSvd), { numRuns: 300 });
  });

  it('handles tall, wide, rank-deficient and equal singular values', () => {
    const rand = normalSource(11);
    checkAgainstSvd({ m: 40, n: 7, data: gaussianMatrix(40, 7, 1, rand) });
    checkAgainstSvd({ m: 7, n: 40, data: gaussianMatrix(7, 40, 1, rand) });
    checkAgainstSvd({ m: 12, n: 12, data: matrixWithSingularValues(12, 12, [9, 4, 2.5], rand) });
    checkAgainstSvd({ m: 9, n: 6, data: matrixWithSingularValues(9, 6, [3, 3, 3, 3, 1, 1], rand) });
    checkAgainstSvd({ m: 20, n: 20, data: matrixWithSingularValues(20, 20, [1e4, 2, 1, 1e-8], rand) });
    const twoI = Float64Array.from({ length: 64 }, (_, i) => (i % 9 === 0 ? 2 : 0));
    const r = project({ m: 8, n: 8, data: twoI });
    r.W.data.forEach((x, i) => expect(x).toBeCloseTo(twoI[i] === 0 ? 0 : S, 14));
    expect(r.singularValues).toHaveLength(8);
    r.singularValues.forEach((x) => expect(x).toBeCloseTo(2, 14));
  });

  it('returns a feasible matrix as the same tensor, untouched and cheaply', () => {
    const rand = normalSource(12);
    const data = matrixWithSingularValues(30, 30, [1, 0.9, 0.5, 0.1], rand);
    const W = hostTensor([30, 30], Float64Array.from(data), 'float64');
    const r = projectSpectralNorm(la, W, S);
    expect(r.W).toBe(W);
    expect(W.data).toEqual(data);
    expect(r.singularValues).toEqual([]);
    expect(r.sigmaMax).toBeCloseTo(1, 9);
    expect(r.iterations).toBeLessThanOrEqual(15);
    expect(projectSpectralNorm(la, W, S, { tol: 1e-6 }).iterations).toBeLessThanOrEqual(r.iterations);
    // Of full rank, so that the block cannot span the row space and the tolerance sets the cost.
    const full = hostTensor([30, 30], matrixWithSingularValues(30, 30, Array.from({ length: 30 }, (_, i) => 0.8 ** i), rand), 'float64');
    const tight = projectSpectralNorm(la, full, S);
    expect(tight.W).toBe(full);
    expect(tight.iterations).toBeLessThanOrEqual(15);
    expect(projectSpectralNorm(la, full, S, { tol: 1e-6 }).iterations).toBeLessThan(tight.iterations);
    const atBound = hostTensor([3, 3], [S, 0, 0, 0, S, 0, 0, 0, 1], 'float64');
    expect(projectSpectralNorm(la, atBound, S).W).toBe(atBound);
  });

  it('handles zero, empty, 1 x 1, 1 x n and n x 1 matrices', () => {
    const zero = hostTensor([5, 3], new Float64Array(15), 'float64');
    const rz = projectSpectralNorm(la, zero, S);
    expect(rz).toMatchObject({ W: zero, singularValues: [], sigmaMax: 0, converged: true });
    for (const shape of [[0, 3], [3, 0], [0, 0]]) {
      const empty = hostTensor(shape, [], 'float64');
      expect(projectSpectralNorm(la, empty, S)).toMatchObject({ W: empty, singularValues: [], iterations: 0, converged: true, k: 0 });
    }
    expect(projectSpectralNorm(la, hostTensor([1, 1], [-5], 'float64'), S).W.data[0]).toBeCloseTo(-S, 15);
    const one = hostTensor([1, 1], [1], 'float64');
    expect(projectSpectralNorm(la, one, S).W).toBe(one);
    for (const shape of [[1, 4], [4, 1]]) {
      const r = projectSpectralNorm(la, hostTensor(shape, [3, 0, -4, 0], 'float64'), S);
      expect(r.singularValues[0]).toBeCloseTo(5, 14);
      Array.from(r.W.data).forEach((x, i) => expect(x).toBeCloseTo(([3, 0, -4, 0][i]! * S) / 5, 14));
    }
  });

  it('keeps float32 matrices float32 and within the bound after rounding', () => {
    const rand = normalSource(13);
    const W = hostTensor([16, 24], Float32Array.from(gaussianMatrix(16, 24, 0.7, rand)));
    const r = projectSpectralNorm(la, W, S);
    expect(r.W.data).toBeInstanceOf(Float32Array);
    const exact = clipSingularValues(W.data, 16, 24, S);
    r.W.data.forEach((x, i) => expect(Math.abs(x - exact[i]!)).toBeLessThanOrEqual(2 ** -23 * (1 + Math.abs(exact[i]!))));
    const frobenius = Math.sqrt(la.sumOfSquares(r.W));
    expect(spectralNorm(r.W.data, 16, 24)).toBeLessThanOrEqual(S * (1 + PROJECTION_DEFAULTS.tol) + 2 ** -24 * frobenius);
    expect(r.singularValues.length).toBeGreaterThan(1);
  });

  it('is deterministic, and its basis warm-starts a repeat in at most 2 iterations', () => {
    const data = gaussianMatrix(20, 20, 0.9, normalSource(14));
    const cold = project({ m: 20, n: 20, data });
    expect(project({ m: 20, n: 20, data }).W.data).toEqual(cold.W.data);
    const otherSeed = project({ m: 20, n: 20, data }, { seed: 99 });
    otherSeed.W.data.forEach((x, i) => expect(x).toBeCloseTo(cold.W.data[i]!, 9));
    expect(cold.basis).toHaveLength(20 * cold.k);
    const warm = project({ m: 20, n: 20, data }, { warmStart: cold.basis.map((x) => 3 * x) });
    expect(warm.iterations).toBeLessThanOrEqual(2);
    expect(warm.iterations).toBeLessThan(cold.iterations);
    warm.W.data.forEach((x, i) => expect(x).toBeCloseTo(cold.W.data[i]!, 9));
  });

  it('reports non-convergence when maxIterations is too small', () => {
    const r = project({ m: 24, n: 24, data: gaussianMatrix(24, 24, 0.5, normalSource(15)) }, { maxIterations: 1 });
    expect(r).toMatchObject({ iterations: 1, converged: false });
  });

  it('never runs more block iterations than maxIterations, filters included', () => {
    const data = gaussianMatrix(24, 24, 0.5, normalSource(16));
    for (let maxIterations = 1; maxIterations <= 20; maxIterations++) {
      const r = project({ m: 24, n: 24, data }, { maxIterations, tol: 1e-8 });
      expect(r.iterations).toBeLessThanOrEqual(maxIterations);
      if (r.converged) expect(spectralNorm(r.W.data, 24, 24)).toBeLessThanOrEqual(S * (1 + 1e-8));
    }
  });

  it('rejects bad arguments with errors that name them', () => {
    const W = hostTensor([2, 2], [1, 2, 3, 4], 'float64');
    for (const bad of [0, -1, NaN, Infinity]) {
      expect(() => projectSpectralNorm(la, W, bad)).toThrow(/^maxNorm: expected a finite number > 0/);
    }
    expect(() => projectSpectralNorm(la, hostTensor([4], [1, 2, 3, 4]), S)).toThrow(/^W: expected a matrix \(2-D tensor\), got shape \[4\]/);
    expect(() => projectSpectralNorm(la, hostTensor([2, 2], [1, NaN, 0, 1], 'float64'), S)).toThrow(/^W: singular values are not finite/);
    expect(() => projectSpectralNorm(la, hostTensor([2, 2], [1e200, 0, 0, 1], 'float64'), S)).toThrow(RangeError);
    expect(() => projectSpectralNorm(la, W, S, { tol: 0 })).toThrow(/^tol: expected a number in \(0, 1\)/);
    expect(() => projectSpectralNorm(la, W, S, { maxIterations: 0 })).toThrow(/^maxIterations: expected an integer >= 1/);
    expect(() => projectSpectralNorm(la, W, S, { maxIterations: 2.5 })).toThrow(/^maxIterations/);
    expect(() => projectSpectralNorm(la, W, S, { seed: 0.5 })).toThrow(/^seed: expected an integer/);
    expect(() => projectSpectralNorm(la, W, S, { warmStart: new Float64Array(3) })).toThrow(
      /^warmStart: expected n x k finite values with n = 2 and 1 <= k <= 2, got 3/,
    );
    expect(() => projectSpectralNorm(la, W, S, { warmStart: new Float64Array(6) })).toThrow(/^warmStart/);
    expect(() => projectSpectralNorm(la, W, S, { warmStart: Float64Array.of(1, NaN) })).toThrow(/^warmStart/);
  });

  it('passes the spectralNorm sets of reference-seed11.json', () => {
    const sets = referenceSets('constraint').filter((s) => s.name === 'spectralNorm');
    expect(sets.length).toBeGreaterThan(0);
    for (const set of sets) {
      for (const c of set.cases) {
        const { shape, data } = c.input.W!;
        const r = projectSpectralNorm(la, hostTensor(shape, data, set.dtype), set.hyper.maxNorm!);
        expect(r.converged).toBe(true);
        expect(worstError(r.W.data, c.expect.W!, set.tolerance)).toBeLessThanOrEqual(1);
      }
    }
  });
});
