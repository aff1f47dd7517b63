import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { SpectralNormConstraint, hostSpectralSession, projectSpectralNorm, referenceLinAlg, type HostTensor, type SpectralConstraintState } from '@stablegrad/core';
import { gaussianMatrix, jacobiSvd, matrixWithSingularValues, normalSource, projectionError } from '@stablegrad/core/testing';
import { loadAddon } from '../addon/load.js';
import { misuseOutcomesInChildren, type ChildOutcome } from '../test-support/misuses-in-child.js';
import { NATIVE_MISUSE_CASES } from '../test-support/session-misuse-cases.js';
import { NativeTensor, type NativeDevice } from '../tensor/native-tensor.js';
import { nativeAvailability } from './availability.js';
import { nativeLinAlg } from './native-linalg.js';

const S = 1.8;

/** Projects `data` (m x n) on `device` at tolerance `tol` and checks the result against the Jacobi SVD. */
function checkOnNative(device: NativeDevice, m: number, n: number, data: Float64Array, tol: number, dtype: 'float32' | 'float64'): void {
  const host: HostTensor = { shape: [m, n], data: dtype === 'float32' ? Float32Array.from(data) : data };
  const W = NativeTensor.fromHost(device, host, dtype);
  const r = projectSpectralNorm(nativeLinAlg, W, S, { tol });
  expect(r.converged).toBe(true);
  const out = r.W.toHost().data;
  const { norm, distance, rounding } = projectionError(host.data, out, m, n, S);
  expect(norm).toBeLessThanOrEqual(S * (1 + tol) + rounding);
  expect(distance).toBeLessThanOrEqual(tol * S + rounding);
  if (r.W !== W) r.W.dispose();
  W.dispose();
}

const shape = fc.record({ m: fc.integer({ min: 1, max: 14 }), n: fc.integer({ min: 1, max: 14 }), seed: fc.integer() });
const singularValue = fc.oneof(
  fc.double({ min: 0, max: 4, noNaN: true }),
  fc.constantFrom(0, S, S * (1 + 1e-5), S * (1 - 1e-5), 10),
  fc.double({ min: S * 0.995, max: S * 1.005, noNaN: true }),
);

const cuda = nativeAvailability('cuda');
const DEVICES: { device: NativeDevice; skipped?: string }[] = [
  { device: 'cpu' },
  { device: 'cuda', ...(cuda.available ? {} : { skipped: cuda.reason }) },
];

// Without a CUDA device the native-cuda tests are reported as skipped, with the reason.
for (const { device, skipped } of DEVICES) {
  describe.skipIf(skipped !== undefined)(`the spectral session on native-${device}, against the Jacobi SVD${skipped === undefined ? '' : ` (skipped: ${skipped})`}`, () => {
    it.each([1e-6, 1e-10])('projects random matrices of every shape exactly to tol = %s', (tol) => {
      fc.assert(
        fc.property(shape, fc.double({ min: 0.2, max: 6, noNaN: true }), fc.boolean(), ({ m, n, seed }, scale, single) => {
          checkOnNative(device, m, n, gaussianMatrix(m, n, scale / Math.sqrt(Math.max(m, n)), normalSource(seed)), tol, single ? 'float32' : 'float64');
        }),
        { numRuns: 80 },
      );
    });

    it('projects clustered, rank-deficient, rectangular and feasible spectra exactly', () => {
      fc.assert(
        fc.property(
          shape.chain(({ m, n, seed }) =>
            fc.record({ m: fc.constant(m), n: fc.constant(n), seed: fc.constant(seed), sigma: fc.array(singularValue, { maxLength: Math.min(m, n) }) }),
          ),
          ({ m, n, seed, sigma }) => checkOnNative(device, m, n, matrixWithSingularValues(m, n, sigma, normalSource(seed)), 1e-6, 'float64'),
        ),
        { numRuns: 150 },
      );
    });

    it('projects the matrices that defeated one Cholesky QR pass, filters edged at a block of every row and the distance estimate', () => {
      // A filtered 2 x 9 block whose single Cholesky QR pass left it 1e-9 from orthonormal.
      checkOnNative(device, 2, 9, gaussianMatrix(2, 9, 2.491136291079235 / 3, normalSource(2074175018)), 1e-10, 'float64');
      // sigma = 10 and S (1 + 1e-5) in float32: the first fast filter loses the second direction,
      // and only power steps recover it from a 2-column block of a 2 x 4 matrix.
      checkOnNative(device, 2, 4, matrixWithSingularValues(2, 4, [S * (1 + 1e-5), 10], normalSource(907440473)), 1e-6, 'float32');
      // sigma = S (1 + 1e-5) over S (1 - 1e-5) at tol = 1e-10: the certificate must count how
      // their Ritz vectors mix through the complement.
      checkOnNative(device, 3, 4, matrixWithSingularValues(3, 4, [1.518667221069336, S * (1 - 1e-5), S * (1 + 1e-5)], normalSource(92454338)), 1e-10, 'float64');
    });

    it('handles matrices large enough to form the Gram operator and to filter in float32', () => {
      const rand = normalSource(5);
      const sigma = [...Array.from({ length: 30 }, () => S * (1 + 3e-3 * rand())), ...Array.from({ length: 60 }, (_, i) => 1.7 * 0.97 ** i)];
      checkOnNative(device, 120, 100, matrixWithSingularValues(120, 100, sigma, rand), 1e-6, 'float32');
      checkOnNative(device, 90, 130, gaussianMatrix(90, 130, 2.5 / Math.sqrt(130), rand), 1e-6, 'float64');
      checkOnNative(device, 64, 64, new Float64Array(64 * 64), 1e-6, 'float32');
    });

    it('keeps the bound through a long simulated training run, warm-started, without leaking tensors', () => {
      const n = 48;
      const rand = normalSource(41);
      const constraint = new SpectralNormConstraint();
      const before = loadAddon().liveTensors().count;
      let data = Float32Array.from(gaussianMatrix(n, n, 2.2 / Math.sqrt(n), rand));
      const direction = gaussianMatrix(n, n, 1 / Math.sqrt(n), rand);
      let state: SpectralConstraintState | undefined;
      let crossings = 0;
      for (let t = 0; t < 40; t++) {
        const W = NativeTensor.fromHost(device, { shape: [n, n], data }, 'float32');
        const r = constraint.apply(nativeLinAlg, W, state);
        expect(r.converged).toBe(true);
        const out = r.W.toHost().data as Float32Array;
        const { norm, distance, rounding } = projectionError(data, out, n, n, S);
        expect(norm).toBeLessThanOrEqual(S * (1 + constraint.tol) + rounding);
        expect(distance).toBeLessThanOrEqual(constraint.tol * S + rounding);
        if (jacobiSvd(data, n, n).sigma[0]! > S) crossings++;
        state = r.state;
        if (r.W !== W) r.W.dispose();
        W.dispose();
        const phase = Math.sin((Math.PI * t) / 10);
        data = Float32Array.from(out, (x, i) => x + 0.03 * phase * direction[i]! + (0.005 / Math.sqrt(n)) * rand());
      }
      expect(crossings).toBeGreaterThan(10);
      expect(crossings).toBeLessThan(40);
      expect(loadAddon().liveTensors().count).toBe(before);
    });
  });
}

