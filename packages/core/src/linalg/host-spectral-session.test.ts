import { describe, expect, it } from 'vitest';
import { largestTridiagonalEigenvalue } from '../constraints/certificate.js';
import { hostTensor } from '../tensor.js';
import { jacobiSvd } from '../testing/jacobi-svd.js';
import { orthonormalityError } from './host-block.js';
import { hostSpectralSession, type SessionAccelerator } from './host-spectral-session.js';
import { projectSpectralNorm } from '../constraints/project-spectral-norm.js';
import { projectionError } from '../testing/projection-check.js';
import type { LinAlg } from './linalg.js';
import { referenceLinAlg as la } from './reference-linalg.js';
import { gaussianMatrix, matrixWithSingularValues, normalSource } from '../testing/random-matrices.js';
import { MISUSE_MATRIX, SESSION_MISUSES, runSessionMisuse } from '../testing/session-misuses.js';

/** `A x = W^T W x` for the row-major `m x n` matrix `w`. */
function gramApply(w: Float64Array, m: number, n: number, x: Float64Array): Float64Array {
  const wx = new Float64Array(m);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) wx[i] = wx[i]! + w[i * n + j]! * x[j]!;
  const out = new Float64Array(n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j] = out[j]! + w[i * n + j]! * wx[i]!;
  return out;
}

const dot = (x: Float64Array, y: Float64Array): number => x.reduce((acc, v, i) => acc + v * y[i]!, 0);

