import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { symmetricEigen, symmetricEigenvalues } from '../linalg/symmetric-eigen.js';
import { clipSingularValues, spectralNorm } from '../testing/jacobi-svd.js';
import { normalSource } from '../testing/random-matrices.js';
import {
  clipping,
  blockMixing,
  distanceEstimate,
  lanczosStepsFor,
  lanczosUpperBound,
  largestTridiagonalEigenvalue,
  normShortfall,
  projectedNormBound,
  schurBound,
  type BlockEvidence,
} from './certificate.js';

const S = 1.8;
const TOL = 1e-6;

describe('clipping', () => {
  it('counts clipped values and the reach below the smaller of s and the guard', () => {
    expect(clipping(Float64Array.of(3, 2, 1.7, 1.5, 1.4, 1), S, TOL)).toEqual({ above: 2, near: 4, reach: expect.closeTo(0.85 * 1.7, 12) });
    expect(clipping(Float64Array.of(1, 0.9, 0.8, 0.5), S, TOL)).toEqual({ above: 0, near: 2, reach: expect.closeTo(0.85, 12) });
    expect(clipping(Float64Array.of(3, 2), S, TOL)).toEqual({ above: 2, near: 2, reach: expect.closeTo(0.85 * S, 12) });
    expect(clipping(Float64Array.of(3, 0, 0), S, TOL)).toEqual({ above: 1, near: 1, reach: 0 });
    // Within rounding of s a value counts as at the bound; above it by more it is clipped.
    expect(clipping(Float64Array.of(S * (1 + 2 ** -50), 1), S, TOL).above).toBe(0);
    expect(clipping(Float64Array.of(S * (1 + 2 ** -46), 1), S, TOL).above).toBe(1);
    expect(clipping(Float64Array.of(S * (1 + 2 ** -50), 1), S, 2 ** -50).above).toBe(1);
  });
});

/**
 * A symmetric matrix with the structure the Schur bound describes: diagonal groups (each a
 * random symmetric block with largest eigenvalue alpha_g) coupling only to a complement block
 * C <= gamma, through random blocks of the given 2-norm. Returns its largest eigenvalue and the
 * groups as the bound sees them.
 */
function structured(seed: number, sizes: number[], complement: number) {
  const rand = normalSource(seed);
  const total = sizes.reduce((a, b) => a + b, 0) + complement;
  const M = new Float64Array(total * total);
  const set = (i: number, j: number, v: number) => {
    M[i * total + j] = v;
    M[j * total + i] = v;
  };
  const block = (offset: number, size: number, scale: number, shift: number) => {
    for (let i = 0; i < size; i++) for (let j = 0; j <= i; j++) set(offset + i, offset + j, scale * rand() + (i === j ? shift : 0));
    const sub = new Float64Array(size * size);
    for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) sub[i * size + j] = M[(offset + i) * total + offset + j]!;
    return symmetricEigenvalues(sub, size)[0]!;
  };
  const groupStart = sizes.reduce((a, b) => a + b, 0);
  const gamma = block(groupStart, complement, 0.3, 1);
  let offset = 0;
  const groups = sizes.map((size) => {
    const alpha = block(offset, size, 0.2, 2 + rand());
    const coupling = new Float64Array(size * complement);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < complement; j++) {
        const v = 0.3 * rand();
        coupling[i * complement + j] = v;
        set(offset + i, groupStart + j, v);
      }
    }
    // Squared 2-norm of the coupling block: largest eigenvalue of B B^T.
    const BBt = new Float64Array(size * size);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        let sum = 0;
        for (let l = 0; l < complement; l++) sum += coupling[i * complement + l]! * coupling[j * complement + l]!;
        BBt[i * size + j] = sum;
      }
    }
    offset += size;
    return { alpha, coupling: symmetricEigenvalues(BBt, size)[0]! };
  });
  return { largest: symmetricEigenvalues(M, total)[0]!, groups, gamma };
}

describe('schurBound', () => {
  it('bounds the largest eigenvalue of block-diagonal groups coupled to a complement, and is attained by one group', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 5 }), (seed, sizes, c) => {
        const { largest, groups, gamma } = structured(seed, sizes, c);
        const bound = schurBound(groups, gamma);
        expect(bound).toBeGreaterThanOrEqual(largest * (1 - 1e-12));
        // With one scalar group the bound is the 2 x 2 eigenvalue itself.
        const [g] = groups;
        const exact = (g!.alpha + gamma) / 2 + Math.sqrt(((g!.alpha - gamma) / 2) ** 2 + g!.coupling);
        expect(schurBound([g!], gamma)).toBeCloseTo(exact, 12);
      }),
      { numRuns: 100 },
    );
  });

  it('is the largest alpha or gamma without coupling and grows with it', () => {
    expect(schurBound([{ alpha: 2, coupling: 0 }], 1)).toBe(2);
    expect(schurBound([], 1.5)).toBe(1.5);
    const weak = schurBound([{ alpha: 2, coupling: 1e-6 }], 1);
    const strong = schurBound([{ alpha: 2, coupling: 1e-2 }], 1);
    expect(weak).toBeGreaterThan(2);
    expect(strong).toBeGreaterThan(weak);
  });
});

