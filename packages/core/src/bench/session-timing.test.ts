import { describe, expect, it } from 'vitest';
import { projectSpectralNorm } from '../constraints/project-spectral-norm.js';
import { referenceLinAlg } from '../linalg/reference-linalg.js';
import type { HostTensor } from '../tensor.js';
import { gaussianMatrix, normalSource } from '../testing/index.js';
import { timedLinAlg, type TimedMethod } from './session-timing.js';

describe('timedLinAlg', () => {
  it('times the session methods a projection calls and changes none of its results', () => {
    const W: HostTensor = { shape: [40, 30], data: gaussianMatrix(40, 30, 3 / Math.sqrt(40), normalSource(4)) };
    const spent = new Map<TimedMethod, number>();
    const timed = projectSpectralNorm(timedLinAlg(referenceLinAlg, spent), W, 1.8, { tol: 1e-8 });
    const plain = projectSpectralNorm(referenceLinAlg, W, 1.8, { tol: 1e-8 });
    expect(timed.W.data).toEqual(plain.W.data);
    expect(timed.iterations).toBe(plain.iterations);
    expect(timed.singularValues.length).toBeGreaterThan(0);
    // A projection that clips takes Rayleigh-Ritz steps, checks the complement and projects.
    for (const method of ['rayleighRitz', 'complementLanczos', 'project'] as const) expect(spent.has(method)).toBe(true);
    for (const ms of spent.values()) expect(ms).toBeGreaterThanOrEqual(0);
    expect([...spent.keys()].every((m) => ['filter', 'rayleighRitz', 'residualNormSquared', 'complementLanczos', 'project'].includes(m))).toBe(true);
  });

  it('leaves the other methods of the linear algebra and of the session as they are', () => {
    const spent = new Map<TimedMethod, number>();
    const la = timedLinAlg(referenceLinAlg, spent);
    const W: HostTensor = { shape: [3, 2], data: Float64Array.of(1, 2, 3, 4, 5, 6) };
    expect(la.shape(W)).toEqual([3, 2]);
    const session = la.spectralSession(W, 1);
    session.setBlock(Float64Array.of(1, 0, 0, 1), 2);
    expect(session.k).toBe(2);
    expect(session.n).toBe(2);
    session.rayleighRitz();
    expect(session.basis(1)).toHaveLength(2);
    session.dispose();
    expect([...spent.keys()]).toEqual(['rayleighRitz']);
  });
});
