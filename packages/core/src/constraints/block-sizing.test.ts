import { describe, expect, it } from 'vitest';
import { complementLanczos } from '../linalg/complement-lanczos.js';
import { referenceLinAlg as la } from '../linalg/reference-linalg.js';
import type { SpectralSession } from '../linalg/spectral-session.js';
import { gaussianMatrix, normalSource } from '../testing/random-matrices.js';
import { hostTensor, type HostTensor } from '../tensor.js';
import { countAbove, lanczosQuadrature, SIZING_MARGIN, sizeBlock } from './block-sizing.js';
import { REACH } from './certificate.js';
import { projectSpectralNorm } from './project-spectral-norm.js';

/** A Lanczos run for the diagonal operator `diag(lambda)` from `start`, on the whole space. */
function diagonalRun(lambda: readonly number[], start: Float64Array, steps: number) {
  const apply = (x: Float64Array): Float64Array => x.map((v, i) => lambda[i]! * v);
  return complementLanczos(apply, new Float64Array(0), lambda.length, 0, start, steps);
}

describe('Lanczos quadrature', () => {
  it('is exact for a run that spans the space: dimension * q^T f(A) q', () => {
    const rand = normalSource(3);
    const lambda = Array.from({ length: 40 }, (_, i) => (i * 7) % 40 / 4);
    const start = Float64Array.from({ length: 40 }, rand);
    const rule = lanczosQuadrature(diagonalRun(lambda, start, 40));
    let norm2 = 0;
    for (const x of start) norm2 += x * x;
    let above = 0;
    lambda.forEach((l, i) => (l > 5.1 ? (above += start[i]! ** 2 / norm2) : 0));
    expect(countAbove(rule, 40, 5.1)).toBeCloseTo(40 * above, 10);
    expect(rule.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('estimates the count above a threshold from 32 steps to within a fifth', () => {
    const n = 600;
    // A quarter-circle spectrum, as for the squares of the singular values of a Gaussian matrix.
    const lambda = Array.from({ length: n }, (_, i) => (9 * Math.sin((Math.PI / 2) * ((i + 0.5) / n))) ** 2 / 9);
    for (const seed of [1, 2, 3]) {
      const rand = normalSource(seed);
      const rule = lanczosQuadrature(diagonalRun(lambda, Float64Array.from({ length: n }, rand), 32));
      for (const threshold of [1, 2.5, 5]) {
        const exact = lambda.filter((l) => l > threshold).length;
        expect(Math.abs(countAbove(rule, n, threshold) - exact)).toBeLessThanOrEqual(exact / 5);
      }
    }
  });
});

describe('sizeBlock', () => {
  it('counts the block and the complement above the reach, adds a margin and guards, and stays within kMax', () => {
    const n = 300;
    const lambda = Array.from({ length: n }, (_, i) => (4 * i) / n);
    const rand = normalSource(5);
    const run = diagonalRun(lambda, Float64Array.from({ length: n }, rand), 32);
    const theta = Float64Array.of(5, 4.5);
    const s = 2;
    const reach = ((1 - REACH) * s) ** 2;
    const exact = 2 + lambda.filter((l) => l > reach).length;
    const size = sizeBlock(theta, run, n, s, 2, n);
    // The count is a one-vector estimate: near the top of a spectrum (as here, 72 % of the way up)
    // it is off by up to 30 % (measured over 6 seeds), and the margin is added to it.
    expect(size.columns).toBeGreaterThanOrEqual(0.7 * (exact - 2) * (1 + SIZING_MARGIN) + 2);
    expect(size.columns).toBeLessThanOrEqual(1.5 * exact);
    expect(size.top).toBe(5);
    expect(size.edge).toBeGreaterThan(0);
    expect(size.edge).toBeLessThan(reach);
    expect(sizeBlock(theta, run, n, s, 2, 10).columns).toBe(10);
  });
});

describe('projectSpectralNorm with a sized block', () => {
  it('reaches below the reach with one growth instead of doubling from 2 columns', () => {
    const n = 160;
    const W = hostTensor([n, n], gaussianMatrix(n, n, 1.5 / Math.sqrt(n), normalSource(9)), 'float64');
    let steps = 0;
    let grown = 0;
    const counting = {
      ...la,
      spectralSession(t: HostTensor, seed: number): SpectralSession<HostTensor> {
        const session = la.spectralSession(t, seed);
        return {
          ...session,
          get k() {
            return session.k;
          },
          rayleighRitz: () => (steps++, session.rayleighRitz()),
          appendColumns: (X: Float64Array, count: number) => (grown++, session.appendColumns(X, count)),
        };
      },
    };
    const r = projectSpectralNorm(counting, W, 1.8, { tol: 1e-6 });
    expect(r.converged).toBe(true);
    // About 38 % of the singular values lie above the reach, 0.85 of the bound: doubling from 2
    // columns takes 5 growths and as many Rayleigh-Ritz steps to get there.
    expect(r.k).toBeGreaterThan(0.3 * n);
    expect(grown).toBe(1);
    expect(steps).toBeLessThanOrEqual(5);
  });
});