describe('nativeSpectralSession', () => {
  const m = 30;
  const n = 24;
  const data = gaussianMatrix(m, n, 0.9, normalSource(3));
  const block = (k: number) => gaussianMatrix(n, k, 1, normalSource(k + 7));

  it("finds the same Ritz values and residuals as core's host session", () => {
    const W = NativeTensor.fromHost('cpu', { shape: [m, n], data }, 'float64');
    const native = nativeLinAlg.spectralSession(W, 1);
    const host = hostSpectralSession(referenceLinAlg, { shape: [m, n], data }, 1);
    for (const s of [native, host]) s.setBlock(block(6), 6);
    const a = native.rayleighRitz();
    const b = host.rayleighRitz();
    a.forEach((x, i) => expect(x).toBeCloseTo(b[i]!, 12));
    const ra = native.ritzResiduals(6).residual;
    const rb = host.ritzResiduals(6).residual;
    ra.forEach((x, i) => expect(x).toBeCloseTo(rb[i]!, 10));
    const w = Float64Array.of(1, 0.5, 2);
    expect(native.residualNormSquared(1, 4, w)).toBeCloseTo(host.residualNormSquared(1, 4, w), 10);
    // Filters in float32 agree to float32 accuracy; exact ones to float64's.
    native.filter({ degree: 3, edge: a[5]!, top: a[0]! }, 'exact');
    host.filter({ degree: 3, edge: b[5]!, top: b[0]! }, 'exact');
    const fa = native.rayleighRitz();
    const fb = host.rayleighRitz();
    fa.forEach((x, i) => expect(x).toBeCloseTo(fb[i]!, 10));
    const start = Float64Array.from({ length: n }, normalSource(9));
    const la = native.complementLanczos(start, 8);
    const lb = host.complementLanczos(start, 8);
    expect(la.alpha.length).toBe(lb.alpha.length);
    la.alpha.forEach((x, i) => expect(x).toBeCloseTo(lb.alpha[i]!, 4));
    const pa = native.project(2, 1);
    const pb = host.project(2, 1);
    Array.from(pa.toHost().data).forEach((x, i) => expect(x).toBeCloseTo(pb.data[i]!, 10));
    expect(native.fastRoundoff).toBe(2 ** -24);
    pa.dispose();
    native.dispose();
    native.dispose();
    host.dispose();
    W.dispose();
  });

  it("solves Rayleigh-Ritz eigenproblems of several panels (k > 128) as core's host session does", () => {
    // The addon reduces eigenproblems above 128 rows to tridiagonal form by panels of reflectors.
    const size = 300;
    const k = 290;
    const big = gaussianMatrix(size, size, 1.5 / Math.sqrt(size), normalSource(17));
    const W = NativeTensor.fromHost('cpu', { shape: [size, size], data: big }, 'float64');
    const native = nativeLinAlg.spectralSession(W, 1);
    const host = hostSpectralSession(referenceLinAlg, { shape: [size, size], data: big }, 1);
    const start = gaussianMatrix(size, k, 1, normalSource(18));
    for (const s of [native, host]) s.setBlock(start, k);
    const a = native.rayleighRitz();
    const b = host.rayleighRitz();
    a.forEach((x, i) => expect(Math.abs(x - b[i]!)).toBeLessThanOrEqual(1e-12 * b[0]!));
    const ra = native.ritzResiduals(k).residual;
    const rb = host.ritzResiduals(k).residual;
    ra.forEach((x, i) => expect(Math.abs(x - rb[i]!)).toBeLessThanOrEqual(1e-10 * b[0]!));
    // The Ritz vectors are orthonormal.
    const V = native.basis(k);
    let worst = 0;
    for (let i = 0; i < k; i++) {
      for (let j = 0; j <= i; j++) {
        let dot = 0;
        for (let r = 0; r < size; r++) dot += V[i * size + r]! * V[j * size + r]!;
        worst = Math.max(worst, Math.abs(dot - (i === j ? 1 : 0)));
      }
    }
    expect(worst).toBeLessThan(1e-12);
    native.dispose();
    host.dispose();
    W.dispose();
  });

  it('names what is wrong and refuses a disposed session or tensor', () => {
    const W = NativeTensor.fromHost('cpu', { shape: [m, n], data }, 'float64');
    const s = nativeLinAlg.spectralSession(W, 1);
    expect(() => s.setBlock(new Float64Array(5), 1)).toThrow('X: expected 24 values (a 24 x 1 block), got 5');
    expect(() => s.setBlock(new Float64Array(n * 30), 30)).toThrow('k: expected an integer in [0, 24], got 30');
    s.setBlock(block(2), 2);
    s.rayleighRitz();
    expect(() => s.residualNormSquared(0, 2, new Float64Array(1))).toThrow('weights: expected 2 values, got 1');
    expect(() => s.basis(3)).toThrow('count: expected an integer in [0, 2], got 3');
    s.dispose();
    expect(s.k).toBe(0);
    expect(() => s.rayleighRitz()).toThrow('rayleighRitz: the spectral session has been disposed');
    const V = NativeTensor.zeros('cpu', [6], 'float32');
    expect(() => nativeLinAlg.spectralSession(V, 1)).toThrow('W: expected a matrix (2-D tensor), got shape [6]');
    expect(() => nativeLinAlg.spectralSession({ shape: [2, 2] } as never, 1)).toThrow(new TypeError('W: expected a NativeTensor'));
    expect(() => nativeLinAlg.spectralSession(W, 0.5)).toThrow('seed: expected an integer, got 0.5');
    expect(() => nativeLinAlg.spectralSession(W, 'seed' as never)).toThrow('seed: expected a number, got string');
    V.dispose();
    W.dispose();
    expect(() => nativeLinAlg.spectralSession(W, 1)).toThrow('W: the tensor has been disposed');
  });

  it('takes any integer seed: those beyond 2^63 modulo 2^64', () => {
    const W = NativeTensor.fromHost('cpu', { shape: [3, 3], data: new Float64Array(9) }, 'float64');
    // A zero matrix: the Rayleigh-Ritz step replaces the zero columns by seeded random ones.
    const basisOf = (seed: number): Float64Array => {
      const s = nativeLinAlg.spectralSession(W, seed);
      s.setBlock(new Float64Array(6), 2);
      s.rayleighRitz();
      const basis = s.basis(2);
      s.dispose();
      return basis;
    };
    expect(basisOf(2 ** 64 + 2 ** 12)).toEqual(basisOf(2 ** 12));
    expect(basisOf(-(2 ** 64) - 2 ** 12)).toEqual(basisOf(-(2 ** 12)));
    expect(basisOf(2 ** 63)).toEqual(basisOf(-(2 ** 63)));
    expect(basisOf(1e300).every(Number.isFinite)).toBe(true);
    expect(basisOf(5)).not.toEqual(basisOf(6));
    W.dispose();
  });
});

for (const { device, skipped } of DEVICES) {
  describe.skipIf(skipped !== undefined)(
    `the session on native-${device} refuses every misuse, in a child process so that a crash fails the test${skipped === undefined ? '' : ` (skipped: ${skipped})`}`,
    () => {
      let outcomes: ChildOutcome[] = [];
      beforeAll(async () => {
        outcomes = await misuseOutcomesInChildren(device);
      }, 120_000);
      it.each(NATIVE_MISUSE_CASES.map(({ misuse }, index) => [misuse.name, index] as const))('%s', (_, index) => {
        const { misuse } = NATIVE_MISUSE_CASES[index]!;
        expect(outcomes[index]).toEqual({ error: misuse.error, message: misuse.message, unchanged: true, leaked: 0 });
      });
    },
  );
}