describe('hostSpectralSession', () => {
  const m = 9;
  const n = 7;
  const data = gaussianMatrix(m, n, 0.8, normalSource(5));
  const W = hostTensor([m, n], data, 'float64');
  const block = (k: number, seed: number) => gaussianMatrix(n, k, 1, normalSource(seed));

  it('takes a Rayleigh-Ritz step: orthonormal Ritz vectors, their Ritz values and residuals', () => {
    const session = hostSpectralSession(la, W, 1);
    session.setBlock(block(3, 2), 3);
    expect(session.k).toBe(3);
    const theta = session.rayleighRitz();
    const V = session.basis(3);
    expect(orthonormalityError(V, n, 3)).toBeLessThan(1e-14);
    const { residual, rest } = session.ritzResiduals(2);
    for (let j = 0; j < 3; j++) {
      const v = V.subarray(j * n, (j + 1) * n);
      const Av = gramApply(data, m, n, v);
      expect(dot(v, Av)).toBeCloseTo(theta[j]!, 13);
      const r = Math.hypot(...Av.map((x, i) => x - theta[j]! * v[i]!));
      if (j < 2) expect(residual[j]).toBeCloseTo(r, 13);
      else expect(rest).toBeCloseTo(r, 13);
      // Ritz vectors do not couple: v_i^T A v_j = 0.
      for (let l = 0; l < j; l++) expect(Math.abs(dot(V.subarray(l * n, (l + 1) * n), Av))).toBeLessThan(1e-13);
    }
    for (let j = 1; j < 3; j++) expect(theta[j]!).toBeLessThanOrEqual(theta[j - 1]!);
  });

  it('finds exact singular values on an invariant block, and weighted residual norms', () => {
    const rand = normalSource(6);
    const exact = matrixWithSingularValues(m, n, [3, 2, 1], rand);
    const session = hostSpectralSession(la, hostTensor([m, n], exact, 'float64'), 1);
    // The full space is invariant; a random start of n columns spans it.
    session.setBlock(block(n, 3), n);
    const theta = session.rayleighRitz();
    [9, 4, 1, 0, 0, 0, 0].forEach((t, i) => expect(theta[i]).toBeCloseTo(t, 12));
    expect(session.residualNormSquared(0, 3, Float64Array.of(1, 2, 3))).toBeLessThan(1e-24);

    const general = hostSpectralSession(la, W, 1);
    general.setBlock(block(4, 7), 4);
    general.rayleighRitz();
    const { residual } = general.ritzResiduals(4);
    const weights = Float64Array.of(0.5, 2);
    const two = general.residualNormSquared(1, 3, weights);
    // Between the largest single weighted residual and their sum of squares.
    const single = [residual[1]! * 0.5, residual[2]! * 2];
    expect(two).toBeGreaterThanOrEqual(Math.max(...single) ** 2 * (1 - 1e-12));
    expect(two).toBeLessThanOrEqual((single[0]! ** 2 + single[1]! ** 2) * (1 + 1e-12));
    expect(general.residualNormSquared(2, 2, new Float64Array(0))).toBe(0);
  });

  it('runs Lanczos on the complement of the block: n - k steps find its largest eigenvalue', () => {
    const session = hostSpectralSession(la, W, 1);
    session.setBlock(block(2, 8), 2);
    session.rayleighRitz();
    const V = session.basis(2);
    // W (I - V V^T): its largest singular value squared is the complement's largest eigenvalue.
    const P = Float64Array.from(data);
    for (let i = 0; i < m; i++) {
      const row = P.subarray(i * n, (i + 1) * n);
      for (let j = 0; j < 2; j++) {
        const v = V.subarray(j * n, (j + 1) * n);
        const c = dot(row, v);
        row.forEach((x, l) => (row[l] = x - c * v[l]!));
      }
    }
    const want = jacobiSvd(P, m, n).sigma[0]! ** 2;
    const { alpha, beta, invariant } = session.complementLanczos(Float64Array.from({ length: n }, normalSource(9)), n);
    expect(alpha.length).toBeLessThanOrEqual(n - 2);
    expect(invariant).toBe(true);
    expect(largestTridiagonalEigenvalue(alpha, beta)).toBeCloseTo(want, 12);
    // Fewer steps give a lower bound.
    const short = session.complementLanczos(Float64Array.from({ length: n }, normalSource(9)), 2);
    expect(short.invariant).toBe(false);
    expect(largestTridiagonalEigenvalue(short.alpha, short.beta)).toBeLessThanOrEqual(want * (1 + 1e-12));
  });

  it('clips the leading Ritz triplets to s in the dtype of W', () => {
    const rand = normalSource(10);
    const exact = matrixWithSingularValues(m, n, [4, 3, 1], rand);
    const W32 = hostTensor([m, n], Float32Array.from(exact));
    const session = hostSpectralSession(la, W32, 1);
    session.setBlock(block(n, 11), n);
    session.rayleighRitz();
    const P = session.project(2, 1.5);
    expect(P.data).toBeInstanceOf(Float32Array);
    const sigma = jacobiSvd(Float64Array.from(P.data), m, n).sigma;
    [1.5, 1.5, 1].forEach((x, i) => expect(sigma[i]).toBeCloseTo(x, 6));
    expect(W32.data).toEqual(Float32Array.from(exact));
  });

  it('applies Chebyshev filters and plain power steps to the block', () => {
    const session = hostSpectralSession(la, W, 1);
    session.setBlock(block(2, 12), 2);
    const before = session.rayleighRitz();
    session.filter({ degree: 4, edge: before[1]! / 2, top: before[0]! }, 'fast');
    const after = session.rayleighRitz();
    expect(after[0]!).toBeGreaterThanOrEqual(before[0]! * (1 - 1e-12));
    session.filter({ degree: 2, edge: 0, top: 1 }, 'exact');
    expect(session.rayleighRitz()[0]!).toBeGreaterThanOrEqual(after[0]! * (1 - 1e-12));
    expect(session.fastRoundoff).toBe(2 ** -53);
  });

  it('grows, names what is wrong, and needs a Rayleigh-Ritz step before reading Ritz data', () => {
    const session = hostSpectralSession(la, W, 1);
    session.setBlock(block(2, 13), 2);
    session.appendColumns(block(1, 14), 1);
    expect(session.k).toBe(3);
    expect(() => session.basis(1)).toThrow('basis: no Rayleigh-Ritz step since the block last changed');
    expect(() => session.setBlock(new Float64Array(5), 1)).toThrow('X: expected 7 values (a 7 x 1 block), got 5');
    session.rayleighRitz();
    expect(() => session.basis(4)).toThrow('count: expected an integer in [0, 3], got 4');
    expect(() => session.residualNormSquared(0, 2, new Float64Array(1))).toThrow('weights: expected 2 values, got 1');
    expect(() => hostSpectralSession(la, hostTensor([3], [1, 2, 3]), 1)).toThrow('W: expected a matrix (2-D tensor), got shape [3]');
    session.dispose();
    session.dispose();
    expect(session.k).toBe(0);
    expect(() => session.ritzResiduals(1)).toThrow('ritzResiduals: the spectral session has been disposed');
  });

  describe('refuses every misuse with the error of the contract, changing nothing', () => {
    const matrix = hostTensor([MISUSE_MATRIX.m, MISUSE_MATRIX.n], MISUSE_MATRIX.data, 'float64');
    it.each(SESSION_MISUSES.map((misuse) => [misuse.name, misuse] as const))('%s', (_, misuse) => {
      expect(runSessionMisuse(hostSpectralSession(la, matrix, 1), misuse)).toEqual({ error: misuse.error, message: misuse.message, unchanged: true });
    });
  });

  it('refuses a seed that is not an integer, and disposes the accelerator it was given', () => {
    let disposed = 0;
    const accelerator: SessionAccelerator = {
      roundoff: 2 ** -24,
      filter: (X) => X,
      complementLanczos: () => ({ alpha: new Float64Array(0), beta: new Float64Array(0), invariant: true }),
      dispose: () => disposed++,
    };
    const thrown = (seed: unknown) => {
      try {
        hostSpectralSession(la, W, seed as number, accelerator);
      } catch (e) {
        return `${(e as Error).constructor.name}: ${(e as Error).message}`;
      }
      return 'returned';
    };
    expect(thrown(1.5)).toBe('RangeError: seed: expected an integer, got 1.5');
    expect(disposed).toBe(1);
    expect(thrown('1')).toBe('TypeError: seed: expected a number, got string');
    expect(thrown(NaN)).toBe('RangeError: seed: expected an integer, got NaN');
    expect(disposed).toBe(3);
    expect(hostSpectralSession(la, W, -(2 ** 60)).k).toBe(0);
  });

  it('reruns exactly a Lanczos run an accelerator returns empty, and survives its lost filters', () => {
    const rows = 30;
    const cols = 24;
    const sigma = [5, 4, 3.5, 3, 2.5, 2.2, 2, 1.9, ...Array.from({ length: 16 }, (_, i) => 1.5 - i / 16)];
    const data = matrixWithSingularValues(rows, cols, sigma, normalSource(21));
    // A warm start holding every right singular vector but the first: only the complement check
    // can find what the block misses.
    const warmStart = jacobiSvd(data, rows, cols).V.slice(cols, cols * cols);
    const calls = { filter: 0, lanczos: 0 };
    // What a device whose reads were lost returns: zeros, NaN, an empty Lanczos run. The filtered
    // columns that are zero or NaN are replaced in the Rayleigh-Ritz step's orthonormalisation.
    const lost: SessionAccelerator = {
      roundoff: 2 ** -24,
      filter: (X) => X.map(() => (calls.filter++ % 2 === 0 ? NaN : 0)),
      complementLanczos: () => {
        calls.lanczos++;
        return { alpha: new Float64Array(0), beta: new Float64Array(0), invariant: true };
      },
      dispose: () => {},
    };
    const lossy: LinAlg<ReturnType<typeof hostTensor>> = { ...la, spectralSession: (M, seed) => hostSpectralSession(la, M, seed, lost) };
    const r = projectSpectralNorm(lossy, hostTensor([rows, cols], data, 'float64'), 1.8, { tol: 1e-6, warmStart });
    expect(calls.filter).toBeGreaterThan(0);
    expect(calls.lanczos).toBeGreaterThan(0);
    expect(r.converged).toBe(true);
    expect(r.singularValues.map((x) => Number(x.toFixed(6)))).toEqual(sigma.slice(0, 8));
    const e = projectionError(data, r.W.data, rows, cols, 1.8);
    expect(e.norm).toBeLessThanOrEqual(1.8 * (1 + 1e-6));
    expect(e.distance).toBeLessThanOrEqual(1e-6 * 1.8);
  });
});