const evidence = (over: Partial<BlockEvidence>): BlockEvidence => ({
  theta: Float64Array.of(3.4, 3.3, 3.1, 2),
  above: 2,
  residual: Float64Array.of(1e-4, 1e-4, 1e-3),
  rest: 1e-2,
  clippedCoupling: 2e-8,
  clippedLean: 1e-6,
  ...over,
});

describe('the projected-norm certificate', () => {
  it('passes within the bound, fails beyond it, and its shortfall says by how much', () => {
    const lambda = (S * (1 + TOL)) ** 2;
    const e = evidence({});
    expect(projectedNormBound(e, S, 1)).toBeLessThanOrEqual(lambda);
    expect(normShortfall(e, S, 1, lambda)).toBeLessThan(1);
    const coupled = evidence({ clippedCoupling: 1e-4 });
    expect(projectedNormBound(coupled, S, 1)).toBeGreaterThan(lambda);
    const q = normShortfall(coupled, S, 1, lambda);
    expect(q).toBeGreaterThan(1);
    // Scaling every coupling by 1 / q^2 brings the bound to lambda.
    const scaled = evidence({
      clippedCoupling: 1e-4 / q ** 2,
      residual: Float64Array.of(1e-4 / q, 1e-4 / q, 1e-3 / q),
      rest: 1e-2 / q,
    });
    expect(projectedNormBound(scaled, S, 1)).toBeCloseTo(lambda, 10);
    // The complement reaching the bound fails whatever the block.
    expect(normShortfall(e, S, lambda, lambda)).toBe(Infinity);
  });

  it('estimates the distance as zero for exact Ritz triplets and lets it grow with the residuals and the complement', () => {
    const exact = evidence({ residual: Float64Array.of(0, 0, 0), rest: 0, clippedCoupling: 0, clippedLean: 0 });
    expect(distanceEstimate(exact, S, 1, 1)).toBe(0);
    const e = evidence({});
    const near = distanceEstimate(e, S, 1, 1);
    expect(near).toBeGreaterThan(0);
    expect(distanceEstimate(e, S, 2.5, 2.5)).toBeGreaterThan(near);
    expect(distanceEstimate(evidence({ clippedLean: 1e-5 }), S, 1, 1)).toBeGreaterThan(near);
    expect(distanceEstimate(e, S, 3.35, 3.35)).toBe(Infinity);
    // An unclipped value whose coupling could lift it above s^2 counts.
    const lifted = evidence({ theta: Float64Array.of(3.4, 3.3, S * S * (1 - 1e-7), 2), residual: Float64Array.of(1e-4, 1e-4, 1e-2) });
    expect(distanceEstimate(lifted, S, 1, 1)).toBeGreaterThan(1e-6);
  });
});

/**
 * The exact distance from the projection built from a block of Ritz vectors to the exact
 * projection, for `A = W^T W` given in the basis of the block (`k` Ritz values `theta` on the
 * diagonal) and its complement (eigenvalues `c`), coupled by residuals `R` (`R[i]`, the residual
 * of Ritz vector `i`, in the complement's eigenbasis): `W = A^{1/2}`, so the block's first `above`
 * columns are clipped by `W G`, and the exact projection comes from the Jacobi SVD. Returns that
 * distance and the evidence the certificate reads.
 */
function blockAgainstExact(theta: number[], above: number, c: number[], R: number[][]) {
  const k = theta.length;
  const n = k + c.length;
  const A = new Float64Array(n * n);
  theta.forEach((t, i) => (A[i * n + i] = t));
  c.forEach((v, q) => (A[(k + q) * n + k + q] = v));
  R.forEach((r, i) => r.forEach((v, q) => (A[i * n + k + q] = A[(k + q) * n + i] = v)));
  const { values, vectors } = symmetricEigen(A, n);
  const W = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let l = 0; l < n; l++) sum += vectors[l * n + i]! * Math.sqrt(Math.max(values[l]!, 0)) * vectors[l * n + j]!;
      W[i * n + j] = sum;
    }
  }
  const P = Float64Array.from(W);
  for (let i = 0; i < above; i++) {
    const f = 1 - S / Math.sqrt(theta[i]!);
    for (let r = 0; r < n; r++) P[r * n + i]! -= f * W[r * n + i]!;
  }
  const exact = clipSingularValues(W, n, n, S);
  const distance = spectralNorm(
    P.map((x, i) => x - exact[i]!),
    n,
    n,
  );
  // ||[r_1 w_1, ..., r_above w_above]||_2 from the eigenvalues of its Gram matrix.
  const w = theta.slice(0, above).map((t) => (Math.sqrt(t) - S) / t);
  const G = new Float64Array(above * above);
  for (let i = 0; i < above; i++) for (let j = 0; j < above; j++) G[i * above + j] = R[i]!.reduce((sum, v, q) => sum + v * w[i]! * R[j]![q]! * w[j]!, 0);
  const e: BlockEvidence = {
    theta,
    above,
    residual: R.map((r) => Math.hypot(...r)),
    rest: 0,
    clippedCoupling: 0,
    clippedLean: Math.sqrt(Math.max(symmetricEigenvalues(G, above)[0]!, 0)),
  };
  return { distance, e, gamma: Math.max(...c) };
}

describe('the distance estimate against the exact distance', () => {
  it('covers clipped values mixing with nearby ones in the block, just below or above s', () => {
    // Values within 1e-6 .. 1e-3 of s^2 on both sides, a complement below, small residuals: the
    // estimate is second order, so it must be at least the exact distance (up to its rounding).
    const gap = fc.double({ min: -6, max: -3, noNaN: true }).map((x) => 10 ** x);
    fc.assert(
      fc.property(
        fc.array(gap, { minLength: 1, maxLength: 3 }),
        fc.array(gap, { minLength: 1, maxLength: 3 }),
        fc.array(fc.double({ min: 0, max: 2.5, noNaN: true }), { minLength: 1, maxLength: 4 }),
        fc.double({ min: -7, max: -4, noNaN: true }),
        fc.integer(),
        (up, down, c, scale, seed) => {
          const rand = normalSource(seed);
          const theta = [...up.map((d) => S * S * (1 + d)).sort((a, b) => b - a), ...down.map((d) => S * S * (1 - d)).sort((a, b) => b - a)];
          const R = theta.map(() => c.map(() => 10 ** scale * rand()));
          const { distance, e, gamma } = blockAgainstExact(theta, up.length, c, R);
          expect(distance).toBeLessThanOrEqual(distanceEstimate(e, S, gamma, gamma) + 1e-14);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts the mixing of a clipped value with an unclipped one that the clipped amounts do not cancel', () => {
    // sigma = s (1 + 1e-5) over s (1 - 1e-5), residuals 1e-5 and 5e-4 against a complement near 0:
    // the two mix by an angle of about 2e-5, which moves the projection by about 3.5e-10.
    const theta = [(S * (1 + 1e-5)) ** 2, (S * (1 - 1e-5)) ** 2];
    const { distance, e, gamma } = blockAgainstExact(theta, 1, [1e-3], [[1.7e-5], [4.8e-4]]);
    expect(distance).toBeGreaterThan(2e-10);
    expect(blockMixing(e, S, gamma)).toBeGreaterThanOrEqual(distance);
    expect(distanceEstimate(e, S, gamma, gamma)).toBeGreaterThanOrEqual(distance);
    expect(blockMixing({ ...e, residual: [0, 4.8e-4] }, S, gamma)).toBe(0);
  });
});

describe('the complement bound', () => {
  it('follows the Kuczynski-Wozniakowski probability bound', () => {
    const steps = 20;
    const dimension = 500;
    const eps = (Math.log((1.648 * Math.sqrt(dimension)) / 2 ** -30) / (2 * steps - 1)) ** 2;
    expect(lanczosUpperBound(1, steps, dimension, false)).toBeCloseTo(1 / (1 - eps), 12);
    expect(lanczosUpperBound(1, 2, dimension, false)).toBe(Infinity);
    expect(lanczosUpperBound(0.7, 2, dimension, true)).toBe(0.7);
    expect(lanczosUpperBound(0.7, 2, 0, false)).toBe(0);
    // The steps asked for reach the limit, and one fewer does not.
    const needed = lanczosStepsFor(1, 1.3, dimension);
    expect(lanczosUpperBound(1, needed, dimension, false)).toBeLessThanOrEqual(1.3);
    expect(lanczosUpperBound(1, needed - 1, dimension, false)).toBeGreaterThan(1.3);
    expect(lanczosStepsFor(1.3, 1.3, dimension)).toBe(Infinity);
  });

  it('finds the largest eigenvalue of a tridiagonal matrix from above', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer(), (j, seed) => {
        const rand = normalSource(seed);
        const alpha = Float64Array.from({ length: j }, () => 2 + rand());
        const beta = Float64Array.from({ length: j - 1 }, () => rand());
        const T = new Float64Array(j * j);
        for (let i = 0; i < j; i++) {
          T[i * j + i] = alpha[i]!;
          if (i + 1 < j) {
            T[i * j + i + 1] = beta[i]!;
            T[(i + 1) * j + i] = beta[i]!;
          }
        }
        const want = symmetricEigenvalues(T, j)[0]!;
        const got = largestTridiagonalEigenvalue(alpha, beta);
        expect(got).toBeGreaterThanOrEqual(want - 1e-14 * Math.abs(want));
        expect(got - want).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(want)));
      }),
    );
    expect(largestTridiagonalEigenvalue([], [])).toBe(0);
  });
});
